//! The floor for `scour run`: stream a Parquet file with arrow-rs and write it back as zstd
//! Parquet with the same writer settings scour uses — what any rewriting job must at least pay.
//! Usage: cargo run --release --example rewrite_floor -- IN.parquet OUT.parquet

use std::fs::File;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

fn main() {
    let mut args = std::env::args().skip(1);
    let (input, output) = match (args.next(), args.next()) {
        (Some(i), Some(o)) => (i, o),
        _ => panic!("usage: rewrite_floor IN.parquet OUT.parquet"),
    };
    let started = std::time::Instant::now();
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(&input).expect("open"))
        .expect("parquet")
        .with_batch_size(8192)
        .build()
        .expect("reader");
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_max_row_group_row_count(Some(1 << 20))
        .build();
    let mut writer = None;
    let mut rows = 0u64;
    for batch in reader {
        let batch = batch.expect("batch");
        rows += batch.num_rows() as u64;
        let w = writer.get_or_insert_with(|| {
            ArrowWriter::try_new(
                File::create(&output).expect("create"),
                batch.schema(),
                Some(props.clone()),
            )
            .expect("writer")
        });
        w.write(&batch).expect("write");
    }
    if let Some(w) = writer {
        w.close().expect("close");
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "rows={rows} seconds={secs:.3} rows/s={:.0}",
        rows as f64 / secs
    );
}
