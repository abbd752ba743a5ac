//! `scour generate`: write a synthetic CRM table, its ground-truth labels and, for record
//! linkage, the true clusters of planted duplicates.
//!
//! Rows are generated in parallel chunks and written in order, so the output depends only on
//! the seed, the duplicate share and the row count.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Int64Array, RecordBatch, StringArray, UInt32Array,
    UInt64Array,
};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;

use crate::cli::GenerateArgs;
use crate::error::{Error, Result};
use crate::generate::{Generator, Label, Truth, COLUMNS, MAX_DUPLICATE_SHARE};
use crate::output::AtomicFile;

const CHUNK: u64 = 8192;
/// Columns written as Int64 in Parquet (integers must be scanned in decimal form).
const INT_COLUMNS: &[&str] = &["last_login_ms", "loyalty_points"];

fn zstd_props() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::ZSTD(
            ZstdLevel::try_new(3).expect("valid level"),
        ))
        .build()
}

fn is_parquet(path: &Path) -> bool {
    let name = path.to_string_lossy().to_lowercase();
    name.ends_with(".parquet") || name.ends_with(".pq")
}

/// An output file that takes record batches: Parquet as they are, CSV (optionally gzipped) as
/// text with a header row. Written atomically.
enum BatchFile {
    Csv(csv::Writer<Box<dyn Write>>, AtomicFile, PathBuf),
    Parquet(ArrowWriter<File>, AtomicFile, PathBuf),
}

impl BatchFile {
    fn create(path: &Path, schema: SchemaRef) -> Result<BatchFile> {
        let (atomic, file) = AtomicFile::create(path)?;
        if is_parquet(path) {
            let w = ArrowWriter::try_new(file, schema, Some(zstd_props()))
                .map_err(|e| Error::output(path, e))?;
            return Ok(BatchFile::Parquet(w, atomic, path.to_path_buf()));
        }
        let inner: Box<dyn Write> = if path.to_string_lossy().to_lowercase().ends_with(".gz") {
            Box::new(flate2::write::GzEncoder::new(
                file,
                flate2::Compression::default(),
            ))
        } else {
            Box::new(std::io::BufWriter::new(file))
        };
        let mut w = csv::Writer::from_writer(inner);
        w.write_record(schema.fields().iter().map(|f| f.name()))
            .map_err(|e| Error::output(path, e))?;
        Ok(BatchFile::Csv(w, atomic, path.to_path_buf()))
    }

    fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        match self {
            BatchFile::Parquet(w, _, path) => w.write(batch).map_err(|e| Error::output(path, e)),
            BatchFile::Csv(w, _, path) => {
                let text: Vec<ArrayRef> = batch
                    .columns()
                    .iter()
                    .map(|c| arrow::compute::cast(c, &DataType::Utf8))
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|e| Error::output(path, e))?;
                let text: Vec<&StringArray> = text.iter().map(|c| c.as_string::<i32>()).collect();
                for row in 0..batch.num_rows() {
                    let cells = text
                        .iter()
                        .map(|c| if c.is_valid(row) { c.value(row) } else { "" });
                    w.write_record(cells).map_err(|e| Error::output(path, e))?;
                }
                Ok(())
            }
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            BatchFile::Csv(mut w, atomic, path) => {
                w.flush().map_err(|e| Error::output(&path, e))?;
                drop(
                    w.into_inner()
                        .map_err(|e| Error::output(&path, e.error()))?,
                );
                atomic.commit()
            }
            BatchFile::Parquet(w, atomic, path) => {
                w.close().map_err(|e| Error::output(&path, e))?;
                atomic.commit()
            }
        }
    }
}

/// The table's schema: Parquet stores `INT_COLUMNS` as Int64; CSV keeps every cell's text as
/// generated (stray whitespace included).
fn table_schema(typed: bool) -> SchemaRef {
    Arc::new(Schema::new(
        COLUMNS
            .iter()
            .map(|c| {
                let t = if typed && INT_COLUMNS.contains(c) {
                    DataType::Int64
                } else {
                    DataType::Utf8
                };
                Field::new(*c, t, true)
            })
            .collect::<Vec<_>>(),
    ))
}

fn table_batch(rows: &[Vec<Option<String>>], typed: bool) -> RecordBatch {
    let columns: Vec<ArrayRef> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, name)| -> ArrayRef {
            if typed && INT_COLUMNS.contains(name) {
                Arc::new(Int64Array::from_iter(rows.iter().map(|r| {
                    r[i].as_deref().and_then(|v| v.trim().parse::<i64>().ok())
                })))
            } else {
                Arc::new(StringArray::from_iter(rows.iter().map(|r| r[i].as_deref())))
            }
        })
        .collect();
    RecordBatch::try_new(table_schema(typed), columns).expect("columns match the schema")
}

fn label_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("row", DataType::UInt64, false),
        Field::new("column", DataType::Utf8, false),
        Field::new("entity", DataType::Utf8, false),
        Field::new("start", DataType::UInt32, false),
        Field::new("end", DataType::UInt32, false),
        Field::new("valid", DataType::Boolean, false),
    ]))
}

fn label_batch(labels: &[Label]) -> RecordBatch {
    let columns: Vec<ArrayRef> = vec![
        Arc::new(UInt64Array::from_iter_values(labels.iter().map(|l| l.row))),
        Arc::new(StringArray::from_iter_values(
            labels.iter().map(|l| l.column),
        )),
        Arc::new(StringArray::from_iter_values(
            labels.iter().map(|l| l.entity),
        )),
        Arc::new(UInt32Array::from_iter_values(
            labels.iter().map(|l| l.start),
        )),
        Arc::new(UInt32Array::from_iter_values(labels.iter().map(|l| l.end))),
        Arc::new(BooleanArray::from(
            labels.iter().map(|l| l.valid).collect::<Vec<_>>(),
        )),
    ];
    RecordBatch::try_new(label_schema(), columns).expect("columns match the schema")
}

fn truth_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("row", DataType::UInt64, false),
        Field::new("cluster", DataType::UInt64, false),
        Field::new("edits", DataType::Utf8, false),
    ]))
}

fn truth_batch(start: u64, truths: &[Truth]) -> RecordBatch {
    let columns: Vec<ArrayRef> = vec![
        Arc::new(UInt64Array::from_iter_values((start..).take(truths.len()))),
        Arc::new(UInt64Array::from_iter_values(
            truths.iter().map(|t| t.cluster),
        )),
        Arc::new(StringArray::from_iter_values(
            truths.iter().map(|t| t.edits.join(",")),
        )),
    ];
    RecordBatch::try_new(truth_schema(), columns).expect("columns match the schema")
}

pub fn run(args: &GenerateArgs) -> Result<i32> {
    if !(0.0..=MAX_DUPLICATE_SHARE).contains(&args.duplicates) {
        return Err(Error::usage(format!(
            "--duplicates must be between 0 and {MAX_DUPLICATE_SHARE}, got {}",
            args.duplicates
        )));
    }
    let generator = Generator::with_duplicates(args.seed, args.duplicates);
    let mut tables = args
        .out
        .iter()
        .map(|p| {
            Ok((
                BatchFile::create(p, table_schema(is_parquet(p)))?,
                is_parquet(p),
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut labels = args
        .labels
        .as_deref()
        .map(|p| BatchFile::create(p, label_schema()))
        .transpose()?;
    let mut truth = args
        .truth
        .as_deref()
        .map(|p| BatchFile::create(p, truth_schema()))
        .transpose()?;
    let mut start = 0u64;
    while start < args.rows {
        let end = (start + CHUNK).min(args.rows);
        let parts: Vec<(Vec<Option<String>>, Vec<Label>, Truth)> = (start..end)
            .into_par_iter()
            .map(|row| {
                let mut l = Vec::new();
                let (cells, t) = generator.row_with_truth(row, &mut l);
                (cells, l, t)
            })
            .collect();
        let mut rows = Vec::with_capacity(parts.len());
        let mut row_labels = Vec::with_capacity(parts.len());
        let mut truths = Vec::with_capacity(parts.len());
        for (cells, l, t) in parts {
            rows.push(cells);
            row_labels.push(l);
            truths.push(t);
        }
        for (t, typed) in &mut tables {
            t.write(&table_batch(&rows, *typed))?;
        }
        if let Some(w) = labels.as_mut() {
            w.write(&label_batch(&row_labels.concat()))?;
        }
        if let Some(w) = truth.as_mut() {
            w.write(&truth_batch(start, &truths))?;
        }
        start = end;
    }
    for (t, _) in tables {
        t.finish()?;
    }
    if let Some(w) = labels {
        w.finish()?;
    }
    if let Some(w) = truth {
        w.finish()?;
    }
    Ok(0)
}
