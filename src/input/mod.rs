//! Where data enters: resolving paths to files, checking that they form one table, and
//! streaming them as batches of text columns.
//!
//! Every reader yields [`Batch`]es of at most `batch_rows` rows, so memory is bounded by the
//! batch size whatever the table's length. Detection works on text, so every scanned column is
//! presented as strings: string columns as they are (no copy), integers, decimals, dates and
//! timestamps in their canonical decimal / ISO form (an integer phone or card column is scanned
//! as its digits). Floats, booleans, binary and nested columns are not scanned (and, for
//! Parquet, not even decoded).

pub mod csv;
pub mod parquet;

use std::path::{Path, PathBuf};

use arrow::array::{Array, ArrayRef, AsArray, LargeStringArray, StringArray, StringViewArray};
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;

use crate::error::{Error, ErrorKind, Result};

/// Options for reading inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// CSV delimiter; sniffed from the first lines when `None`.
    pub delimiter: Option<u8>,
    /// Rows per batch.
    pub batch_rows: usize,
    /// Also decode every column as read (types kept) into [`Batch::record`], for jobs that
    /// rewrite the table rather than only scan it.
    pub whole_rows: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            delimiter: None,
            batch_rows: 8192,
            whole_rows: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
}

/// One input file.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub path: PathBuf,
    pub format: Format,
    pub size: u64,
    /// Row count when the format stores it (Parquet), for progress.
    pub rows: Option<u64>,
}

/// One column of the table.
#[derive(Debug, Clone)]
pub struct ColumnInfo {
    pub name: String,
    /// The column's type as the first file stores it ("Utf8", "Int64", ...; CSV: "Utf8").
    pub data_type: String,
    /// Whether the column is read and scanned (text-like types).
    pub scanned: bool,
}

/// The files that make up one table, with their agreed columns.
#[derive(Debug, Clone)]
pub struct Table {
    pub files: Vec<InputFile>,
    pub columns: Vec<ColumnInfo>,
}

/// A batch of rows from one file. `columns[i]` is `None` for columns that are not scanned.
pub struct Batch {
    pub file_index: usize,
    /// Row number of the first row across all files (0-based, input order).
    pub first_row: u64,
    pub num_rows: usize,
    pub columns: Vec<Option<TextColumn>>,
    /// Every column with its stored type, when [`ReadOptions::whole_rows`] is set.
    pub record: Option<RecordBatch>,
}

/// A column presented as text.
#[derive(Debug, Clone)]
pub enum TextColumn {
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    View(StringViewArray),
}

impl TextColumn {
    /// The column as text, casting non-string types; `None` for types that are not scanned.
    pub fn from_array(array: &ArrayRef) -> Option<TextColumn> {
        match array.data_type() {
            DataType::Utf8 => Some(TextColumn::Utf8(array.as_string::<i32>().clone())),
            DataType::LargeUtf8 => Some(TextColumn::LargeUtf8(array.as_string::<i64>().clone())),
            DataType::Utf8View => Some(TextColumn::View(array.as_string_view().clone())),
            t if is_scanned_type(t) => {
                let cast = arrow::compute::cast(array, &DataType::Utf8).ok()?;
                Some(TextColumn::Utf8(cast.as_string::<i32>().clone()))
            }
            _ => None,
        }
    }

    #[inline]
    pub fn value(&self, i: usize) -> Option<&str> {
        match self {
            TextColumn::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            TextColumn::LargeUtf8(a) => a.is_valid(i).then(|| a.value(i)),
            TextColumn::View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            TextColumn::Utf8(a) => a.len(),
            TextColumn::LargeUtf8(a) => a.len(),
            TextColumn::View(a) => a.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Types whose text form can hold personal data.
pub fn is_scanned_type(t: &DataType) -> bool {
    use DataType::*;
    match t {
        Utf8 | LargeUtf8 | Utf8View => true,
        Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 | UInt64 => true,
        Decimal32(..) | Decimal64(..) | Decimal128(..) | Decimal256(..) => true,
        Date32 | Date64 | Timestamp(..) => true,
        Dictionary(_, value) => is_scanned_type(value),
        _ => false,
    }
}

const CSV_SUFFIXES: &[&str] = &[".csv", ".tsv", ".csv.gz", ".tsv.gz", ".txt", ".txt.gz"];
const PARQUET_SUFFIXES: &[&str] = &[".parquet", ".pq"];

fn has_suffix(path: &Path, suffixes: &[&str]) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    suffixes.iter().any(|s| name.ends_with(s))
}

fn format_of(path: &Path) -> Result<Format> {
    if has_suffix(path, PARQUET_SUFFIXES) {
        return Ok(Format::Parquet);
    }
    if has_suffix(path, CSV_SUFFIXES) {
        return Ok(Format::Csv);
    }
    // Unknown extension: Parquet files start with "PAR1"; anything else is read as CSV.
    use std::io::Read;
    let mut magic = [0u8; 4];
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let n = f.read(&mut magic).map_err(|e| Error::io(path, &e))?;
    Ok(if n == 4 && &magic == b"PAR1" {
        Format::Parquet
    } else {
        Format::Csv
    })
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, &e))?;
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if has_suffix(&path, CSV_SUFFIXES) || has_suffix(&path, PARQUET_SUFFIXES) {
            out.push(path);
        }
    }
    Ok(())
}

/// Resolves command-line paths (files, directories, globs) to input files, in a stable order:
/// arguments in the order given, each directory or glob sorted by path.
pub fn resolve_paths(args: &[String]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found)?;
            if found.is_empty() {
                return Err(Error::bad_input(
                    path,
                    "directory holds no .csv, .tsv, .csv.gz or .parquet files",
                ));
            }
            found.sort();
            files.extend(found);
        } else if path.exists() {
            files.push(path.to_path_buf());
        } else if arg.contains(['*', '?', '[']) {
            let pattern =
                glob::glob(arg).map_err(|e| Error::usage(format!("bad glob '{arg}': {e}")))?;
            let mut found: Vec<PathBuf> = pattern
                .filter_map(|p| p.ok())
                .filter(|p| p.is_file())
                .collect();
            if found.is_empty() {
                return Err(Error::usage(format!("no files match '{arg}'")));
            }
            found.sort();
            files.extend(found);
        } else {
            return Err(Error::new(ErrorKind::Io, "no such file or directory").with_file(path));
        }
    }
    if files.is_empty() {
        return Err(Error::usage("no input files given"));
    }
    // A file named twice (as itself and inside its directory) is read once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    Ok(files)
}

impl Table {
    /// Opens the inputs named on the command line and checks that they form one table.
    pub fn open(args: &[String], options: &ReadOptions) -> Result<Table> {
        let paths = resolve_paths(args)?;
        let mut files = Vec::with_capacity(paths.len());
        let mut columns: Option<Vec<ColumnInfo>> = None;
        let mut first: Option<PathBuf> = None;
        for path in paths {
            let size = std::fs::metadata(&path)
                .map_err(|e| Error::io(&path, &e))?
                .len();
            if size == 0 {
                return Err(Error::bad_input(&path, "empty file"));
            }
            let format = format_of(&path)?;
            let (cols, rows) = match format {
                Format::Csv => (csv::read_header(&path, options)?, None),
                Format::Parquet => {
                    let (cols, rows) = parquet::read_schema(&path)?;
                    (cols, Some(rows))
                }
            };
            match &columns {
                None => {
                    columns = Some(cols);
                    first = Some(path.clone());
                }
                Some(expected) => {
                    check_same_columns(expected, first.as_deref().unwrap_or(&path), &cols, &path)?
                }
            }
            files.push(InputFile {
                path,
                format,
                size,
                rows,
            });
        }
        Ok(Table {
            files,
            columns: columns.unwrap_or_default(),
        })
    }

    /// The Arrow schema whole rows are read with: the first file's (CSV: every column text).
    pub fn arrow_schema(&self) -> Result<arrow::datatypes::SchemaRef> {
        match self.files.first() {
            Some(f) if f.format == Format::Parquet => parquet::arrow_schema(&f.path),
            _ => Ok(std::sync::Arc::new(arrow::datatypes::Schema::new(
                self.columns
                    .iter()
                    .map(|c| arrow::datatypes::Field::new(&c.name, DataType::Utf8, true))
                    .collect::<Vec<_>>(),
            ))),
        }
    }

    /// Total row count, when every file stores it.
    pub fn known_rows(&self) -> Option<u64> {
        self.files.iter().map(|f| f.rows).sum()
    }

    /// Streams every file's batches in order. Errors end the stream.
    pub fn batches(&self, options: &ReadOptions) -> impl Iterator<Item = Result<Batch>> + '_ {
        let options = options.clone();
        let mut next_row = 0u64;
        self.files
            .iter()
            .enumerate()
            .flat_map(move |(index, file)| {
                let reader: Box<dyn Iterator<Item = Result<RawBatch>>> = match file.format {
                    Format::Csv => {
                        match csv::CsvBatches::open(&file.path, &options, self.columns.len()) {
                            Ok(r) => Box::new(r),
                            Err(e) => Box::new(std::iter::once(Err(e))),
                        }
                    }
                    Format::Parquet => {
                        match parquet::ParquetBatches::open(&file.path, &self.columns, &options) {
                            Ok(r) => Box::new(r),
                            Err(e) => Box::new(std::iter::once(Err(e))),
                        }
                    }
                };
                reader.map(move |r| (index, r))
            })
            .map(move |(file_index, r)| {
                r.map(|raw| {
                    let batch = Batch {
                        file_index,
                        first_row: next_row,
                        num_rows: raw.num_rows,
                        columns: raw.columns,
                        record: raw.record,
                    };
                    next_row += raw.num_rows as u64;
                    batch
                })
            })
    }
}

/// What a format reader yields: rows of one file, not yet numbered across the table.
pub struct RawBatch {
    pub num_rows: usize,
    pub columns: Vec<Option<TextColumn>>,
    pub record: Option<RecordBatch>,
}

fn check_same_columns(
    expected: &[ColumnInfo],
    first: &Path,
    got: &[ColumnInfo],
    path: &Path,
) -> Result<()> {
    for (i, want) in expected.iter().enumerate() {
        match got.get(i) {
            None => {
                return Err(Error::new(
                    ErrorKind::SchemaMismatch,
                    format!(
                        "column is missing (it is column {} in {})",
                        i + 1,
                        first.display()
                    ),
                )
                .with_file(path)
                .with_column(&want.name))
            }
            Some(have) if have.name != want.name => {
                let message = if got.iter().any(|c| c.name == want.name) {
                    format!(
                        "columns are in a different order than in {}",
                        first.display()
                    )
                } else {
                    // The name found instead is not echoed: in a file without a header row it
                    // would be a data value.
                    format!(
                        "column is missing (it is column {} in {}, named differently here)",
                        i + 1,
                        first.display()
                    )
                };
                return Err(Error::new(ErrorKind::SchemaMismatch, message)
                    .with_file(path)
                    .with_column(&want.name));
            }
            Some(have)
                if have.scanned != want.scanned
                    || (have.data_type != want.data_type
                        && have.data_type != "Utf8"
                        && want.data_type != "Utf8") =>
            {
                return Err(Error::new(
                    ErrorKind::SchemaMismatch,
                    format!(
                        "type {} differs from {} in {}",
                        have.data_type,
                        want.data_type,
                        first.display()
                    ),
                )
                .with_file(path)
                .with_column(&want.name));
            }
            Some(_) => {}
        }
    }
    if let Some(extra) = got.get(expected.len()) {
        return Err(Error::new(
            ErrorKind::SchemaMismatch,
            format!("column is not in {}", first.display()),
        )
        .with_file(path)
        .with_column(&extra.name));
    }
    Ok(())
}
