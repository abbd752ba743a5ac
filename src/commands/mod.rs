//! One module per subcommand: each turns its arguments into compiled settings (failing fast on
//! bad values), runs, and returns the process exit code.

pub mod dedup;
pub mod entities;
pub mod generate;
pub mod run;
pub mod scan;

use crate::entity::Entity;
use crate::error::{Error, Result};

/// Parses a list of entity names; "any" means all.
pub fn parse_entities(names: &[String], option: &str) -> Result<Vec<Entity>> {
    let mut out = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if name.eq_ignore_ascii_case("any") || name.eq_ignore_ascii_case("all") {
            return Ok(Entity::all().to_vec());
        }
        let e = Entity::from_name(name).ok_or_else(|| {
            Error::usage(format!(
                "{option}: unknown entity '{name}' (run `scour entities` for the list)"
            ))
        })?;
        if !out.contains(&e) {
            out.push(e);
        }
    }
    Ok(out)
}

/// SHA-256 of a file, hex.
pub fn sha256_file(path: &std::path::Path) -> Result<String> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, &e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, &e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The current time, RFC 3339 UTC, seconds precision.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
