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
use crate::dedup::golden::{self, Held, Member};
use crate::dedup::Linkage;
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
    /// Called when a phase starts ("linking", "cleansing").
    pub on_phase: &'a (dyn Fn(&str) + Sync),
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
    "clusters.parquet",
    "pairs.parquet",
    "survivorship.parquet",
];

/// Columns the cleansed output gains when the run deduplicates.
pub const CLUSTER_ID: &str = "_scour_cluster_id";
pub const CLUSTER_SIZE: &str = "_scour_cluster_size";

/// Golden records built per batch of clusters.
const GOLDEN_CHUNK: usize = 16_384;

/// What the main pass needs from deduplication.
struct DedupCtx<'a> {
    linkage: &'a Linkage,
    golden: bool,
    recency_column: Option<usize>,
    source_column: Option<usize>,
    source_priority: &'a [String],
}

/// Column names the quarantine file adds to the input's.
pub const QUARANTINE_ROW: &str = "_scour_row";
pub const QUARANTINE_REASONS: &str = "_scour_reasons";

/// What the writer thread receives per slice.
struct Written {
    cleansed: RecordBatch,
    quarantine: Option<RecordBatch>,
    discrepancies: Vec<Discrepancy>,
    /// Cleansed rows of multi-row clusters, held for their golden records.
    held: Option<(RecordBatch, Vec<Member>)>,
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
    let format = DataFormat {
        compression: plan.outputs.compression,
        encryption: plan.outputs.encryption.clone(),
    };

    // Deduplication links every row before the main pass.
    let link_started = Instant::now();
    let mut dedup_pending = Pending::default();
    let linkage = match &plan.dedup {
        Some(d) => {
            let names: Vec<String> = plan.table.columns.iter().map(|c| c.name.clone()).collect();
            let source = crate::dedup::Source {
                table: &plan.table,
                read: &plan.read,
                names: &names,
                country_column: plan.country_column,
                default_region: plan.default_region.as_ref().map(|r| r.as_ref()),
            };
            (options.on_phase)("linking");
            let linkage = crate::dedup::link(d, &source, &|_| {})?;
            // No personal data in these: row numbers, levels and weights.
            let plain = DataFormat {
                compression: plan.outputs.compression,
                encryption: None,
            };
            dedup_pending.extend(crate::dedup::write_clusters(
                &linkage,
                &options.out.join("clusters.parquet"),
                &plain,
            )?);
            dedup_pending.extend(crate::dedup::write_pairs(
                &linkage,
                &options.out.join("pairs.parquet"),
                &plain,
            )?);
            (options.on_phase)("cleansing");
            Some(linkage)
        }
        None => None,
    };
    let link_seconds = link_started.elapsed().as_secs_f64();
    let dedup_ctx = linkage.as_ref().map(|l| DedupCtx {
        linkage: l,
        golden: l.model.settings.golden,
        recency_column: l.model.survivorship.recency_column,
        source_column: l.model.survivorship.source_column,
        source_priority: &l.model.survivorship.source_priority,
    });
    let dedup_ctx = dedup_ctx.as_ref();

    let cleansed_schema = cleansed_schema(plan, &input_schema, dedup_ctx.is_some());
    let data_schema = data_schema(&cleansed_schema, dedup_ctx.is_some());
    let quarantine_schema = quarantine_schema(&input_schema);
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

    let mut held = Held::default();
    let mut rows_merged = 0u64;
    let mut golden_records = 0u64;
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
                    if let Some(l) = &linkage {
                        if first + record.num_rows() as u64 > l.clusters.id.len() as u64 {
                            return Err(Error::bad_input(
                                path,
                                format!(
                                    "the input has more rows than when it was linked ({}): it changed during the run",
                                    l.clusters.id.len()
                                ),
                            ));
                        }
                    }
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
                    let mut written: Vec<Written> = works
                        .into_par_iter()
                        .map(|w| {
                            assemble(
                                plan,
                                w,
                                &cleansed_schema,
                                &data_schema,
                                &quarantine_schema,
                                dedup_ctx,
                            )
                        })
                        .collect::<Result<_>>()?;
                    for w in &mut written {
                        if let Some((batch, members)) = w.held.take() {
                            held.batches.push(batch);
                            held.members.push(members);
                        }
                    }
                    if wtx.send(written).is_err() {
                        break;
                    }
                    (options.progress)(rows_in);
                }
                // Golden records once every row is in: after the other rows, by cluster id.
                if let Some(ctx) = dedup_ctx.filter(|c| c.golden) {
                    let columns: Vec<(usize, String)> = plan
                        .output_columns()
                        .map(|(i, c)| (i, c.name.clone()))
                        .collect();
                    let g = golden::build(
                        &held,
                        &cleansed_schema,
                        &columns,
                        &ctx.linkage.model.survivorship,
                        GOLDEN_CHUNK,
                    )?;
                    held = Held::default();
                    let mut lineage = ParquetOut::create(
                        &options.out.join("survivorship.parquet"),
                        golden::survivorship_schema(),
                        &DataFormat {
                            compression: plan.outputs.compression,
                            encryption: None,
                        },
                        None,
                    )?;
                    for b in &g.lineage {
                        lineage.write(b)?;
                    }
                    dedup_pending.extend(lineage.finish()?.0);
                    let mut merges = Vec::new();
                    for (cluster, rows) in &g.clusters {
                        golden_records += 1;
                        rows_merged += rows.len() as u64 - 1;
                        if rows.len() < 2 {
                            continue;
                        }
                        for &row in rows {
                            merges.push(merge_discrepancy(ctx.linkage, row, *cluster, rows.len()));
                        }
                    }
                    merges.sort_by_key(|d| d.row);
                    let mut out: Vec<Written> = g
                        .records
                        .into_iter()
                        .map(|cleansed| Written {
                            cleansed,
                            quarantine: None,
                            discrepancies: Vec::new(),
                            held: None,
                        })
                        .collect();
                    out.push(Written {
                        cleansed: RecordBatch::new_empty(cleansed_schema.clone()),
                        quarantine: None,
                        discrepancies: merges,
                        held: None,
                    });
                    let _ = wtx.send(out);
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
        rows_merged,
        balanced: rows_in == rows_out + rows_quarantined + rows_merged,
    };
    if !accounting.balanced {
        return Err(Error::new(
            ErrorKind::Output,
            format!(
                "row accounting does not balance: {rows_in} rows in, {rows_out} written, {rows_quarantined} quarantined, {rows_merged} merged; no output was committed"
            ),
        ));
    }
    if let Some(l) = &linkage {
        crate::dedup::check(l, rows_in)?;
    }
    let mut pending = pending;
    pending.extend(dedup_pending);

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
        dedup: linkage.as_ref().map(|l| {
            let names: Vec<String> = plan.table.columns.iter().map(|c| c.name.clone()).collect();
            DedupSummary::new(l, &names, golden_records, rows_merged)
        }),
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
        link_seconds,
        process_seconds,
        write_seconds: write_started.elapsed().as_secs_f64(),
        total_seconds: compile_seconds + started.elapsed().as_secs_f64(),
    };

    // Report and manifest, then every file renamed into place, the manifest last.
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

fn cleansed_schema(plan: &Plan, input: &Schema, dedup: bool) -> SchemaRef {
    let mut fields: Vec<Field> = plan
        .output_columns()
        .map(|(i, c)| {
            if c.rewritten {
                Field::new(&c.name, DataType::Utf8, true)
            } else {
                input.field(i).clone()
            }
        })
        .collect();
    if dedup {
        fields.push(Field::new(CLUSTER_ID, DataType::UInt64, false));
        fields.push(Field::new(CLUSTER_SIZE, DataType::UInt32, false));
    }
    Arc::new(Schema::new(fields))
}

/// The cleansed schema without the cluster columns: what held rows are kept in.
fn data_schema(cleansed: &SchemaRef, dedup: bool) -> SchemaRef {
    if !dedup {
        return cleansed.clone();
    }
    let n = cleansed.fields().len() - 2;
    Arc::new(Schema::new(cleansed.fields()[..n].to_vec()))
}

/// The discrepancy row of a row merged into a golden record.
fn merge_discrepancy(linkage: &Linkage, row: u64, cluster: u32, size: usize) -> Discrepancy {
    let best = linkage.best[row as usize];
    Discrepancy {
        row,
        column: String::new(),
        rule: "dedup".to_string(),
        check: "duplicate",
        severity: "info",
        action: "merge",
        reason: Some(format!(
            "merged into the golden record of cluster {cluster} ({size} rows); best link p={best:.4}"
        )),
        before: None,
        after: None,
    }
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
    data_schema: &SchemaRef,
    quarantine_schema: &SchemaRef,
    dedup: Option<&DedupCtx>,
) -> Result<Written> {
    let err = |e: arrow::error::ArrowError| Error::new(ErrorKind::Output, e.to_string());
    let current = work.current_columns();
    let any_quarantined = work.quarantined.iter().any(|&q| q);
    // Rows of multi-row clusters wait for their golden record.
    let is_held = |r: usize| {
        dedup.is_some_and(|d| {
            d.golden && d.linkage.clusters.size[(work.first_row + r as u64) as usize] > 1
        })
    };
    let direct: Vec<u32> = (0..work.rows)
        .filter(|&r| !work.quarantined[r] && !is_held(r))
        .map(|r| r as u32)
        .collect();
    let held_rows: Vec<u32> = (0..work.rows)
        .filter(|&r| !work.quarantined[r] && is_held(r))
        .map(|r| r as u32)
        .collect();
    let all_direct = direct.len() == work.rows;
    let direct_idx = arrow::array::UInt32Array::from(direct.clone());
    let mut data: Vec<ArrayRef> = Vec::with_capacity(cleansed_schema.fields().len());
    for (i, c) in plan.output_columns() {
        let array = if c.rewritten {
            match current[i].data_type() {
                DataType::Utf8 => current[i].clone(),
                _ => arrow::compute::cast(&current[i], &DataType::Utf8).map_err(err)?,
            }
        } else {
            work.original.column(i).clone()
        };
        data.push(array);
    }
    let mut columns: Vec<ArrayRef> = if all_direct {
        data.clone()
    } else {
        data.iter()
            .map(|a| arrow::compute::take(a, &direct_idx, None))
            .collect::<std::result::Result<_, _>>()
            .map_err(err)?
    };
    if let Some(d) = dedup {
        let c = &d.linkage.clusters;
        let rows = || direct.iter().map(|&r| (work.first_row + r as u64) as usize);
        columns.push(Arc::new(UInt64Array::from_iter_values(
            rows().map(|r| c.id[r] as u64),
        )));
        columns.push(Arc::new(arrow::array::UInt32Array::from_iter_values(
            rows().map(|r| if d.golden { 1 } else { c.size[r] }),
        )));
    }
    let cleansed = RecordBatch::try_new(cleansed_schema.clone(), columns).map_err(err)?;
    let held = match dedup {
        Some(d) if !held_rows.is_empty() => {
            let idx = arrow::array::UInt32Array::from(held_rows.clone());
            let columns: Vec<ArrayRef> = data
                .iter()
                .map(|a| arrow::compute::take(a, &idx, None))
                .collect::<std::result::Result<_, _>>()
                .map_err(err)?;
            let batch = RecordBatch::try_new(data_schema.clone(), columns).map_err(err)?;
            Some((batch, members(&work, &held_rows, d)))
        }
        _ => None,
    };

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
        held,
    })
}

/// Survivorship metadata of held rows, from the input as read.
fn members(work: &Work, rows: &[u32], d: &DedupCtx) -> Vec<Member> {
    let original = &work.original;
    let text = |c: Option<usize>| c.and_then(|c| to_text(original.column(c)));
    let recency = text(d.recency_column);
    let source = text(d.source_column);
    rows.iter()
        .map(|&r| {
            let r = r as usize;
            let row = work.first_row + r as u64;
            let filled = original.columns().iter().filter(|a| a.is_valid(r)).count() as u32;
            let value = |a: &Option<StringArray>| {
                a.as_ref()
                    .and_then(|a| a.is_valid(r).then(|| a.value(r).to_string()))
            };
            let source_rank = value(&source)
                .and_then(|s| d.source_priority.iter().position(|p| p.trim() == s.trim()))
                .unwrap_or(d.source_priority.len()) as u32;
            Member {
                row,
                cluster: d.linkage.clusters.id[row as usize],
                filled,
                recency: value(&recency).and_then(|s| golden::recency_key(&s)),
                source_rank,
            }
        })
        .collect()
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
