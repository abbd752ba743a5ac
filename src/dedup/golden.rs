//! Survivorship: one golden record per cluster, each field taken from the member row its
//! column's rule prefers, with the source row of every field recorded.
//!
//! The engine holds the cleansed rows of multi-row clusters (arrow batches, in the cleansed
//! schema) together with a little metadata per row read from the input ([`Member`]); once
//! every row has been read, [`build`] picks the source row of each golden field and gathers
//! the values with arrow's `interleave`, so values keep their types and their cleansing
//! (normalized, pseudonymized) exactly as in the other cleansed rows.
//!
//! Rules skip members whose value is empty. Ties go to the earlier row, except for
//! `most_recent` where a later row wins an equal date.

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, StringArray, UInt32Array, UInt64Array};
use arrow::compute::interleave;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use arrow::record_batch::RecordBatch;

use super::model::{Survive, Survivorship};
use crate::error::{Error, ErrorKind, Result};

/// What survivorship needs to know about a member row, read from the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub row: u64,
    pub cluster: u32,
    /// Non-empty input cells.
    pub filled: u32,
    /// Sortable recency (seconds since the epoch) from the recency column.
    pub recency: Option<i64>,
    /// Position of the row's source in `source_priority` (unknown sources last).
    pub source_rank: u32,
}

/// Cleansed rows of multi-row clusters, held until every row has been read.
#[derive(Default)]
pub struct Held {
    pub batches: Vec<RecordBatch>,
    /// Per batch, per row.
    pub members: Vec<Vec<Member>>,
}

impl Held {
    pub fn rows(&self) -> usize {
        self.members.iter().map(Vec::len).sum()
    }
}

/// Parses a recency cell: RFC 3339 / ISO date-times, or any date `parse_date` reads.
pub fn recency_key(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s, f) {
            return Some(t.and_utc().timestamp());
        }
    }
    crate::pipeline::plan::parse_date(s).map(|d| {
        d.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or_default()
    })
}

/// The golden records' schema: the cleansed columns.
pub fn survivorship_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("cluster_id", DataType::UInt64, false),
        Field::new("column", DataType::Utf8, false),
        Field::new("source_row", DataType::UInt64, true),
        Field::new("rule", DataType::Utf8, false),
    ]))
}

/// Golden records and their lineage.
pub struct Golden {
    /// In the cleansed schema (cluster columns included), one row per cluster, by cluster id.
    pub records: Vec<RecordBatch>,
    /// `survivorship.parquet` rows.
    pub lineage: Vec<RecordBatch>,
    /// Per cluster: (cluster id, member rows in input order).
    pub clusters: Vec<(u32, Vec<u64>)>,
}

/// Builds the golden records of `held`. `columns`: for each data column of the cleansed schema
/// (the cluster columns excluded), its input column index and name.
pub fn build(
    held: &Held,
    schema: &SchemaRef,
    columns: &[(usize, String)],
    sv: &Survivorship,
    chunk_clusters: usize,
) -> Result<Golden> {
    let err = |e: arrow::error::ArrowError| Error::new(ErrorKind::Output, e.to_string());
    // (member, batch, row in batch), sorted by cluster then row.
    let mut order: Vec<(&Member, usize, usize)> = held
        .members
        .iter()
        .enumerate()
        .flat_map(|(b, ms)| ms.iter().enumerate().map(move |(r, m)| (m, b, r)))
        .collect();
    order.sort_by_key(|(m, _, _)| (m.cluster, m.row));
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for i in 1..=order.len() {
        if i == order.len() || order[i].0.cluster != order[start].0.cluster {
            groups.push(start..i);
            start = i;
        }
    }
    // Text views of columns whose rule compares values.
    let needs_text: Vec<bool> = columns
        .iter()
        .map(|(c, _)| matches!(sv.rule(*c), Survive::MostFrequent | Survive::Longest))
        .collect();
    let text: Vec<Vec<Option<StringArray>>> = held
        .batches
        .iter()
        .map(|b| {
            (0..columns.len())
                .map(|i| {
                    if !needs_text[i] {
                        return Ok(None);
                    }
                    let a = b.column(i);
                    let s = arrow::compute::cast(a, &DataType::Utf8).map_err(err)?;
                    Ok(s.as_any().downcast_ref::<StringArray>().cloned())
                })
                .collect::<Result<Vec<_>>>()
        })
        .collect::<Result<_>>()?;

    let mut golden = Golden {
        records: Vec::new(),
        lineage: Vec::new(),
        clusters: Vec::new(),
    };
    for chunk in groups.chunks(chunk_clusters.max(1)) {
        let mut picks: Vec<Vec<(usize, usize)>> =
            vec![Vec::with_capacity(chunk.len()); columns.len()];
        let (mut l_cluster, mut l_column, mut l_row, mut l_rule) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut ids = Vec::with_capacity(chunk.len());
        let mut sizes = Vec::with_capacity(chunk.len());
        for g in chunk {
            let members = &order[g.clone()];
            let cluster = members[0].0.cluster;
            ids.push(cluster as u64);
            sizes.push(members.len() as u32);
            golden
                .clusters
                .push((cluster, members.iter().map(|(m, _, _)| m.row).collect()));
            for (i, (c, name)) in columns.iter().enumerate() {
                let rule = sv.rule(*c);
                let present =
                    |&(_, b, r): &(&Member, usize, usize)| held.batches[b].column(i).is_valid(r);
                let chosen = pick(rule, members, &present, |b, r| {
                    text[b][i]
                        .as_ref()
                        .and_then(|a| a.is_valid(r).then(|| a.value(r)))
                });
                let (m, b, r) = match chosen {
                    Some(k) => members[k],
                    None => members[0],
                };
                picks[i].push((b, r));
                l_cluster.push(cluster as u64);
                l_column.push(name.clone());
                l_row.push(chosen.map(|_| m.row));
                l_rule.push(rule.name());
            }
        }
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(schema.fields().len());
        for (i, p) in picks.iter().enumerate() {
            let sources: Vec<&dyn Array> =
                held.batches.iter().map(|b| b.column(i).as_ref()).collect();
            arrays.push(interleave(&sources, p).map_err(err)?);
        }
        arrays.push(Arc::new(UInt64Array::from(ids)));
        arrays.push(Arc::new(UInt32Array::from(sizes)));
        golden
            .records
            .push(RecordBatch::try_new(schema.clone(), arrays).map_err(err)?);
        golden.lineage.push(
            RecordBatch::try_new(
                survivorship_schema(),
                vec![
                    Arc::new(UInt64Array::from(l_cluster)),
                    Arc::new(StringArray::from(l_column)),
                    Arc::new(UInt64Array::from(l_row)),
                    Arc::new(StringArray::from(l_rule)),
                ],
            )
            .map_err(err)?,
        );
    }
    Ok(golden)
}

/// The member (index into `members`, which are in row order) whose value the rule keeps;
/// `None` when every member's value is empty.
fn pick<'a>(
    rule: Survive,
    members: &[(&Member, usize, usize)],
    present: &dyn Fn(&(&Member, usize, usize)) -> bool,
    text: impl Fn(usize, usize) -> Option<&'a str>,
) -> Option<usize> {
    let candidates = members.iter().enumerate().filter(|(_, m)| present(m));
    match rule {
        Survive::First => candidates.map(|(k, _)| k).next(),
        Survive::Last => candidates.map(|(k, _)| k).last(),
        Survive::MostComplete => candidates
            .max_by(|(ka, a), (kb, b)| a.0.filled.cmp(&b.0.filled).then(kb.cmp(ka)))
            .map(|(k, _)| k),
        Survive::MostRecent => candidates
            .max_by(|(ka, a), (kb, b)| a.0.recency.cmp(&b.0.recency).then(ka.cmp(kb)))
            .map(|(k, _)| k),
        Survive::SourcePriority => candidates
            .min_by(|(ka, a), (kb, b)| a.0.source_rank.cmp(&b.0.source_rank).then(ka.cmp(kb)))
            .map(|(k, _)| k),
        Survive::Longest => candidates
            .map(|(k, m)| (k, text(m.1, m.2).map_or(0, |s| s.chars().count())))
            .max_by(|(ka, a), (kb, b)| a.cmp(b).then(kb.cmp(ka)))
            .map(|(k, _)| k),
        Survive::MostFrequent => {
            let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
            for (k, m) in candidates {
                let v = text(m.1, m.2).unwrap_or("");
                let e = counts.entry(v).or_insert((0, k));
                e.0 += 1;
            }
            counts
                .into_values()
                .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                .map(|(_, k)| k)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(row: u64, filled: u32, recency: Option<i64>, source_rank: u32) -> Member {
        Member {
            row,
            cluster: 0,
            filled,
            recency,
            source_rank,
        }
    }

    #[test]
    fn each_rule_picks_its_member() {
        let ms = [
            member(3, 5, Some(100), 2),
            member(7, 9, Some(300), 1),
            member(9, 9, None, 0),
        ];
        let members: Vec<(&Member, usize, usize)> =
            ms.iter().enumerate().map(|(i, m)| (m, 0, i)).collect();
        let values = ["Anna", "Anna-Lena", "Anna"];
        let all = |_: &(&Member, usize, usize)| true;
        let text = |_: usize, r: usize| Some(values[r]);
        assert_eq!(pick(Survive::First, &members, &all, text), Some(0));
        assert_eq!(pick(Survive::Last, &members, &all, text), Some(2));
        assert_eq!(
            pick(Survive::MostComplete, &members, &all, text),
            Some(1),
            "ties: earlier row"
        );
        assert_eq!(pick(Survive::MostRecent, &members, &all, text), Some(1));
        assert_eq!(pick(Survive::SourcePriority, &members, &all, text), Some(2));
        assert_eq!(pick(Survive::Longest, &members, &all, text), Some(1));
        assert_eq!(pick(Survive::MostFrequent, &members, &all, text), Some(0));
        // Empty values never survive.
        let not_second = |m: &(&Member, usize, usize)| m.2 != 1;
        assert_eq!(
            pick(Survive::MostRecent, &members, &not_second, text),
            Some(0)
        );
        let none = |_: &(&Member, usize, usize)| false;
        assert_eq!(pick(Survive::First, &members, &none, text), None);
    }

    #[test]
    fn recency_reads_dates_and_timestamps() {
        assert!(recency_key("2024-03-05T10:00:00Z") > recency_key("2024-03-05"));
        assert_eq!(
            recency_key("2024-03-05 00:00:00"),
            recency_key("2024-03-05")
        );
        assert_eq!(recency_key("yesterday"), None);
    }
}
