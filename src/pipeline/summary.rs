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
    /// Deduplication: the model, its fitted weights, the clusters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dedup: Option<DedupSummary>,
    /// Seconds per phase; with `as_of` and `dedup.seconds`, the only part of the manifest that
    /// differs between identical runs.
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

/// Every input row ends in exactly one place:
/// `rows_in = rows_out + rows_quarantined + rows_merged`.
#[derive(Debug, Clone, Copy, Serialize, Default, PartialEq, Eq)]
pub struct Accounting {
    pub rows_in: u64,
    pub rows_out: u64,
    pub rows_quarantined: u64,
    /// Rows merged into another row's golden record by deduplication (a cluster of n rows
    /// writes one golden record and merges n - 1).
    pub rows_merged: u64,
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
    /// Deduplication's linkage (model, keys, blocking, scoring, clustering).
    pub link_seconds: f64,
    pub process_seconds: f64,
    pub write_seconds: f64,
    pub total_seconds: f64,
}

/// What deduplication did, for the manifest and the report.
#[derive(Debug, Clone, Serialize, Default)]
pub struct DedupSummary {
    /// The model as a `[dedup]` section, ready to paste into a pipeline file.
    pub model: String,
    pub fields_inferred: bool,
    pub blocking_inferred: bool,
    pub fields: Vec<DedupField>,
    pub blocking: Vec<DedupRule>,
    /// Probability that two random rows are the same person, and its weight in bits.
    pub prior_probability: f64,
    pub prior_weight: f64,
    pub threshold: f64,
    pub candidate_pairs: u64,
    /// Pairs at or above the threshold (merged unless a cluster was split).
    pub links: u64,
    pub deterministic_links: u64,
    /// Pairs written to pairs.parquet (at or above the floor).
    pub pairs_written: u64,
    /// Clusters of two or more rows, and the rows in them.
    pub clusters: u64,
    pub rows_in_clusters: u64,
    pub largest_cluster: u64,
    /// Cluster size → number of clusters (singletons included).
    pub cluster_sizes: BTreeMap<u64, u64>,
    /// Components above max_cluster_size: (cluster id, size before splitting).
    pub large_clusters: Vec<(u64, u64)>,
    pub large_clusters_split: bool,
    pub golden_records: u64,
    pub rows_merged: u64,
    pub seconds: crate::dedup::LinkSeconds,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct DedupField {
    pub column: String,
    pub kind: String,
    pub levels: Vec<DedupLevel>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct DedupLevel {
    pub level: String,
    pub m: f64,
    pub u: f64,
    /// log2(m/u): bits of evidence (exact agreement is further term-frequency adjusted).
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct DedupRule {
    pub fields: Vec<String>,
    /// Candidate pairs this rule produced first.
    pub pairs: u64,
    /// Blocks skipped for exceeding max_block_size, and their rows.
    pub skipped_blocks: u64,
    pub skipped_rows: u64,
    pub largest_block: u64,
    /// Share of the pairs agreeing on this rule that EM judged matches.
    pub em_match_share: f64,
}

impl DedupSummary {
    pub fn new(
        l: &crate::dedup::Linkage,
        names: &[String],
        golden_records: u64,
        rows_merged: u64,
    ) -> DedupSummary {
        let model = &l.model;
        let mut cluster_sizes: BTreeMap<u64, u64> = BTreeMap::new();
        for (row, &id) in l.clusters.id.iter().enumerate() {
            if id as usize == row {
                *cluster_sizes
                    .entry(l.clusters.size[row] as u64)
                    .or_insert(0) += 1;
            }
        }
        let clusters = cluster_sizes
            .iter()
            .filter(|(s, _)| **s > 1)
            .map(|(_, n)| n)
            .sum();
        let rows_in_clusters = cluster_sizes
            .iter()
            .filter(|(s, _)| **s > 1)
            .map(|(s, n)| s * n)
            .sum();
        DedupSummary {
            model: model.to_toml(names),
            fields_inferred: model.fields_inferred,
            blocking_inferred: model.blocking_inferred,
            fields: model
                .fields
                .iter()
                .zip(&l.params.fields)
                .map(|(f, p)| DedupField {
                    column: f.name.clone(),
                    kind: f.kind.as_str().to_string(),
                    levels: f
                        .kind
                        .levels()
                        .iter()
                        .zip(p.m.iter().zip(&p.u))
                        .zip(p.weights())
                        .map(|((name, (m, u)), w)| DedupLevel {
                            level: name.to_string(),
                            m: *m,
                            u: *u,
                            weight: w,
                        })
                        .collect(),
                })
                .collect(),
            blocking: model
                .blocking
                .iter()
                .zip(&l.rule_stats)
                .zip(&l.params.rules)
                .map(|((r, s), fit)| DedupRule {
                    fields: r.iter().map(|&f| model.fields[f].name.clone()).collect(),
                    pairs: s.pairs,
                    skipped_blocks: s.skipped_blocks,
                    skipped_rows: s.skipped_rows,
                    largest_block: s.largest_block,
                    em_match_share: fit.match_share,
                })
                .collect(),
            prior_probability: l.params.lambda,
            prior_weight: l.prior_weight,
            threshold: model.settings.threshold,
            candidate_pairs: l.candidate_pairs,
            links: l.links,
            deterministic_links: l.deterministic_links,
            pairs_written: l.pairs.len() as u64,
            clusters,
            rows_in_clusters,
            largest_cluster: cluster_sizes.keys().next_back().copied().unwrap_or(0),
            cluster_sizes,
            large_clusters: l
                .clusters
                .large
                .iter()
                .map(|&(id, n)| (id as u64, n as u64))
                .collect(),
            large_clusters_split: model.settings.split_large,
            golden_records,
            rows_merged,
            seconds: l.seconds.clone(),
        }
    }
}
