//! Accuracy against known duplicates (`scour dedup --truth`, e.g. the truth file
//! `scour generate --duplicates ... --truth` writes).
//!
//! * Pairwise: every two rows in one cluster are a pair; precision is the share of predicted
//!   pairs that are true pairs, recall the share of true pairs predicted.
//! * Clusters: a predicted cluster of two or more rows is correct when it holds exactly the
//!   rows of one true cluster; precision is the share of predicted multi-row clusters that are
//!   correct, recall the share of true multi-row clusters found exactly. A strict measure: one
//!   missed or extra row makes the whole cluster wrong.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::input::{ReadOptions, Table};

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(correct: u64, predicted: u64, truth: u64) -> Prf {
        let precision = if predicted == 0 {
            1.0
        } else {
            correct as f64 / predicted as f64
        };
        let recall = if truth == 0 {
            1.0
        } else {
            correct as f64 / truth as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    pub pairwise: Prf,
    pub clusters: Prf,
    pub true_pairs: u64,
    pub predicted_pairs: u64,
    pub true_clusters: u64,
    pub predicted_clusters: u64,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores predicted cluster ids against true ones (both per row).
pub fn evaluate<P: Copy + Eq + std::hash::Hash, T: Copy + Eq + std::hash::Hash>(
    predicted: &[P],
    truth: &[T],
) -> Scores {
    let mut by_pred: HashMap<P, u64> = HashMap::new();
    let mut by_true: HashMap<T, u64> = HashMap::new();
    let mut both: HashMap<(P, T), u64> = HashMap::new();
    for (&p, &t) in predicted.iter().zip(truth) {
        *by_pred.entry(p).or_default() += 1;
        *by_true.entry(t).or_default() += 1;
        *both.entry((p, t)).or_default() += 1;
    }
    let true_pairs: u64 = by_true.values().map(|&n| pairs(n)).sum();
    let predicted_pairs: u64 = by_pred.values().map(|&n| pairs(n)).sum();
    let correct_pairs: u64 = both.values().map(|&n| pairs(n)).sum();
    let true_clusters = by_true.values().filter(|&&n| n >= 2).count() as u64;
    let predicted_clusters = by_pred.values().filter(|&&n| n >= 2).count() as u64;
    let exact = both
        .iter()
        .filter(|((p, t), &n)| n >= 2 && by_pred[p] == n && by_true[t] == n)
        .count() as u64;
    Scores {
        pairwise: Prf::new(correct_pairs, predicted_pairs, true_pairs),
        clusters: Prf::new(exact, predicted_clusters, true_clusters),
        true_pairs,
        predicted_pairs,
        true_clusters,
        predicted_clusters,
    }
}

/// Reads a truth file (CSV or Parquet with columns `row` and `cluster`) into a true cluster id
/// per row; every row from 0 to `rows - 1` must be there.
pub fn read_truth(path: &Path, rows: usize) -> Result<Vec<u64>> {
    let options = ReadOptions::default();
    let table = Table::open(&[path.display().to_string()], &options)?;
    let col = |name: &str| {
        table
            .columns
            .iter()
            .position(|c| c.name == name)
            .ok_or_else(|| Error::bad_input(path, format!("the truth file has no '{name}' column")))
    };
    let (row_col, cluster_col) = (col("row")?, col("cluster")?);
    let mut truth = vec![u64::MAX; rows];
    for batch in table.batches(&options) {
        let batch = batch?;
        let (Some(r), Some(c)) = (&batch.columns[row_col], &batch.columns[cluster_col]) else {
            return Err(Error::bad_input(
                path,
                "row and cluster must be integer or text columns",
            ));
        };
        for i in 0..batch.num_rows {
            let line = batch.first_row + i as u64 + 1;
            let parse = |v: Option<&str>, name: &str| {
                v.and_then(|s| s.trim().parse::<u64>().ok()).ok_or_else(|| {
                    Error::bad_input(path, format!("{name} is not a row number"))
                        .with_row(line)
                        .with_column(name)
                })
            };
            let row = parse(r.value(i), "row")? as usize;
            let cluster = parse(c.value(i), "cluster")?;
            if row >= rows {
                return Err(Error::bad_input(
                    path,
                    format!("row {row} is beyond the input's {rows} rows"),
                )
                .with_row(line));
            }
            truth[row] = cluster;
        }
    }
    if let Some(missing) = truth.iter().position(|&t| t == u64::MAX) {
        return Err(Error::bad_input(
            path,
            format!("no truth for input row {missing}"),
        ));
    }
    Ok(truth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_partial_clusterings() {
        let truth = [0, 0, 0, 3, 4, 4];
        let s = evaluate(&truth, &truth);
        assert_eq!(s.pairwise.f1, 1.0);
        assert_eq!(s.clusters.f1, 1.0);
        assert_eq!((s.true_pairs, s.true_clusters), (4, 2));

        // Row 2 missed: pairs 1 of 3 in the first cluster lost... (0,1) kept, (0,2),(1,2) lost.
        let predicted = [0, 0, 2, 3, 4, 4];
        let s = evaluate(&predicted, &truth);
        assert_eq!(s.predicted_pairs, 2);
        assert_eq!(s.pairwise.precision, 1.0);
        assert_eq!(s.pairwise.recall, 0.5);
        assert_eq!(s.clusters.precision, 0.5, "{{0,1}} is not a true cluster");
        assert_eq!(s.clusters.recall, 0.5);

        // Everything merged: recall 1, precision 4 of 15 pairs.
        let s = evaluate(&[0; 6], &truth);
        assert_eq!(s.pairwise.recall, 1.0);
        assert!((s.pairwise.precision - 4.0 / 15.0).abs() < 1e-12);
        assert_eq!(s.clusters.precision, 0.0);
    }
}
