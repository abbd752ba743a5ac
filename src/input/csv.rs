//! CSV input: header row, sniffed or given delimiter, RFC 4180 quoting, UTF-8 with or without a
//! byte-order mark, optionally gzip-compressed.
//!
//! Every field is read as text; an empty field is NULL. Malformed input is an error that names
//! the file, the data row (1-based, header excluded) and, where there is one, the column: a
//! ragged row, a field that is not UTF-8, a file with no header or no data rows.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow::array::{ArrayRef, StringArray, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;

use super::{ColumnInfo, RawBatch, ReadOptions, TextColumn};
use crate::error::{Error, ErrorKind, Result};

const SNIFF_BYTES: usize = 64 * 1024;
const MAX_BATCH_BYTES: usize = 1 << 30;
const MAX_FIELD_BYTES: usize = 256 << 20;
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

fn open_stream(path: &Path) -> Result<Box<dyn Read + Send>> {
    let mut file = File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut magic = [0u8; 2];
    let n = file.read(&mut magic).map_err(|e| Error::io(path, &e))?;
    let file = File::open(path).map_err(|e| Error::io(path, &e))?;
    let reader = BufReader::with_capacity(256 * 1024, file);
    if n == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(BufReader::with_capacity(
            256 * 1024,
            flate2::read::MultiGzDecoder::new(reader),
        )))
    } else {
        Ok(Box::new(reader))
    }
}

/// Picks the delimiter that splits the first lines into the same number (> 0) of fields most
/// consistently; ties go to the order `,` `;` tab `|`. Quoted text is ignored.
pub fn sniff_delimiter(sample: &[u8]) -> Option<u8> {
    let mut best: Option<(u8, usize, usize)> = None; // (delimiter, consistent lines, count)
    for &d in &CANDIDATES {
        let mut counts = Vec::new();
        let mut in_quotes = false;
        let mut count = 0usize;
        for &b in sample {
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\n' if !in_quotes => {
                    counts.push(count);
                    count = 0;
                    if counts.len() >= 50 {
                        break;
                    }
                }
                _ if b == d && !in_quotes => count += 1,
                _ => {}
            }
        }
        if counts.is_empty() {
            counts.push(count);
        }
        let header = counts[0];
        if header == 0 {
            continue;
        }
        let consistent = counts.iter().filter(|&&c| c == header).count();
        let better = match best {
            None => true,
            Some((_, bc, bn)) => consistent > bc || (consistent == bc && header > bn),
        };
        if better {
            best = Some((d, consistent, header));
        }
    }
    best.map(|(d, _, _)| d)
}

fn delimiter_for(path: &Path, options: &ReadOptions) -> Result<u8> {
    if let Some(d) = options.delimiter {
        return Ok(d);
    }
    let mut stream = open_stream(path)?;
    let mut sample = Vec::with_capacity(SNIFF_BYTES);
    stream
        .by_ref()
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut sample)
        .map_err(|e| Error::io(path, &e))?;
    let is_tsv = path.to_string_lossy().to_lowercase().contains(".tsv");
    Ok(sniff_delimiter(&sample).unwrap_or(if is_tsv { b'\t' } else { b',' }))
}

fn csv_reader(path: &Path, delimiter: u8) -> Result<csv::Reader<Box<dyn Read + Send>>> {
    Ok(csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .buffer_capacity(256 * 1024)
        .from_reader(open_stream(path)?))
}

fn header_names(
    path: &Path,
    reader: &mut csv::Reader<Box<dyn Read + Send>>,
) -> Result<Vec<String>> {
    let header = reader
        .byte_headers()
        .map_err(|e| csv_error(path, e))?
        .clone();
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        return Err(Error::bad_input(path, "empty file: no header row"));
    }
    let mut names = Vec::with_capacity(header.len());
    for (i, raw) in header.iter().enumerate() {
        let raw = if i == 0 {
            raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
        } else {
            raw
        };
        let name = std::str::from_utf8(raw)
            .map_err(|_| {
                Error::bad_input(path, format!("header field {} is not valid UTF-8", i + 1))
            })?
            .trim()
            .to_string();
        let name = if name.is_empty() {
            format!("column_{}", i + 1)
        } else {
            name
        };
        if names.contains(&name) {
            return Err(
                Error::bad_input(path, "column name appears twice in the header").with_column(name),
            );
        }
        names.push(name);
    }
    Ok(names)
}

/// Reads the header of a CSV file.
pub fn read_header(path: &Path, options: &ReadOptions) -> Result<Vec<ColumnInfo>> {
    let delimiter = delimiter_for(path, options)?;
    let mut reader = csv_reader(path, delimiter)?;
    Ok(header_names(path, &mut reader)?
        .into_iter()
        .map(|name| ColumnInfo {
            name,
            data_type: "Utf8".into(),
            scanned: true,
        })
        .collect())
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let row = e.position().map(|p| p.record());
    let line = e.position().map(|p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("row has {len} fields, the header has {expected_len}")
        }
        csv::ErrorKind::Io(io) => io.to_string(),
        csv::ErrorKind::Utf8 { err, .. } => format!("field {} is not valid UTF-8", err.field() + 1),
        other => format!("{other:?}"),
    };
    let message = match line {
        Some(l) => format!("{message} (line {l})"),
        None => message,
    };
    let err = Error::new(ErrorKind::BadInput, message).with_file(path);
    match row {
        Some(r) if r > 0 => err.with_row(r),
        _ => err,
    }
}

/// Streams a CSV file as batches of text columns.
pub struct CsvBatches {
    path: PathBuf,
    reader: csv::Reader<Box<dyn Read + Send>>,
    names: Vec<String>,
    record: csv::ByteRecord,
    batch_rows: usize,
    rows: u64,
    done: bool,
    schema: Option<SchemaRef>,
}

impl CsvBatches {
    pub fn open(path: &Path, options: &ReadOptions, columns: usize) -> Result<CsvBatches> {
        let delimiter = delimiter_for(path, options)?;
        let mut reader = csv_reader(path, delimiter)?;
        let names = header_names(path, &mut reader)?;
        if names.len() != columns {
            return Err(Error::bad_input(
                path,
                "the file changed while it was read (header differs)",
            ));
        }
        // Every CSV column is text; the whole-row batch carries the header's names.
        let schema = options.whole_rows.then(|| {
            Arc::new(Schema::new(
                names
                    .iter()
                    .map(|n| Field::new(n, DataType::Utf8, true))
                    .collect::<Vec<_>>(),
            ))
        });
        Ok(CsvBatches {
            path: path.to_path_buf(),
            reader,
            names,
            record: csv::ByteRecord::new(),
            batch_rows: options.batch_rows.max(1),
            rows: 0,
            done: false,
            schema,
        })
    }

    fn next_batch(&mut self) -> Result<Option<RawBatch>> {
        let n = self.names.len();
        let mut builders: Vec<StringBuilder> = (0..n)
            .map(|_| StringBuilder::with_capacity(self.batch_rows.min(1 << 16), 0))
            .collect();
        let mut num_rows = 0usize;
        let mut batch_bytes = 0usize;
        // Arrow string offsets are 32-bit: a batch ends early when its text passes
        // MAX_BATCH_BYTES, and one field may not exceed MAX_FIELD_BYTES.
        while num_rows < self.batch_rows && batch_bytes < MAX_BATCH_BYTES {
            let rows = self.rows;
            let more = self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(|e| {
                    let err = csv_error(&self.path, e);
                    if err.row().is_none() {
                        err.with_row(rows + 1)
                    } else {
                        err
                    }
                })?;
            if !more {
                break;
            }
            self.rows += 1;
            if self.record.len() != n {
                return Err(Error::bad_input(
                    &self.path,
                    "the file changed while it was read (header differs)",
                ));
            }
            batch_bytes += self.record.as_slice().len();
            for (i, field) in self.record.iter().enumerate() {
                if field.len() > MAX_FIELD_BYTES {
                    return Err(Error::bad_input(
                        &self.path,
                        "field is larger than 256 MiB (an unclosed quote?)",
                    )
                    .with_row(self.rows)
                    .with_column(&self.names[i]));
                }
                if field.is_empty() {
                    builders[i].append_null();
                    continue;
                }
                match std::str::from_utf8(field) {
                    Ok(s) => builders[i].append_value(s),
                    Err(e) => {
                        return Err(Error::bad_input(
                            &self.path,
                            format!("invalid UTF-8 at byte {} of the field", e.valid_up_to()),
                        )
                        .with_row(self.rows)
                        .with_column(&self.names[i]))
                    }
                }
            }
            num_rows += 1;
        }
        if num_rows == 0 {
            if self.rows == 0 {
                return Err(Error::bad_input(
                    &self.path,
                    "no data rows (the file has only a header)",
                ));
            }
            return Ok(None);
        }
        let arrays: Vec<StringArray> = builders.iter_mut().map(|b| b.finish()).collect();
        let record = match &self.schema {
            Some(schema) => Some(
                RecordBatch::try_new(
                    schema.clone(),
                    arrays
                        .iter()
                        .map(|a| Arc::new(a.clone()) as ArrayRef)
                        .collect(),
                )
                .map_err(|e| Error::bad_input(&self.path, e.to_string()))?,
            ),
            None => None,
        };
        let columns = arrays
            .into_iter()
            .map(|a| Some(TextColumn::Utf8(a)))
            .collect();
        Ok(Some(RawBatch {
            num_rows,
            columns,
            record,
        }))
    }
}

impl Iterator for CsvBatches {
    type Item = Result<RawBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_batch() {
            Ok(Some(b)) => Some(Ok(b)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_semicolons_despite_commas_in_quotes() {
        let sample = b"name;note\n\"Doe, J.\";a,b,c\nX;y\n";
        assert_eq!(sniff_delimiter(sample), Some(b';'));
    }

    #[test]
    fn sniffs_tabs() {
        assert_eq!(sniff_delimiter(b"a\tb\tc\n1\t2\t3\n"), Some(b'\t'));
    }

    #[test]
    fn single_column_has_no_delimiter() {
        assert_eq!(sniff_delimiter(b"email\na@b.de\n"), None);
    }
}
