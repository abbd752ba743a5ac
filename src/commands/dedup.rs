//! `scour dedup`: deduplication on its own. The flags become a pipeline with only a `[dedup]`
//! section, run by the same engine as `scour run`, so both produce the same outputs.

use std::path::Path;
use std::time::Instant;

use crate::cli::DedupArgs;
use crate::dedup::eval;
use crate::error::{Error, Result};
use crate::input::{ReadOptions, Table};
use crate::pipeline::config::PipelineFile;
use crate::pipeline::plan::{Inputs, KeySource, Plan};

/// The `[dedup]` table of a pipeline file, as TOML.
fn model_table(path: &Path) -> Result<toml::Table> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
    let mut root: toml::Table = crate::pipeline::config::parse_toml(path, &text)?;
    match root.remove("dedup") {
        Some(toml::Value::Table(t)) => Ok(t),
        _ => Err(Error::usage(format!(
            "--model {}: the file has no [dedup] section",
            path.display()
        ))),
    }
}

/// The pipeline the flags describe.
fn pipeline_text(args: &DedupArgs) -> Result<String> {
    let mut dedup = match &args.model {
        Some(p) => model_table(p)?,
        None => toml::Table::new(),
    };
    if let Some(c) = &args.id_column {
        dedup.insert("id_column".into(), c.clone().into());
    }
    if let Some(t) = args.threshold {
        if !(t > 0.0 && t <= 1.0) {
            return Err(Error::usage("--threshold: must be above 0 and at most 1"));
        }
        dedup.insert("threshold".into(), t.into());
    }
    if !args.ignore.is_empty() {
        let mut ignore = match dedup.remove("ignore") {
            Some(toml::Value::Array(a)) => a,
            _ => Vec::new(),
        };
        ignore.extend(args.ignore.iter().map(|c| toml::Value::from(c.clone())));
        dedup.insert("ignore".into(), toml::Value::Array(ignore));
    }
    if args.no_golden {
        dedup.insert("golden".into(), false.into());
    }
    let mut root = toml::Table::new();
    let mut meta = toml::Table::new();
    meta.insert("name".into(), "dedup".into());
    root.insert("pipeline".into(), meta.into());
    if let Some(d) = &args.delimiter {
        let mut input = toml::Table::new();
        input.insert("delimiter".into(), d.clone().into());
        root.insert("input".into(), input.into());
    }
    if let Some(r) = &args.default_region {
        let mut detect = toml::Table::new();
        detect.insert("default_region".into(), r.clone().into());
        root.insert("detect".into(), detect.into());
    }
    root.insert("dedup".into(), dedup.into());
    toml::to_string(&root).map_err(|e| Error::usage(format!("dedup: {e}")))
}

pub fn run(args: &DedupArgs) -> Result<i32> {
    let started = Instant::now();
    let text = pipeline_text(args)?;
    let file = PipelineFile::parse(Path::new("scour dedup"), text)?;
    let plan = Plan::compile(&file, Inputs::Paths(&args.inputs), &KeySource::default())?;
    let compile_seconds = started.elapsed().as_secs_f64();

    let summary = super::run::execute(
        &plan,
        &args.out,
        args.overwrite,
        args.threads,
        args.quiet,
        compile_seconds,
    )?;
    let Some(d) = &summary.dedup else {
        return Err(Error::usage("dedup: the run did not deduplicate"));
    };

    println!(
        "# The model scour dedup used{}; paste into a pipeline file to reuse or edit it.",
        if d.fields_inferred || d.blocking_inferred {
            " (chosen from the data)"
        } else {
            ""
        }
    );
    print!("{}", d.model);
    if !args.quiet {
        let a = &summary.accounting;
        eprintln!(
            "scour dedup: {} rows in = {} written ({} golden records) + {} merged + {} quarantined; {} candidate pairs, {} links, {} clusters of 2+ rows (largest {}); {:.1} s; outputs in {}",
            a.rows_in,
            a.rows_out,
            d.golden_records,
            a.rows_merged,
            a.rows_quarantined,
            d.candidate_pairs,
            d.links,
            d.clusters,
            d.largest_cluster,
            summary.timings.total_seconds,
            args.out.display()
        );
        if !d.large_clusters.is_empty() {
            eprintln!(
                "scour dedup: {} cluster(s) above max_cluster_size {}",
                d.large_clusters.len(),
                if d.large_clusters_split {
                    "were split at their weakest links"
                } else {
                    "were kept whole (split_large_clusters = false)"
                }
            );
        }
    }
    if let Some(truth_path) = &args.truth {
        let rows = summary.accounting.rows_in as usize;
        let truth = eval::read_truth(truth_path, rows)?;
        let predicted = read_cluster_ids(&args.out.join("clusters.parquet"), rows)?;
        let s = eval::evaluate(&predicted, &truth);
        println!(
            "# accuracy against {}: {} true pairs, {} predicted; {} true clusters of 2+ rows, {} predicted",
            truth_path.display(),
            s.true_pairs,
            s.predicted_pairs,
            s.true_clusters,
            s.predicted_clusters
        );
        println!(
            "pairwise: precision {:.5} recall {:.5} f1 {:.5}",
            s.pairwise.precision, s.pairwise.recall, s.pairwise.f1
        );
        println!(
            "clusters: precision {:.5} recall {:.5} f1 {:.5}",
            s.clusters.precision, s.clusters.recall, s.clusters.f1
        );
    }
    Ok(0)
}

/// The `cluster_id` column of a `clusters.parquet`, by row.
fn read_cluster_ids(path: &Path, rows: usize) -> Result<Vec<u64>> {
    let options = ReadOptions::default();
    let table = Table::open(&[path.display().to_string()], &options)?;
    let c = table
        .columns
        .iter()
        .position(|c| c.name == "cluster_id")
        .ok_or_else(|| Error::bad_input(path, "no cluster_id column"))?;
    let mut ids = Vec::with_capacity(rows);
    for batch in table.batches(&options) {
        let batch = batch?;
        let col = batch.columns[c]
            .as_ref()
            .ok_or_else(|| Error::bad_input(path, "cluster_id is not readable"))?;
        for i in 0..batch.num_rows {
            ids.push(
                col.value(i)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(u64::MAX),
            );
        }
    }
    Ok(ids)
}
