//! `scour generate`: write a synthetic CRM table and its ground-truth labels.
//!
//! Rows are generated in parallel chunks and written in order, so the output depends only on
//! the seed and the row count.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray, UInt32Array, UInt64Array,
};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;

use crate::cli::GenerateArgs;
use crate::error::{Error, Result};
use crate::generate::{Generator, Label, COLUMNS};
use crate::output::AtomicFile;

const CHUNK: u64 = 8192;
/// Columns written as Int64 in Parquet (integers must be scanned in decimal form).
const INT_COLUMNS: &[&str] = &["last_login_ms", "loyalty_points"];

enum TableWriter {
    Csv(csv::Writer<Box<dyn Write>>, AtomicFile, PathBuf),
    Parquet(ArrowWriter<File>, AtomicFile, PathBuf),
}

fn table_schema() -> SchemaRef {
    Arc::new(Schema::new(
        COLUMNS
            .iter()
            .map(|c| {
                Field::new(
                    *c,
                    if INT_COLUMNS.contains(c) {
                        DataType::Int64
                    } else {
                        DataType::Utf8
                    },
                    true,
                )
            })
            .collect::<Vec<_>>(),
    ))
}

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

fn open_csv(path: &Path) -> Result<(csv::Writer<Box<dyn Write>>, AtomicFile)> {
    let (atomic, file) = AtomicFile::create(path)?;
    let inner: Box<dyn Write> = if path.to_string_lossy().to_lowercase().ends_with(".gz") {
        Box::new(flate2::write::GzEncoder::new(
            file,
            flate2::Compression::default(),
        ))
    } else {
        Box::new(std::io::BufWriter::new(file))
    };
    Ok((csv::Writer::from_writer(inner), atomic))
}

impl TableWriter {
    fn create(path: &Path) -> Result<TableWriter> {
        if is_parquet(path) {
            let (atomic, file) = AtomicFile::create(path)?;
            let w = ArrowWriter::try_new(file, table_schema(), Some(zstd_props()))
                .map_err(|e| Error::output(path, e))?;
            Ok(TableWriter::Parquet(w, atomic, path.to_path_buf()))
        } else {
            let (mut w, atomic) = open_csv(path)?;
            w.write_record(COLUMNS)
                .map_err(|e| Error::output(path, e))?;
            Ok(TableWriter::Csv(w, atomic, path.to_path_buf()))
        }
    }

    fn write(&mut self, rows: &[Vec<Option<String>>]) -> Result<()> {
        match self {
            TableWriter::Csv(w, _, path) => {
                for row in rows {
                    w.write_record(row.iter().map(|c| c.as_deref().unwrap_or("")))
                        .map_err(|e| Error::output(path, e))?;
                }
                Ok(())
            }
            TableWriter::Parquet(w, _, path) => {
                let columns: Vec<ArrayRef> = COLUMNS
                    .iter()
                    .enumerate()
                    .map(|(i, name)| -> ArrayRef {
                        if INT_COLUMNS.contains(name) {
                            Arc::new(Int64Array::from_iter(rows.iter().map(|r| {
                                r[i].as_deref().and_then(|v| v.trim().parse::<i64>().ok())
                            })))
                        } else {
                            Arc::new(StringArray::from_iter(rows.iter().map(|r| r[i].as_deref())))
                        }
                    })
                    .collect();
                let batch = RecordBatch::try_new(table_schema(), columns)
                    .map_err(|e| Error::output(path, e))?;
                w.write(&batch).map_err(|e| Error::output(path, e))
            }
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            TableWriter::Csv(mut w, atomic, path) => {
                w.flush().map_err(|e| Error::output(&path, e))?;
                let inner = w
                    .into_inner()
                    .map_err(|e| Error::output(&path, e.error()))?;
                drop(inner);
                atomic.commit()
            }
            TableWriter::Parquet(w, atomic, path) => {
                w.close().map_err(|e| Error::output(&path, e))?;
                atomic.commit()
            }
        }
    }
}

enum LabelWriter {
    Csv(csv::Writer<Box<dyn Write>>, AtomicFile, PathBuf),
    Parquet(ArrowWriter<File>, AtomicFile, PathBuf),
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

impl LabelWriter {
    fn create(path: &Path) -> Result<LabelWriter> {
        if is_parquet(path) {
            let (atomic, file) = AtomicFile::create(path)?;
            let w = ArrowWriter::try_new(file, label_schema(), Some(zstd_props()))
                .map_err(|e| Error::output(path, e))?;
            Ok(LabelWriter::Parquet(w, atomic, path.to_path_buf()))
        } else {
            let (mut w, atomic) = open_csv(path)?;
            w.write_record(["row", "column", "entity", "start", "end", "valid"])
                .map_err(|e| Error::output(path, e))?;
            Ok(LabelWriter::Csv(w, atomic, path.to_path_buf()))
        }
    }

    fn write(&mut self, labels: &[Label]) -> Result<()> {
        match self {
            LabelWriter::Csv(w, _, path) => {
                for l in labels {
                    w.write_record([
                        l.row.to_string(),
                        l.column.to_string(),
                        l.entity.to_string(),
                        l.start.to_string(),
                        l.end.to_string(),
                        l.valid.to_string(),
                    ])
                    .map_err(|e| Error::output(path, e))?;
                }
                Ok(())
            }
            LabelWriter::Parquet(w, _, path) => {
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
                let batch = RecordBatch::try_new(label_schema(), columns)
                    .map_err(|e| Error::output(path, e))?;
                w.write(&batch).map_err(|e| Error::output(path, e))
            }
        }
    }

    fn finish(self) -> Result<()> {
        match self {
            LabelWriter::Csv(mut w, atomic, path) => {
                w.flush().map_err(|e| Error::output(&path, e))?;
                drop(
                    w.into_inner()
                        .map_err(|e| Error::output(&path, e.error()))?,
                );
                atomic.commit()
            }
            LabelWriter::Parquet(w, atomic, path) => {
                w.close().map_err(|e| Error::output(&path, e))?;
                atomic.commit()
            }
        }
    }
}

pub fn run(args: &GenerateArgs) -> Result<i32> {
    let generator = Generator::new(args.seed);
    let mut tables = args
        .out
        .iter()
        .map(|p| TableWriter::create(p))
        .collect::<Result<Vec<_>>>()?;
    let mut labels = args
        .labels
        .as_deref()
        .map(LabelWriter::create)
        .transpose()?;
    let mut start = 0u64;
    while start < args.rows {
        let end = (start + CHUNK).min(args.rows);
        let parts: Vec<(Vec<Option<String>>, Vec<Label>)> = (start..end)
            .into_par_iter()
            .map(|row| {
                let mut l = Vec::new();
                let cells = generator.row(row, &mut l);
                (cells, l)
            })
            .collect();
        let (rows, row_labels): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
        for t in &mut tables {
            t.write(&rows)?;
        }
        if let Some(w) = labels.as_mut() {
            w.write(&row_labels.concat())?;
        }
        start = end;
    }
    for t in tables {
        t.finish()?;
    }
    if let Some(w) = labels {
        w.finish()?;
    }
    Ok(0)
}
