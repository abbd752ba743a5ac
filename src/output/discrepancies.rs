//! The discrepancy report: one row per value a rule or normalizer flagged or changed, written
//! both as Parquet (for tools) and CSV (for people), with masked values only.
//!
//! Columns: `row` (0-based input row, as in `scour scan`'s findings), `column` (empty for a rule over the whole row), `rule`,
//! `check`, `severity`, `action` (what was done: `fixed`, `kept`, `null`, `quarantine`,
//! `reported`, `merge`), `reason`, `before` and `after` (masked). Rows are in input order, then in
//! the order the pipeline applies its steps; deduplication's `merge` rows follow, by row.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{ArrayRef, RecordBatch, StringArray, UInt64Array};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};

use super::table::{DataFormat, ParquetOut, Pending};
use super::AtomicFile;
use crate::error::{Error, Result};

/// One flagged or changed value.
#[derive(Debug, Clone, PartialEq)]
pub struct Discrepancy {
    pub row: u64,
    pub column: String,
    pub rule: String,
    pub check: &'static str,
    pub severity: &'static str,
    pub action: &'static str,
    pub reason: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub fn schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("row", DataType::UInt64, false),
        Field::new("column", DataType::Utf8, false),
        Field::new("rule", DataType::Utf8, false),
        Field::new("check", DataType::Utf8, false),
        Field::new("severity", DataType::Utf8, false),
        Field::new("action", DataType::Utf8, false),
        Field::new("reason", DataType::Utf8, true),
        Field::new("before", DataType::Utf8, true),
        Field::new("after", DataType::Utf8, true),
    ]))
}

/// Writes discrepancies to `<dir>/discrepancies.parquet` and `<dir>/discrepancies.csv`.
pub struct DiscrepancyWriter {
    parquet: ParquetOut,
    csv: csv::Writer<BufWriter<File>>,
    csv_file: AtomicFile,
    csv_path: PathBuf,
    rows: u64,
}

impl DiscrepancyWriter {
    pub fn create(dir: &Path, format: &DataFormat) -> Result<DiscrepancyWriter> {
        let format = DataFormat {
            compression: format.compression,
            encryption: None,
        };
        let parquet =
            ParquetOut::create(&dir.join("discrepancies.parquet"), schema(), &format, None)?;
        let csv_path = dir.join("discrepancies.csv");
        let (csv_file, file) = AtomicFile::create(&csv_path)?;
        let mut csv = csv::Writer::from_writer(BufWriter::new(file));
        csv.write_record(schema().fields().iter().map(|f| f.name().as_str()))
            .map_err(|e| Error::output(&csv_path, e))?;
        Ok(DiscrepancyWriter {
            parquet,
            csv,
            csv_file,
            csv_path,
            rows: 0,
        })
    }

    pub fn write(&mut self, items: &[Discrepancy]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let opt = |f: fn(&Discrepancy) -> &Option<String>| -> ArrayRef {
            Arc::new(StringArray::from_iter(
                items.iter().map(|d| f(d).as_deref()),
            ))
        };
        let columns: Vec<ArrayRef> = vec![
            Arc::new(UInt64Array::from_iter_values(items.iter().map(|d| d.row))),
            Arc::new(StringArray::from_iter_values(
                items.iter().map(|d| d.column.as_str()),
            )),
            Arc::new(StringArray::from_iter_values(
                items.iter().map(|d| d.rule.as_str()),
            )),
            Arc::new(StringArray::from_iter_values(items.iter().map(|d| d.check))),
            Arc::new(StringArray::from_iter_values(
                items.iter().map(|d| d.severity),
            )),
            Arc::new(StringArray::from_iter_values(
                items.iter().map(|d| d.action),
            )),
            opt(|d| &d.reason),
            opt(|d| &d.before),
            opt(|d| &d.after),
        ];
        let batch = RecordBatch::try_new(schema(), columns)
            .map_err(|e| Error::output(&self.csv_path, e))?;
        self.parquet.write(&batch)?;
        for d in items {
            let row = d.row.to_string();
            self.csv
                .write_record([
                    row.as_str(),
                    &d.column,
                    &d.rule,
                    d.check,
                    d.severity,
                    d.action,
                    d.reason.as_deref().unwrap_or(""),
                    d.before.as_deref().unwrap_or(""),
                    d.after.as_deref().unwrap_or(""),
                ])
                .map_err(|e| Error::output(&self.csv_path, e))?;
        }
        self.rows += items.len() as u64;
        Ok(())
    }

    /// Closes both files; they are renamed into place with the run's other outputs.
    pub fn finish(self) -> Result<(Pending, u64)> {
        let (mut pending, rows) = self.parquet.finish()?;
        let mut inner = self
            .csv
            .into_inner()
            .map_err(|e| Error::output(&self.csv_path, e.error()))?;
        inner
            .flush()
            .map_err(|e| Error::output(&self.csv_path, e))?;
        let file = inner
            .into_inner()
            .map_err(|e| Error::output(&self.csv_path, e.error()))?;
        file.sync_all()
            .map_err(|e| Error::output(&self.csv_path, e))?;
        pending.add(self.csv_file, self.csv_path);
        Ok((pending, rows))
    }
}
