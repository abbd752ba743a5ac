//! Library errors.
//!
//! One error type with a small, non-exhaustive kind and the context a user needs to act on it:
//! which file, which row (1-based, as a person counts them; the CSV header is row 0 of the file
//! text, so data row 1 is the first record), and which column. `anyhow` is used only at the
//! binary's edge. Messages never contain cell values: they might be personal data.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, broadly. Decides nothing but the wording; every kind exits with code 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The command line or a configuration value is wrong.
    Usage,
    /// An input file could not be opened or read.
    Io,
    /// An input file is malformed (bad Parquet, ragged CSV, invalid UTF-8, empty, ...).
    BadInput,
    /// Several input files do not form one table.
    SchemaMismatch,
    /// An output could not be written.
    Output,
}

/// An error with the location it concerns.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    file: Option<PathBuf>,
    row: Option<u64>,
    column: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            file: None,
            row: None,
            column: None,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }
    pub fn bad_input(path: &Path, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::BadInput, message).with_file(path)
    }
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Self::new(ErrorKind::Io, err.to_string()).with_file(path)
    }
    pub fn output(path: &Path, message: impl fmt::Display) -> Self {
        Self::new(ErrorKind::Output, message.to_string()).with_file(path)
    }
    pub fn with_file(mut self, path: &Path) -> Self {
        self.file = Some(path.to_path_buf());
        self
    }
    /// `row` is 1-based within the file.
    pub fn with_row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }
    pub fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }
    pub fn row(&self) -> Option<u64> {
        self.row
    }
    pub fn column(&self) -> Option<&str> {
        self.column.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(row) = self.row {
                write!(f, ": row {row}")?;
            }
            if let Some(column) = &self.column {
                write!(f, ", column '{column}'")?;
            }
            write!(f, ": ")?;
        } else if let Some(column) = &self.column {
            write!(f, "column '{column}': ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Error {}
