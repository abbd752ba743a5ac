//! Fellegi-Sunter matching: how much each field's comparison level says about two rows being
//! the same person, learned from the data without labels.
//!
//! For every field and level, `m` is the probability of that level when the rows are the same
//! person and `u` when they are not; the level adds `log2(m/u)` bits to a pair's match weight.
//! A pair's match probability is `1 / (1 + 2^-W)` with `W = log2(λ/(1-λ)) + Σ weights`, λ
//! being the probability that two random rows match.
//!
//! * `u` comes from random pairs, which are almost all non-matches: for the exact level it is
//!   computed from the value counts (Σ frequency²), for the other levels it is counted on a
//!   deterministic sample of random pairs.
//! * `m` comes from expectation-maximisation over the candidate pairs, once per blocking rule:
//!   within the pairs that agree on a rule's fields, the other fields' levels are a mixture of
//!   matches (m, to learn) and non-matches (u, known). Each field's m pools the rules that do
//!   not use it, weighted by their expected matches (as Splink trains per blocking rule).
//!   Only selective rules (no more pairs than rows) train when there are any: a rule whose
//!   pairs are mostly non-matches lets EM take any common trait (the same city) for a match.
//! * λ follows from each rule's estimated matches divided by the share of all matches that rule
//!   can see (the product of its fields' exact-agreement m); the median over rules is used.
//! * Term frequency: on exact agreement, `u` is the agreed value's own frequency instead of
//!   the average, so "Smith" = "Smith" weighs less than "Zyzniewski" = "Zyzniewski"; names and
//!   cities take the frequency within the rows' country when both rows are in the same one.
//! * Fields that are not independent ([`Scorer::field_weights`]): a name-made e-mail agreeing
//!   with the names, and the parts of an address, count their positive evidence once in full
//!   and otherwise at [`CORRELATED_SHARE`].
//!
//! Comparison levels of a pair are packed in a `u32`, 3 bits a field ([`NULL_LEVEL`] when
//! either value is missing), so the EM runs on a histogram of distinct patterns.

use std::collections::HashMap;

use rayon::prelude::*;

use super::compare::{compare, Kind};
use super::keys::{hasher, Keys, NULL};
use super::model::Field;

/// The most comparison fields a model may have (3 bits each in a `u32`).
pub const MAX_FIELDS: usize = 10;
/// The level of a field when either value is missing: it adds no weight.
pub const NULL_LEVEL: u8 = 7;
/// Random pairs sampled for `u`.
pub const U_SAMPLE: usize = 400_000;
const EM_MAX_ITERATIONS: usize = 100;
const EM_TOLERANCE: f64 = 1e-7;
const PROB_FLOOR: f64 = 1e-9;

/// Level of field `i` in a packed pattern.
#[inline]
pub fn level(gamma: u32, i: usize) -> u8 {
    ((gamma >> (3 * i)) & 7) as u8
}

/// The packed comparison pattern of rows `a` and `b`.
#[inline]
pub fn gamma(keys: &Keys, fields: &[Field], a: u32, b: u32) -> u32 {
    let mut g = 0u32;
    for (i, f) in fields.iter().enumerate() {
        let fv = &keys.fields[i];
        let (x, y) = (fv.ids[a as usize], fv.ids[b as usize]);
        let l = if x == NULL || y == NULL {
            NULL_LEVEL
        } else if x == y {
            0
        } else {
            compare(f.kind, fv.value(x), fv.value(y))
        };
        g |= (l as u32) << (3 * i);
    }
    g
}

/// The learned probabilities of one field, per level (null excluded).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldParams {
    pub m: Vec<f64>,
    pub u: Vec<f64>,
}

impl FieldParams {
    /// Bits of evidence of each level.
    pub fn weights(&self) -> Vec<f64> {
        self.m
            .iter()
            .zip(&self.u)
            .map(|(m, u)| (m.max(PROB_FLOOR) / u.max(PROB_FLOOR)).log2())
            .collect()
    }
}

/// What EM learned within one blocking rule's pairs.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleFit {
    /// Pairs that agree on the rule's fields.
    pub pairs: u64,
    /// Share of them EM judged to be matches.
    pub match_share: f64,
    pub iterations: usize,
}

/// The fitted model.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    pub fields: Vec<FieldParams>,
    /// Probability that two random rows are the same person.
    pub lambda: f64,
    pub rules: Vec<RuleFit>,
}

/// Per-field level histograms of deterministic random pairs, and the `u` they give.
pub fn estimate_u(keys: &Keys, fields: &[Field], samples: usize) -> Vec<Vec<f64>> {
    let n = keys.rows as u64;
    let nf = fields.len();
    let mut counts = vec![vec![0u64; 8]; nf];
    if n >= 2 {
        let samples = samples.min((n * (n - 1) / 2).min(usize::MAX as u64) as usize);
        counts = (0..samples)
            .into_par_iter()
            .with_min_len(4096)
            .fold(
                || vec![vec![0u64; 8]; nf],
                |mut acc, i| {
                    let x = splitmix(0x5eed_0000 ^ i as u64);
                    let a = (x % n) as u32;
                    let mut b = ((x >> 32) % (n - 1)) as u32;
                    if b >= a {
                        b += 1;
                    }
                    let g = gamma(keys, fields, a.min(b), a.max(b));
                    for (f, c) in acc.iter_mut().enumerate() {
                        c[level(g, f) as usize] += 1;
                    }
                    acc
                },
            )
            .reduce(
                || vec![vec![0u64; 8]; nf],
                |mut a, b| {
                    for (x, y) in a.iter_mut().zip(b) {
                        for (p, q) in x.iter_mut().zip(y) {
                            *p += q;
                        }
                    }
                    a
                },
            );
    }
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let levels = f.kind.levels().len();
            let exact = keys.fields[i]
                .agreement_chance()
                .clamp(PROB_FLOOR, 1.0 - 1e-6);
            let rest: u64 = counts[i][1..levels].iter().sum();
            let mut u = vec![exact];
            for &c in &counts[i][1..levels] {
                let share = (c as f64 + 0.5) / (rest as f64 + 0.5 * (levels - 1) as f64);
                u.push((1.0 - exact) * share);
            }
            u
        })
        .collect()
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Starting m: most matches agree exactly, the rest spread over the other levels.
fn initial_m(levels: usize) -> Vec<f64> {
    let mut m = vec![0.0; levels];
    m[0] = 0.8;
    let rest = 0.2 / (levels - 1).max(1) as f64;
    for x in m.iter_mut().skip(1) {
        *x = rest;
    }
    m
}

/// EM over a pattern histogram: learns m of the `free` fields and the match share, with u
/// fixed. Returns (m per field, expected matches per field and level, match share, iterations).
pub fn em(
    hist: &[(u32, u64)],
    levels: &[usize],
    free: &[bool],
    u: &[Vec<f64>],
) -> (Vec<Vec<f64>>, Vec<Vec<f64>>, f64, usize) {
    let nf = levels.len();
    let mut m: Vec<Vec<f64>> = levels.iter().map(|&l| initial_m(l)).collect();
    let mut lambda = 0.5;
    let total: f64 = hist.iter().map(|(_, c)| *c as f64).sum();
    let mut expected = vec![Vec::new(); nf];
    let mut iterations = 0;
    if total == 0.0 {
        return (m, expected, 0.0, 0);
    }
    for it in 0..EM_MAX_ITERATIONS {
        iterations = it + 1;
        let mut matched = 0.0;
        let mut em_counts: Vec<Vec<f64>> = levels.iter().map(|&l| vec![0.0; l]).collect();
        for &(g, c) in hist {
            let (mut pm, mut pu) = (lambda, 1.0 - lambda);
            for f in 0..nf {
                let l = level(g, f);
                if !free[f] || l == NULL_LEVEL || l as usize >= levels[f] {
                    continue;
                }
                pm *= m[f][l as usize].max(PROB_FLOOR);
                pu *= u[f][l as usize].max(PROB_FLOOR);
            }
            let w = pm / (pm + pu);
            let cw = c as f64 * w;
            matched += cw;
            for f in 0..nf {
                let l = level(g, f);
                if free[f] && l != NULL_LEVEL && (l as usize) < levels[f] {
                    em_counts[f][l as usize] += cw;
                }
            }
        }
        let new_lambda = (matched / total).clamp(1e-9, 1.0 - 1e-9);
        let mut delta = (new_lambda - lambda).abs();
        lambda = new_lambda;
        for f in 0..nf {
            let sum: f64 = em_counts[f].iter().sum();
            if !free[f] || sum <= 0.0 {
                continue;
            }
            for l in 0..levels[f] {
                let v = em_counts[f][l] / sum;
                delta = delta.max((v - m[f][l]).abs());
                m[f][l] = v;
            }
        }
        expected = em_counts;
        if delta < EM_TOLERANCE {
            break;
        }
    }
    (m, expected, lambda, iterations)
}

/// Kinds whose agreement is not independent: an e-mail address is usually made of the name,
/// and the parts of an address agree or change together.
pub fn related(a: Kind, b: Kind) -> bool {
    use Kind::*;
    matches!(
        (a, b),
        (Email, Name) | (Name, Email) | (Street | City | Postcode, Street | City | Postcode)
    )
}

/// Fits m and λ from the candidate pairs' patterns. A pair satisfies a blocking rule exactly
/// when all the rule's fields are at level 0, so each rule's pairs are read off the patterns.
pub fn fit(
    keys: &Keys,
    fields: &[Field],
    rules: &[Vec<usize>],
    patterns: &[u32],
    u: Vec<Vec<f64>>,
) -> Params {
    let nf = fields.len();
    let levels: Vec<usize> = fields.iter().map(|f| f.kind.levels().len()).collect();
    // One histogram of all patterns; each rule takes the patterns that satisfy it.
    let mut hist: HashMap<u32, u64, _> = HashMap::with_hasher(hasher());
    for &g in patterns {
        *hist.entry(g).or_insert(0) += 1;
    }
    let mut hist: Vec<(u32, u64)> = hist.into_iter().collect();
    hist.sort_unstable();

    // Rules with more pairs than rows hold mostly non-matches, where EM can settle on any
    // strong common trait (the same city) as its "match" class; when selective rules exist,
    // only they train m and λ.
    let subs: Vec<Vec<(u32, u64)>> = rules
        .iter()
        .map(|rule| {
            hist.iter()
                .copied()
                .filter(|(g, _)| rule.iter().all(|&f| level(*g, f) == 0))
                .collect()
        })
        .collect();
    let counts: Vec<u64> = subs
        .iter()
        .map(|s| s.iter().map(|(_, c)| c).sum())
        .collect();
    let selective = |pairs: u64| pairs <= keys.rows as u64;
    let any_selective = counts.iter().any(|&c| c > 0 && selective(c));
    let trains = |pairs: u64| !any_selective || selective(pairs);
    let mut pooled: Vec<Vec<f64>> = levels.iter().map(|&l| vec![0.0; l]).collect();
    let mut fits = Vec::with_capacity(rules.len());
    let mut rule_lambdas = Vec::new();
    for (rule, sub) in rules.iter().zip(subs) {
        let pairs: u64 = sub.iter().map(|(_, c)| c).sum();
        // Fields in the rule, and fields that move with them, are not learned here: within
        // pairs that agree on an e-mail, non-matches agree on the names too (the address
        // derives from them), which would break EM's independence assumption.
        let free: Vec<bool> = (0..nf)
            .map(|f| {
                !rule
                    .iter()
                    .any(|&r| r == f || related(fields[r].kind, fields[f].kind))
            })
            .collect();
        let (_, expected, share, iterations) = em(&sub, &levels, &free, &u);
        for f in 0..nf {
            if free[f] && trains(pairs) {
                for (p, e) in pooled[f].iter_mut().zip(&expected[f]) {
                    *p += e;
                }
            }
        }
        fits.push(RuleFit {
            pairs,
            match_share: share,
            iterations,
        });
    }
    let params: Vec<FieldParams> = (0..nf)
        .map(|f| {
            let sum: f64 = pooled[f].iter().sum();
            let m = if sum > 0.0 {
                // A little smoothing keeps unseen levels finite.
                let k = levels[f] as f64;
                pooled[f]
                    .iter()
                    .map(|e| (e + 0.5) / (sum + 0.5 * k))
                    .collect()
            } else {
                initial_m(levels[f])
            };
            FieldParams { m, u: u[f].clone() }
        })
        .collect();

    // λ: every rule's matches, scaled up by the share of all matches it can see.
    let n = keys.rows as f64;
    let all_pairs = (n * (n - 1.0) / 2.0).max(1.0);
    for (rule, fit) in rules.iter().zip(&fits) {
        if fit.pairs == 0 || !trains(fit.pairs) {
            continue;
        }
        let mut seen = 1.0;
        for &f in rule {
            let present = keys.fields[f].non_null as f64 / n.max(1.0);
            seen *= params[f].m[0] * present * present;
        }
        if seen > 0.0 {
            rule_lambdas.push(fit.match_share * fit.pairs as f64 / seen / all_pairs);
        }
    }
    rule_lambdas.sort_by(|a, b| a.total_cmp(b));
    let lambda = if rule_lambdas.is_empty() {
        1.0 / all_pairs
    } else {
        rule_lambdas[rule_lambdas.len() / 2]
    }
    .clamp(1.0 / all_pairs, 0.5);
    Params {
        fields: params,
        lambda,
        rules: fits,
    }
}

/// Positive evidence of fields that move together is discounted to this share beyond the
/// strongest of them (see [`Scorer::field_weights`]).
pub const CORRELATED_SHARE: f64 = 0.25;

/// Turns patterns into match weights.
pub struct Scorer {
    prior: f64,
    weights: Vec<Vec<f64>>,
    m_exact: Vec<f64>,
    kinds: Vec<Kind>,
}

impl Scorer {
    pub fn new(params: &Params, fields: &[Field]) -> Scorer {
        Scorer {
            prior: (params.lambda / (1.0 - params.lambda)).log2(),
            weights: params.fields.iter().map(|f| f.weights()).collect(),
            m_exact: params.fields.iter().map(|f| f.m[0]).collect(),
            kinds: fields.iter().map(|f| f.kind).collect(),
        }
    }

    /// The prior, in bits.
    pub fn prior(&self) -> f64 {
        self.prior
    }

    /// The weight field `f` adds at `level` for rows `a` and `b` (term-frequency adjusted on
    /// exact agreement: by the value's frequency in the rows' region when both are in the same
    /// one and the field counts per region), before any correlation discount.
    #[inline]
    pub fn field_weight(&self, keys: &Keys, f: usize, level: u8, a: u32, b: u32) -> f64 {
        if level == NULL_LEVEL {
            return 0.0;
        }
        if level == 0 {
            let fv = &keys.fields[f];
            let id = fv.ids[a as usize];
            if id != NULL {
                let region = keys.region.get(a as usize).copied().unwrap_or(0);
                let same = region != 0 && keys.region.get(b as usize) == Some(&region);
                let freq = same
                    .then(|| fv.frequency_in(id, region))
                    .flatten()
                    .unwrap_or_else(|| fv.frequency(id))
                    .max(PROB_FLOOR);
                return (self.m_exact[f].max(PROB_FLOOR) / freq).log2();
            }
        }
        self.weights[f].get(level as usize).copied().unwrap_or(0.0)
    }

    /// Every field's weight in a pair, in bits. Fellegi-Sunter assumes fields agree
    /// independently; two do not here, and their positive evidence is discounted so that the
    /// same fact is not counted twice: an e-mail made of the names that agrees alongside an
    /// agreeing name, and the parts of an address (a postcode implies
    /// its city). Within each, the strongest agreement counts fully and the others at
    /// [`CORRELATED_SHARE`]. Disagreements count fully.
    pub fn field_weights(&self, keys: &Keys, g: u32, a: u32, b: u32) -> [f64; MAX_FIELDS] {
        let mut w = [0f64; MAX_FIELDS];
        for (f, x) in w.iter_mut().enumerate().take(self.kinds.len()) {
            *x = self.field_weight(keys, f, level(g, f), a, b);
        }
        let name_agrees = self
            .kinds
            .iter()
            .enumerate()
            .any(|(f, k)| *k == Kind::Name && level(g, f) <= 1);
        if name_agrees {
            for (f, k) in self.kinds.iter().enumerate() {
                if *k == Kind::Email
                    && w[f] > 0.0
                    && (self.email_from_names(keys, f, a) || self.email_from_names(keys, f, b))
                {
                    w[f] *= CORRELATED_SHARE;
                }
            }
        }
        let address = |k: Kind| matches!(k, Kind::Street | Kind::City | Kind::Postcode);
        let strongest = self
            .kinds
            .iter()
            .enumerate()
            .filter(|(f, k)| address(**k) && w[*f] > 0.0)
            .max_by(|x, y| w[x.0].total_cmp(&w[y.0]).then(y.0.cmp(&x.0)))
            .map(|(f, _)| f);
        if let Some(top) = strongest {
            for (f, k) in self.kinds.iter().enumerate() {
                if f != top && address(*k) && w[f] > 0.0 {
                    w[f] *= CORRELATED_SHARE;
                }
            }
        }
        w
    }

    /// Whether row `a`'s e-mail local part is made of nothing but its names ("anna.schmidt",
    /// "schmidt_anna", "aschmidt", "juergen.mueller" for Jürgen Müller, one typo allowed),
    /// possibly followed by the digits of its birth year: then it repeats the names (and the
    /// date); with anything more ("anna.schmidt7731") it is evidence of its own.
    fn email_from_names(&self, keys: &Keys, email: usize, a: u32) -> bool {
        let id = keys.fields[email].ids[a as usize];
        if id == NULL {
            return false;
        }
        let value = keys.fields[email].value(id);
        let mut local: String = value
            .split('@')
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        // Trailing digits that are the birth year (both or last two digits).
        let digits = local.len() - local.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            let tail = local[local.len() - digits..].to_string();
            let year = self
                .kinds
                .iter()
                .enumerate()
                .filter(|(_, k)| **k == Kind::Date)
                .find_map(|(f, _)| {
                    let id = keys.fields[f].ids[a as usize];
                    (id != NULL).then(|| keys.fields[f].value(id).get(..4).map(str::to_string))
                })
                .flatten();
            match year {
                Some(y) if tail == y || (tail.len() == 2 && y.ends_with(&tail)) => {
                    local.truncate(local.len() - digits);
                }
                _ => return false,
            }
        }
        let local = transliterated(&local);
        let names: Vec<String> = self
            .kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == Kind::Name)
            .filter_map(|(f, _)| {
                let id = keys.fields[f].ids[a as usize];
                (id != NULL).then(|| {
                    transliterated(
                        &keys.fields[f]
                            .value(id)
                            .chars()
                            .filter(|c| c.is_alphanumeric())
                            .collect::<String>(),
                    )
                })
            })
            .filter(|n| !n.is_empty())
            .take(2)
            .collect();
        let initial = |n: &str| n.chars().next().map(String::from).unwrap_or_default();
        let close = |c: &String| super::compare::damerau_levenshtein_within(c, &local, 1).is_some();
        match names.as_slice() {
            [n] => close(n),
            [x, y] => [
                format!("{x}{y}"),
                format!("{y}{x}"),
                format!("{}{y}", initial(x)),
                format!("{}{x}", initial(y)),
                x.clone(),
                y.clone(),
            ]
            .iter()
            .any(close),
            _ => false,
        }
    }

    /// The match weight of a pair, in bits.
    #[inline]
    pub fn weight(&self, keys: &Keys, g: u32, a: u32, b: u32) -> f64 {
        self.prior + self.field_weights(keys, g, a, b).iter().sum::<f64>()
    }
}

/// Match probability of a weight in bits.
#[inline]
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}

/// German-style transliterations folded back ("ue" → "u", "oe" → "o", "ae" → "a"), so that an
/// address written "juergen" matches the folded name "jurgen".
fn transliterated(s: &str) -> String {
    s.replace("ue", "u").replace("oe", "o").replace("ae", "a")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probability_of_weights() {
        assert!((probability(0.0) - 0.5).abs() < 1e-12);
        assert!((probability(10.0) - 1024.0 / 1025.0).abs() < 1e-12);
        assert!(probability(-40.0) < 1e-11);
    }

    #[test]
    fn em_recovers_known_m_and_share() {
        // Two fields with two levels (agree, else). Matches: field 0 agrees 90%, field 1 80%;
        // non-matches (u): 10% and 20%. 1000 matches and 9000 non-matches, counted exactly.
        let levels = [2usize, 2];
        let u = vec![vec![0.1, 0.9], vec![0.2, 0.8]];
        let m = [[0.9, 0.1], [0.8, 0.2]];
        let mut hist = Vec::new();
        for l0 in 0..2u32 {
            for l1 in 0..2u32 {
                let pm = m[0][l0 as usize] * m[1][l1 as usize];
                let pu = u[0][l0 as usize] * u[1][l1 as usize];
                let count: f64 = 1000.0 * pm + 9000.0 * pu;
                hist.push((l0 | (l1 << 3), count.round() as u64));
            }
        }
        let (got, _, share, _) = em(&hist, &levels, &[true, true], &u);
        assert!((share - 0.1).abs() < 0.01, "share {share}");
        assert!((got[0][0] - 0.9).abs() < 0.02, "{got:?}");
        assert!((got[1][0] - 0.8).abs() < 0.02, "{got:?}");
    }

    #[test]
    fn fields_not_free_are_not_learned() {
        let u = vec![vec![0.1, 0.9], vec![0.5, 0.5]];
        let hist = vec![(0u32, 50u64), (1, 50)];
        let (got, _, _, _) = em(&hist, &[2, 2], &[true, false], &u);
        assert_eq!(got[1], initial_m(2));
    }
}
