//! The scan engine: batches in, findings and column statistics out.
//!
//! A reader thread decodes batches into a bounded channel (two in flight, so memory stays
//! bounded and decoding overlaps detection). Each batch is cut into row chunks that rayon
//! scans in parallel; chunk results are merged in row order, so findings come out sorted by
//! (row, column, start) and samples are the first ones seen, whatever the thread timing:
//! the same input gives the same output. Findings go to a [`FindingSink`] batch by batch and
//! are never held for the whole table.

use std::sync::mpsc::sync_channel;
use std::time::Instant;

use rayon::prelude::*;

use crate::classify::{self, ColumnStats, Hint, MAX_SAMPLES};
use crate::detect::{phone, CellContext, Detector, Finding};
use crate::entity::Entity;
use crate::error::{Error, ErrorKind, Result};
use crate::input::{Batch, ReadOptions, Table};
use crate::mask::mask;

/// A finding placed in the table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowFinding {
    /// 0-based row across all input files.
    pub row: u64,
    /// Index into the table's columns.
    pub column: u32,
    pub finding: Finding,
}

/// Receives findings batch by batch, in row order.
pub trait FindingSink: Send {
    fn write(&mut self, findings: &[RowFinding]) -> Result<()>;
    fn finish(&mut self) -> Result<()>;
}

/// A sink that drops findings (when only the summary is wanted).
pub struct NoFindings;

impl FindingSink for NoFindings {
    fn write(&mut self, _: &[RowFinding]) -> Result<()> {
        Ok(())
    }
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

/// Scan settings, resolved before any data is read.
pub struct ScanSettings {
    pub read: ReadOptions,
    /// Phone region when the row has no (recognisable) country.
    pub default_region: Option<phonenumber::country::Id>,
    /// Rows per parallel work unit.
    pub chunk_rows: usize,
    /// Scan only about this many leading rows (whole batches), for a quick classification.
    pub sample_rows: Option<u64>,
}

impl Default for ScanSettings {
    fn default() -> Self {
        ScanSettings {
            read: ReadOptions::default(),
            default_region: None,
            chunk_rows: 1024,
            sample_rows: None,
        }
    }
}

/// Progress callback: (rows done, cell bytes done).
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// What a scan learned.
#[derive(Debug, Clone)]
pub struct ScanOutcome {
    pub rows: u64,
    /// Rows per input file, in file order.
    pub rows_per_file: Vec<u64>,
    pub columns: Vec<ColumnStats>,
    pub hints: Vec<Option<Hint>>,
    /// Index of the column used as the phone region, if any.
    pub country_column: Option<usize>,
    /// Bytes of cell text scanned.
    pub bytes: u64,
    pub seconds: f64,
}

impl ScanOutcome {
    /// Validated findings of `entity` across all columns.
    pub fn validated(&self, entity: Entity) -> u64 {
        self.columns
            .iter()
            .map(|c| c.entities[entity.index()].validated)
            .sum()
    }
}

/// Scans `table` with `detector`, sending findings to `sink`.
pub fn scan(
    table: &Table,
    detector: &Detector,
    settings: &ScanSettings,
    sink: &mut dyn FindingSink,
    progress: Progress<'_>,
) -> Result<ScanOutcome> {
    let started = Instant::now();
    let ncols = table.columns.len();
    let hints: Vec<Option<Hint>> = table
        .columns
        .iter()
        .map(|c| classify::name_hint(&c.name))
        .collect();
    let country_column = table
        .columns
        .iter()
        .position(|c| c.scanned && classify::is_country_column(&c.name));
    let mut columns = vec![ColumnStats::default(); ncols];
    let mut rows_per_file = vec![0u64; table.files.len()];
    let mut rows = 0u64;
    let mut bytes = 0u64;

    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = sync_channel::<Result<Batch>>(2);
        let read = &settings.read;
        let sample = settings.sample_rows;
        scope.spawn(move || {
            let mut sent = 0u64;
            for batch in table.batches(read) {
                let stop = batch.is_err();
                sent += batch.as_ref().map_or(0, |b| b.num_rows as u64);
                if tx.send(batch).is_err() || stop || sample.is_some_and(|n| sent >= n) {
                    break;
                }
            }
        });
        // Findings are written on their own thread, overlapping the next batch's detection.
        // `None` marks the end of a complete scan: only then is the output committed, so a
        // failed scan never leaves a findings file under its final name.
        let (wtx, wrx) = sync_channel::<Option<Vec<RowFinding>>>(2);
        let writer = scope.spawn(move || -> Result<()> {
            for message in wrx {
                match message {
                    Some(findings) => sink.write(&findings)?,
                    None => return sink.finish(),
                }
            }
            Ok(())
        });
        for batch in rx {
            let batch = batch?;
            let chunk = settings.chunk_rows.max(1);
            let ranges: Vec<(usize, usize)> = (0..batch.num_rows)
                .step_by(chunk)
                .map(|s| (s, (s + chunk).min(batch.num_rows)))
                .collect();
            let results: Vec<ChunkResult> = ranges
                .par_iter()
                .map(|&(from, to)| {
                    scan_chunk(
                        &batch,
                        from,
                        to,
                        detector,
                        &hints,
                        country_column,
                        settings.default_region,
                    )
                })
                .collect();
            let mut findings = Vec::with_capacity(results.iter().map(|r| r.findings.len()).sum());
            for r in results {
                findings.extend_from_slice(&r.findings);
                for (total, part) in columns.iter_mut().zip(r.stats) {
                    total.merge(part);
                }
                bytes += r.bytes;
            }
            if wtx.send(Some(findings)).is_err() {
                // The writer stopped on an error; it is reported below.
                break;
            }
            rows += batch.num_rows as u64;
            rows_per_file[batch.file_index] += batch.num_rows as u64;
            progress(rows, bytes);
        }
        // Row accounting: every row the footer promises was read, before anything is committed.
        for (file, &got) in table.files.iter().zip(&rows_per_file) {
            if sample.is_some() {
                break;
            }
            if let Some(want) = file.rows {
                if want != got {
                    return Err(Error::new(
                        ErrorKind::BadInput,
                        format!("read {got} rows, the footer says {want}"),
                    )
                    .with_file(&file.path));
                }
            }
        }
        let _ = wtx.send(None);
        drop(wtx);
        writer.join().expect("findings writer thread")?;
        Ok(())
    })?;

    Ok(ScanOutcome {
        rows,
        rows_per_file,
        columns,
        hints,
        country_column,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
    })
}

struct ChunkResult {
    findings: Vec<RowFinding>,
    stats: Vec<ColumnStats>,
    bytes: u64,
}

fn scan_chunk(
    batch: &Batch,
    from: usize,
    to: usize,
    detector: &Detector,
    hints: &[Option<Hint>],
    country_column: Option<usize>,
    default_region: Option<phonenumber::country::Id>,
) -> ChunkResult {
    let mut stats = vec![ColumnStats::default(); batch.columns.len()];
    let mut findings = Vec::new();
    let mut cell = Vec::new();
    let mut bytes = 0u64;
    let mut last_country: (String, Option<phonenumber::country::Id>) = (String::new(), None);
    for row in from..to {
        let region = match country_column
            .and_then(|c| batch.columns[c].as_ref())
            .and_then(|c| c.value(row))
        {
            Some(country) => {
                if country != last_country.0 {
                    // Reuse the buffer: the country changes on most rows of a mixed table.
                    last_country.0.clear();
                    last_country.0.push_str(country);
                    last_country.1 = phone::region(country);
                }
                last_country.1.or(default_region)
            }
            None => default_region,
        };
        for (col, column) in batch.columns.iter().enumerate() {
            let Some(text) = column.as_ref().and_then(|c| c.value(row)) else {
                continue;
            };
            if text.is_empty() {
                continue;
            }
            let ctx = CellContext {
                hint: hints[col],
                region,
            };
            cell.clear();
            detector.detect(text, &ctx, &mut cell);
            bytes += text.len() as u64;
            record(&mut stats[col], text, &cell);
            findings.extend(cell.iter().map(|&finding| RowFinding {
                row: batch.first_row + row as u64,
                column: col as u32,
                finding,
            }));
        }
    }
    ChunkResult {
        findings,
        stats,
        bytes,
    }
}

/// Adds one cell and its findings to a column's statistics.
fn record(stats: &mut ColumnStats, text: &str, findings: &[Finding]) {
    stats.non_null += 1;
    stats.bytes += text.len() as u64;
    if findings.is_empty() {
        return;
    }
    stats.cells_with_findings += 1;
    const _: () = assert!(Entity::SLOTS <= 128, "the seen-entities set is a u128");
    let mut seen = 0u128;
    for f in findings {
        let counts = &mut stats.entities[f.entity.index()];
        counts.findings += 1;
        let bit = 1u128 << f.entity.index();
        if seen & bit == 0 {
            seen |= bit;
            counts.cells += 1;
        }
        let samples = if f.validated {
            &mut counts.samples
        } else {
            &mut counts.invalid_samples
        };
        if f.validated {
            counts.validated += 1;
        } else {
            counts.invalid += 1;
        }
        if samples.len() < MAX_SAMPLES {
            let m = mask(f.entity, &text[f.start as usize..f.end as usize]);
            if !samples.contains(&m) {
                samples.push(m);
            }
        }
    }
    if let [f] = findings {
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        if f.start as usize == lead && f.end as usize == lead + trimmed.len() {
            let counts = &mut stats.entities[f.entity.index()];
            counts.whole_cells += 1;
            if f.validated {
                counts.whole_valid += 1;
            }
        }
    }
}
