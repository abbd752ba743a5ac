//! The linkage model: which columns are compared and how, how candidate pairs are found, when
//! two rows are merged, and which row each field of a golden record comes from.
//!
//! A [`DedupPlan`] is what the pipeline file's `[dedup]` section (or `scour dedup`'s flags)
//! says; whatever it leaves out is chosen from the data when the run starts, which gives the
//! resolved [`Model`]. [`Model::to_toml`] prints the model back as a `[dedup]` section that
//! can be pasted into a pipeline file and edited.

use std::fmt::Write as _;

use super::compare::Kind;
use crate::error::Result;
use crate::pipeline::config::{DedupSpec, PipelineFile};

/// One comparison field.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Index of the column in the table.
    pub column: usize,
    pub name: String,
    pub kind: Kind,
}

/// Survivorship rule: which member of a cluster supplies a golden field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Survive {
    /// The latest value by the recency column.
    MostRecent,
    /// The value of the member with the most non-empty cells.
    MostComplete,
    /// The value most members hold.
    MostFrequent,
    /// The longest value.
    Longest,
    /// The value from the most trusted source (`source_priority`).
    SourcePriority,
    /// The earliest row's value.
    First,
    /// The latest row's value (input order).
    Last,
}

impl Survive {
    pub const ALL: [Survive; 7] = [
        Survive::MostRecent,
        Survive::MostComplete,
        Survive::MostFrequent,
        Survive::Longest,
        Survive::SourcePriority,
        Survive::First,
        Survive::Last,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Survive::MostRecent => "most_recent",
            Survive::MostComplete => "most_complete",
            Survive::MostFrequent => "most_frequent",
            Survive::Longest => "longest",
            Survive::SourcePriority => "source_priority",
            Survive::First => "first",
            Survive::Last => "last",
        }
    }

    pub fn parse(s: &str) -> Option<Survive> {
        Survive::ALL.into_iter().find(|r| r.name() == s)
    }
}

/// Thresholds and limits.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Pairs at or above this match probability are merged.
    pub threshold: f64,
    /// Pairs at or above this probability are written to `pairs.parquet`.
    pub pair_floor: f64,
    /// Clusters above this size are reported (and split when `split_large`).
    pub max_cluster_size: usize,
    pub split_large: bool,
    /// Blocks above this many rows are skipped and reported.
    pub max_block_size: usize,
    /// Whether clusters become golden records in the cleansed output.
    pub golden: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            threshold: 0.9,
            pair_floor: 0.1,
            max_cluster_size: 50,
            split_large: true,
            max_block_size: 500,
            golden: true,
        }
    }
}

/// Survivorship rules, by column index.
#[derive(Clone, Debug, PartialEq)]
pub struct Survivorship {
    pub default: Survive,
    pub columns: Vec<(usize, Survive)>,
    pub recency_column: Option<usize>,
    pub source_column: Option<usize>,
    pub source_priority: Vec<String>,
}

impl Survivorship {
    pub fn rule(&self, column: usize) -> Survive {
        self.columns
            .iter()
            .find(|(c, _)| *c == column)
            .map_or(self.default, |(_, r)| *r)
    }
}

/// What the pipeline file or the command line says; `None` means "choose from the data".
#[derive(Clone, Debug)]
pub struct DedupPlan {
    pub fields: Option<Vec<Field>>,
    /// Blocking rules as indexes into `fields` (only with explicit fields).
    pub blocking: Option<Vec<Vec<usize>>>,
    pub match_on: Vec<Vec<usize>>,
    pub settings: Settings,
    pub id_column: Option<usize>,
    /// Columns never chosen as fields.
    pub ignore: Vec<usize>,
    pub survivorship: Survivorship,
    /// No survivorship rule was written: rules per field kind are chosen with the fields.
    pub survivorship_inferred: bool,
}

/// The resolved model a run uses.
#[derive(Clone, Debug)]
pub struct Model {
    pub fields: Vec<Field>,
    /// Blocking rules (indexes into `fields`), OR-ed.
    pub blocking: Vec<Vec<usize>>,
    /// Deterministic rules (indexes into `fields`).
    pub match_on: Vec<Vec<usize>>,
    pub settings: Settings,
    pub id_column: Option<usize>,
    /// The column that gives each row's country (phone region, date order).
    pub country_column: Option<usize>,
    pub survivorship: Survivorship,
    /// Whether the fields and the blocking rules were chosen from the data.
    pub fields_inferred: bool,
    pub blocking_inferred: bool,
}

fn toml_str(s: &str) -> String {
    // A TOML basic string: JSON's escaping is a subset TOML accepts.
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        s.to_string()
    } else {
        toml_str(s)
    }
}

impl Model {
    /// The model as a `[dedup]` section of a pipeline file. `names`: the table's column names.
    pub fn to_toml(&self, names: &[String]) -> String {
        let mut s = String::from("[dedup]\n");
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("{} = {}", toml_key(&f.name), toml_str(f.kind.as_str())))
            .collect();
        let _ = writeln!(s, "fields = {{ {} }}", fields.join(", "));
        let rules = |rules: &[Vec<usize>]| -> String {
            let r: Vec<String> = rules
                .iter()
                .map(|r| {
                    let f: Vec<String> =
                        r.iter().map(|&i| toml_str(&self.fields[i].name)).collect();
                    format!("[{}]", f.join(", "))
                })
                .collect();
            format!("[{}]", r.join(", "))
        };
        let _ = writeln!(s, "blocking = {}", rules(&self.blocking));
        if !self.match_on.is_empty() {
            let _ = writeln!(s, "match_on = {}", rules(&self.match_on));
        }
        let st = &self.settings;
        let _ = writeln!(s, "threshold = {}", st.threshold);
        let _ = writeln!(s, "pair_floor = {}", st.pair_floor);
        let _ = writeln!(s, "max_cluster_size = {}", st.max_cluster_size);
        let _ = writeln!(s, "split_large_clusters = {}", st.split_large);
        let _ = writeln!(s, "max_block_size = {}", st.max_block_size);
        if let Some(c) = self.id_column {
            let _ = writeln!(s, "id_column = {}", toml_str(&names[c]));
        }
        if !st.golden {
            s.push_str("golden = false\n");
        }
        let sv = &self.survivorship;
        s.push_str("\n[dedup.survivorship]\n");
        let _ = writeln!(s, "default = {}", toml_str(sv.default.name()));
        if let Some(c) = sv.recency_column {
            let _ = writeln!(s, "recency_column = {}", toml_str(&names[c]));
        }
        if let Some(c) = sv.source_column {
            let _ = writeln!(s, "source_column = {}", toml_str(&names[c]));
            let p: Vec<String> = sv.source_priority.iter().map(|x| toml_str(x)).collect();
            let _ = writeln!(s, "source_priority = [{}]", p.join(", "));
        }
        if !sv.columns.is_empty() {
            let c: Vec<String> = sv
                .columns
                .iter()
                .map(|(c, r)| format!("{} = {}", toml_key(&names[*c]), toml_str(r.name())))
                .collect();
            let _ = writeln!(s, "columns = {{ {} }}", c.join(", "));
        }
        s
    }
}

/// Column-name words of a date column that says when the record was last changed or made.
const RECENCY_WORDS: &[&str] = &[
    "updated",
    "modified",
    "changed",
    "last",
    "created",
    "registered",
    "signup",
    "since",
];
const DATE_WORDS: &[&str] = &["at", "date", "time", "ts", "timestamp", "on", "dt"];

/// The column `most_recent` orders by when none is named: an "updated at" column before a
/// "created at" one.
pub fn guess_recency_column(names: &[String]) -> Option<usize> {
    let toks: Vec<Vec<String>> = names.iter().map(|n| crate::classify::tokens(n)).collect();
    let datey = |t: &[String]| t.iter().any(|w| DATE_WORDS.contains(&w.as_str()));
    for word in RECENCY_WORDS {
        if let Some(i) = toks
            .iter()
            .position(|t| t.iter().any(|w| w == word) && datey(t))
        {
            return Some(i);
        }
    }
    None
}

impl DedupPlan {
    /// Compiles `[dedup]`. `column_index` resolves a column name (erroring with the file and
    /// line); `names` are the table's columns.
    pub fn compile(
        file: &PipelineFile,
        spec: &DedupSpec,
        offset: usize,
        names: &[String],
        column_index: &dyn Fn(&str, usize, &str) -> Result<usize>,
    ) -> Result<DedupPlan> {
        let at = |offset: usize, key: &str, msg: String| file.error_at(offset, key, msg);
        let fields = match &spec.fields {
            None => None,
            Some(f) => {
                let mut fields = Vec::new();
                for (name, kind) in f.get_ref() {
                    let column = column_index(name, f.span().start, "dedup.fields")?;
                    let kind = Kind::parse(kind).ok_or_else(|| {
                        at(
                            f.span().start,
                            "dedup.fields",
                            format!(
                                "'{kind}' (for {name}) is not a field kind: {}",
                                Kind::ALL.map(|k| k.as_str()).join(", ")
                            ),
                        )
                    })?;
                    fields.push(Field {
                        column,
                        name: name.clone(),
                        kind,
                    });
                }
                if fields.is_empty() {
                    return Err(at(f.span().start, "dedup.fields", "is empty".into()));
                }
                if fields.len() > super::fs::MAX_FIELDS {
                    return Err(at(
                        f.span().start,
                        "dedup.fields",
                        format!("at most {} fields", super::fs::MAX_FIELDS),
                    ));
                }
                fields.sort_by_key(|f| f.column);
                Some(fields)
            }
        };
        let resolve_rules = |rules: &[Vec<String>], offset: usize, key: &str| {
            let Some(fields) = &fields else {
                return Err(at(
                    offset,
                    key,
                    "needs dedup.fields (the rules name fields)".into(),
                ));
            };
            let mut out = Vec::new();
            for rule in rules {
                if rule.is_empty() {
                    return Err(at(offset, key, "a rule names no field".into()));
                }
                let mut r = Vec::new();
                for name in rule {
                    let i = fields.iter().position(|f| &f.name == name).ok_or_else(|| {
                        at(offset, key, format!("'{name}' is not one of dedup.fields"))
                    })?;
                    if !r.contains(&i) {
                        r.push(i);
                    }
                }
                r.sort();
                out.push(r);
            }
            Ok(out)
        };
        let blocking = match &spec.blocking {
            None => None,
            Some(b) => {
                let rules = resolve_rules(b.get_ref(), b.span().start, "dedup.blocking")?;
                if rules.is_empty() {
                    return Err(at(b.span().start, "dedup.blocking", "is empty".into()));
                }
                Some(rules)
            }
        };
        let mut match_on = Vec::new();
        for m in &spec.match_on {
            match_on.extend(resolve_rules(
                std::slice::from_ref(m.get_ref()),
                m.span().start,
                "dedup.match_on",
            )?);
        }

        let mut settings = Settings::default();
        let prob =
            |v: &Option<toml::Spanned<f64>>, key: &str, low_open: bool| -> Result<Option<f64>> {
                match v {
                    None => Ok(None),
                    Some(p) => {
                        let x = *p.get_ref();
                        let ok = if low_open {
                            x > 0.0 && x <= 1.0
                        } else {
                            (0.0..=1.0).contains(&x)
                        };
                        if ok {
                            Ok(Some(x))
                        } else {
                            Err(at(
                                p.span().start,
                                key,
                                format!(
                                    "must be {} 1",
                                    if low_open {
                                        "above 0 and at most"
                                    } else {
                                        "0 to"
                                    }
                                ),
                            ))
                        }
                    }
                }
            };
        if let Some(t) = prob(&spec.threshold, "dedup.threshold", true)? {
            settings.threshold = t;
        }
        if let Some(t) = prob(&spec.pair_floor, "dedup.pair_floor", false)? {
            settings.pair_floor = t;
        }
        let count =
            |v: &Option<toml::Spanned<i64>>, key: &str, min: i64| -> Result<Option<usize>> {
                match v {
                    None => Ok(None),
                    Some(n) if *n.get_ref() < min => {
                        Err(at(n.span().start, key, format!("must be at least {min}")))
                    }
                    Some(n) => Ok(Some(*n.get_ref() as usize)),
                }
            };
        if let Some(n) = count(&spec.max_cluster_size, "dedup.max_cluster_size", 2)? {
            settings.max_cluster_size = n;
        }
        if let Some(n) = count(&spec.max_block_size, "dedup.max_block_size", 2)? {
            settings.max_block_size = n;
        }
        if let Some(s) = spec.split_large_clusters {
            settings.split_large = s;
        }
        if let Some(g) = spec.golden {
            settings.golden = g;
        }
        let id_column = match &spec.id_column {
            Some(c) => Some(column_index(
                c.get_ref(),
                c.span().start,
                "dedup.id_column",
            )?),
            None => None,
        };
        let mut ignore = Vec::new();
        for c in &spec.ignore {
            ignore.push(column_index(c.get_ref(), c.span().start, "dedup.ignore")?);
        }

        let sv = &spec.survivorship;
        let rule = |s: &toml::Spanned<String>, key: &str| -> Result<Survive> {
            Survive::parse(s.get_ref()).ok_or_else(|| {
                at(
                    s.span().start,
                    key,
                    format!(
                        "'{}' is not a survivorship rule: {}",
                        s.get_ref(),
                        Survive::ALL.map(|r| r.name()).join(", ")
                    ),
                )
            })
        };
        let default = match &sv.default {
            Some(d) => rule(d, "dedup.survivorship.default")?,
            None => Survive::MostComplete,
        };
        let mut columns = Vec::new();
        for (name, r) in &sv.columns {
            let c = column_index(name, r.span().start, "dedup.survivorship.columns")?;
            columns.push((c, rule(r, "dedup.survivorship.columns")?));
        }
        columns.sort_by_key(|(c, _)| *c);
        let recency_column = match &sv.recency_column {
            Some(c) => Some(column_index(
                c.get_ref(),
                c.span().start,
                "dedup.survivorship.recency_column",
            )?),
            None => guess_recency_column(names),
        };
        let source_column = match &sv.source_column {
            Some(c) => Some(column_index(
                c.get_ref(),
                c.span().start,
                "dedup.survivorship.source_column",
            )?),
            None => None,
        };
        let uses = |r: Survive| default == r || columns.iter().any(|(_, x)| *x == r);
        if uses(Survive::SourcePriority)
            && (source_column.is_none() || sv.source_priority.is_empty())
        {
            return Err(at(
                offset,
                "dedup.survivorship",
                "source_priority needs source_column and source_priority".into(),
            ));
        }
        if uses(Survive::MostRecent) && recency_column.is_none() {
            return Err(at(
                offset,
                "dedup.survivorship",
                "most_recent needs recency_column (no column's name says when a row was updated or created)".into(),
            ));
        }
        Ok(DedupPlan {
            fields,
            blocking,
            match_on,
            settings,
            id_column,
            ignore,
            survivorship_inferred: sv.default.is_none() && sv.columns.is_empty(),
            survivorship: Survivorship {
                default,
                columns,
                recency_column,
                source_column,
                source_priority: sv.source_priority.clone(),
            },
        })
    }
}
