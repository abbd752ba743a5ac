//! Parquet input, streamed one record batch at a time with arrow-rs.
//!
//! Only the columns that are scanned are decoded (a projection on the root columns), so a
//! table with wide float or binary columns costs little. Memory is one row group's pages for
//! the projected columns plus one batch.

use std::fs::File;
use std::path::{Path, PathBuf};

use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ProjectionMask;

use super::{is_scanned_type, ColumnInfo, RawBatch, ReadOptions, TextColumn};
use crate::error::{Error, Result};

fn builder(path: &Path) -> Result<ParquetRecordBatchReaderBuilder<File>> {
    let file = File::open(path).map_err(|e| Error::io(path, &e))?;
    ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| Error::bad_input(path, format!("not a readable Parquet file: {e}")))
}

/// The Arrow schema of a Parquet file (every column, types as stored).
pub fn arrow_schema(path: &Path) -> Result<arrow::datatypes::SchemaRef> {
    Ok(builder(path)?.schema().clone())
}

/// Reads the columns and row count from a Parquet footer.
pub fn read_schema(path: &Path) -> Result<(Vec<ColumnInfo>, u64)> {
    let b = builder(path)?;
    let rows = b.metadata().file_metadata().num_rows().max(0) as u64;
    if rows == 0 {
        return Err(Error::bad_input(
            path,
            "no data rows (the Parquet file is empty)",
        ));
    }
    let fields = b.schema().fields();
    for (i, f) in fields.iter().enumerate() {
        if fields[..i].iter().any(|g| g.name() == f.name()) {
            return Err(
                Error::bad_input(path, "column name appears twice in the schema")
                    .with_column(f.name()),
            );
        }
    }
    let columns = fields
        .iter()
        .map(|f| ColumnInfo {
            name: f.name().clone(),
            data_type: format!("{}", f.data_type()),
            scanned: is_scanned_type(f.data_type()),
        })
        .collect();
    Ok((columns, rows))
}

/// Streams a Parquet file's scanned columns.
pub struct ParquetBatches {
    path: PathBuf,
    reader: ParquetRecordBatchReader,
    /// For each table column, its position in the projected batch.
    positions: Vec<Option<usize>>,
    rows: u64,
    done: bool,
    whole_rows: bool,
}

impl ParquetBatches {
    pub fn open(
        path: &Path,
        columns: &[ColumnInfo],
        options: &ReadOptions,
    ) -> Result<ParquetBatches> {
        let b = builder(path)?;
        let schema = b.schema().clone();
        let mut roots = Vec::new();
        let mut positions = vec![None; columns.len()];
        for (i, col) in columns.iter().enumerate() {
            if !col.scanned && !options.whole_rows {
                continue;
            }
            let index = schema
                .index_of(&col.name)
                .map_err(|_| Error::bad_input(path, "column is missing").with_column(&col.name))?;
            roots.push((index, i));
        }
        roots.sort();
        let mask = if options.whole_rows {
            ProjectionMask::all()
        } else {
            ProjectionMask::roots(b.parquet_schema(), roots.iter().map(|(index, _)| *index))
        };
        for (pos, (index, i)) in roots.iter().enumerate() {
            positions[*i] = Some(if options.whole_rows { *index } else { pos });
        }
        let reader = b
            .with_projection(mask)
            .with_batch_size(options.batch_rows.max(1))
            .build()
            .map_err(|e| Error::bad_input(path, format!("not a readable Parquet file: {e}")))?;
        Ok(ParquetBatches {
            path: path.to_path_buf(),
            reader,
            positions,
            rows: 0,
            done: false,
            whole_rows: options.whole_rows,
        })
    }
}

impl Iterator for ParquetBatches {
    type Item = Result<RawBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.reader.next()? {
            Ok(batch) => {
                let num_rows = batch.num_rows();
                self.rows += num_rows as u64;
                let columns = self
                    .positions
                    .iter()
                    .map(|p| p.and_then(|p| TextColumn::from_array(batch.column(p))))
                    .collect();
                let record = self.whole_rows.then_some(batch);
                Some(Ok(RawBatch {
                    num_rows,
                    columns,
                    record,
                }))
            }
            Err(e) => {
                self.done = true;
                Some(Err(Error::bad_input(
                    &self.path,
                    format!("corrupt Parquet data: {e}"),
                )
                .with_row(self.rows + 1)))
            }
        }
    }
}
