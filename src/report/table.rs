//! The human summary printed by `scour scan`: one line per column.

use std::fmt::Write;

use super::{ColumnReport, Inventory};
use crate::entity::Entity;

fn matched_and_invalid(c: &ColumnReport) -> (u64, u64) {
    let Some(verdict) = c.classification.verdict else {
        let invalid = c.entities.values().map(|e| e.invalid).sum();
        return (c.cells_with_findings, invalid);
    };
    let entities: Vec<Entity> = match verdict {
        crate::entity::Verdict::Entity(e) => vec![e],
        crate::entity::Verdict::NationalId => Entity::ALL
            .iter()
            .copied()
            .filter(|e| e.is_national_id())
            .collect(),
    };
    entities
        .iter()
        .filter_map(|e| c.entities.get(e.name()))
        .fold((0, 0), |(m, i), e| (m + e.whole_cells, i + e.invalid))
}

fn evidence(c: &ColumnReport) -> String {
    if !c.scanned {
        return "not scanned (type)".into();
    }
    match c.classification.verdict {
        Some(crate::entity::Verdict::Entity(e)) => match c.entities.get(e.name()) {
            Some(counts) if !counts.samples.is_empty() => counts.samples.join("  "),
            _ if c.classification.basis == "name" => "column name".into(),
            _ => String::new(),
        },
        _ => {
            let mut parts: Vec<(u64, &str)> =
                c.entities.iter().map(|(n, e)| (e.findings, *n)).collect();
            parts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            if parts.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = parts
                    .iter()
                    .take(4)
                    .map(|(n, name)| format!("{name} {n}"))
                    .collect();
                format!("contains {}", list.join(", "))
            }
        }
    }
}

/// Renders the summary table.
pub fn render(inv: &Inventory) -> String {
    let mut out = String::new();
    let files = inv.inputs.len();
    let _ = writeln!(
        out,
        "scanned {} rows, {} columns, {} file{} ({:.1} MB of cell text) in {:.2} s",
        inv.rows,
        inv.columns.len(),
        files,
        if files == 1 { "" } else { "s" },
        inv.bytes_scanned as f64 / 1e6,
        inv.seconds
    );
    let name_w = inv
        .columns
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(6)
        .clamp(6, 32);
    // Entity names run to 25 characters (FI_PERSONAL_IDENTITY_CODE): size the columns to
    // what this table holds.
    let verdict_w = inv
        .columns
        .iter()
        .filter_map(|c| c.classification.verdict.map(|v| v.name().len()))
        .max()
        .unwrap_or(7)
        .max(7);
    let entity_w = inv.totals.keys().map(|k| k.len()).max().unwrap_or(6).max(6);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<name_w$}  {:<verdict_w$}  {:>4}  {:>17}  {:>7}  EVIDENCE (masked)",
        "COLUMN", "VERDICT", "CONF", "MATCHED/NON-NULL", "INVALID"
    );
    for c in &inv.columns {
        let verdict = c.classification.verdict.map(|v| v.name()).unwrap_or("-");
        let conf = if c.classification.verdict.is_some() {
            format!("{:.2}", c.classification.confidence)
        } else {
            String::new()
        };
        let (matched, invalid) = matched_and_invalid(c);
        let name: String = c.name.chars().take(32).collect();
        let _ = writeln!(
            out,
            "{:<name_w$}  {:<verdict_w$}  {:>4}  {:>17}  {:>7}  {}",
            name,
            verdict,
            conf,
            format!("{matched}/{}", c.non_null),
            invalid,
            evidence(c)
        );
    }
    if !inv.totals.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{:<entity_w$}  {:>9}  {:>9}  {:>7}",
            "ENTITY", "FINDINGS", "VALIDATED", "INVALID"
        );
        for (name, t) in &inv.totals {
            let _ = writeln!(
                out,
                "{:<entity_w$}  {:>9}  {:>9}  {:>7}",
                name, t.findings, t.validated, t.invalid
            );
        }
    }
    out
}
