//! `scour scan`: discovery over one table.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{now_rfc3339, parse_entities, sha256_file};
use crate::classify;
use crate::cli::ScanArgs;
use crate::detect::{phone, CellContext, Detector, DetectorConfig};
use crate::entity::Entity;
use crate::error::{Error, Result};
use crate::input::{ReadOptions, Table};
use crate::mask::mask;
use crate::output::findings::ParquetFindings;
use crate::output::write_atomic;
use crate::recognizers::Recognizers;
use crate::report::{table, Inventory, RunInfo, SettingsReport};
use crate::scan::{scan, FindingSink, NoFindings, ScanSettings};

/// Parses `--delimiter`.
pub fn parse_delimiter(value: &str) -> Result<u8> {
    match value {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        v if v.len() == 1 && v.is_ascii() => Ok(v.as_bytes()[0]),
        v => Err(Error::usage(format!(
            "--delimiter: expected one ASCII character or 'tab', got '{v}'"
        ))),
    }
}

pub fn run(args: &ScanArgs) -> Result<i32> {
    // Resolve and compile everything before reading data. Recognizers first: they add
    // entities that `--entities` and `--fail-on` may name.
    if !(0.0..=1.0).contains(&args.min_score) {
        return Err(Error::usage("--min-score: expected a number from 0 to 1"));
    }
    let recognizers = args
        .recognizers
        .as_deref()
        .map(|p| Recognizers::load(p, args.min_score))
        .transpose()?
        .map(std::sync::Arc::new);
    let entities = if args.entities.is_empty() {
        Entity::all().to_vec()
    } else {
        parse_entities(&args.entities, "--entities")?
    };
    let fail_on = parse_entities(&args.fail_on, "--fail-on")?;
    let default_region = match &args.default_region {
        Some(r) => Some(
            phone::region(r)
                .ok_or_else(|| Error::usage(format!("--default-region: unknown region '{r}'")))?,
        ),
        None => None,
    };
    let delimiter = args.delimiter.as_deref().map(parse_delimiter).transpose()?;
    if !(1..=1_000_000).contains(&args.batch_rows) {
        return Err(Error::usage("--batch-rows: must be from 1 to 1000000"));
    }
    let config = DetectorConfig {
        min_score: args.min_score,
        entities: entities.clone(),
        recognizers,
    };
    let detector = Detector::new(&config)?;
    let settings = ScanSettings {
        read: ReadOptions {
            delimiter,
            batch_rows: args.batch_rows,
            whole_rows: false,
        },
        default_region,
        ..ScanSettings::default()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::usage(format!("--threads: {e}")))?;

    let started_at = now_rfc3339();
    let table = Table::open(&args.paths, &settings.read)?;
    if let Some(spec) = &args.explain {
        return explain(&table, &detector, &settings, spec);
    }
    refuse_data_as_header(&table, &detector)?;
    let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    let mut sink: Box<dyn FindingSink> = match &args.findings {
        Some(path) => Box::new(ParquetFindings::create(path, names)?),
        None => Box::new(NoFindings),
    };

    let bar = progress_bar(args.quiet, table.known_rows());
    let on_progress = |rows: u64, bytes: u64| {
        bar.set_position(rows);
        let secs = bar.elapsed().as_secs_f64().max(1e-3);
        bar.set_message(format!(
            "{:.0}k rows/s, {:.1} MB/s",
            rows as f64 / secs / 1e3,
            bytes as f64 / 1e6 / secs
        ));
    };
    let (outcome, hashes) = std::thread::scope(|s| {
        let hasher = s.spawn(|| {
            table
                .files
                .iter()
                .map(|f| sha256_file(&f.path))
                .collect::<Result<Vec<_>>>()
        });
        let outcome =
            pool.install(|| scan(&table, &detector, &settings, sink.as_mut(), &on_progress));
        (outcome, hasher.join().expect("hash thread"))
    });
    bar.finish_and_clear();
    let outcome = outcome?;
    let hashes = hashes?;

    let info = RunInfo {
        started_at,
        finished_at: now_rfc3339(),
        sha256: hashes,
        settings: SettingsReport {
            min_score: args.min_score,
            default_region: args.default_region.as_ref().map(|r| r.to_ascii_uppercase()),
            country_column: outcome
                .country_column
                .map(|i| table.columns[i].name.clone()),
            entities: entities.iter().map(|e| e.name()).collect(),
        },
    };
    let inventory = Inventory::build(&table, &outcome, info);
    if let Some(path) = &args.report {
        let json = serde_json::to_vec_pretty(&inventory).map_err(|e| Error::output(path, e))?;
        write_atomic(path, &json)?;
    }
    print!("{}", table::render(&inventory));

    let found: Vec<&str> = fail_on
        .iter()
        .filter(|e| outcome.validated(**e) > 0)
        .map(|e| e.name())
        .collect();
    if !found.is_empty() {
        eprintln!("scour: --fail-on: found {}", found.join(", "));
        return Ok(1);
    }
    Ok(0)
}

/// `--explain ROW:COLUMN`: the findings in one cell and the reasons behind their scores, as
/// JSON on stdout. Values are masked; the cell itself is never printed.
fn explain(table: &Table, detector: &Detector, settings: &ScanSettings, spec: &str) -> Result<i32> {
    let bad = || {
        Error::usage(format!(
            "--explain: expected ROW:COLUMN (e.g. 12:notes), got '{spec}'"
        ))
    };
    let (row, column) = spec.split_once(':').ok_or_else(bad)?;
    let row: u64 = row.trim().parse().map_err(|_| bad())?;
    let col = table
        .columns
        .iter()
        .position(|c| c.name == column)
        .or_else(|| {
            column
                .parse::<usize>()
                .ok()
                .filter(|&i| i < table.columns.len())
        })
        .ok_or_else(|| Error::usage(format!("--explain: no column '{column}'")))?;
    let hint = classify::name_hint(&table.columns[col].name);
    let country = table
        .columns
        .iter()
        .position(|c| c.scanned && classify::is_country_column(&c.name));
    for batch in table.batches(&settings.read) {
        let batch = batch?;
        if row >= batch.first_row + batch.num_rows as u64 {
            continue;
        }
        let r = (row - batch.first_row) as usize;
        let text = batch.columns[col].as_ref().and_then(|c| c.value(r));
        let region = country
            .and_then(|c| batch.columns[c].as_ref())
            .and_then(|c| c.value(r))
            .and_then(phone::region)
            .or(settings.default_region);
        let ctx = CellContext { hint, region };
        let findings: Vec<serde_json::Value> = text
            .map(|t| detector.explain(t, &ctx))
            .unwrap_or_default()
            .iter()
            .map(|x| {
                let f = x.finding;
                let value = &text.unwrap_or("")[f.start as usize..f.end as usize];
                serde_json::json!({
                    "entity": f.entity.name(),
                    "start": f.start,
                    "end": f.end,
                    "value": mask(f.entity, value),
                    "score": (f.score * 1000.0).round() / 1000.0,
                    "validated": f.validated,
                    "reasons": x.reasons.iter().map(|(why, d)| serde_json::json!({
                        "why": why,
                        "score": (d * 1000.0).round() / 1000.0,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let out = serde_json::json!({
            "row": row,
            "column": table.columns[col].name,
            "column_hint": hint.map(|h| h.name()),
            "cell_bytes": text.map(str::len),
            "findings": findings,
        });
        println!("{}", serde_json::to_string_pretty(&out).expect("json"));
        return Ok(0);
    }
    Err(Error::usage(format!(
        "--explain: the table has no row {row}"
    )))
}

/// A CSV without a header row would turn its first record into column names, which would then
/// appear unmasked in every output. A header cell that is a validated value is refused (without
/// echoing it).
fn refuse_data_as_header(table: &Table, detector: &Detector) -> Result<()> {
    let mut found = Vec::new();
    for (i, column) in table.columns.iter().enumerate() {
        found.clear();
        detector.detect(&column.name, &Default::default(), &mut found);
        if let Some(f) = found
            .iter()
            // Names and places are too weak a sign on their own ("London office").
            .find(|f| {
                f.validated
                    && !matches!(
                        f.entity,
                        Entity::DateTime | Entity::Person | Entity::Location
                    )
            })
        {
            let first = table
                .files
                .first()
                .map(|f| f.path.clone())
                .unwrap_or_default();
            return Err(Error::bad_input(
                &first,
                format!(
                    "header field {} looks like data ({}): is the header row missing?",
                    i + 1,
                    f.entity.name()
                ),
            ));
        }
    }
    Ok(())
}

pub fn progress_bar(quiet: bool, total: Option<u64>) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = if total.is_some() {
        "{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} rows ({msg}) ETA {eta}"
    } else {
        "{spinner} [{elapsed_precise}] {human_pos} rows ({msg})"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}
