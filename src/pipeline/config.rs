//! The pipeline file as written: TOML parsed into typed structs that reject unknown keys.
//!
//! Nothing here knows about data. [`PipelineFile::read`] only checks the TOML's shape; the
//! meaning (do the columns exist, do the regexes compile, is the key there) is checked when the
//! file is compiled into a [`super::plan::Plan`]. Values whose meaning is checked later keep
//! their byte span, so every error can name the file, the line and the key.
//!
//! The format is documented field by field in `pipelines/README.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};

/// A parsed pipeline file and where it came from.
pub struct PipelineFile {
    pub path: PathBuf,
    pub text: String,
    pub spec: PipelineSpec,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineSpec {
    #[serde(default)]
    pub pipeline: MetaSpec,
    #[serde(default)]
    pub input: InputSpec,
    #[serde(default)]
    pub schema: SchemaSpec,
    #[serde(default)]
    pub detect: DetectSpec,
    #[serde(default)]
    pub columns: BTreeMap<String, Spanned<ColumnSpec>>,
    #[serde(default)]
    pub entities: BTreeMap<String, Spanned<EntitySpec>>,
    #[serde(default)]
    pub rules: Vec<Spanned<RuleSpec>>,
    #[serde(default)]
    pub keys: KeysSpec,
    #[serde(default)]
    pub outputs: OutputsSpec,
    #[serde(default)]
    pub fail_if: FailIfSpec,
    /// Deduplication (record linkage and golden records); absent: no deduplication.
    pub dedup: Option<Spanned<DedupSpec>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MetaSpec {
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    /// Files, directories or globs, relative to the pipeline file's directory.
    #[serde(default)]
    pub paths: Vec<String>,
    /// CSV delimiter (one character or "tab"); sniffed when absent.
    pub delimiter: Option<Spanned<String>>,
    pub batch_rows: Option<Spanned<i64>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SchemaSpec {
    /// Columns that must exist; the run stops before reading data if one is missing.
    #[serde(default)]
    pub required: Vec<Spanned<String>>,
    /// Whether columns not named here, in `[columns]` or in a rule are allowed (default true).
    pub allow_extra: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DetectSpec {
    /// Entities to look for (default: all).
    #[serde(default)]
    pub entities: Vec<Spanned<String>>,
    pub min_score: Option<Spanned<f64>>,
    /// A custom recognizer file (see `scour scan --recognizers`), relative to this file.
    pub recognizers: Option<Spanned<String>>,
    /// Free-text columns whose findings are replaced in place by `[entities]` transforms.
    #[serde(default)]
    pub columns: Vec<Spanned<String>>,
    /// Phone region when a row has no country.
    pub default_region: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// Normalizers applied in order (see `pipeline::normalize`).
    #[serde(default)]
    pub normalize: Vec<Spanned<toml::Value>>,
    /// De-identification of the whole cell (see `pipeline::deid`).
    pub transform: Option<Spanned<toml::Value>>,
    /// What the column holds, for masking samples in reports.
    pub entity: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitySpec {
    /// De-identification of each finding of this entity inside `[detect] columns`.
    pub transform: Spanned<toml::Value>,
}

/// One validation rule: exactly one check key (`required`, `type`, `unique`, `regex`,
/// `min_length`/`max_length`, `min`/`max`, `allowed`, `valid`, `sql`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub name: Option<String>,
    pub column: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub action: Option<Spanned<String>>,
    /// The normalizer an `action = "fix"` rule applies to failing values.
    pub fix: Option<Spanned<toml::Value>>,

    pub required: Option<Spanned<bool>>,
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
    pub unique: Option<Spanned<bool>>,
    pub regex: Option<Spanned<String>>,
    pub min_length: Option<Spanned<i64>>,
    pub max_length: Option<Spanned<i64>>,
    pub min: Option<Spanned<toml::Value>>,
    pub max: Option<Spanned<toml::Value>>,
    pub allowed: Option<Spanned<Vec<String>>>,
    pub ignore_case: Option<bool>,
    pub valid: Option<Spanned<String>>,
    pub sql: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct KeysSpec {
    /// Environment variable holding the key (default `SCOUR_KEY`).
    pub env: Option<Spanned<String>>,
    /// Key file, relative to this file (used when the variable is unset).
    pub file: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct OutputsSpec {
    /// Parquet compression of the data files: zstd (default), snappy, none.
    pub compression: Option<Spanned<String>>,
    /// Rows per output file; the cleansed output becomes `cleansed/part-00000.parquet`, ...
    pub rows_per_file: Option<Spanned<i64>>,
    /// Columns written with Parquet modular encryption (keys derived from the pipeline key).
    #[serde(default)]
    pub encrypt_columns: Vec<Spanned<String>>,
    /// Write `report.html` (default true).
    pub html_report: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FailIfSpec {
    /// Fail when more than this share of rows (0..1) is quarantined.
    pub quarantine_share: Option<Spanned<f64>>,
    /// Fail when rule failures of this severity or worse exceed `max_failures`.
    pub severity: Option<Spanned<String>>,
    pub max_failures: Option<Spanned<i64>>,
    /// Fail when any of these entities is left (found and not transformed) in a column:
    /// `{ notes = ["CREDIT_CARD"] }`. The columns are scanned even if not in `[detect] columns`.
    #[serde(default)]
    pub entities_left: BTreeMap<String, Spanned<Vec<String>>>,
}

/// `[dedup]`: every key optional; what is absent is chosen from the data (see `crate::dedup`).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DedupSpec {
    /// Comparison fields: column → kind (name, date, email, phone, postcode, city, street,
    /// identifier, exact). Absent: chosen from the columns' classification.
    pub fields: Option<Spanned<BTreeMap<String, String>>>,
    /// Blocking rules, OR-ed: rows are compared when they agree on every field of one rule.
    pub blocking: Option<Spanned<Vec<Vec<String>>>>,
    /// Deterministic rules: rows that agree exactly on every field of one rule are merged.
    #[serde(default)]
    pub match_on: Vec<Spanned<Vec<String>>>,
    /// Match probability at and above which two rows are merged (default 0.9).
    pub threshold: Option<Spanned<f64>>,
    /// Pairs at and above this probability are written to `pairs.parquet` (default 0.1).
    pub pair_floor: Option<Spanned<f64>>,
    /// Clusters above this size are reported (default 50).
    pub max_cluster_size: Option<Spanned<i64>>,
    /// Split clusters above `max_cluster_size` by their strongest links (default true).
    pub split_large_clusters: Option<bool>,
    /// Blocks of more rows than this are skipped and reported (default 500).
    pub max_block_size: Option<Spanned<i64>>,
    /// A record identifier: never compared; kept from the earliest row of a cluster.
    pub id_column: Option<Spanned<String>>,
    /// Columns never used as comparison fields when the fields are chosen automatically.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Write golden records (default true); false keeps every row and only reports clusters.
    pub golden: Option<bool>,
    #[serde(default)]
    pub survivorship: SurvivorshipSpec,
}

/// `[dedup.survivorship]`: which row of a cluster each golden field comes from.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SurvivorshipSpec {
    /// The rule for columns not in `columns` (default most_complete).
    pub default: Option<Spanned<String>>,
    /// Per-column rules: most_recent, most_complete, most_frequent, longest,
    /// source_priority, first, last.
    #[serde(default)]
    pub columns: BTreeMap<String, Spanned<String>>,
    /// The date or timestamp column `most_recent` orders by.
    pub recency_column: Option<Spanned<String>>,
    /// The column naming each row's source system, for `source_priority`.
    pub source_column: Option<Spanned<String>>,
    /// Sources from most to least trusted.
    #[serde(default)]
    pub source_priority: Vec<String>,
}

/// Parses a TOML configuration file; a syntax or shape error names the file and line.
pub fn parse_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        Error::usage(format!(
            "{}:{line}: {}",
            path.display(),
            e.message().trim_end()
        ))
    })
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

impl PipelineFile {
    /// Reads and parses `path`. Errors name the file and line.
    pub fn read(path: &Path) -> Result<PipelineFile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
        Self::parse(path, text)
    }

    pub fn parse(path: &Path, text: String) -> Result<PipelineFile> {
        let spec: PipelineSpec = parse_toml(path, &text)?;
        Ok(PipelineFile {
            path: path.to_path_buf(),
            text,
            spec,
        })
    }

    /// An error at a byte offset of the file, naming the key.
    pub fn error_at(&self, offset: usize, key: &str, message: impl std::fmt::Display) -> Error {
        Error::usage(format!(
            "{}:{}: {key}: {message}",
            self.path.display(),
            line_of(&self.text, offset)
        ))
    }

    /// The directory relative paths in the file are resolved against.
    pub fn base_dir(&self) -> &Path {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<PipelineFile> {
        PipelineFile::parse(Path::new("p.toml"), text.to_string())
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_line() {
        let err = parse("[input]\npaths = []\n\n[outputs]\ncompresion = 'zstd'\n")
            .err()
            .unwrap();
        let msg = err.to_string();
        assert!(msg.contains("p.toml:5"), "{msg}");
        assert!(msg.contains("compresion"), "{msg}");
    }

    #[test]
    fn a_full_file_parses() {
        let f = parse(
            r#"
[pipeline]
name = "t"
[input]
paths = ["a.csv"]
[columns.email]
normalize = ["trim", { phone = { default_region = "DE" } }]
transform = { action = "hash", length = 16 }
[entities.CREDIT_CARD]
transform = "redact"
[[rules]]
column = "email"
valid = "EMAIL_ADDRESS"
action = "quarantine"
[fail_if]
quarantine_share = 0.01
entities_left = { notes = ["CREDIT_CARD"] }
"#,
        )
        .unwrap();
        assert_eq!(f.spec.columns["email"].get_ref().normalize.len(), 2);
        assert_eq!(f.spec.rules.len(), 1);
        assert_eq!(
            line_of(&f.text, f.spec.rules[0].span().start),
            11,
            "the [[rules]] header line"
        );
    }
}
