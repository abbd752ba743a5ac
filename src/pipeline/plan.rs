//! The compiled pipeline: every column's normalizers, rules and transform, the detector, the
//! key-derived state and the thresholds, all checked against the input's schema before any row
//! is read. `scour check` stops here; `scour run` hands the plan to the engine.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use regex::Regex;

use super::config::{PipelineFile, RuleSpec};
use super::deid::{Prepared, Transform};
use super::keys::Key;
use super::normalize::Normalizer;
use super::sql::{self, Predicate};
use crate::classify;
use crate::detect::{Detector, DetectorConfig, DEFAULT_MIN_SCORE};
use crate::entity::{Entity, Hint};
use crate::error::{Error, Result};
use crate::input::{ReadOptions, Table};
use crate::recognizers::Recognizers;

/// How bad a rule failure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// What happens to a value that fails a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Recorded in the discrepancy report; the value is kept.
    Report,
    /// The rule's `fix` normalizer is applied; recorded either way.
    Fix,
    /// The cell is set to NULL.
    Null,
    /// The whole row goes to the quarantine file instead of the cleansed output.
    Quarantine,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Action::Report => "report",
            Action::Fix => "fix",
            Action::Null => "null",
            Action::Quarantine => "quarantine",
        }
    }
    fn parse(s: &str) -> Option<Action> {
        match s {
            "report" => Some(Action::Report),
            "fix" => Some(Action::Fix),
            "null" => Some(Action::Null),
            "quarantine" => Some(Action::Quarantine),
            _ => None,
        }
    }
}

/// Types a `type` rule checks a cell's text against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    String,
    Integer,
    Decimal,
    Boolean,
    Date,
    Timestamp,
}

impl ValueType {
    pub const NAMES: &'static [&'static str] = &[
        "string",
        "integer",
        "decimal",
        "boolean",
        "date",
        "timestamp",
    ];
    fn parse(s: &str) -> Option<ValueType> {
        Some(match s {
            "string" => ValueType::String,
            "integer" => ValueType::Integer,
            "decimal" => ValueType::Decimal,
            "boolean" => ValueType::Boolean,
            "date" => ValueType::Date,
            "timestamp" => ValueType::Timestamp,
            _ => return None,
        })
    }
}

/// A bound of a `min`/`max` rule: numbers compare numerically, dates as ISO dates.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    Number(f64),
    Date(chrono::NaiveDate),
}

/// What a rule checks.
pub enum Check {
    Required,
    Type(ValueType),
    Unique,
    Regex(Regex),
    Length {
        min: Option<usize>,
        max: Option<usize>,
    },
    Range {
        min: Option<Bound>,
        max: Option<Bound>,
    },
    Allowed {
        set: HashSet<String>,
        ignore_case: bool,
    },
    Valid(Entity),
    Sql(Predicate),
}

impl Check {
    pub fn kind(&self) -> &'static str {
        match self {
            Check::Required => "required",
            Check::Type(_) => "type",
            Check::Unique => "unique",
            Check::Regex(_) => "regex",
            Check::Length { .. } => "length",
            Check::Range { .. } => "range",
            Check::Allowed { .. } => "allowed",
            Check::Valid(_) => "valid",
            Check::Sql(_) => "sql",
        }
    }
}

/// One compiled rule.
pub struct Rule {
    pub name: String,
    /// The column checked (`None` only for SQL rules, which read the whole row).
    pub column: Option<usize>,
    pub severity: Severity,
    pub action: Action,
    pub fix: Option<Normalizer>,
    pub check: Check,
}

/// A whole-cell de-identification.
pub struct ColumnTransform {
    pub name: &'static str,
    pub prepared: Prepared,
}

/// Everything the run does to one input column.
pub struct ColumnPlan {
    pub name: String,
    pub normalizers: Vec<Normalizer>,
    pub transform: Option<ColumnTransform>,
    /// Dropped from the outputs.
    pub drop: bool,
    /// Findings in this column are looked for (free text, or a `fail_if.entities_left` column).
    pub scan: bool,
    /// Findings are replaced in place by their entity's transform.
    pub replace_spans: bool,
    /// What the column holds, for masked samples and tags.
    pub entity: Option<Entity>,
    pub hint: Option<Hint>,
    /// The written value may differ from the read one, so the column is written as text.
    pub rewritten: bool,
    /// Written with Parquet modular encryption.
    pub encrypted: bool,
}

/// Failure thresholds checked after all outputs are written.
#[derive(Default)]
pub struct FailIf {
    pub quarantine_share: Option<f64>,
    pub severity: Option<Severity>,
    pub max_failures: Option<u64>,
    /// (column index, entities) that must not be left in that column.
    pub entities_left: Vec<(usize, Vec<Entity>)>,
}

/// Parquet compression of the data outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Zstd,
    Snappy,
    None,
}

pub struct OutputPlan {
    pub compression: Compression,
    pub rows_per_file: Option<u64>,
    pub html_report: bool,
    /// The footer signing key and per-column keys, when columns are encrypted.
    pub encryption: Option<EncryptionKeys>,
}

#[derive(Clone)]
pub struct EncryptionKeys {
    pub footer: Vec<u8>,
    pub columns: Vec<(String, Vec<u8>)>,
}

/// A pipeline ready to run.
pub struct Plan {
    pub path: PathBuf,
    pub sha256: String,
    pub name: String,
    pub table: Table,
    pub read: ReadOptions,
    pub columns: Vec<ColumnPlan>,
    pub rules: Vec<Rule>,
    /// Set when a column is scanned or a `valid` rule needs validators.
    pub detector: Option<Detector>,
    /// Transform of findings inside `replace_spans` columns, by entity index.
    /// `[entities.ANY]` is one transform shared by every entity it covers.
    pub entity_transforms: Vec<Option<Arc<ColumnTransform>>>,
    /// The column whose value gives a row's country (normalizers, phone regions).
    pub country_column: Option<usize>,
    pub default_region: Option<phonenumber::country::Id>,
    pub key_fingerprint: Option<String>,
    pub outputs: OutputPlan,
    pub fail_if: FailIf,
    /// `[dedup]`: record linkage and golden records.
    pub dedup: Option<crate::dedup::model::DedupPlan>,
}

/// Where the inputs come from: the command line, or else the pipeline file.
pub enum Inputs<'a> {
    FromFile,
    Paths(&'a [String]),
}

/// How to find the key.
#[derive(Default, Clone)]
pub struct KeySource {
    /// `--key-file` given on the command line.
    pub file: Option<PathBuf>,
}

impl Plan {
    /// Compiles `file` against its inputs' schema. Reads no rows.
    pub fn compile(file: &PipelineFile, inputs: Inputs<'_>, keys: &KeySource) -> Result<Plan> {
        let spec = &file.spec;
        let base = file.base_dir();
        let at = |offset: usize, key: &str, msg: String| file.error_at(offset, key, msg);

        // Input.
        let mut read = ReadOptions::default();
        if let Some(d) = &spec.input.delimiter {
            read.delimiter = Some(
                crate::commands::scan::parse_delimiter(d.get_ref())
                    .map_err(|e| at(d.span().start, "input.delimiter", e.message().to_string()))?,
            );
        }
        if let Some(b) = &spec.input.batch_rows {
            let n = *b.get_ref();
            if !(1..=1_048_576).contains(&n) {
                return Err(at(
                    b.span().start,
                    "input.batch_rows",
                    "must be 1 to 1048576".into(),
                ));
            }
            read.batch_rows = n as usize;
        }
        read.whole_rows = true;
        let paths: Vec<String> = match inputs {
            Inputs::Paths(p) => p.to_vec(),
            Inputs::FromFile => {
                if spec.input.paths.is_empty() {
                    return Err(Error::usage(format!(
                        "{}: input.paths is empty and no --input was given",
                        file.path.display()
                    )));
                }
                spec.input
                    .paths
                    .iter()
                    .map(|p| resolve(base, p).to_string_lossy().into_owned())
                    .collect()
            }
        };
        let table = Table::open(&paths, &read)?;
        let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        let column_index = |name: &str, offset: usize, key: &str| -> Result<usize> {
            names.iter().position(|n| n == name).ok_or_else(|| {
                at(
                    offset,
                    key,
                    format!(
                        "no column '{name}' in the input (columns: {})",
                        names.join(", ")
                    ),
                )
            })
        };

        // Schema.
        for r in &spec.schema.required {
            column_index(r.get_ref(), r.span().start, "schema.required")?;
        }

        // Detection settings.
        let min_score = match &spec.detect.min_score {
            Some(s) if !(0.0..=1.0).contains(s.get_ref()) => {
                return Err(at(
                    s.span().start,
                    "detect.min_score",
                    "must be 0 to 1".into(),
                ))
            }
            Some(s) => *s.get_ref() as f32,
            None => DEFAULT_MIN_SCORE,
        };
        let recognizers = match &spec.detect.recognizers {
            Some(p) => Some(Arc::new(
                Recognizers::load(&resolve(base, p.get_ref()), min_score)
                    .map_err(|e| at(p.span().start, "detect.recognizers", e.to_string()))?,
            )),
            None => None,
        };
        let entity = |name: &Spanned<String>, key: &str| -> Result<Entity> {
            Entity::from_name(name.get_ref().trim()).ok_or_else(|| {
                at(
                    name.span().start,
                    key,
                    format!("unknown entity '{}' (run `scour entities`)", name.get_ref()),
                )
            })
        };
        let entities: Vec<Entity> = if spec.detect.entities.is_empty() {
            Entity::all().to_vec()
        } else {
            spec.detect
                .entities
                .iter()
                .map(|e| entity(e, "detect.entities"))
                .collect::<Result<_>>()?
        };
        let default_region = match &spec.detect.default_region {
            Some(r) => Some(
                r.get_ref()
                    .parse::<phonenumber::country::Id>()
                    .map_err(|_| {
                        at(
                            r.span().start,
                            "detect.default_region",
                            format!("'{}' is not a two-letter region code", r.get_ref()),
                        )
                    })?,
            ),
            None => None,
        };

        // The key, loaded only if something needs it.
        let mut transforms_need_key = false;
        let mut parsed_columns: BTreeMap<usize, (Vec<Normalizer>, Option<Transform>)> =
            BTreeMap::new();
        for (name, col) in &spec.columns {
            let offset = col.span().start;
            let i = column_index(name, offset, &format!("columns.{name}"))?;
            let c = col.get_ref();
            let mut normalizers = Vec::new();
            for n in &c.normalize {
                normalizers
                    .push(Normalizer::parse(n.get_ref()).map_err(|e| {
                        at(n.span().start, &format!("columns.{name}.normalize"), e)
                    })?);
            }
            let transform = match &c.transform {
                Some(t) => {
                    let t2 = Transform::parse(t.get_ref())
                        .map_err(|e| at(t.span().start, &format!("columns.{name}.transform"), e))?;
                    transforms_need_key |= t2.needs_key();
                    Some(t2)
                }
                None => None,
            };
            parsed_columns.insert(i, (normalizers, transform));
        }
        // `[entities.ANY]` covers every entity without a transform of its own.
        let mut parsed_entities: Vec<(Option<Entity>, Transform, usize)> = Vec::new();
        for (name, e) in &spec.entities {
            let offset = e.span().start;
            let ent = if name == "ANY" {
                None
            } else {
                Some(Entity::from_name(name).ok_or_else(|| {
                    at(
                        offset,
                        &format!("entities.{name}"),
                        format!("unknown entity '{name}' (run `scour entities`; ANY means every entity)"),
                    )
                })?)
            };
            let t = e.get_ref();
            let tr = Transform::parse(t.transform.get_ref()).map_err(|m| {
                at(
                    t.transform.span().start,
                    &format!("entities.{name}.transform"),
                    m,
                )
            })?;
            if tr.name() == "drop" || tr.name() == "tokenize" {
                return Err(at(
                    t.transform.span().start,
                    &format!("entities.{name}.transform"),
                    format!(
                        "'{}' applies to whole columns only; spans inside text can be redacted, tagged, masked, hashed or generalized",
                        tr.name()
                    ),
                ));
            }
            transforms_need_key |= tr.needs_key();
            parsed_entities.push((ent, tr, offset));
        }
        let encrypt_needed = !spec.outputs.encrypt_columns.is_empty();
        let key = if transforms_need_key || encrypt_needed {
            Some(load_key(file, keys)?)
        } else {
            None
        };
        let key_fingerprint = key.as_ref().map(|k| k.fingerprint());

        // Columns.
        let detect_columns: Vec<usize> = spec
            .detect
            .columns
            .iter()
            .map(|c| column_index(c.get_ref(), c.span().start, "detect.columns"))
            .collect::<Result<_>>()?;
        let mut fail_if = FailIf::default();
        for (name, list) in &spec.fail_if.entities_left {
            let i = column_index(
                name,
                list.span().start,
                &format!("fail_if.entities_left.{name}"),
            )?;
            let mut es = Vec::new();
            for e in list.get_ref() {
                es.push(Entity::from_name(e.trim()).ok_or_else(|| {
                    at(
                        list.span().start,
                        &format!("fail_if.entities_left.{name}"),
                        format!("unknown entity '{e}' (run `scour entities`)"),
                    )
                })?);
            }
            fail_if.entities_left.push((i, es));
        }
        let encrypted: Vec<usize> = spec
            .outputs
            .encrypt_columns
            .iter()
            .map(|c| column_index(c.get_ref(), c.span().start, "outputs.encrypt_columns"))
            .collect::<Result<_>>()?;

        let mut columns = Vec::with_capacity(names.len());
        for (i, info) in table.columns.iter().enumerate() {
            let hint = classify::name_hint(&info.name);
            let (normalizers, transform) = parsed_columns.remove(&i).unwrap_or_default();
            let declared = spec
                .columns
                .get(&info.name)
                .and_then(|c| c.get_ref().entity.as_ref());
            let entity_of_column = match declared {
                Some(e) => Some(entity(e, &format!("columns.{}.entity", info.name))?),
                None => hint.and_then(|h| h.entity()),
            };
            let drop = transform.as_ref().is_some_and(|t| t.name() == "drop");
            let transform = match transform {
                Some(t) if t.name() != "drop" && t.name() != "keep" => {
                    let name = t.name();
                    let prepared = t.prepare(key.as_ref()).map_err(|e| {
                        Error::usage(format!(
                            "{}: columns.{}.transform: {e}",
                            file.path.display(),
                            info.name
                        ))
                    })?;
                    Some(ColumnTransform { name, prepared })
                }
                _ => None,
            };
            let replace_spans = detect_columns.contains(&i);
            if replace_spans && transform.is_some() {
                return Err(Error::usage(format!(
                    "{}: detect.columns: column '{}' has a whole-cell transform; findings inside it cannot also be replaced",
                    file.path.display(),
                    info.name
                )));
            }
            let scan = replace_spans || fail_if.entities_left.iter().any(|(c, _)| *c == i);
            if (scan || !normalizers.is_empty() || transform.is_some()) && !info.scanned {
                return Err(Error::usage(format!(
                    "{}: columns.{}: a {} column holds no text to normalize, scan or transform",
                    file.path.display(),
                    info.name,
                    info.data_type
                )));
            }
            let rewritten = !normalizers.is_empty() || transform.is_some() || replace_spans;
            columns.push(ColumnPlan {
                name: info.name.clone(),
                normalizers,
                transform,
                drop,
                scan,
                replace_spans,
                entity: entity_of_column,
                hint,
                rewritten,
                encrypted: encrypted.contains(&i),
            });
        }
        if spec.schema.allow_extra == Some(false) {
            for c in &columns {
                let named = spec.columns.contains_key(&c.name)
                    || spec.schema.required.iter().any(|r| r.get_ref() == &c.name);
                if !named {
                    return Err(Error::usage(format!(
                        "{}: schema.allow_extra = false, and the input has column '{}' that the pipeline does not name",
                        file.path.display(),
                        c.name
                    )));
                }
            }
        }

        let mut entity_transforms: Vec<Option<Arc<ColumnTransform>>> =
            (0..Entity::SLOTS).map(|_| None).collect();
        let mut any: Option<(Transform, usize)> = None;
        for (ent, tr, offset) in parsed_entities {
            let Some(ent) = ent else {
                any = Some((tr, offset));
                continue;
            };
            let name = tr.name();
            let prepared = tr
                .prepare(key.as_ref())
                .map_err(|e| at(offset, &format!("entities.{}.transform", ent.name()), e))?;
            entity_transforms[ent.index()] = Some(Arc::new(ColumnTransform { name, prepared }));
        }
        if let Some((tr, offset)) = any {
            let prepared = tr
                .prepare(key.as_ref())
                .map_err(|m| at(offset, "entities.ANY.transform", m))?;
            let shared = Arc::new(ColumnTransform {
                name: tr.name(),
                prepared,
            });
            for e in Entity::all() {
                if entity_transforms[e.index()].is_none() {
                    entity_transforms[e.index()] = Some(shared.clone());
                }
            }
        }
        if !detect_columns.is_empty() && entity_transforms.iter().all(Option::is_none) {
            return Err(Error::usage(format!(
                "{}: detect.columns is set but no [entities.NAME] transform says what to do with the findings",
                file.path.display()
            )));
        }

        // Rules.
        let mut rules = Vec::with_capacity(spec.rules.len());
        for (n, spanned) in spec.rules.iter().enumerate() {
            rules.push(compile_rule(
                file,
                n,
                spanned,
                &names,
                &column_index,
                &entity,
            )?);
        }

        // A rule that nulls or fixes cells rewrites its column.
        for r in &rules {
            if let (Some(c), Action::Null | Action::Fix) = (r.column, r.action) {
                columns[c].rewritten = true;
            }
        }

        let dedup = match &spec.dedup {
            Some(d) => Some(crate::dedup::model::DedupPlan::compile(
                file,
                d.get_ref(),
                d.span().start,
                &names,
                &column_index,
            )?),
            None => None,
        };

        let needs_detector = columns.iter().any(|c| c.scan)
            || rules.iter().any(|r| matches!(r.check, Check::Valid(_)));
        let detector = if needs_detector {
            let mut all = entities.clone();
            for r in &rules {
                if let Check::Valid(e) = r.check {
                    if !all.contains(&e) {
                        all.push(e);
                    }
                }
            }
            Some(Detector::new(&DetectorConfig {
                min_score,
                entities: all,
                recognizers,
            })?)
        } else {
            None
        };

        // Outputs.
        let compression = match &spec.outputs.compression {
            None => Compression::Zstd,
            Some(c) => match c.get_ref().as_str() {
                "zstd" => Compression::Zstd,
                "snappy" => Compression::Snappy,
                "none" => Compression::None,
                other => {
                    return Err(at(
                        c.span().start,
                        "outputs.compression",
                        format!("'{other}' is not one of zstd, snappy, none"),
                    ))
                }
            },
        };
        let rows_per_file = match &spec.outputs.rows_per_file {
            Some(r) if *r.get_ref() < 1 => {
                return Err(at(
                    r.span().start,
                    "outputs.rows_per_file",
                    "must be at least 1".into(),
                ))
            }
            Some(r) => Some(*r.get_ref() as u64),
            None => None,
        };
        let encryption = match (&key, encrypted.is_empty()) {
            (Some(k), false) => Some(EncryptionKeys {
                footer: k.derive(super::keys::purpose::PARQUET_FOOTER).to_vec(),
                columns: encrypted
                    .iter()
                    .map(|&i| {
                        (
                            names[i].clone(),
                            k.derive(&super::keys::purpose::parquet_column(&names[i]))
                                .to_vec(),
                        )
                    })
                    .collect(),
            }),
            _ => None,
        };

        // Thresholds.
        if let Some(q) = &spec.fail_if.quarantine_share {
            if !(0.0..=1.0).contains(q.get_ref()) {
                return Err(at(
                    q.span().start,
                    "fail_if.quarantine_share",
                    "must be 0 to 1".into(),
                ));
            }
            fail_if.quarantine_share = Some(*q.get_ref());
        }
        if let Some(s) = &spec.fail_if.severity {
            fail_if.severity = Some(Severity::parse(s.get_ref()).ok_or_else(|| {
                at(
                    s.span().start,
                    "fail_if.severity",
                    "must be info, warning or error".into(),
                )
            })?);
        }
        if let Some(m) = &spec.fail_if.max_failures {
            if *m.get_ref() < 0 {
                return Err(at(
                    m.span().start,
                    "fail_if.max_failures",
                    "must be 0 or more".into(),
                ));
            }
            fail_if.max_failures = Some(*m.get_ref() as u64);
            if fail_if.severity.is_none() {
                fail_if.severity = Some(Severity::Error);
            }
        }

        let country_column = names.iter().position(|n| classify::is_country_column(n));
        Ok(Plan {
            path: file.path.clone(),
            sha256: sha256_hex(file.text.as_bytes()),
            name: spec.pipeline.name.clone().unwrap_or_else(|| {
                file.path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            }),
            table,
            read,
            columns,
            rules,
            detector,
            entity_transforms,
            country_column,
            default_region,
            key_fingerprint,
            outputs: OutputPlan {
                compression,
                rows_per_file,
                html_report: spec.outputs.html_report.unwrap_or(true),
                encryption,
            },
            fail_if,
            dedup,
        })
    }

    /// Names of the columns written to the cleansed output.
    pub fn output_columns(&self) -> impl Iterator<Item = (usize, &ColumnPlan)> {
        self.columns.iter().enumerate().filter(|(_, c)| !c.drop)
    }
}

use toml::Spanned;

fn resolve(base: &Path, p: &str) -> PathBuf {
    let path = Path::new(p);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key: `--key-file`, else the variable named by `keys.env` (default `SCOUR_KEY`), else
/// `keys.file`. Never from the pipeline file itself.
pub fn load_key(file: &PipelineFile, source: &KeySource) -> Result<Key> {
    let spec = &file.spec.keys;
    if let Some(path) = &source.file {
        return Key::from_file(path).map_err(Error::usage);
    }
    let var = spec
        .env
        .as_ref()
        .map(|v| v.get_ref().as_str())
        .unwrap_or(super::keys::DEFAULT_ENV);
    if std::env::var_os(var).is_some() {
        return Key::from_env(var).map_err(Error::usage);
    }
    if let Some(p) = &spec.file {
        return Key::from_file(&resolve(file.base_dir(), p.get_ref())).map_err(Error::usage);
    }
    Err(Error::usage(format!(
        "{}: a transform or encrypted column needs a key: set the environment variable {var} (64 hex characters) or pass --key-file",
        file.path.display()
    )))
}

fn compile_rule(
    file: &PipelineFile,
    n: usize,
    spanned: &Spanned<RuleSpec>,
    names: &[String],
    column_index: &dyn Fn(&str, usize, &str) -> Result<usize>,
    entity: &dyn Fn(&Spanned<String>, &str) -> Result<Entity>,
) -> Result<Rule> {
    let r = spanned.get_ref();
    let key = |k: &str| format!("rules[{n}].{k}");
    let at = |offset: usize, k: &str, msg: String| file.error_at(offset, &key(k), msg);
    let start = spanned.span().start;

    let mut checks: Vec<(&str, usize)> = Vec::new();
    macro_rules! present {
        ($field:ident, $name:expr) => {
            if let Some(v) = &r.$field {
                checks.push(($name, v.span().start));
            }
        };
    }
    present!(required, "required");
    present!(kind, "type");
    present!(unique, "unique");
    present!(regex, "regex");
    present!(allowed, "allowed");
    present!(valid, "valid");
    present!(sql, "sql");
    if r.min_length.is_some() || r.max_length.is_some() {
        let s = r.min_length.as_ref().or(r.max_length.as_ref()).unwrap();
        checks.push(("min_length/max_length", s.span().start));
    }
    if r.min.is_some() || r.max.is_some() {
        let s = r.min.as_ref().or(r.max.as_ref()).unwrap();
        checks.push(("min/max", s.span().start));
    }
    let (check_key, check_at) = match checks.as_slice() {
        [one] => *one,
        [] => {
            return Err(file.error_at(
                start,
                &format!("rules[{n}]"),
                "a rule needs one check: required, type, unique, regex, min_length/max_length, min/max, allowed, valid or sql",
            ))
        }
        [_, second, ..] => {
            return Err(at(
                second.1,
                second.0,
                format!(
                    "a rule has one check; this one also has {} (write two rules)",
                    checks[0].0
                ),
            ))
        }
    };

    let column = match &r.column {
        Some(c) => Some(column_index(c.get_ref(), c.span().start, &key("column"))?),
        None => None,
    };
    if column.is_none() && check_key != "sql" {
        return Err(at(
            check_at,
            check_key,
            "this check needs a `column`".into(),
        ));
    }
    if column.is_some() && check_key == "sql" {
        return Err(at(
            r.column.as_ref().unwrap().span().start,
            "column",
            "an sql rule reads the whole row; leave out `column`".into(),
        ));
    }

    let check = match check_key {
        "required" => {
            if !*r.required.as_ref().unwrap().get_ref() {
                return Err(at(
                    check_at,
                    "required",
                    "`required = false` checks nothing; leave the rule out".into(),
                ));
            }
            Check::Required
        }
        "type" => {
            let t = r.kind.as_ref().unwrap();
            Check::Type(ValueType::parse(t.get_ref()).ok_or_else(|| {
                at(
                    t.span().start,
                    "type",
                    format!(
                        "'{}' is not one of {}",
                        t.get_ref(),
                        ValueType::NAMES.join(", ")
                    ),
                )
            })?)
        }
        "unique" => {
            if !*r.unique.as_ref().unwrap().get_ref() {
                return Err(at(
                    check_at,
                    "unique",
                    "`unique = false` checks nothing; leave the rule out".into(),
                ));
            }
            Check::Unique
        }
        "regex" => {
            let re = r.regex.as_ref().unwrap();
            Check::Regex(
                Regex::new(re.get_ref())
                    .map_err(|e| at(re.span().start, "regex", format!("invalid regex: {e}")))?,
            )
        }
        "min_length/max_length" => {
            let get = |v: &Option<Spanned<i64>>, k: &str| -> Result<Option<usize>> {
                match v {
                    Some(s) if *s.get_ref() < 0 => {
                        Err(at(s.span().start, k, "must be 0 or more".into()))
                    }
                    Some(s) => Ok(Some(*s.get_ref() as usize)),
                    None => Ok(None),
                }
            };
            let min = get(&r.min_length, "min_length")?;
            let max = get(&r.max_length, "max_length")?;
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    return Err(at(
                        check_at,
                        "min_length",
                        "is greater than max_length".into(),
                    ));
                }
            }
            Check::Length { min, max }
        }
        "min/max" => {
            let get = |v: &Option<Spanned<toml::Value>>, k: &str| -> Result<Option<Bound>> {
                let Some(s) = v else { return Ok(None) };
                let bound = match s.get_ref() {
                    toml::Value::Integer(i) => Bound::Number(*i as f64),
                    toml::Value::Float(f) => Bound::Number(*f),
                    toml::Value::Datetime(d) => {
                        Bound::Date(parse_date(&d.to_string()).ok_or_else(|| {
                            at(
                                s.span().start,
                                k,
                                "a date bound is written 1900-01-01".into(),
                            )
                        })?)
                    }
                    toml::Value::String(t) => Bound::Date(parse_date(t).ok_or_else(|| {
                        at(
                            s.span().start,
                            k,
                            format!("'{t}' is neither a number nor a date (YYYY-MM-DD)"),
                        )
                    })?),
                    _ => return Err(at(s.span().start, k, "must be a number or a date".into())),
                };
                Ok(Some(bound))
            };
            let min = get(&r.min, "min")?;
            let max = get(&r.max, "max")?;
            if let (Some(a), Some(b)) = (&min, &max) {
                let same_kind = matches!(
                    (a, b),
                    (Bound::Number(_), Bound::Number(_)) | (Bound::Date(_), Bound::Date(_))
                );
                if !same_kind {
                    return Err(at(
                        check_at,
                        "min",
                        "min and max must both be numbers or both dates".into(),
                    ));
                }
            }
            Check::Range { min, max }
        }
        "allowed" => {
            let list = r.allowed.as_ref().unwrap();
            if list.get_ref().is_empty() {
                return Err(at(
                    list.span().start,
                    "allowed",
                    "an empty list allows nothing".into(),
                ));
            }
            let ignore_case = r.ignore_case.unwrap_or(false);
            let set = list
                .get_ref()
                .iter()
                .map(|v| {
                    if ignore_case {
                        v.to_lowercase()
                    } else {
                        v.clone()
                    }
                })
                .collect();
            Check::Allowed { set, ignore_case }
        }
        "valid" => Check::Valid(entity(r.valid.as_ref().unwrap(), &key("valid"))?),
        "sql" => {
            let s = r.sql.as_ref().unwrap();
            let pred = sql::compile(s.get_ref(), names).map_err(|e| {
                // The expression is a TOML string: point at the line where it starts and at the
                // character inside the expression.
                at(
                    s.span().start,
                    "sql",
                    format!(
                        "at character {} of the expression: {}",
                        e.offset + 1,
                        e.message
                    ),
                )
            })?;
            Check::Sql(pred)
        }
        _ => unreachable!("every check key is handled"),
    };

    let severity = match &r.severity {
        Some(s) => Severity::parse(s.get_ref()).ok_or_else(|| {
            at(
                s.span().start,
                "severity",
                format!("'{}' is not one of info, warning, error", s.get_ref()),
            )
        })?,
        None => Severity::Error,
    };
    let action = match &r.action {
        Some(a) => Action::parse(a.get_ref()).ok_or_else(|| {
            at(
                a.span().start,
                "action",
                format!(
                    "'{}' is not one of report, fix, null, quarantine",
                    a.get_ref()
                ),
            )
        })?,
        None => Action::Report,
    };
    let fix = match (&r.fix, action) {
        (Some(f), Action::Fix) => {
            Some(Normalizer::parse(f.get_ref()).map_err(|e| at(f.span().start, "fix", e))?)
        }
        (None, Action::Fix) => {
            return Err(at(
                r.action.as_ref().unwrap().span().start,
                "action",
                "action = \"fix\" needs `fix = <normalizer>`".into(),
            ))
        }
        (Some(f), _) => {
            return Err(at(
                f.span().start,
                "fix",
                "`fix` is used only with action = \"fix\"".into(),
            ))
        }
        (None, _) => None,
    };
    if matches!(action, Action::Null | Action::Fix) && column.is_none() {
        return Err(at(
            r.action.as_ref().unwrap().span().start,
            "action",
            "an sql rule has no single cell to change: use report or quarantine".into(),
        ));
    }
    if action == Action::Fix && matches!(check_key, "unique" | "required") {
        return Err(at(
            r.action.as_ref().unwrap().span().start,
            "action",
            format!("a {check_key} rule cannot be fixed by a normalizer"),
        ));
    }
    let name = r.name.clone().unwrap_or_else(|| match column {
        Some(c) => format!(
            "{}:{}",
            names[c],
            check_key.split('/').next().unwrap_or(check_key)
        ),
        None => format!("sql#{}", n + 1),
    });
    Ok(Rule {
        name,
        column,
        severity,
        action,
        fix,
        check,
    })
}

/// An ISO date (`YYYY-MM-DD`), or the date part of an ISO timestamp.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    if s.len() > 10 && !matches!(s.as_bytes()[10], b'T' | b' ') {
        return None;
    }
    chrono::NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}
