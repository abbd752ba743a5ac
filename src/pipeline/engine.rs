//! The run: batches in, stages applied in parallel slices, outputs written in input order.
//!
//! A reader thread decodes batches (two in flight). Each batch is cut into slices that rayon
//! runs through the row-local stages in parallel; an ordered pass then decides the checks
//! that need every row (`unique`), and the slices are assembled into cleansed, quarantine and
//! discrepancy batches that a writer thread streams to disk while the next batch is processed.
//! Memory is bounded by the batch size plus one 128-bit key per row for each `unique` rule.
//!
//! Every output is written under a temporary name; only when all of them are complete and the
//! row accounting balances are they renamed into place, the manifest last.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::Instant;

use arrow::array::{Array, ArrayRef, BooleanArray, StringArray, UInt64Array};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;
use rayon::prelude::*;

use super::plan::{Action, Check, Plan, Severity};
use super::stage::{self, record_failure, to_text, Counts, Failure, Work};
use super::summary::*;
use crate::entity::Entity;
use crate::error::{Error, ErrorKind, Result};
use crate::input::Batch;
use crate::output::discrepancies::{Discrepancy, DiscrepancyWriter};
use crate::output::table::{DataFormat, ParquetOut, Pending};
use crate::output::AtomicFile;

/// How a run is carried out (not what it does: that is the plan).
pub struct RunOptions<'a> {
    pub out: PathBuf,
    pub overwrite: bool,
    /// Rows per parallel slice.
    pub slice_rows: usize,
    /// Called with the number of rows done.
    pub progress: &'a (dyn Fn(u64) + Sync),
}

/// The names a run writes in its output directory.
const OUTPUT_NAMES: &[&str] = &[
    "cleansed.parquet",
    "cleansed",
    "quarantine.parquet",
    "discrepancies.parquet",
    "discrepancies.csv",
    "report.html",
    "manifest.json",
];

/// Column names the quarantine file adds to the input's.
pub const QUARANTINE_ROW: &str = "_scour_row";
pub const QUARANTINE_REASONS: &str = "_scour_reasons";

/// What the writer thread receives per slice.
struct Written {
    cleansed: RecordBatch,
    quarantine: Option<RecordBatch>,
    discrepancies: Vec<Discrepancy>,
}

struct Writers {
    cleansed: ParquetOut,
    quarantine: ParquetOut,
    discrepancies: DiscrepancyWriter,
}

/// Runs `plan`, writing every output under `options.out`.
pub fn run(plan: &Plan, options: &RunOptions, compile_seconds: f64) -> Result<RunSummary> {
    let started = Instant::now();
    let as_of = crate::commands::now_rfc3339();
    prepare_out_dir(&options.out, options.overwrite)?;

    let input_schema = plan.table.arrow_schema()?;
    let cleansed_schema = cleansed_schema(plan, &input_schema);
    let quarantine_schema = quarantine_schema(&input_schema);
    let format = DataFormat {
        compression: plan.outputs.compression,
        encryption: plan.outputs.encryption.clone(),
    };
    let writers = Writers {
        cleansed: ParquetOut::create(
            &options.out.join("cleansed.parquet"),
            cleansed_schema.clone(),
            &format,
            plan.outputs.rows_per_file,
        )?,
        quarantine: ParquetOut::create(
            &options.out.join("quarantine.parquet"),
            quarantine_schema.clone(),
            &format,
            None,
        )?,
        discrepancies: DiscrepancyWriter::create(&options.out, &format)?,
    };

    let stages = stage::stages();
    let mut counts = Counts::new(plan);
    let mut seen: Vec<HashSet<u128>> = vec![HashSet::new(); plan.rules.len()];
    let mut rows_in = 0u64;
    let mut rows_per_file = vec![0u64; plan.table.files.len()];
    let slice_rows = options.slice_rows.max(1);

    let (pending, rows_out, rows_quarantined, discrepancy_rows, process_seconds) =
        std::thread::scope(|scope| -> Result<(Pending, u64, u64, u64, f64)> {
            let (tx, rx) = sync_channel::<Result<Batch>>(2);
            let read = &plan.read;
            scope.spawn(move || {
                for batch in plan.table.batches(read) {
                    let stop = batch.is_err();
                    if tx.send(batch).is_err() || stop {
                        break;
                    }
                }
            });
            let (wtx, wrx) = sync_channel::<Vec<Written>>(2);
            let writer = scope.spawn(move || -> Result<(Pending, u64, u64, u64)> {
                let mut w = writers;
                for slices in wrx {
                    for s in slices {
                        w.cleansed.write(&s.cleansed)?;
                        if let Some(q) = &s.quarantine {
                            w.quarantine.write(q)?;
                        }
                        w.discrepancies.write(&s.discrepancies)?;
                    }
                }
                let (mut pending, out) = w.cleansed.finish()?;
                let (q, quarantined) = w.quarantine.finish()?;
                pending.extend(q);
                let (d, discrepancies) = w.discrepancies.finish()?;
                pending.extend(d);
                Ok((pending, out, quarantined, discrepancies))
            });

            let processing = Instant::now();
            let result = (|| -> Result<()> {
                for batch in rx {
                    let batch = batch?;
                    let path = &plan.table.files[batch.file_index].path;
                    let record = batch
                        .record
                        .ok_or_else(|| Error::bad_input(path, "batch read without its columns"))?;
                    let record = conform(record, &input_schema, path, batch.first_row)?;
                    rows_per_file[batch.file_index] += record.num_rows() as u64;
                    let first = batch.first_row;
                    let mut works: Vec<Work> = (0..record.num_rows())
                        .step_by(slice_rows)
                        .collect::<Vec<_>>()
                        .into_par_iter()
                        .map(|offset| {
                            let n = slice_rows.min(record.num_rows() - offset);
                            let mut work =
                                Work::new(plan, record.slice(offset, n), first + offset as u64);
                            for s in &stages {
                                s.run(plan, &mut work);
                            }
                            work
                        })
                        .collect();
                    for work in &mut works {
                        decide_unique(plan, work, &mut seen);
                        counts.merge(&work.counts);
                    }
                    rows_in += record.num_rows() as u64;
                    let written: Vec<Written> = works
                        .into_par_iter()
                        .map(|w| assemble(plan, w, &cleansed_schema, &quarantine_schema))
                        .collect::<Result<_>>()?;
                    if wtx.send(written).is_err() {
                        break;
                    }
                    (options.progress)(rows_in);
                }
                Ok(())
            })();
            drop(wtx);
            let seconds = processing.elapsed().as_secs_f64();
            let written = writer.join().map_err(|_| {
                Error::new(ErrorKind::Output, "the output writer stopped unexpectedly")
            })?;
            result?;
            let (pending, out, quarantined, discrepancies) = written?;
            Ok((pending, out, quarantined, discrepancies, seconds))
        })?;

    let write_started = Instant::now();
    let accounting = Accounting {
        rows_in,
        rows_out,
        rows_quarantined,
        balanced: rows_in == rows_out + rows_quarantined,
    };
    if !accounting.balanced {
        return Err(Error::new(
            ErrorKind::Output,
            format!(
                "row accounting does not balance: {rows_in} rows in, {rows_out} written, {rows_quarantined} quarantined; no output was committed"
            ),
        ));
    }

    let mut summary = RunSummary {
        scour_version: env!("CARGO_PKG_VERSION").to_string(),
        pipeline: PipelineInfo {
            name: plan.name.clone(),
            path: plan.path.display().to_string(),
            sha256: plan.sha256.clone(),
        },
        inputs: plan
            .table
            .files
            .iter()
            .zip(&rows_per_file)
            .map(|(f, rows)| {
                Ok(InputInfo {
                    path: f.path.display().to_string(),
                    sha256: crate::commands::sha256_file(&f.path)?,
                    bytes: f.size,
                    rows: *rows,
                })
            })
            .collect::<Result<_>>()?,
        as_of,
        key_fingerprint: plan.key_fingerprint.clone(),
        accounting,
        columns: column_summaries(plan, &counts),
        rules: rule_summaries(plan, &counts),
        outputs: Vec::new(),
        thresholds: Vec::new(),
        failed: false,
        timings: Timings::default(),
    };
    for (temp, path) in pending.temp_paths() {
        let meta = std::fs::metadata(&temp).map_err(|e| Error::io(&temp, &e))?;
        let name = path
            .strip_prefix(&options.out)
            .unwrap_or(&path)
            .display()
            .to_string();
        let rows = match name.as_str() {
            "cleansed.parquet" => rows_out,
            "quarantine.parquet" => rows_quarantined,
            "discrepancies.parquet" | "discrepancies.csv" => discrepancy_rows,
            _ => parquet_rows(&temp).unwrap_or(0),
        };
        summary.outputs.push(OutputInfo {
            rows,
            bytes: meta.len(),
            sha256: crate::commands::sha256_file(&temp)?,
            name,
        });
    }
    summary.thresholds = thresholds(plan, &summary, &counts);
    summary.failed = summary.thresholds.iter().any(|t| t.broken);
    summary.timings = Timings {
        compile_seconds,
        process_seconds,
        write_seconds: write_started.elapsed().as_secs_f64(),
        total_seconds: compile_seconds + started.elapsed().as_secs_f64(),
    };

    // Report and manifest, then every file renamed into place, the manifest last.
    let mut pending = pending;
    if plan.outputs.html_report {
        let path = options.out.join("report.html");
        let (file, handle) = AtomicFile::create(&path)?;
        write_all(
            handle,
            crate::report::html::render(&summary).as_bytes(),
            &path,
        )?;
        pending.add(file, path);
    }
    let manifest_path = options.out.join("manifest.json");
    let (manifest, handle) = AtomicFile::create(&manifest_path)?;
    let mut json =
        serde_json::to_vec_pretty(&summary).map_err(|e| Error::output(&manifest_path, e))?;
    json.push(b'\n');
    write_all(handle, &json, &manifest_path)?;
    pending.add(manifest, manifest_path);

    let produced = pending.paths();
    remove_stale(&options.out, &produced)?;
    pending.commit()?;
    Ok(summary)
}

fn write_all(mut file: std::fs::File, bytes: &[u8], path: &Path) -> Result<()> {
    use std::io::Write;
    file.write_all(bytes).map_err(|e| Error::output(path, e))?;
    file.sync_all().map_err(|e| Error::output(path, e))
}

fn parquet_rows(path: &Path) -> Option<u64> {
    let file = std::fs::File::open(path).ok()?;
    let reader = parquet::file::serialized_reader::SerializedFileReader::new(file).ok()?;
    use parquet::file::reader::FileReader;
    Some(reader.metadata().file_metadata().num_rows().max(0) as u64)
}

/// An existing, non-empty output directory is used only with `--overwrite`.
fn prepare_out_dir(out: &Path, overwrite: bool) -> Result<()> {
    if out.exists() {
        if !out.is_dir() {
            return Err(Error::usage(format!(
                "--out {}: exists and is not a directory",
                out.display()
            )));
        }
        let mut entries = std::fs::read_dir(out).map_err(|e| Error::io(out, &e))?;
        if entries.next().is_some() && !overwrite {
            return Err(Error::usage(format!(
                "--out {}: the directory exists and is not empty; pass --overwrite to replace a previous run's outputs",
                out.display()
            )));
        }
    }
    std::fs::create_dir_all(out).map_err(|e| Error::output(out, e))
}

/// With `--overwrite`, outputs of a previous run that this run does not produce are removed,
/// so the directory never mixes two runs.
fn remove_stale(out: &Path, produced: &[PathBuf]) -> Result<()> {
    for name in OUTPUT_NAMES {
        let path = out.join(name);
        if produced.iter().any(|p| p.starts_with(&path)) || !path.exists() {
            continue;
        }
        let result = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        result.map_err(|e| Error::output(&path, e))?;
    }
    Ok(())
}

fn cleansed_schema(plan: &Plan, input: &Schema) -> SchemaRef {
    let fields: Vec<Field> = plan
        .output_columns()
        .map(|(i, c)| {
            if c.rewritten {
                Field::new(&c.name, DataType::Utf8, true)
            } else {
                input.field(i).clone()
            }
        })
        .collect();
    Arc::new(Schema::new(fields))
}

fn quarantine_schema(input: &Schema) -> SchemaRef {
    let mut fields: Vec<Field> = input.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new(QUARANTINE_ROW, DataType::UInt64, false));
    fields.push(Field::new(QUARANTINE_REASONS, DataType::Utf8, false));
    Arc::new(Schema::new(fields))
}

/// Casts a batch from a later file to the first file's column types.
fn conform(
    record: RecordBatch,
    schema: &SchemaRef,
    path: &Path,
    first_row: u64,
) -> Result<RecordBatch> {
    let same = record
        .schema()
        .fields()
        .iter()
        .zip(schema.fields())
        .all(|(a, b)| a.data_type() == b.data_type());
    if same && record.num_columns() == schema.fields().len() {
        return RecordBatch::try_new(schema.clone(), record.columns().to_vec())
            .map_err(|e| Error::bad_input(path, e.to_string()).with_row(first_row + 1));
    }
    let mut columns = Vec::with_capacity(schema.fields().len());
    for (i, field) in schema.fields().iter().enumerate() {
        let array = record.column(i);
        let cast = arrow::compute::cast(array, field.data_type()).map_err(|e| {
            Error::bad_input(
                path,
                format!(
                    "type {} cannot be read as {} (the first file's type): {e}",
                    array.data_type(),
                    field.data_type()
                ),
            )
            .with_column(field.name())
        })?;
        columns.push(cast);
    }
    RecordBatch::try_new(schema.clone(), columns)
        .map_err(|e| Error::bad_input(path, e.to_string()).with_row(first_row + 1))
}

/// `unique` rules: a value already seen (in an earlier row, in input order) fails.
fn decide_unique(plan: &Plan, work: &mut Work, seen: &mut [HashSet<u128>]) {
    let keys = std::mem::take(&mut work.unique_keys);
    for (r, keys) in keys {
        let rule = &plan.rules[r];
        debug_assert!(matches!(rule.check, Check::Unique));
        let Some(c) = rule.column else { continue };
        let original = to_text(work.original.column(c));
        let mut nulls = Vec::new();
        for (row, key) in keys.iter().enumerate() {
            let Some(key) = key else { continue };
            if seen[r].insert(*key) {
                continue;
            }
            let before = original
                .as_ref()
                .and_then(|a| a.is_valid(row).then(|| a.value(row).to_string()));
            let action = match rule.action {
                Action::Quarantine => "quarantine",
                Action::Null => {
                    nulls.push((row, None));
                    "null"
                }
                _ => "reported",
            };
            let after = if rule.action == Action::Null {
                Some(None)
            } else {
                None
            };
            record_failure(
                plan,
                work,
                r,
                row,
                Failure {
                    action,
                    reason: Some("duplicate of an earlier row"),
                    before: before.as_deref(),
                    after,
                },
            );
        }
        if !nulls.is_empty() {
            if let Some(a) = &work.text[c] {
                work.text[c] = Some(stage::replace_rows(a, &nulls));
            }
        }
    }
}

/// Splits a slice into its cleansed rows, its quarantined rows and its discrepancies.
fn assemble(
    plan: &Plan,
    work: Work,
    cleansed_schema: &SchemaRef,
    quarantine_schema: &SchemaRef,
) -> Result<Written> {
    let err = |e: arrow::error::ArrowError| Error::new(ErrorKind::Output, e.to_string());
    let current = work.current_columns();
    let any_quarantined = work.quarantined.iter().any(|&q| q);
    let keep = BooleanArray::from(work.quarantined.iter().map(|&q| !q).collect::<Vec<_>>());
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(cleansed_schema.fields().len());
    for (i, c) in plan.output_columns() {
        let array = if c.rewritten {
            match current[i].data_type() {
                DataType::Utf8 => current[i].clone(),
                _ => arrow::compute::cast(&current[i], &DataType::Utf8).map_err(err)?,
            }
        } else {
            work.original.column(i).clone()
        };
        columns.push(if any_quarantined {
            arrow::compute::filter(&array, &keep).map_err(err)?
        } else {
            array
        });
    }
    let cleansed = RecordBatch::try_new(cleansed_schema.clone(), columns).map_err(err)?;

    let quarantine = if any_quarantined {
        let mask = BooleanArray::from(work.quarantined.clone());
        let mut columns: Vec<ArrayRef> = work
            .original
            .columns()
            .iter()
            .map(|a| arrow::compute::filter(a, &mask))
            .collect::<std::result::Result<_, _>>()
            .map_err(err)?;
        let rows: Vec<usize> = (0..work.rows).filter(|&r| work.quarantined[r]).collect();
        columns.push(Arc::new(UInt64Array::from_iter_values(
            rows.iter().map(|&r| work.first_row + r as u64),
        )));
        columns.push(Arc::new(StringArray::from_iter_values(rows.iter().map(
            |&r| {
                work.reasons[r]
                    .iter()
                    .map(|&k| plan.rules[k as usize].name.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        ))));
        Some(RecordBatch::try_new(quarantine_schema.clone(), columns).map_err(err)?)
    } else {
        None
    };

    let mut discrepancies = work.discrepancies;
    discrepancies.sort_by_key(|(order, d)| (d.row, *order));
    Ok(Written {
        cleansed,
        quarantine,
        discrepancies: discrepancies.into_iter().map(|(_, d)| d).collect(),
    })
}

fn named(
    counts: &[u64],
    names: impl Iterator<Item = &'static str>,
) -> std::collections::BTreeMap<String, u64> {
    names
        .zip(counts)
        .filter(|(_, &n)| n > 0)
        .map(|(name, &n)| (name.to_string(), n))
        .fold(Default::default(), |mut m, (k, v)| {
            *m.entry(k).or_insert(0) += v;
            m
        })
}

fn by_entity(counts: &[u64]) -> std::collections::BTreeMap<String, u64> {
    Entity::all()
        .iter()
        .filter(|e| counts[e.index()] > 0)
        .map(|e| (e.name().to_string(), counts[e.index()]))
        .collect()
}

fn column_summaries(plan: &Plan, counts: &Counts) -> Vec<ColumnSummary> {
    plan.columns
        .iter()
        .zip(&counts.columns)
        .map(|(c, n)| ColumnSummary {
            name: c.name.clone(),
            entity: c.entity.map(|e| e.name().to_string()),
            values: n.values,
            normalized: named(&n.normalized, c.normalizers.iter().map(|x| x.name())),
            not_normalizable: named(&n.not_normalizable, c.normalizers.iter().map(|x| x.name())),
            transform: if c.drop {
                Some("drop".to_string())
            } else {
                c.transform.as_ref().map(|t| t.name.to_string())
            },
            transformed: n.transformed,
            transform_failed: n.transform_failed,
            findings_replaced: by_entity(&n.replaced),
            findings_left: by_entity(&n.left),
            encrypted: c.encrypted,
            dropped: c.drop,
            failures: [Severity::Info, Severity::Warning, Severity::Error]
                .iter()
                .filter(|s| n.failures[**s as usize] > 0)
                .map(|s| (s.name().to_string(), n.failures[*s as usize]))
                .collect(),
        })
        .collect()
}

fn rule_summaries(plan: &Plan, counts: &Counts) -> Vec<RuleSummary> {
    plan.rules
        .iter()
        .zip(&counts.rules)
        .map(|(r, n)| RuleSummary {
            name: r.name.clone(),
            check: r.check.kind().to_string(),
            column: r.column.map(|c| plan.columns[c].name.clone()),
            severity: r.severity.name().to_string(),
            action: r.action.name().to_string(),
            failures: n.failures,
            fixed: n.fixed,
            samples: n.samples.clone(),
        })
        .collect()
}

fn thresholds(plan: &Plan, summary: &RunSummary, counts: &Counts) -> Vec<ThresholdResult> {
    let mut out = Vec::new();
    let f = &plan.fail_if;
    if let Some(limit) = f.quarantine_share {
        let a = &summary.accounting;
        let share = if a.rows_in == 0 {
            0.0
        } else {
            a.rows_quarantined as f64 / a.rows_in as f64
        };
        out.push(ThresholdResult {
            name: "quarantine_share".into(),
            limit: format!("{:.4}", limit),
            actual: format!("{:.4}", share),
            broken: share > limit,
        });
    }
    if let Some(sev) = f.severity {
        let max = f.max_failures.unwrap_or(0);
        let failures: u64 = plan
            .rules
            .iter()
            .zip(&counts.rules)
            .filter(|(r, _)| r.severity >= sev)
            .map(|(_, n)| n.failures)
            .sum();
        out.push(ThresholdResult {
            name: format!("failures of severity {} or worse", sev.name()),
            limit: max.to_string(),
            actual: failures.to_string(),
            broken: failures > max,
        });
    }
    for (c, entities) in &f.entities_left {
        let left: u64 = entities
            .iter()
            .map(|e| counts.columns[*c].left[e.index()])
            .sum();
        let names: Vec<&str> = entities.iter().map(|e| e.name()).collect();
        out.push(ThresholdResult {
            name: format!("{} left in {}", names.join(", "), plan.columns[*c].name),
            limit: "0".into(),
            actual: left.to_string(),
            broken: left > 0,
        });
    }
    out
}
