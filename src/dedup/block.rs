//! Blocking: which pairs of rows are compared at all.
//!
//! A blocking rule is a set of fields; two rows are a candidate pair when they agree exactly
//! (same normalized value, both present) on every field of at least one rule. Rules are OR-ed,
//! so a duplicate with a mistyped surname is still found through its e-mail or its phone.
//!
//! Each rule's pairs come from sorting `(key, row)` and walking the groups of equal keys; a pair
//! already produced by an earlier rule is skipped by checking that rule's fields directly, so
//! no set of seen pairs is ever held. Groups above `max_block_size` rows (a placeholder value
//! shared by thousands of rows) would cost a quadratic number of comparisons and are skipped
//! and reported instead.
//!
//! Without configured rules, [`choose`] picks them from the data: every single field and
//! every pair of fields is a candidate if it produces few enough pairs (the pair count of a
//! rule is exact: Σ n(n−1)/2 over its groups), and rules are added greedily until no failure
//! of up to four fields (missing, mistyped, changed) can hide a duplicate that agrees on the
//! others, preferring rules that cover the most failures and then produce the fewest pairs.

use rayon::prelude::*;

use super::keys::{Keys, NULL};

/// A candidate pair of rows, `a < b`, with the first rule that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub a: u32,
    pub b: u32,
    pub rule: u16,
}

/// What one rule produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleStats {
    /// Pairs first produced by this rule.
    pub pairs: u64,
    /// Groups skipped for being larger than `max_block_size`, and the rows in them.
    pub skipped_blocks: u64,
    pub skipped_rows: u64,
    /// The largest group compared.
    pub largest_block: u64,
}

/// A row's blocking key under `rule`: exact for one or two fields, a 64-bit hash for more.
#[inline]
fn key(keys: &Keys, rule: &[usize], row: u32) -> Option<u64> {
    let mut ids = rule.iter().map(|&f| keys.id(f, row));
    match rule.len() {
        1 => {
            let a = ids.next()?;
            (a != NULL).then_some(a as u64)
        }
        2 => {
            let (a, b) = (ids.next()?, ids.next()?);
            (a != NULL && b != NULL).then_some(((a as u64) << 32) | b as u64)
        }
        _ => {
            let mut h = 0x9e37_79b9_7f4a_7c15u64;
            for id in ids {
                if id == NULL {
                    return None;
                }
                h = (h ^ id as u64)
                    .wrapping_mul(0x0100_0000_01b3)
                    .rotate_left(29);
            }
            Some(h)
        }
    }
}

/// Whether rows `a` and `b` agree on every field of `rule`.
#[inline]
pub fn agree(keys: &Keys, rule: &[usize], a: u32, b: u32) -> bool {
    rule.iter().all(|&f| {
        let x = keys.id(f, a);
        x != NULL && x == keys.id(f, b)
    })
}

/// `(key, row)` for every row with a key under `rule`, sorted.
fn sorted_keys(keys: &Keys, rule: &[usize]) -> Vec<(u64, u32)> {
    let mut v: Vec<(u64, u32)> = (0..keys.rows as u32)
        .into_par_iter()
        .with_min_len(65_536)
        .filter_map(|r| key(keys, rule, r).map(|k| (k, r)))
        .collect();
    v.par_sort_unstable();
    v
}

/// The groups of equal keys, as ranges into the sorted keys.
fn groups(sorted: &[(u64, u32)]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= sorted.len() {
            return None;
        }
        let k = sorted[start].0;
        let mut end = start + 1;
        while end < sorted.len() && sorted[end].0 == k {
            end += 1;
        }
        let r = start..end;
        start = end;
        Some(r)
    })
}

/// Pair count of `rule` (blocks above `max_block` not counted), the rows those blocks hold,
/// and the rows with a key.
pub fn cost(keys: &Keys, rule: &[usize], max_block: usize) -> (u64, u64, u64) {
    let sorted = sorted_keys(keys, rule);
    let mut pairs = 0u64;
    let mut skipped = 0u64;
    for g in groups(&sorted) {
        let n = g.len() as u64;
        if g.len() > max_block {
            skipped += n;
        } else {
            pairs += n * (n - 1) / 2;
        }
    }
    (pairs, skipped, sorted.len() as u64)
}

/// Every candidate pair of `rules`, each once, attributed to the first rule that produces it.
pub fn candidates(
    keys: &Keys,
    rules: &[Vec<usize>],
    max_block: usize,
) -> (Vec<Candidate>, Vec<RuleStats>) {
    let per_rule: Vec<(Vec<Candidate>, RuleStats)> = rules
        .par_iter()
        .enumerate()
        .map(|(ri, rule)| {
            let sorted = sorted_keys(keys, rule);
            let mut stats = RuleStats::default();
            let mut out = Vec::new();
            for g in groups(&sorted) {
                let block = &sorted[g];
                if block.len() < 2 {
                    continue;
                }
                if block.len() > max_block {
                    stats.skipped_blocks += 1;
                    stats.skipped_rows += block.len() as u64;
                    continue;
                }
                stats.largest_block = stats.largest_block.max(block.len() as u64);
                for (i, &(_, a)) in block.iter().enumerate() {
                    for &(_, b) in &block[i + 1..] {
                        // Rows are sorted within a key, so a < b; a hashed key may collide.
                        if !agree(keys, rule, a, b) {
                            continue;
                        }
                        if rules[..ri].iter().any(|r| agree(keys, r, a, b)) {
                            continue;
                        }
                        out.push(Candidate {
                            a,
                            b,
                            rule: ri as u16,
                        });
                    }
                }
            }
            stats.pairs = out.len() as u64;
            (out, stats)
        })
        .collect();
    let total = per_rule.iter().map(|(c, _)| c.len()).sum();
    let mut all = Vec::with_capacity(total);
    let mut stats = Vec::with_capacity(rules.len());
    for (c, s) in per_rule {
        all.extend(c);
        stats.push(s);
    }
    (all, stats)
}

/// Chooses blocking rules from the data (see the module doc). `budget`: the most pairs one
/// rule may produce. Returns rules as sorted field indexes, cheapest first.
pub fn choose(keys: &Keys, budget: u64, max_block: usize) -> Vec<Vec<usize>> {
    let n = keys.fields.len();
    if n == 0 {
        return Vec::new();
    }
    // Single fields: the pair count follows from the value counts.
    let mut candidates: Vec<(Vec<usize>, u64)> = Vec::new();
    for f in 0..n {
        let fv = &keys.fields[f];
        let (mut pairs, mut skipped) = (0u64, 0u64);
        for &c in &fv.counts {
            let c = c as u64;
            if c as usize > max_block {
                skipped += c;
            } else {
                pairs += c * c.saturating_sub(1) / 2;
            }
        }
        if acceptable(pairs, skipped, fv.non_null, budget) {
            candidates.push((vec![f], pairs));
        }
    }
    // Pairs of fields, unless one of them is already cheap enough alone.
    let singles: Vec<usize> = candidates.iter().map(|(r, _)| r[0]).collect();
    let combos: Vec<Vec<usize>> = (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| vec![a, b]))
        .filter(|r| !r.iter().any(|f| singles.contains(f)))
        .collect();
    let costs: Vec<(u64, u64, u64)> = combos
        .par_iter()
        .map(|r| cost(keys, r, max_block))
        .collect();
    for (r, (pairs, skipped, present)) in combos.into_iter().zip(costs) {
        if acceptable(pairs, skipped, present, budget) {
            candidates.push((r, pairs));
        }
    }
    candidates.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));

    // Failures to survive: any set of up to FAILURES fields missing or different at once.
    let mut failures: Vec<Vec<usize>> = subsets(n, FAILURES);
    let avoids = |rule: &[usize], failure: &[usize]| !rule.iter().any(|f| failure.contains(f));
    // Only failures some candidate can survive.
    failures.retain(|fail| candidates.iter().any(|(r, _)| avoids(r, fail)));

    let mut chosen: Vec<Vec<usize>> = Vec::new();
    let mut covered = vec![false; failures.len()];
    // Always start from the cheapest rule, so that even one field finds its exact duplicates.
    loop {
        let best = candidates
            .iter()
            .filter(|(r, _)| !chosen.contains(r))
            .map(|(r, pairs)| {
                let gain = failures
                    .iter()
                    .zip(&covered)
                    .filter(|(f, c)| !**c && avoids(r, f))
                    .count();
                (gain, std::cmp::Reverse(*pairs), r)
            })
            .filter(|(gain, _, _)| *gain > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(b.2.cmp(a.2)));
        let Some((_, _, rule)) = best else { break };
        let rule = rule.clone();
        for (f, c) in failures.iter().zip(covered.iter_mut()) {
            if avoids(&rule, f) {
                *c = true;
            }
        }
        chosen.push(rule);
        if chosen.len() >= MAX_RULES {
            break;
        }
    }
    if chosen.is_empty() {
        if let Some((r, _)) = candidates.first() {
            chosen.push(r.clone());
        }
    }
    // Cheapest first: later rules then skip the pairs earlier ones already produced.
    chosen.sort_by_key(|r| {
        candidates
            .iter()
            .find(|(c, _)| c == r)
            .map_or(u64::MAX, |(_, p)| *p)
    });
    chosen
}

/// At most this many rules are chosen.
pub const MAX_RULES: usize = 10;
/// Chosen rules survive any this many fields failing together (where some rule can).
pub const FAILURES: usize = 4;

/// Every non-empty subset of `0..n` of at most `k` elements, smallest first.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut frontier: Vec<Vec<usize>> = vec![Vec::new()];
    for _ in 0..k {
        let mut next = Vec::new();
        for s in &frontier {
            let from = s.last().map_or(0, |&l| l + 1);
            for f in from..n {
                let mut t = s.clone();
                t.push(f);
                next.push(t);
            }
        }
        out.extend(next.iter().cloned());
        frontier = next;
    }
    out
}

fn acceptable(pairs: u64, skipped: u64, present: u64, budget: u64) -> bool {
    present > 0 && pairs <= budget && (skipped as f64) <= 0.01 * present as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedup::keys::FieldValues;

    fn field(ids: &[u32]) -> FieldValues {
        let text: Vec<Option<String>> = ids
            .iter()
            .map(|&i| (i != NULL).then(|| i.to_string()))
            .collect();
        FieldValues::from_rows(text.iter().map(|t| t.as_deref()))
    }

    #[test]
    fn each_pair_comes_once_from_the_first_rule_that_finds_it() {
        let keys = Keys {
            rows: 4,
            fields: vec![field(&[0, 0, 1, 0]), field(&[5, 5, 5, NULL])],
            region: Vec::new(),
        };
        let (pairs, stats) = candidates(&keys, &[vec![0], vec![1]], 100);
        let got: Vec<(u32, u32, u16)> = pairs.iter().map(|c| (c.a, c.b, c.rule)).collect();
        // Rule 0 (field 0 = 0): rows 0, 1, 3. Rule 1 (field 1 = 5): rows 0, 1, 2; (0, 1) is
        // rule 0's already.
        assert_eq!(
            got,
            vec![(0, 1, 0), (0, 3, 0), (1, 3, 0), (0, 2, 1), (1, 2, 1)]
        );
        assert_eq!(stats[0].pairs, 3);
        assert_eq!(stats[1].pairs, 2);
    }

    #[test]
    fn oversized_blocks_are_skipped_and_counted() {
        let keys = Keys {
            rows: 5,
            fields: vec![field(&[0, 0, 0, 1, 1])],
            region: Vec::new(),
        };
        let (pairs, stats) = candidates(&keys, &[vec![0]], 2);
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].a, pairs[0].b), (3, 4));
        assert_eq!(stats[0].skipped_blocks, 1);
        assert_eq!(stats[0].skipped_rows, 3);
    }

    #[test]
    fn chosen_rules_survive_any_one_missing_field() {
        // Three near-unique fields and one with two values: the common one is never a rule
        // alone, and every field has a rule that does not use it.
        let rows = 200u32;
        let unique = |m: u32| field(&(0..rows).map(|r| r * m % rows).collect::<Vec<_>>());
        let keys = Keys {
            rows: rows as usize,
            fields: vec![
                unique(1),
                unique(3),
                unique(7),
                field(&(0..rows).map(|r| r % 2).collect::<Vec<_>>()),
            ],
            region: Vec::new(),
        };
        let rules = choose(&keys, 1000, 50);
        assert!(!rules.contains(&vec![3]), "{rules:?}");
        for f in 0..4 {
            assert!(rules.iter().any(|r| !r.contains(&f)), "{rules:?}");
        }
        for a in 0..3 {
            for b in a + 1..3 {
                assert!(
                    rules.iter().any(|r| !r.contains(&a) && !r.contains(&b)),
                    "{rules:?}"
                );
            }
        }
    }
}
