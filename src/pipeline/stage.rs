//! Stages: the steps a pipeline applies to each slice of rows, in order.
//!
//! A [`Work`] is one slice of the table (a few thousand rows) on its way through the pipeline:
//! the rows as read, the current text of every column a stage has touched, which rows are
//! quarantined and why, the discrepancies recorded so far and the counts. Row-local stages
//! ([`Normalize`], [`Validate`], [`Deidentify`]) see one `Work` at a time and run in parallel on
//! different slices. Checks that need every row (`unique` rules now; deduplication and
//! erasure lists later) run in the engine's ordered pass after the row-local stages, over
//! compact per-row keys the stages leave in the `Work`.

use std::borrow::Cow;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, BooleanArray, StringArray, StringBuilder};
use arrow::datatypes::DataType;
use arrow::record_batch::RecordBatch;

use super::deid::Applied;
use super::normalize::{Outcome, RowContext};
use super::plan::{Action, Plan, Rule};
use super::rules;
use crate::detect::{phone, CellContext, Finding};
use crate::entity::Entity;
use crate::mask;
use crate::output::discrepancies::Discrepancy;

/// A row-local step of the pipeline.
pub trait Stage: Sync {
    fn name(&self) -> &'static str;
    fn run(&self, plan: &Plan, work: &mut Work);
}

/// The row-local stages of a plan, in the order they run.
pub fn stages() -> Vec<Box<dyn Stage>> {
    vec![
        Box::new(Normalize),
        Box::new(Validate),
        Box::new(Deidentify),
    ]
}

/// Counts for one column, summed over slices.
#[derive(Debug, Clone, Default)]
pub struct ColumnCounts {
    pub values: u64,
    pub normalized: Vec<u64>,
    pub not_normalizable: Vec<u64>,
    pub transformed: u64,
    pub transform_failed: u64,
    pub replaced: Vec<u64>,
    pub left: Vec<u64>,
    /// Failures by severity (info, warning, error).
    pub failures: [u64; 3],
}

/// Counts for one rule.
#[derive(Debug, Clone, Default)]
pub struct RuleCounts {
    pub failures: u64,
    pub fixed: u64,
    pub samples: Vec<String>,
}

/// How many masked samples a rule keeps for the report.
pub const RULE_SAMPLES: usize = 5;

#[derive(Debug, Clone, Default)]
pub struct Counts {
    pub columns: Vec<ColumnCounts>,
    pub rules: Vec<RuleCounts>,
}

impl Counts {
    pub fn new(plan: &Plan) -> Counts {
        Counts {
            columns: plan
                .columns
                .iter()
                .map(|c| ColumnCounts {
                    normalized: vec![0; c.normalizers.len()],
                    not_normalizable: vec![0; c.normalizers.len()],
                    replaced: vec![0; Entity::SLOTS],
                    left: vec![0; Entity::SLOTS],
                    ..Default::default()
                })
                .collect(),
            rules: vec![RuleCounts::default(); plan.rules.len()],
        }
    }

    /// Adds `other` (a later slice) to these counts.
    pub fn merge(&mut self, other: &Counts) {
        for (a, b) in self.columns.iter_mut().zip(&other.columns) {
            a.values += b.values;
            add(&mut a.normalized, &b.normalized);
            add(&mut a.not_normalizable, &b.not_normalizable);
            a.transformed += b.transformed;
            a.transform_failed += b.transform_failed;
            add(&mut a.replaced, &b.replaced);
            add(&mut a.left, &b.left);
            for s in 0..3 {
                a.failures[s] += b.failures[s];
            }
        }
        for (a, b) in self.rules.iter_mut().zip(&other.rules) {
            a.failures += b.failures;
            a.fixed += b.fixed;
            for s in &b.samples {
                if a.samples.len() < RULE_SAMPLES {
                    a.samples.push(s.clone());
                }
            }
        }
    }
}

fn add(a: &mut [u64], b: &[u64]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// Ordering of discrepancies within a row: normalizers, then rules, then transforms.
const ORDER_NORMALIZE: u32 = 0;
const ORDER_RULE: u32 = 1 << 20;
const ORDER_TRANSFORM: u32 = 2 << 20;

/// One slice of rows on its way through the stages.
pub struct Work {
    /// Input row number (0-based, across files, as in `scan`'s findings) of the first row.
    pub first_row: u64,
    pub rows: usize,
    /// The rows as read (what the quarantine file keeps).
    pub original: RecordBatch,
    /// Current text of each column a stage has read or changed.
    pub text: Vec<Option<StringArray>>,
    /// Rows going to quarantine, with the rules that sent them.
    pub quarantined: Vec<bool>,
    pub reasons: Vec<Vec<u32>>,
    /// (order within the row, discrepancy).
    pub discrepancies: Vec<(u32, Discrepancy)>,
    /// For each `unique` rule (by rule index): a key per row (`None` for NULL).
    pub unique_keys: Vec<(usize, Vec<Option<u128>>)>,
    pub counts: Counts,
    /// Rows whose country gives the region of phone numbers; the raw country text.
    country: Option<StringArray>,
    findings: Vec<Finding>,
}

impl Work {
    pub fn new(plan: &Plan, original: RecordBatch, first_row: u64) -> Work {
        let rows = original.num_rows();
        let mut work = Work {
            first_row,
            rows,
            text: vec![None; plan.columns.len()],
            quarantined: vec![false; rows],
            reasons: vec![Vec::new(); rows],
            discrepancies: Vec::new(),
            unique_keys: Vec::new(),
            counts: Counts::new(plan),
            country: None,
            findings: Vec::new(),
            original,
        };
        work.country = plan.country_column.and_then(|c| work.read_text(c));
        for (i, c) in plan.columns.iter().enumerate() {
            if c.rewritten || c.scan {
                work.load(i);
            }
        }
        for (i, counts) in work.counts.columns.iter_mut().enumerate() {
            let a = work.original.column(i);
            counts.values = (a.len() - a.null_count()) as u64;
        }
        work
    }

    /// The column as read, as text (`None` for types without a text form).
    fn read_text(&self, column: usize) -> Option<StringArray> {
        to_text(self.original.column(column))
    }

    /// Makes sure the column's text is loaded.
    pub fn load(&mut self, column: usize) -> Option<&StringArray> {
        if self.text[column].is_none() {
            self.text[column] = self.read_text(column);
        }
        self.text[column].as_ref()
    }

    fn country(&self, row: usize) -> Option<&str> {
        self.country
            .as_ref()
            .and_then(|a| a.is_valid(row).then(|| a.value(row)))
    }

    fn region(&self, plan: &Plan, row: usize) -> Option<phonenumber::country::Id> {
        self.country(row)
            .and_then(phone::region)
            .or(plan.default_region)
    }

    fn record(&mut self, order: u32, d: Discrepancy) {
        self.discrepancies.push((order, d));
    }

    /// Every column as the engine writes it: current text where a stage touched it, else as
    /// read. Used by SQL rules (which see the normalized row) and to assemble the output.
    pub fn current_columns(&self) -> Vec<ArrayRef> {
        (0..self.text.len())
            .map(|i| match &self.text[i] {
                Some(a) => Arc::new(a.clone()) as ArrayRef,
                None => self.original.column(i).clone(),
            })
            .collect()
    }
}

/// A column's text form: strings as they are, other types cast (numbers, dates, booleans).
pub fn to_text(array: &ArrayRef) -> Option<StringArray> {
    match array.data_type() {
        DataType::Utf8 => Some(array.as_string::<i32>().clone()),
        t if arrow::compute::can_cast_types(t, &DataType::Utf8) => {
            arrow::compute::cast(array, &DataType::Utf8)
                .ok()
                .map(|a| a.as_string::<i32>().clone())
        }
        _ => None,
    }
}

/// Masks a value for a report: by the column's entity when known.
pub fn masked(entity: Option<Entity>, value: &str) -> String {
    match entity {
        Some(e) => mask::mask(e, value),
        None => mask::mask_unknown(value),
    }
}

/// Rebuilds a string column with some rows replaced (`Some(None)` = NULL).
pub fn replace_rows(array: &StringArray, replacements: &[(usize, Option<String>)]) -> StringArray {
    let mut b = StringBuilder::with_capacity(array.len(), array.value_data().len());
    let mut next = replacements.iter().peekable();
    for row in 0..array.len() {
        if let Some((r, v)) = next.peek() {
            if *r == row {
                match v {
                    Some(v) => b.append_value(v),
                    None => b.append_null(),
                }
                next.next();
                continue;
            }
        }
        if array.is_valid(row) {
            b.append_value(array.value(row));
        } else {
            b.append_null();
        }
    }
    b.finish()
}

/// Normalizers of each column, in the order the pipeline lists them. A changed cell is one
/// discrepancy (`fixed`); a value a normalizer cannot read is kept and reported (`kept`).
pub struct Normalize;

impl Stage for Normalize {
    fn name(&self) -> &'static str {
        "normalize"
    }

    fn run(&self, plan: &Plan, work: &mut Work) {
        for (c, col) in plan.columns.iter().enumerate() {
            if col.normalizers.is_empty() {
                continue;
            }
            let Some(array) = work.text[c].clone() else {
                continue;
            };
            let mut b = StringBuilder::with_capacity(array.len(), array.value_data().len());
            let mut changed_names: Vec<&'static str> = Vec::new();
            for row in 0..array.len() {
                if array.is_null(row) {
                    b.append_null();
                    continue;
                }
                let before = array.value(row);
                let mut value: Cow<str> = Cow::Borrowed(before);
                changed_names.clear();
                for (k, n) in col.normalizers.iter().enumerate() {
                    let ctx = RowContext {
                        country: work.country(row),
                    };
                    match n.apply(&value, &ctx) {
                        Outcome::Unchanged => {}
                        Outcome::Changed(v) => {
                            work.counts.columns[c].normalized[k] += 1;
                            changed_names.push(n.name());
                            value = Cow::Owned(v);
                        }
                        Outcome::Invalid(reason) => {
                            work.counts.columns[c].not_normalizable[k] += 1;
                            let d = Discrepancy {
                                row: work.first_row + row as u64,
                                column: col.name.clone(),
                                rule: format!("normalize:{}", n.name()),
                                check: "normalize",
                                severity: "warning",
                                action: "kept",
                                reason: Some(reason.to_string()),
                                before: Some(masked(col.entity, &value)),
                                after: None,
                            };
                            work.record(ORDER_NORMALIZE + (c as u32) * 64 + k as u32, d);
                        }
                    }
                }
                if let Cow::Owned(v) = &value {
                    if v != before {
                        let d = Discrepancy {
                            row: work.first_row + row as u64,
                            column: col.name.clone(),
                            rule: "normalize".to_string(),
                            check: "normalize",
                            severity: "info",
                            action: "fixed",
                            reason: Some(changed_names.join(", ")),
                            before: Some(masked(col.entity, before)),
                            after: Some(masked(col.entity, v)),
                        };
                        work.record(ORDER_NORMALIZE + (c as u32) * 64 + 63, d);
                    }
                }
                b.append_value(&value);
            }
            work.text[c] = Some(b.finish());
        }
    }
}

/// Validation rules, in the order the pipeline lists them. Each rule sees the values as the
/// normalizers and earlier rules' fixes left them.
pub struct Validate;

impl Stage for Validate {
    fn name(&self) -> &'static str {
        "validate"
    }

    fn run(&self, plan: &Plan, work: &mut Work) {
        // Cells set to NULL by rules, applied after all rules have seen the row.
        let mut nulls: Vec<Vec<usize>> = vec![Vec::new(); plan.columns.len()];
        for (r, rule) in plan.rules.iter().enumerate() {
            match rule.column {
                None => validate_row_rule(plan, work, r, rule),
                Some(c) => {
                    if matches!(rule.check, super::plan::Check::Unique) {
                        let keys = match work.load(c) {
                            Some(a) => (0..a.len())
                                .map(|row| a.is_valid(row).then(|| rules::unique_key(a.value(row))))
                                .collect(),
                            None => vec![None; work.rows],
                        };
                        work.unique_keys.push((r, keys));
                        continue;
                    }
                    validate_column_rule(plan, work, r, rule, c, &mut nulls[c]);
                }
            }
        }
        for (c, rows) in nulls.iter_mut().enumerate() {
            if rows.is_empty() {
                continue;
            }
            rows.sort_unstable();
            rows.dedup();
            if let Some(a) = &work.text[c] {
                let replacements: Vec<(usize, Option<String>)> =
                    rows.iter().map(|&r| (r, None)).collect();
                work.text[c] = Some(replace_rows(a, &replacements));
            }
        }
    }
}

/// One rule failure: what was done, why, and the value before and after (`after`: `None`
/// when unchanged, `Some(None)` when set to NULL).
pub struct Failure<'a> {
    pub action: &'static str,
    pub reason: Option<&'a str>,
    pub before: Option<&'a str>,
    pub after: Option<Option<&'a str>>,
}

/// Records one rule failure and counts it.
pub fn record_failure(plan: &Plan, work: &mut Work, r: usize, row: usize, failure: Failure) {
    let Failure {
        action,
        reason,
        before,
        after,
    } = failure;
    let rule = &plan.rules[r];
    let entity = rule.column.and_then(|c| plan.columns[c].entity);
    let before_masked = before.map(|v| masked(entity, v));
    let counts = &mut work.counts.rules[r];
    counts.failures += 1;
    if counts.samples.len() < RULE_SAMPLES {
        if let Some(m) = &before_masked {
            counts.samples.push(m.clone());
        }
    }
    if let Some(c) = rule.column {
        work.counts.columns[c].failures[rule.severity as usize] += 1;
    }
    if rule.action == Action::Quarantine {
        work.quarantined[row] = true;
        work.reasons[row].push(r as u32);
    }
    let after = match after {
        Some(Some(v)) => Some(masked(entity, v)),
        Some(None) => None,
        None => before_masked.clone(),
    };
    let d = Discrepancy {
        row: work.first_row + row as u64,
        column: rule
            .column
            .map(|c| plan.columns[c].name.clone())
            .unwrap_or_default(),
        rule: rule.name.clone(),
        check: rule.check.kind(),
        severity: rule.severity.name(),
        action,
        reason: reason.map(str::to_string),
        before: before_masked,
        after,
    };
    work.record(ORDER_RULE + r as u32, d);
}

fn validate_row_rule(plan: &Plan, work: &mut Work, r: usize, rule: &Rule) {
    let super::plan::Check::Sql(pred) = &rule.check else {
        return;
    };
    for &c in pred.columns_used() {
        work.load(c);
    }
    let result: BooleanArray = pred.eval(&work.current_columns(), work.rows);
    let action = match rule.action {
        Action::Quarantine => "quarantine",
        _ => "reported",
    };
    for row in 0..work.rows {
        if result.is_valid(row) && !result.value(row) {
            record_failure(
                plan,
                work,
                r,
                row,
                Failure {
                    action,
                    reason: None,
                    before: None,
                    after: Some(None),
                },
            );
        }
    }
}

fn validate_column_rule(
    plan: &Plan,
    work: &mut Work,
    r: usize,
    rule: &Rule,
    c: usize,
    nulls: &mut Vec<usize>,
) {
    let Some(array) = work.load(c).cloned() else {
        return;
    };
    let col = &plan.columns[c];
    let mut fixes: Vec<(usize, Option<String>)> = Vec::new();
    // Only `valid` checks look at the row's phone region; the others skip reading the country.
    let needs_region = matches!(rule.check, super::plan::Check::Valid(_));
    for row in 0..array.len() {
        let value = array.is_valid(row).then(|| array.value(row));
        let ctx = rules::CheckContext {
            detector: plan.detector.as_ref(),
            cell: CellContext {
                hint: col.hint,
                region: if needs_region {
                    work.region(plan, row)
                } else {
                    None
                },
            },
        };
        let Err(reason) = rules::check(&rule.check, value, &ctx) else {
            continue;
        };
        match rule.action {
            Action::Report => record_failure(
                plan,
                work,
                r,
                row,
                Failure {
                    action: "reported",
                    reason,
                    before: value,
                    after: None,
                },
            ),
            Action::Quarantine => record_failure(
                plan,
                work,
                r,
                row,
                Failure {
                    action: "quarantine",
                    reason,
                    before: value,
                    after: None,
                },
            ),
            Action::Null => {
                nulls.push(row);
                record_failure(
                    plan,
                    work,
                    r,
                    row,
                    Failure {
                        action: "null",
                        reason,
                        before: value,
                        after: Some(None),
                    },
                );
            }
            Action::Fix => {
                let fix = rule.fix.as_ref().expect("fix rules have a normalizer");
                let fixed = value.and_then(|v| {
                    match fix.apply(
                        v,
                        &RowContext {
                            country: work.country(row),
                        },
                    ) {
                        Outcome::Changed(s) => rules::check(&rule.check, Some(&s), &ctx)
                            .is_ok()
                            .then_some(s),
                        _ => None,
                    }
                });
                match fixed {
                    Some(s) => {
                        record_failure(
                            plan,
                            work,
                            r,
                            row,
                            Failure {
                                action: "fixed",
                                reason,
                                before: value,
                                after: Some(Some(&s)),
                            },
                        );
                        work.counts.rules[r].fixed += 1;
                        fixes.push((row, Some(s)));
                    }
                    None => record_failure(
                        plan,
                        work,
                        r,
                        row,
                        Failure {
                            action: "kept",
                            reason,
                            before: value,
                            after: None,
                        },
                    ),
                }
            }
        }
    }
    if !fixes.is_empty() {
        work.text[c] = Some(replace_rows(&array, &fixes));
    }
}

/// Whole-cell transforms of columns, and in-place replacement of findings inside free text.
pub struct Deidentify;

impl Stage for Deidentify {
    fn name(&self) -> &'static str {
        "deidentify"
    }

    fn run(&self, plan: &Plan, work: &mut Work) {
        for (c, col) in plan.columns.iter().enumerate() {
            if col.drop {
                continue;
            }
            if let Some(t) = &col.transform {
                let Some(array) = work.text[c].clone() else {
                    continue;
                };
                let entity = col.entity.map(|e| e.name());
                let mut b = StringBuilder::with_capacity(array.len(), array.value_data().len());
                for row in 0..array.len() {
                    if array.is_null(row) {
                        b.append_null();
                        continue;
                    }
                    let value = array.value(row);
                    match t.prepared.apply(value, entity) {
                        Applied::Value(v) => {
                            work.counts.columns[c].transformed += 1;
                            b.append_value(v);
                        }
                        Applied::Unchanged => b.append_value(value),
                        Applied::Null => {
                            work.counts.columns[c].transformed += 1;
                            b.append_null();
                        }
                        Applied::Failed(reason) => {
                            // Never write a value the transform could not protect.
                            work.counts.columns[c].transform_failed += 1;
                            b.append_null();
                            let d = Discrepancy {
                                row: work.first_row + row as u64,
                                column: col.name.clone(),
                                rule: format!("transform:{}", t.name),
                                check: "transform",
                                severity: "error",
                                action: "null",
                                reason: Some(reason.to_string()),
                                before: Some(masked(col.entity, value)),
                                after: None,
                            };
                            work.record(ORDER_TRANSFORM + c as u32, d);
                        }
                    }
                }
                work.text[c] = Some(b.finish());
            } else if col.scan {
                replace_findings(plan, work, c);
            }
        }
    }
}

/// Finds personal data in a free-text column; with `replace_spans`, replaces each finding
/// whose entity has a transform, keeping the rest of the text. Counts what is left.
fn replace_findings(plan: &Plan, work: &mut Work, c: usize) {
    let Some(detector) = plan.detector.as_ref() else {
        return;
    };
    let Some(array) = work.text[c].clone() else {
        return;
    };
    let col = &plan.columns[c];
    let mut findings = std::mem::take(&mut work.findings);
    let mut b = StringBuilder::with_capacity(array.len(), array.value_data().len());
    let mut out = String::new();
    for row in 0..array.len() {
        if array.is_null(row) {
            b.append_null();
            continue;
        }
        let text = array.value(row);
        findings.clear();
        let ctx = CellContext {
            hint: col.hint,
            region: work.region(plan, row),
        };
        detector.detect(text, &ctx, &mut findings);
        findings.retain(|f| f.validated);
        findings.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        out.clear();
        let mut at = 0usize;
        for f in &findings {
            let (start, end) = (f.start as usize, f.end as usize);
            if start < at || end > text.len() {
                continue; // overlaps a span already handled
            }
            let transform = if col.replace_spans {
                plan.entity_transforms[f.entity.index()].as_ref()
            } else {
                None
            };
            let Some(t) = transform else {
                work.counts.columns[c].left[f.entity.index()] += 1;
                continue;
            };
            out.push_str(&text[at..start]);
            let span = &text[start..end];
            match t.prepared.apply(span, Some(f.entity.name())) {
                Applied::Value(v) => out.push_str(&v),
                Applied::Unchanged => out.push_str(span),
                Applied::Null => {}
                Applied::Failed(_) => {
                    out.push('<');
                    out.push_str(f.entity.name());
                    out.push('>');
                }
            }
            work.counts.columns[c].replaced[f.entity.index()] += 1;
            at = end;
        }
        if at == 0 {
            b.append_value(text);
        } else {
            out.push_str(&text[at..]);
            b.append_value(&out);
        }
    }
    work.findings = findings;
    if col.replace_spans {
        work.text[c] = Some(b.finish());
    }
}
