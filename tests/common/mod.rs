//! Helpers shared by the end-to-end tests: reading the Parquet and JSON outputs.

#![allow(dead_code)]

use std::fs::File;
use std::path::Path;

use arrow::array::{Array, AsArray, RecordBatch};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

pub fn read_parquet(path: &Path) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect()
}

/// Every value of a column as text, in row order.
pub fn column(batches: &[RecordBatch], name: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for b in batches {
        let i = b.schema().index_of(name).unwrap();
        let a = arrow::compute::cast(b.column(i), &arrow::datatypes::DataType::Utf8).unwrap();
        let a = a.as_string::<i32>();
        for r in 0..a.len() {
            out.push(a.is_valid(r).then(|| a.value(r).to_string()));
        }
    }
    out
}

pub fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}
