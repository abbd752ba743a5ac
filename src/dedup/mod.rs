//! Deduplication: probabilistic record linkage (Fellegi-Sunter) that configures itself, and
//! golden records.
//!
//! The stages, in the order [`link`] runs them:
//!
//! 1. **model** ([`model`]): the comparison fields come from `[dedup] fields`, or from the
//!    columns' scan classification (a sample of rows) when absent;
//! 2. **keys** ([`keys`]): one pass over the comparison columns interns every normalized value
//!    ([`compare::normalize`]) into a `u32` per row and field — all that is held per row;
//! 3. **blocking** ([`block`]): rules chosen from the data unless configured, OR-ed, give the
//!    candidate pairs;
//! 4. **matching** ([`fs`]): each candidate's comparison levels ([`compare::compare`]), u from
//!    random pairs, m and λ by EM, a term-frequency-adjusted match probability per pair;
//! 5. **clustering** ([`cluster`]): union-find over the pairs at or above the threshold, with
//!    the giant-cluster guard.
//!
//! The run engine (`pipeline::engine`) then writes the clusters, the pairs above the floor and,
//! in its main pass, one golden record per cluster ([`golden`]).

pub mod block;
pub mod cluster;
pub mod compare;
pub mod eval;
pub mod fs;
pub mod golden;
pub mod keys;
pub mod model;

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use arrow::array::{ArrayRef, Float64Array, StringArray, UInt32Array, UInt64Array};
use arrow::datatypes::{DataType, Field as ArrowField, Schema};
use arrow::record_batch::RecordBatch;
use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::input::{ReadOptions, Table};
use crate::output::table::{DataFormat, ParquetOut, Pending};
use block::{Candidate, RuleStats};
use cluster::{Clusters, Link};
use compare::Kind;
use fs::Params;
use keys::Keys;
use model::{DedupPlan, Field, Model, Survive};

/// Rows read to choose the fields when none are configured.
pub const CLASSIFY_SAMPLE_ROWS: u64 = 20_000;

/// What linkage found.
pub struct Linkage {
    pub model: Model,
    pub params: Params,
    pub clusters: Clusters,
    /// Per row: the probability of its best candidate pair (NaN without one).
    pub best: Vec<f32>,
    pub rule_stats: Vec<RuleStats>,
    pub candidate_pairs: u64,
    /// Pairs at or above the threshold (including deterministic matches).
    pub links: u64,
    /// Pairs that a `match_on` rule merged.
    pub deterministic_links: u64,
    /// Pairs at or above the floor, for `pairs.parquet`.
    pub pairs: Vec<ScoredPair>,
    /// The prior, in bits.
    pub prior_weight: f64,
    pub seconds: LinkSeconds,
}

/// Seconds per linkage phase.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct LinkSeconds {
    pub model: f64,
    pub read: f64,
    pub blocking: f64,
    pub scoring: f64,
    pub clustering: f64,
}

/// A scored candidate pair.
#[derive(Clone, Copy, Debug)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    pub gamma: u32,
    pub weight: f64,
    pub probability: f64,
    pub rule: u16,
    /// Merged by a `match_on` rule whatever its probability.
    pub deterministic: bool,
    /// Per-field weights (term-frequency adjusted), in bits.
    pub field_weights: [f32; fs::MAX_FIELDS],
}

/// Where linkage reads from.
pub struct Source<'a> {
    pub table: &'a Table,
    pub read: &'a ReadOptions,
    pub names: &'a [String],
    pub country_column: Option<usize>,
    pub default_region: Option<&'a str>,
}

/// Links the rows of `source` under `plan`: resolves the model, then blocks, scores and
/// clusters. `progress` is called with rows read.
pub fn link(plan: &DedupPlan, source: &Source, progress: &(dyn Fn(u64) + Sync)) -> Result<Linkage> {
    let started = Instant::now();
    let mut seconds = LinkSeconds::default();
    let fields_inferred = plan.fields.is_none();
    let fields = match &plan.fields {
        Some(f) => f.clone(),
        None => infer_fields(plan, source)?,
    };
    if fields.is_empty() {
        return Err(Error::usage(
            "dedup: no column looks like a name, date of birth, e-mail, phone, address or identifier; name the comparison fields in [dedup] fields",
        ));
    }
    let mut survivorship = plan.survivorship.clone();
    if plan.survivorship_inferred {
        survivorship.columns = default_survivorship(&fields, plan, source, &survivorship);
    }
    seconds.model = started.elapsed().as_secs_f64();

    let t = Instant::now();
    let keys = keys::read(
        source.table,
        source.read,
        &fields,
        source.country_column,
        source.default_region,
        progress,
    )?;
    seconds.read = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let settings = plan.settings.clone();
    let blocking_inferred = plan.blocking.is_none();
    let mut blocking = match &plan.blocking {
        Some(b) => b.clone(),
        None => block::choose(&keys, pair_budget(keys.rows), settings.max_block_size),
    };
    for m in &plan.match_on {
        if !blocking.contains(m) {
            blocking.push(m.clone());
        }
    }
    if blocking.is_empty() {
        return Err(Error::usage(
            "dedup: no blocking rule is selective enough (every field has too many rows per value); name rules in [dedup] blocking",
        ));
    }
    let (candidates, rule_stats) = block::candidates(&keys, &blocking, settings.max_block_size);
    seconds.blocking = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let patterns: Vec<u32> = candidates
        .par_iter()
        .with_min_len(8192)
        .map(|c| fs::gamma(&keys, &fields, c.a, c.b))
        .collect();
    let u = fs::estimate_u(&keys, &fields, fs::U_SAMPLE);
    let params = fs::fit(&keys, &fields, &blocking, &patterns, u);
    let scorer = fs::Scorer::new(&params, &fields);
    let match_rules: Vec<&Vec<usize>> = plan.match_on.iter().collect();
    let scored: Vec<(f64, bool)> = candidates
        .par_iter()
        .zip(patterns.par_iter())
        .with_min_len(8192)
        .map(|(c, &g)| {
            let w = scorer.weight(&keys, g, c.a, c.b);
            let det = match_rules.iter().any(|r| block::agree(&keys, r, c.a, c.b));
            (w, det)
        })
        .collect();
    seconds.scoring = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut best = vec![f32::NAN; keys.rows];
    let mut links = Vec::new();
    let mut pairs = Vec::new();
    let mut deterministic_links = 0u64;
    for ((c, &g), &(w, det)) in candidates.iter().zip(&patterns).zip(&scored) {
        let p = if det { 1.0 } else { fs::probability(w) };
        for r in [c.a, c.b] {
            let b = &mut best[r as usize];
            if b.is_nan() || (p as f32) > *b {
                *b = p as f32;
            }
        }
        if p >= settings.threshold || det {
            links.push(Link {
                a: c.a,
                b: c.b,
                probability: p,
            });
            deterministic_links += det as u64;
        }
        if p >= settings.pair_floor || det {
            pairs.push(scored_pair(&keys, &scorer, fields.len(), c, g, w, p, det));
        }
    }
    pairs.sort_by_key(|p| (p.a, p.b));
    let clusters = cluster::cluster(
        keys.rows,
        &links,
        settings.max_cluster_size,
        settings.split_large,
    );
    seconds.clustering = t.elapsed().as_secs_f64();

    Ok(Linkage {
        model: Model {
            fields,
            blocking,
            match_on: plan.match_on.clone(),
            settings,
            id_column: plan.id_column,
            country_column: source.country_column,
            survivorship,
            fields_inferred,
            blocking_inferred,
        },
        prior_weight: scorer.prior(),
        params,
        clusters,
        best,
        rule_stats,
        candidate_pairs: candidates.len() as u64,
        links: links.len() as u64,
        deterministic_links,
        pairs,
        seconds,
    })
}

#[allow(clippy::too_many_arguments)]
fn scored_pair(
    keys: &Keys,
    scorer: &fs::Scorer,
    nf: usize,
    c: &Candidate,
    g: u32,
    w: f64,
    p: f64,
    det: bool,
) -> ScoredPair {
    let mut field_weights = [0f32; fs::MAX_FIELDS];
    let w_all = scorer.field_weights(keys, g, c.a, c.b);
    for (x, w) in field_weights.iter_mut().zip(w_all).take(nf) {
        *x = w as f32;
    }
    ScoredPair {
        a: c.a,
        b: c.b,
        gamma: g,
        weight: w,
        probability: p,
        rule: c.rule,
        deterministic: det,
        field_weights,
    }
}

/// The most pairs one chosen blocking rule may produce: a few per row.
fn pair_budget(rows: usize) -> u64 {
    (rows as u64).saturating_mul(2).max(10_000)
}

/// Chooses comparison fields from a sample scan's column classification.
fn infer_fields(plan: &DedupPlan, source: &Source) -> Result<Vec<Field>> {
    use crate::detect::{Detector, DetectorConfig};
    use crate::scan::{scan, NoFindings, ScanSettings};
    let detector = Detector::new(&DetectorConfig::default())?;
    let settings = ScanSettings {
        read: ReadOptions {
            whole_rows: false,
            ..source.read.clone()
        },
        default_region: source.default_region.and_then(crate::detect::phone::region),
        sample_rows: Some(CLASSIFY_SAMPLE_ROWS),
        ..ScanSettings::default()
    };
    let outcome = scan(
        source.table,
        &detector,
        &settings,
        &mut NoFindings,
        &|_, _| {},
    )?;
    let mut fields = Vec::new();
    for (i, name) in source.names.iter().enumerate() {
        if plan.id_column == Some(i)
            || plan.ignore.contains(&i)
            || source.country_column == Some(i)
            || !source.table.columns[i].scanned
            || plan.survivorship.recency_column == Some(i)
        {
            continue;
        }
        let stats = &outcome.columns[i];
        // Mostly empty columns say little.
        if (stats.non_null as f64) < 0.05 * outcome.rows.max(1) as f64 {
            continue;
        }
        let hint = outcome.hints[i];
        let verdict = match hint {
            // Postcodes are not personal data alone, but they are what addresses agree on.
            Some(crate::entity::Hint::NotPersonal) => None,
            _ => crate::classify::classify(stats, hint).verdict,
        };
        if let Some(kind) = keys::kind_for(name, verdict, false) {
            fields.push(Field {
                column: i,
                name: name.clone(),
                kind,
            });
        }
    }
    // Keep the most telling kinds when there are too many.
    if fields.len() > fs::MAX_FIELDS {
        let rank = |k: Kind| match k {
            Kind::Name => 0,
            Kind::Date => 1,
            Kind::Email => 2,
            Kind::Phone => 3,
            Kind::Identifier => 4,
            Kind::Postcode => 5,
            Kind::Street => 6,
            Kind::City => 7,
            Kind::Exact => 8,
        };
        fields.sort_by_key(|f| (rank(f.kind), f.column));
        fields.truncate(fs::MAX_FIELDS);
        fields.sort_by_key(|f| f.column);
    }
    Ok(fields)
}

/// Survivorship per field kind when none is configured: names by majority, contact details
/// from the most recent row (when a recency column exists), the record id from the first row.
fn default_survivorship(
    fields: &[Field],
    plan: &DedupPlan,
    source: &Source,
    sv: &model::Survivorship,
) -> Vec<(usize, Survive)> {
    let mut out = Vec::new();
    for f in fields {
        let rule = match f.kind {
            Kind::Name => Some(Survive::MostFrequent),
            Kind::Email | Kind::Phone | Kind::Street | Kind::City | Kind::Postcode => {
                sv.recency_column.map(|_| Survive::MostRecent)
            }
            _ => None,
        };
        if let Some(r) = rule {
            out.push((f.column, r));
        }
    }
    if let (Some(c), Some(_)) = (source.country_column, sv.recency_column) {
        out.push((c, Survive::MostRecent));
    }
    if let Some(c) = plan.id_column {
        out.push((c, Survive::First));
    }
    out.sort_by_key(|(c, _)| *c);
    out.dedup_by_key(|(c, _)| *c);
    out
}

/// Name of blocking rule `r`: its fields joined by "+".
pub fn rule_name(model: &Model, r: usize) -> String {
    model.blocking[r]
        .iter()
        .map(|&f| model.fields[f].name.as_str())
        .collect::<Vec<_>>()
        .join("+")
}

fn out_err(path: &Path) -> impl Fn(arrow::error::ArrowError) -> Error + '_ {
    move |e| Error::output(path, e)
}

/// Writes `clusters.parquet`: every row's cluster id, size and best-link probability.
pub fn write_clusters(linkage: &Linkage, path: &Path, format: &DataFormat) -> Result<Pending> {
    let schema = Arc::new(Schema::new(vec![
        ArrowField::new("row", DataType::UInt64, false),
        ArrowField::new("cluster_id", DataType::UInt64, false),
        ArrowField::new("cluster_size", DataType::UInt32, false),
        ArrowField::new("best_link_probability", DataType::Float64, true),
    ]));
    let mut out = ParquetOut::create(path, schema.clone(), format, None)?;
    let c = &linkage.clusters;
    let n = c.id.len();
    for start in (0..n).step_by(1 << 16) {
        let end = (start + (1 << 16)).min(n);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(UInt64Array::from_iter_values(start as u64..end as u64)),
            Arc::new(UInt64Array::from_iter_values(
                c.id[start..end].iter().map(|&x| x as u64),
            )),
            Arc::new(UInt32Array::from(c.size[start..end].to_vec())),
            Arc::new(Float64Array::from_iter(
                linkage.best[start..end]
                    .iter()
                    .map(|&p| (!p.is_nan()).then_some(p as f64)),
            )),
        ];
        let batch = RecordBatch::try_new(schema.clone(), columns).map_err(out_err(path))?;
        out.write(&batch)?;
    }
    Ok(out.finish()?.0)
}

/// Writes `pairs.parquet`: the pairs at or above the floor, with every field's comparison
/// level and weight — the audit trail of each merge.
pub fn write_pairs(linkage: &Linkage, path: &Path, format: &DataFormat) -> Result<Pending> {
    let model = &linkage.model;
    let mut fields = vec![
        ArrowField::new("row_a", DataType::UInt64, false),
        ArrowField::new("row_b", DataType::UInt64, false),
        ArrowField::new("probability", DataType::Float64, false),
        ArrowField::new("match_weight", DataType::Float64, false),
        ArrowField::new("merged", DataType::Boolean, false),
        ArrowField::new("blocking_rule", DataType::Utf8, false),
        ArrowField::new("match_rule", DataType::Boolean, false),
    ];
    for f in &model.fields {
        fields.push(ArrowField::new(
            format!("{}_level", f.name),
            DataType::Utf8,
            false,
        ));
        fields.push(ArrowField::new(
            format!("{}_weight", f.name),
            DataType::Float64,
            false,
        ));
    }
    let schema = Arc::new(Schema::new(fields));
    let mut out = ParquetOut::create(path, schema.clone(), format, None)?;
    let rule_names: Vec<String> = (0..model.blocking.len())
        .map(|r| rule_name(model, r))
        .collect();
    let merged =
        |p: &ScoredPair| linkage.clusters.id[p.a as usize] == linkage.clusters.id[p.b as usize];
    for chunk in linkage.pairs.chunks(1 << 16) {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(UInt64Array::from_iter_values(
                chunk.iter().map(|p| p.a as u64),
            )),
            Arc::new(UInt64Array::from_iter_values(
                chunk.iter().map(|p| p.b as u64),
            )),
            Arc::new(Float64Array::from_iter_values(
                chunk.iter().map(|p| p.probability),
            )),
            Arc::new(Float64Array::from_iter_values(
                chunk.iter().map(|p| p.weight),
            )),
            Arc::new(arrow::array::BooleanArray::from_iter(
                chunk.iter().map(|p| Some(merged(p))),
            )),
            Arc::new(StringArray::from_iter_values(
                chunk.iter().map(|p| rule_names[p.rule as usize].as_str()),
            )),
            Arc::new(arrow::array::BooleanArray::from_iter(
                chunk.iter().map(|p| Some(p.deterministic)),
            )),
        ];
        for (i, f) in model.fields.iter().enumerate() {
            let levels = f.kind.levels();
            columns.push(Arc::new(StringArray::from_iter_values(chunk.iter().map(
                |p| {
                    let l = fs::level(p.gamma, i);
                    if l == fs::NULL_LEVEL {
                        "null"
                    } else {
                        levels.get(l as usize).copied().unwrap_or("else")
                    }
                },
            ))));
            columns.push(Arc::new(Float64Array::from_iter_values(
                chunk.iter().map(|p| p.field_weights[i] as f64),
            )));
        }
        let batch = RecordBatch::try_new(schema.clone(), columns).map_err(out_err(path))?;
        out.write(&batch)?;
    }
    Ok(out.finish()?.0)
}

/// Checks that the accounting of a linkage is whole: every row has a cluster.
pub fn check(linkage: &Linkage, rows: u64) -> Result<()> {
    if linkage.clusters.id.len() as u64 != rows {
        return Err(Error::new(
            ErrorKind::Output,
            format!(
                "dedup linked {} rows but the run read {rows}",
                linkage.clusters.id.len()
            ),
        ));
    }
    Ok(())
}
