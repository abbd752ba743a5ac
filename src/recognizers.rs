//! Custom recognizers: entities a user declares in a TOML file, no code.
//!
//! ```toml
//! [[recognizer]]
//! entity = "CUSTOMER_CODE"                          # new (UPPER_SNAKE) or built-in entity
//! patterns = [{ regex = '\bCUST-[0-9]{6}\b', score = 0.6 }]
//! validator = "luhn"                                # optional, built-in check by name
//! context = ["customer", "kunde"]                   # words before a match raise its score
//! context_score = 0.3
//! dictionary = "codes.txt"                          # one entry per line, next to this file
//! allow = ["CUST-000000"]                           # never reported (exact)
//! allow_regex = ['^TEST-']
//! deny = ["CUST-424242"]                            # always reported (exact)
//! deny_regex = []
//! ```
//!
//! Everything is compiled before any data is read; every error names the file, the line and
//! the key. A recognizer that could never report anything is an error, not a warning.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::detect::checksum;
use crate::detect::names::{fold, read_user_list, Flags, UserList};
use crate::entity::Entity;
use crate::error::{Error, Result};
use crate::pipeline::config::line_of;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    #[serde(default)]
    recognizer: Vec<Spanned<Spec>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    entity: Spanned<String>,
    #[serde(default)]
    patterns: Vec<PatternSpec>,
    validator: Option<Spanned<String>>,
    #[serde(default)]
    context: Vec<String>,
    context_score: Option<Spanned<f32>>,
    dictionary: Option<Spanned<String>>,
    dictionary_score: Option<Spanned<f32>>,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    allow_regex: Vec<Spanned<String>>,
    #[serde(default)]
    deny: Vec<String>,
    #[serde(default)]
    deny_regex: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternSpec {
    regex: Spanned<String>,
    score: Spanned<f32>,
}

/// The built-in validators a recognizer may name, besides every national identifier's key
/// (`scour entities` lists the entities; the keys are those of `testdata/vectors/`).
pub const VALIDATORS: &[&str] = &["luhn", "mod97", "mod11-10", "verhoeff", "iban"];

fn named_validator(name: &str) -> Option<fn(&str) -> bool> {
    fn digits(s: &str) -> Vec<u8> {
        s.bytes().filter(u8::is_ascii_digit).collect()
    }
    fn alnum(s: &str) -> Vec<u8> {
        s.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_uppercase())
            .collect()
    }
    match name {
        "luhn" => Some(|s| {
            let d = digits(s);
            d.len() >= 2 && checksum::luhn(&d)
        }),
        "mod97" => Some(|s| {
            let c = alnum(s);
            c.len() >= 3 && checksum::iso7064_mod97_10(&c)
        }),
        "mod11-10" => Some(|s| {
            let d = digits(s);
            d.len() >= 2 && checksum::iso7064_mod11_10(&d)
        }),
        "verhoeff" => Some(|s| {
            let d = digits(s);
            d.len() >= 2 && checksum::verhoeff(&d)
        }),
        "iban" => Some(|s| s.parse::<iban::Iban>().is_ok()),
        key => crate::detect::ids::validator(key),
    }
}

struct Pattern {
    regex: Regex,
    score: f32,
}

/// One compiled recognizer.
pub struct Recognizer {
    pub entity: Entity,
    patterns: Vec<Pattern>,
    validator: Option<fn(&str) -> bool>,
    /// Folded context words.
    context: Vec<String>,
    context_score: f32,
    /// The gazetteer bit of this recognizer's dictionary.
    pub dictionary: Option<(u32, f32)>,
    allow: HashSet<String>,
    allow_regex: Vec<Regex>,
    deny: Option<AhoCorasick>,
    deny_regex: Vec<Regex>,
}

/// A loaded recognizers file.
#[derive(Default)]
pub struct Recognizers {
    pub list: Vec<Recognizer>,
    /// Dictionaries for the gazetteer.
    pub user_lists: Vec<UserList>,
    pub path: PathBuf,
}

impl std::fmt::Debug for Recognizers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Recognizers({}, {} recognizers)",
            self.path.display(),
            self.list.len()
        )
    }
}

/// How far before a match context words count (bytes).
const CONTEXT_WINDOW: usize = 48;
const DEFAULT_CONTEXT_SCORE: f32 = 0.35;
const DEFAULT_DICTIONARY_SCORE: f32 = 0.6;

fn valid_entity_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

impl Recognizers {
    /// Reads and compiles `path`. `min_score` is the reporting threshold, used to reject
    /// patterns that could never be reported.
    pub fn load(path: &Path, min_score: f32) -> Result<Recognizers> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
        let at = |offset: usize, key: &str, msg: String| {
            Error::usage(format!(
                "{}:{}: {key}: {msg}",
                path.display(),
                line_of(&text, offset)
            ))
        };
        let spec: FileSpec = crate::pipeline::config::parse_toml(path, &text)?;
        if spec.recognizer.is_empty() {
            return Err(Error::usage(format!(
                "{}: no [[recognizer]] tables: the file would change nothing",
                path.display()
            )));
        }
        // New entities get their slots first, in file order.
        let mut customs: Vec<String> = Vec::new();
        for r in &spec.recognizer {
            let r = r.get_ref();
            let name = r.entity.get_ref().trim();
            if Entity::ALL.iter().any(|e| e.name() == name) || customs.iter().any(|c| c == name) {
                continue;
            }
            if !valid_entity_name(name) {
                return Err(at(
                    r.entity.span().start,
                    "entity",
                    format!("'{name}' is not a built-in entity, and a new one must be UPPER_SNAKE_CASE (A-Z, 0-9, _)"),
                ));
            }
            customs.push(name.to_string());
        }
        let slots = Entity::register_custom(&customs).map_err(Error::usage)?;
        let entity_of = |name: &str| {
            Entity::ALL
                .iter()
                .copied()
                .find(|e| e.name() == name)
                .or_else(|| customs.iter().position(|c| c == name).map(|i| slots[i]))
        };

        let base = path.parent().unwrap_or(Path::new("."));
        let mut out = Recognizers {
            path: path.to_path_buf(),
            ..Default::default()
        };
        for spanned in &spec.recognizer {
            let table_at = spanned.span().start;
            let r = spanned.get_ref();
            let name = r.entity.get_ref().trim();
            let entity = entity_of(name).expect("registered above");
            let mut patterns = Vec::new();
            for p in &r.patterns {
                let regex = Regex::new(p.regex.get_ref())
                    .map_err(|e| at(p.regex.span().start, "patterns.regex", format!("{e}")))?;
                if regex.is_match("") {
                    return Err(at(
                        p.regex.span().start,
                        "patterns.regex",
                        "matches the empty string: it would report empty spans everywhere".into(),
                    ));
                }
                let score = *p.score.get_ref();
                if !(0.0..=1.0).contains(&score) {
                    return Err(at(
                        p.score.span().start,
                        "patterns.score",
                        format!("{score} is not from 0 to 1"),
                    ));
                }
                patterns.push(Pattern { regex, score });
            }
            let validator = match &r.validator {
                Some(v) => Some(named_validator(v.get_ref()).ok_or_else(|| {
                    at(
                        v.span().start,
                        "validator",
                        format!(
                            "unknown validator '{}' (built-in: {}, or a national identifier's key such as de.idnr, nl.bsn)",
                            v.get_ref(),
                            VALIDATORS.join(", ")
                        ),
                    )
                })?),
                None => None,
            };
            if validator.is_some() && patterns.is_empty() {
                return Err(at(
                    table_at,
                    "validator",
                    "a validator needs patterns to validate".into(),
                ));
            }
            let context_score = match &r.context_score {
                Some(s) if !(0.0..=1.0).contains(s.get_ref()) => {
                    return Err(at(
                        s.span().start,
                        "context_score",
                        format!("{} is not from 0 to 1", s.get_ref()),
                    ))
                }
                Some(s) => *s.get_ref(),
                None => DEFAULT_CONTEXT_SCORE,
            };
            let context: Vec<String> = r
                .context
                .iter()
                .map(|w| fold(w.trim()))
                .filter(|w| !w.is_empty())
                .collect();
            for p in &r.patterns {
                let best = p.score.get_ref()
                    + if context.is_empty() {
                        0.0
                    } else {
                        context_score
                    };
                if best.min(1.0) < min_score {
                    return Err(at(
                        p.score.span().start,
                        "patterns.score",
                        format!(
                            "score {}{} stays below the reporting threshold {min_score}: the pattern would never be reported",
                            p.score.get_ref(),
                            if context.is_empty() { " (no context words)" } else { " even with context" }
                        ),
                    ));
                }
            }
            let dictionary = match &r.dictionary {
                Some(file) => {
                    let full = base.join(file.get_ref());
                    let entries = read_user_list(&full)
                        .map_err(|e| at(file.span().start, "dictionary", e.to_string()))?;
                    if entries.is_empty() {
                        return Err(at(
                            file.span().start,
                            "dictionary",
                            format!("{} has no entries", full.display()),
                        ));
                    }
                    if out.user_lists.len() >= Flags::MAX_CUSTOM {
                        return Err(at(
                            file.span().start,
                            "dictionary",
                            format!("at most {} dictionaries", Flags::MAX_CUSTOM),
                        ));
                    }
                    let bit = Flags::CUSTOM_SHIFT + out.user_lists.len() as u32;
                    out.user_lists.push(UserList { entries, bit });
                    let score = r
                        .dictionary_score
                        .as_ref()
                        .map_or(DEFAULT_DICTIONARY_SCORE, |s| *s.get_ref());
                    if score < min_score {
                        return Err(at(table_at, "dictionary_score", format!("{score} is below the reporting threshold {min_score}: the dictionary would never be reported")));
                    }
                    Some((bit, score))
                }
                None => None,
            };
            let compile = |list: &[Spanned<String>], key: &str| -> Result<Vec<Regex>> {
                list.iter()
                    .map(|s| {
                        Regex::new(s.get_ref()).map_err(|e| at(s.span().start, key, format!("{e}")))
                    })
                    .collect()
            };
            let allow_regex = compile(&r.allow_regex, "allow_regex")?;
            let deny_regex = compile(&r.deny_regex, "deny_regex")?;
            let deny: Vec<&str> = r
                .deny
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect();
            let deny = if deny.is_empty() {
                None
            } else {
                Some(
                    AhoCorasick::builder()
                        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                        .build(&deny)
                        .map_err(|e| at(table_at, "deny", e.to_string()))?,
                )
            };
            let finds = !patterns.is_empty()
                || dictionary.is_some()
                || deny.is_some()
                || !deny_regex.is_empty();
            let filters = !r.allow.is_empty() || !allow_regex.is_empty();
            // An allow list alone only makes sense on a built-in entity (it silences it).
            let silences_builtin = filters && !entity.is_custom();
            if !finds && !silences_builtin {
                return Err(at(
                    table_at,
                    "recognizer",
                    format!(
                        "{name} has no patterns, dictionary or deny list: it would never match"
                    ),
                ));
            }
            out.list.push(Recognizer {
                entity,
                patterns,
                validator,
                context,
                context_score,
                dictionary,
                allow: r.allow.iter().map(|s| s.trim().to_string()).collect(),
                allow_regex,
                deny,
                deny_regex,
            });
        }
        Ok(out)
    }

    /// The dictionaries as (gazetteer bit, entity, score), for the name matcher.
    pub fn dictionaries(&self) -> Vec<(u32, Entity, f32)> {
        self.list
            .iter()
            .filter_map(|r| r.dictionary.map(|(bit, score)| (bit, r.entity, score)))
            .collect()
    }

    /// Whether `value` is on an allow list for `entity`.
    pub fn allowed(&self, entity: Entity, value: &str) -> bool {
        let value = value.trim();
        self.list.iter().any(|r| {
            r.entity == entity
                && (r.allow.contains(value) || r.allow_regex.iter().any(|re| re.is_match(value)))
        })
    }

    /// Pattern and deny-list matches in `text`, as (entity, start, end, score, validated).
    pub fn find(&self, text: &str, mut push: impl FnMut(Entity, usize, usize, f32, bool)) {
        for r in &self.list {
            for p in &r.patterns {
                for m in p.regex.find_iter(text) {
                    let mut score = p.score;
                    if let Some(valid) = r.validator {
                        if !valid(m.as_str()) {
                            push(
                                r.entity,
                                m.start(),
                                m.end(),
                                crate::detect::INVALID_SCORE,
                                false,
                            );
                            continue;
                        }
                    }
                    if !r.context.is_empty() && has_context(text, m.start(), &r.context) {
                        score += r.context_score;
                    }
                    push(r.entity, m.start(), m.end(), score.min(1.0), true);
                }
            }
            if let Some(deny) = &r.deny {
                for m in deny.find_iter(text) {
                    if word_bounded(text, m.start(), m.end()) {
                        push(r.entity, m.start(), m.end(), 1.0, true);
                    }
                }
            }
            for re in &r.deny_regex {
                for m in re.find_iter(text) {
                    if !m.as_str().is_empty() {
                        push(r.entity, m.start(), m.end(), 1.0, true);
                    }
                }
            }
        }
    }
}

fn word_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// A context word starts a word within the window before `start`.
fn has_context(text: &str, start: usize, words: &[String]) -> bool {
    let mut from = start.saturating_sub(CONTEXT_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = fold(&text[from..start]);
    words.iter().any(|w| {
        window.match_indices(w.as_str()).any(|(i, _)| {
            !window[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        })
    })
}
