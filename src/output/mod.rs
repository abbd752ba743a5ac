//! Where results leave: files written under a temporary name and renamed into place only when
//! complete, so a crash or a kill never leaves a half-written file under its final name.

pub mod discrepancies;
pub mod findings;
pub mod table;

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A file being written at `<dir>/.<name>.partial`, renamed to its final path by
/// [`AtomicFile::commit`]; dropped without commit, the partial file is removed.
pub struct AtomicFile {
    final_path: PathBuf,
    temp_path: PathBuf,
    committed: bool,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<(AtomicFile, File)> {
        let name = path
            .file_name()
            .ok_or_else(|| Error::output(path, "not a file path"))?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let temp_path = dir.join(format!(".{}.partial", name.to_string_lossy()));
        let file = File::create(&temp_path).map_err(|e| Error::output(path, e))?;
        Ok((
            AtomicFile {
                final_path: path.to_path_buf(),
                temp_path,
                committed: false,
            },
            file,
        ))
    }

    /// Where the file is being written.
    pub fn temp_path(&self) -> &Path {
        &self.temp_path
    }

    pub fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.temp_path, &self.final_path)
            .map_err(|e| Error::output(&self.final_path, e))?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp_path);
        }
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let (atomic, mut file) = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|e| Error::output(path, e))?;
    file.sync_all().map_err(|e| Error::output(path, e))?;
    drop(file);
    atomic.commit()
}
