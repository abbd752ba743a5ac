//! What a run did, in numbers: the content of `manifest.json` and of `report.html`.
//!
//! Counts only, plus masked samples; never a raw value.

use std::collections::BTreeMap;

use serde::Serialize;

/// The whole manifest.
#[derive(Debug, Clone, Serialize, Default)]
pub struct RunSummary {
    pub scour_version: String,
    pub pipeline: PipelineInfo,
    pub inputs: Vec<InputInfo>,
    /// Start of the run, RFC 3339 UTC (the run's "as of" time).
    pub as_of: String,
    /// Fingerprint of the key used (not the key), when a transform or encryption used one.
    pub key_fingerprint: Option<String>,
    pub accounting: Accounting,
    pub columns: Vec<ColumnSummary>,
    pub rules: Vec<RuleSummary>,
    pub outputs: Vec<OutputInfo>,
    /// Thresholds from `[fail_if]` and whether each was broken.
    pub thresholds: Vec<ThresholdResult>,
    /// True when a threshold was broken (the run exits 1).
    pub failed: bool,
    /// Seconds per phase; the only part of the manifest that differs between identical runs,
    /// with `as_of`.
    pub timings: Timings,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct PipelineInfo {
    pub name: String,
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct InputInfo {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    pub rows: u64,
}

/// Every input row ends in exactly one place: `rows_in = rows_out + rows_quarantined`.
#[derive(Debug, Clone, Copy, Serialize, Default, PartialEq, Eq)]
pub struct Accounting {
    pub rows_in: u64,
    pub rows_out: u64,
    pub rows_quarantined: u64,
    /// Whether the equation held (checked on every run; a run where it does not fails).
    pub balanced: bool,
}

/// What happened in one input column.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ColumnSummary {
    pub name: String,
    /// The entity the column holds, when declared or evident from its name.
    pub entity: Option<String>,
    /// Non-null cells read.
    pub values: u64,
    /// Cells changed, per normalizer name.
    pub normalized: BTreeMap<String, u64>,
    /// Cells a normalizer could not normalize (kept as they were), per normalizer name.
    pub not_normalizable: BTreeMap<String, u64>,
    /// The whole-cell transform ("hash", "tokenize", "drop", ...), if any.
    pub transform: Option<String>,
    /// Cells transformed, and cells whose transform failed (written as NULL).
    pub transformed: u64,
    pub transform_failed: u64,
    /// Findings in free text, per entity: replaced in place, and left as they were.
    pub findings_replaced: BTreeMap<String, u64>,
    pub findings_left: BTreeMap<String, u64>,
    pub encrypted: bool,
    pub dropped: bool,
    /// Rule failures in this column, per severity name.
    pub failures: BTreeMap<String, u64>,
}

/// One rule's results.
#[derive(Debug, Clone, Serialize, Default)]
pub struct RuleSummary {
    pub name: String,
    pub check: String,
    pub column: Option<String>,
    pub severity: String,
    pub action: String,
    pub failures: u64,
    /// For `fix` rules: values the fix repaired (the rest were kept and reported).
    pub fixed: u64,
    /// A few masked failing values, for the report.
    pub samples: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct OutputInfo {
    pub name: String,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ThresholdResult {
    pub name: String,
    pub limit: String,
    pub actual: String,
    pub broken: bool,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Timings {
    pub compile_seconds: f64,
    pub process_seconds: f64,
    pub write_seconds: f64,
    pub total_seconds: f64,
}
