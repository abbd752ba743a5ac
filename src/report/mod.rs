//! Reports: the inventory a data-protection officer reads, as JSON (`--report`) and as a
//! table on stdout.
//!
//! Reports hold counts and masked samples only; no raw cell value ever reaches them.

pub mod html;
pub mod table;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::classify::{classify, Classification, EntityCounts};
use crate::entity::Entity;
use crate::input::{Format, Table};
use crate::scan::ScanOutcome;

/// The JSON inventory (`scour scan --report`). Field meanings are documented in the README.
#[derive(Debug, Serialize)]
pub struct Inventory {
    pub scour_version: &'static str,
    pub started_at: String,
    pub finished_at: String,
    pub seconds: f64,
    pub rows: u64,
    pub bytes_scanned: u64,
    pub inputs: Vec<InputReport>,
    pub settings: SettingsReport,
    pub columns: Vec<ColumnReport>,
    /// Per entity over the whole table (entities with at least one finding).
    pub totals: BTreeMap<&'static str, TotalReport>,
}

#[derive(Debug, Serialize)]
pub struct InputReport {
    pub path: String,
    pub format: &'static str,
    pub size: u64,
    pub sha256: String,
    pub rows: u64,
}

#[derive(Debug, Serialize)]
pub struct SettingsReport {
    pub min_score: f32,
    pub default_region: Option<String>,
    pub country_column: Option<String>,
    pub entities: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ColumnReport {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: String,
    pub scanned: bool,
    pub name_hint: Option<&'static str>,
    #[serde(flatten)]
    pub classification: Classification,
    pub non_null: u64,
    pub cells_with_findings: u64,
    pub bytes: u64,
    pub entities: BTreeMap<&'static str, EntityCounts>,
}

#[derive(Debug, Default, Serialize)]
pub struct TotalReport {
    pub findings: u64,
    pub validated: u64,
    pub invalid: u64,
    pub columns: Vec<String>,
}

/// Everything a report needs besides the scan itself.
pub struct RunInfo {
    pub started_at: String,
    pub finished_at: String,
    pub sha256: Vec<String>,
    pub settings: SettingsReport,
}

impl Inventory {
    pub fn build(table: &Table, outcome: &ScanOutcome, info: RunInfo) -> Inventory {
        let inputs = table
            .files
            .iter()
            .zip(&outcome.rows_per_file)
            .zip(info.sha256)
            .map(|((f, &rows), sha256)| InputReport {
                path: f.path.display().to_string(),
                format: match f.format {
                    Format::Csv => "csv",
                    Format::Parquet => "parquet",
                },
                size: f.size,
                sha256,
                rows,
            })
            .collect();
        let mut totals: BTreeMap<&'static str, TotalReport> = BTreeMap::new();
        let columns = table
            .columns
            .iter()
            .zip(&outcome.columns)
            .zip(&outcome.hints)
            .map(|((info, stats), hint)| {
                let mut entities = BTreeMap::new();
                for e in Entity::all() {
                    let c = &stats.entities[e.index()];
                    if c.findings == 0 {
                        continue;
                    }
                    let t = totals.entry(e.name()).or_default();
                    t.findings += c.findings;
                    t.validated += c.validated;
                    t.invalid += c.invalid;
                    t.columns.push(info.name.clone());
                    entities.insert(e.name(), c.clone());
                }
                ColumnReport {
                    name: info.name.clone(),
                    data_type: info.data_type.clone(),
                    scanned: info.scanned,
                    name_hint: hint.map(|h| h.name()),
                    classification: classify(stats, *hint),
                    non_null: stats.non_null,
                    cells_with_findings: stats.cells_with_findings,
                    bytes: stats.bytes,
                    entities,
                }
            })
            .collect();
        Inventory {
            scour_version: env!("CARGO_PKG_VERSION"),
            started_at: info.started_at,
            finished_at: info.finished_at,
            seconds: (outcome.seconds * 1000.0).round() / 1000.0,
            rows: outcome.rows,
            bytes_scanned: outcome.bytes,
            inputs,
            settings: info.settings,
            columns,
            totals,
        }
    }
}
