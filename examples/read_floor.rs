//! The floor for the end-to-end benchmark: read every column of a Parquet file with arrow-rs,
//! streaming, and touch every string value — what any scanner must at least pay.
//! Usage: cargo run --release --example read_floor -- FILE.parquet

use std::fs::File;

use arrow::array::{Array, AsArray};
use arrow::datatypes::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: read_floor FILE.parquet");
    let started = std::time::Instant::now();
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).expect("open"))
        .expect("parquet")
        .with_batch_size(8192)
        .build()
        .expect("reader");
    let (mut rows, mut bytes) = (0u64, 0u64);
    for batch in reader {
        let batch = batch.expect("batch");
        rows += batch.num_rows() as u64;
        for col in batch.columns() {
            if let DataType::Utf8 = col.data_type() {
                let a = col.as_string::<i32>();
                bytes += (0..a.len())
                    .filter(|&i| a.is_valid(i))
                    .map(|i| a.value(i).len() as u64)
                    .sum::<u64>();
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "rows={rows} string_bytes={bytes} seconds={secs:.3} MB/s={:.1} rows/s={:.0}",
        bytes as f64 / 1e6 / secs,
        rows as f64 / secs
    );
}
