//! `scour run`, `scour check` and `scour detokenize`: pipeline files.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use arrow::array::{Array, ArrayRef, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema};
use arrow::record_batch::RecordBatch;

use crate::cli::{CheckArgs, DetokenizeArgs, RunArgs};
use crate::error::{Error, Result};
use crate::input::{ReadOptions, Table};
use crate::output::table::{DataFormat, ParquetOut};
use crate::pipeline::config::PipelineFile;
use crate::pipeline::deid::Transform;
use crate::pipeline::engine::{self, RunOptions};
use crate::pipeline::plan::{self, Inputs, KeySource, Plan};
use crate::pipeline::stage::to_text;

fn inputs(paths: &[String]) -> Inputs<'_> {
    if paths.is_empty() {
        Inputs::FromFile
    } else {
        Inputs::Paths(paths)
    }
}

pub fn run(args: &RunArgs) -> Result<i32> {
    let started = Instant::now();
    let file = PipelineFile::read(&args.pipeline)?;
    let keys = KeySource {
        file: args.key_file.clone(),
    };
    let plan = Plan::compile(&file, inputs(&args.input), &keys)?;
    let compile_seconds = started.elapsed().as_secs_f64();

    let summary = execute(
        &plan,
        &args.out,
        args.overwrite,
        args.threads,
        args.quiet,
        compile_seconds,
    )?;

    if !args.quiet {
        let a = &summary.accounting;
        let discrepancies = summary
            .outputs
            .iter()
            .find(|o| o.name == "discrepancies.parquet")
            .map_or(0, |o| o.rows);
        let merged = if summary.dedup.is_some() {
            format!(" + {} merged", a.rows_merged)
        } else {
            String::new()
        };
        eprintln!(
            "scour run {}: {} rows in = {} written + {} quarantined{merged}; {} discrepancies; {:.1} s; outputs in {}",
            summary.pipeline.name,
            a.rows_in,
            a.rows_out,
            a.rows_quarantined,
            discrepancies,
            summary.timings.total_seconds,
            args.out.display()
        );
        for t in summary.thresholds.iter().filter(|t| t.broken) {
            eprintln!(
                "scour run: threshold broken: {} (limit {}, actual {})",
                t.name, t.limit, t.actual
            );
        }
    }
    Ok(if summary.failed { 1 } else { 0 })
}

/// Runs a compiled plan on `threads` workers (all cores by default), with a progress bar
/// unless `quiet`.
pub(crate) fn execute(
    plan: &Plan,
    out: &Path,
    overwrite: bool,
    threads: Option<usize>,
    quiet: bool,
    compile_seconds: f64,
) -> Result<crate::pipeline::summary::RunSummary> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::usage(format!("--threads: {e}")))?;
    let bar = super::scan::progress_bar(quiet, plan.table.known_rows());
    let progress = |rows: u64| bar.set_position(rows);
    let options = RunOptions {
        out: out.to_path_buf(),
        overwrite,
        slice_rows: 1024,
        progress: &progress,
        on_phase: &|phase: &str| {
            bar.set_position(0);
            bar.set_message(phase.to_string());
        },
    };
    let summary = pool.install(|| engine::run(plan, &options, compile_seconds))?;
    bar.finish_and_clear();
    Ok(summary)
}

pub fn check(args: &CheckArgs) -> Result<i32> {
    let started = Instant::now();
    let file = PipelineFile::read(&args.pipeline)?;
    let keys = KeySource {
        file: args.key_file.clone(),
    };
    let plan = Plan::compile(&file, inputs(&args.input), &keys)?;
    let normalizers: usize = plan.columns.iter().map(|c| c.normalizers.len()).sum();
    let transforms = plan
        .columns
        .iter()
        .filter(|c| c.transform.is_some() || c.drop)
        .count();
    let span_transforms = plan.entity_transforms.iter().flatten().count();
    println!(
        "{}: ok ({:.0} ms): {} input file(s), {} columns, {} rules, {} normalizers, {} column transforms, {} entity transforms{}",
        args.pipeline.display(),
        started.elapsed().as_secs_f64() * 1000.0,
        plan.table.files.len(),
        plan.columns.len(),
        plan.rules.len(),
        normalizers,
        transforms,
        span_transforms,
        match &plan.key_fingerprint {
            Some(f) => format!(", key {f}"),
            None => String::new(),
        }
    );
    Ok(0)
}

pub fn detokenize(args: &DetokenizeArgs) -> Result<i32> {
    let file = PipelineFile::read(&args.pipeline)?;
    let keys = KeySource {
        file: args.key_file.clone(),
    };
    // The tokenized columns of the pipeline, each prepared with the key.
    let mut tokenized = Vec::new();
    for (name, spec) in &file.spec.columns {
        let Some(t) = &spec.get_ref().transform else {
            continue;
        };
        let transform = Transform::parse(t.get_ref())
            .map_err(|e| file.error_at(t.span().start, &format!("columns.{name}.transform"), e))?;
        if transform.name() != "tokenize" {
            continue;
        }
        if !args.columns.is_empty() && !args.columns.iter().any(|c| c == name) {
            continue;
        }
        tokenized.push((name.clone(), transform));
    }
    for c in &args.columns {
        if !tokenized.iter().any(|(n, _)| n == c) {
            return Err(Error::usage(format!(
                "--columns: '{c}' is not tokenized by {}",
                args.pipeline.display()
            )));
        }
    }
    if tokenized.is_empty() {
        return Err(Error::usage(format!(
            "{}: no column has transform = \"tokenize\"; nothing to reverse",
            args.pipeline.display()
        )));
    }
    let key = plan::load_key(&file, &keys)?;
    let mut prepared = Vec::new();
    for (name, t) in tokenized {
        prepared.push((name, t.prepare(Some(&key)).map_err(Error::usage)?));
    }

    let read = ReadOptions {
        whole_rows: true,
        ..ReadOptions::default()
    };
    let table_arg = [args.table.to_string_lossy().into_owned()];
    let table = Table::open(&table_arg, &read)?;
    let input_schema = table.arrow_schema()?;
    let mut targets: Vec<(usize, &crate::pipeline::deid::Prepared)> = Vec::new();
    for (name, p) in &prepared {
        let i = table
            .columns
            .iter()
            .position(|c| &c.name == name)
            .ok_or_else(|| {
                Error::bad_input(&args.table, "the tokenized column is not in this table")
                    .with_column(name)
            })?;
        targets.push((i, p));
    }
    let schema = Arc::new(Schema::new(
        input_schema
            .fields()
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if targets.iter().any(|(t, _)| *t == i) {
                    Field::new(f.name(), DataType::Utf8, true)
                } else {
                    f.as_ref().clone()
                }
            })
            .collect::<Vec<_>>(),
    ));
    let format = DataFormat {
        compression: plan::Compression::Zstd,
        encryption: None,
    };
    let mut out = ParquetOut::create(&args.out, schema.clone(), &format, None)?;
    for batch in table.batches(&read) {
        let batch = batch?;
        let path = &table.files[batch.file_index].path;
        let record = batch
            .record
            .ok_or_else(|| Error::bad_input(path, "batch read without its columns"))?;
        let mut columns: Vec<ArrayRef> = record.columns().to_vec();
        for (i, p) in &targets {
            let name = &table.columns[*i].name;
            let text = to_text(record.column(*i)).ok_or_else(|| {
                Error::bad_input(path, "column has no text form").with_column(name)
            })?;
            let mut b = StringBuilder::with_capacity(text.len(), text.value_data().len());
            for row in 0..text.len() {
                if text.is_null(row) {
                    b.append_null();
                    continue;
                }
                match p.detokenize(text.value(row)) {
                    Some(Ok(v)) => b.append_value(v),
                    Some(Err(reason)) => {
                        return Err(Error::bad_input(
                            path,
                            format!("cannot detokenize: {reason} (wrong key or not a token)"),
                        )
                        .with_row(batch.first_row + row as u64 + 1)
                        .with_column(name))
                    }
                    None => b.append_value(text.value(row)),
                }
            }
            columns[*i] = Arc::new(b.finish());
        }
        let record = RecordBatch::try_new(schema.clone(), columns)
            .map_err(|e| Error::output(&args.out, e))?;
        out.write(&record)?;
    }
    let (pending, rows) = out.finish()?;
    pending.commit()?;
    eprintln!(
        "scour detokenize: {} rows, {} column(s) restored to {}",
        rows,
        targets.len(),
        display(&args.out)
    );
    Ok(0)
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
