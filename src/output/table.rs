//! Table outputs of `scour run`: Parquet files written batch by batch under temporary names.
//!
//! A [`ParquetOut`] is one logical output (`cleansed.parquet`, `quarantine.parquet`, ...). With
//! `rows_per_file` it becomes a directory of parts (`cleansed/part-00000.parquet`, ...), each
//! holding at most that many rows. Nothing is renamed to its final name until
//! [`Pending::commit`], which the run calls only once every output is complete.

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow::datatypes::SchemaRef;
use arrow::record_batch::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::encryption::encrypt::FileEncryptionProperties;
use parquet::file::properties::{WriterProperties, WriterPropertiesBuilder};

use super::AtomicFile;
use crate::error::{Error, Result};
use crate::pipeline::plan;

/// How data files are written.
#[derive(Clone)]
pub struct DataFormat {
    pub compression: plan::Compression,
    /// Parquet modular encryption of some columns.
    pub encryption: Option<plan::EncryptionKeys>,
}

impl DataFormat {
    fn properties(&self, schema: &SchemaRef) -> Result<WriterProperties> {
        let builder: WriterPropertiesBuilder = WriterProperties::builder()
            .set_compression(match self.compression {
                plan::Compression::Zstd => Compression::ZSTD(ZstdLevel::default()),
                plan::Compression::Snappy => Compression::SNAPPY,
                plan::Compression::None => Compression::UNCOMPRESSED,
            })
            .set_max_row_group_row_count(Some(1 << 20))
            .set_created_by(format!("scour {}", env!("CARGO_PKG_VERSION")));
        let builder = match &self.encryption {
            Some(keys) => {
                let mut enc = FileEncryptionProperties::builder(keys.footer.clone())
                    // Columns without a key stay readable by any Parquet reader.
                    .with_plaintext_footer(true);
                let mut any = false;
                for (name, key) in &keys.columns {
                    if schema.field_with_name(name).is_ok() {
                        enc = enc.with_column_key(name, key.clone());
                        any = true;
                    }
                }
                if any {
                    let props = enc
                        .build()
                        .map_err(|e| Error::usage(format!("parquet encryption: {e}")))?;
                    builder.with_file_encryption_properties(props)
                } else {
                    builder
                }
            }
            None => builder,
        };
        Ok(builder.build())
    }
}

/// One logical Parquet output.
pub struct ParquetOut {
    /// `<dir>/<name>.parquet`, or the directory of parts.
    path: PathBuf,
    schema: SchemaRef,
    props: WriterProperties,
    rows_per_file: Option<u64>,
    current: Option<(ArrowWriter<File>, AtomicFile, PathBuf)>,
    rows_in_current: u64,
    parts: usize,
    done: Vec<(AtomicFile, PathBuf)>,
    rows: u64,
}

/// Files written completely, waiting to be renamed to their final names.
#[derive(Default)]
pub struct Pending {
    files: Vec<(AtomicFile, PathBuf)>,
}

impl Pending {
    pub fn extend(&mut self, other: Pending) {
        self.files.extend(other.files);
    }
    /// Final paths, in the order written.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.files.iter().map(|(_, p)| p.clone()).collect()
    }
    /// Temporary paths (complete files not yet renamed), with their final paths.
    pub fn temp_paths(&self) -> Vec<(PathBuf, PathBuf)> {
        self.files
            .iter()
            .map(|(a, p)| (a.temp_path().to_path_buf(), p.clone()))
            .collect()
    }
    pub fn add(&mut self, file: AtomicFile, path: PathBuf) {
        self.files.push((file, path));
    }
    /// Renames every file to its final name.
    pub fn commit(self) -> Result<()> {
        for (file, _) in self.files {
            file.commit()?;
        }
        Ok(())
    }
}

impl ParquetOut {
    /// `path` is `<dir>/<name>.parquet`; with `rows_per_file`, parts go to `<dir>/<name>/`.
    pub fn create(
        path: &Path,
        schema: SchemaRef,
        format: &DataFormat,
        rows_per_file: Option<u64>,
    ) -> Result<ParquetOut> {
        let props = format.properties(&schema)?;
        let path = match rows_per_file {
            Some(_) => {
                let dir = path.with_extension("");
                std::fs::create_dir_all(&dir).map_err(|e| Error::output(&dir, e))?;
                dir
            }
            None => path.to_path_buf(),
        };
        Ok(ParquetOut {
            path,
            schema,
            props,
            rows_per_file,
            current: None,
            rows_in_current: 0,
            parts: 0,
            done: Vec::new(),
            rows: 0,
        })
    }

    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn open_next(&mut self) -> Result<()> {
        let target = match self.rows_per_file {
            Some(_) => self.path.join(format!("part-{:05}.parquet", self.parts)),
            None => self.path.clone(),
        };
        self.parts += 1;
        let (atomic, file) = AtomicFile::create(&target)?;
        let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(self.props.clone()))
            .map_err(|e| Error::output(&target, e))?;
        self.current = Some((writer, atomic, target));
        self.rows_in_current = 0;
        Ok(())
    }

    fn close_current(&mut self) -> Result<()> {
        if let Some((writer, atomic, target)) = self.current.take() {
            let file = writer.into_inner().map_err(|e| Error::output(&target, e))?;
            file.sync_all().map_err(|e| Error::output(&target, e))?;
            self.done.push((atomic, target));
        }
        Ok(())
    }

    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        let mut offset = 0usize;
        while offset < batch.num_rows() || (self.current.is_none() && self.parts == 0) {
            if self.current.is_none() {
                self.open_next()?;
            }
            let room = match self.rows_per_file {
                Some(limit) => (limit - self.rows_in_current) as usize,
                None => usize::MAX,
            };
            let take = room.min(batch.num_rows() - offset);
            if take > 0 {
                let slice = batch.slice(offset, take);
                let (writer, _, target) = self.current.as_mut().expect("opened above");
                writer.write(&slice).map_err(|e| Error::output(target, e))?;
                offset += take;
                self.rows_in_current += take as u64;
                self.rows += take as u64;
            }
            if self
                .rows_per_file
                .is_some_and(|l| self.rows_in_current >= l)
                && offset < batch.num_rows()
            {
                self.close_current()?;
            }
            if batch.num_rows() == 0 {
                break;
            }
        }
        Ok(())
    }

    /// Closes the output (an empty output is still one file with the schema).
    pub fn finish(mut self) -> Result<(Pending, u64)> {
        if self.current.is_none() && self.parts == 0 {
            self.open_next()?;
        }
        self.close_current()?;
        let mut pending = Pending::default();
        for (atomic, path) in self.done {
            pending.add(atomic, path);
        }
        Ok((pending, self.rows))
    }
}
