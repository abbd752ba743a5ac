//! The findings file: one Parquet row per finding, no matched values.
//!
//! Schema (fixed; documented in the README): `row` UInt64, `column` Utf8, `entity` Utf8,
//! `start` UInt32, `end` UInt32, `score` Float32, `validated` Boolean. Rows are in input order,
//! then column order, then start offset. zstd-compressed; `column` and `entity` are
//! dictionary-encoded by the writer, so repeated names cost almost nothing.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, Float32Array, RecordBatch, StringArray, UInt32Array, UInt64Array,
};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use super::AtomicFile;
use crate::error::{Error, Result};
use crate::scan::{FindingSink, RowFinding};

pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("row", DataType::UInt64, false),
        Field::new("column", DataType::Utf8, false),
        Field::new("entity", DataType::Utf8, false),
        Field::new("start", DataType::UInt32, false),
        Field::new("end", DataType::UInt32, false),
        Field::new("score", DataType::Float32, false),
        Field::new("validated", DataType::Boolean, false),
    ]))
}

/// Streams findings into a Parquet file.
pub struct ParquetFindings {
    path: PathBuf,
    column_names: Vec<String>,
    writer: Option<(ArrowWriter<File>, AtomicFile)>,
}

impl ParquetFindings {
    pub fn create(path: &Path, column_names: Vec<String>) -> Result<ParquetFindings> {
        let (atomic, file) = AtomicFile::create(path)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(3).expect("valid zstd level"),
            ))
            .set_max_row_group_row_count(Some(1 << 20))
            .build();
        let writer = ArrowWriter::try_new(file, schema(), Some(props))
            .map_err(|e| Error::output(path, e))?;
        Ok(ParquetFindings {
            path: path.to_path_buf(),
            column_names,
            writer: Some((writer, atomic)),
        })
    }
}

impl FindingSink for ParquetFindings {
    fn write(&mut self, findings: &[RowFinding]) -> Result<()> {
        if findings.is_empty() {
            return Ok(());
        }
        let Some((writer, _)) = self.writer.as_mut() else {
            return Ok(());
        };
        let columns: Vec<ArrayRef> = vec![
            Arc::new(UInt64Array::from_iter_values(
                findings.iter().map(|f| f.row),
            )),
            Arc::new(StringArray::from_iter_values(
                findings
                    .iter()
                    .map(|f| self.column_names[f.column as usize].as_str()),
            )),
            Arc::new(StringArray::from_iter_values(
                findings.iter().map(|f| f.finding.entity.name()),
            )),
            Arc::new(UInt32Array::from_iter_values(
                findings.iter().map(|f| f.finding.start),
            )),
            Arc::new(UInt32Array::from_iter_values(
                findings.iter().map(|f| f.finding.end),
            )),
            Arc::new(Float32Array::from_iter_values(
                findings.iter().map(|f| f.finding.score),
            )),
            Arc::new(BooleanArray::from(
                findings
                    .iter()
                    .map(|f| f.finding.validated)
                    .collect::<Vec<_>>(),
            )),
        ];
        let batch =
            RecordBatch::try_new(schema(), columns).map_err(|e| Error::output(&self.path, e))?;
        writer
            .write(&batch)
            .map_err(|e| Error::output(&self.path, e))
    }

    fn finish(&mut self) -> Result<()> {
        if let Some((writer, atomic)) = self.writer.take() {
            writer.close().map_err(|e| Error::output(&self.path, e))?;
            atomic.commit()?;
        }
        Ok(())
    }
}
