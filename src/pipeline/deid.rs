//! De-identifying transforms, applied to one value at a time.
//!
//! A pipeline file names one transform per column or entity. [`Transform::parse`] reads it,
//! [`Transform::prepare`] compiles it once with the key (HMAC state, FF1 ciphers) into a
//! [`Prepared`] that many threads share, and [`Prepared::apply`] turns each cell into an
//! [`Applied`] outcome. `apply` never panics and is deterministic: the same key, options and
//! value always give the same output, in every run and every column.
//!
//! Empty and whitespace-only cells carry no personal data: every transform leaves them
//! [`Applied::Unchanged`], except `redact` and `drop`, which always give [`Applied::Null`].
//!
//! # Transforms
//!
//! | transform | options | output | reversible? |
//! |---|---|---|---|
//! | `keep` | – | the value | – |
//! | `drop` | – | the column is removed (by the caller; a cell gives NULL) | no |
//! | `redact` | – | NULL | no |
//! | `tag` | `text` | `<EMAIL_ADDRESS>` (the cell's entity), `<PII>` without one, or `text` | no |
//! | `mask` | `keep_first`, `keep_last`, `char` (`*`); or `preset` = `"pci"` \| `"entity"` | `****-****-1234`: separators kept | no |
//! | `hash` | `length` (16–64 hex chars, default 64), `prefix` | `prefix` + lowercase hex of HMAC-SHA-256 | no (keyed; linkable) |
//! | `tokenize` | `tweak` (default empty) | same length and character classes, e.g. `4111 1111 1111 1111` → `4482 3963 1781 8413` | yes, with the key |
//! | `generalize` | `to` = `"year"` \| `"month"` \| `"prefix"` (+ `keep`) \| `"band"` (+ `width`, default 10) | `1985`, `1985-03`, `SW1`, `30-39` | no |
//!
//! In a pipeline file a transform is a string (`"redact"`, `"tag"`, `"mask"`, `"hash"`,
//! `"tokenize"`, `"keep"`, `"drop"`) or a table with `action` and options:
//! `{ action = "mask", preset = "pci" }`, `{ action = "hash", length = 32, prefix = "h_" }`,
//! `{ action = "generalize", to = "prefix", keep = 3 }`.
//!
//! ## `mask`
//!
//! Replaces alphanumerics (Unicode) with `char`, keeping the first `keep_first` and the last
//! `keep_last` of them and every other character (spaces, dashes, `@`, dots) in place. It never
//! reveals more than half of a value's alphanumerics: when the options would, both ends shrink in
//! proportion. Bare `"mask"` masks every alphanumeric. `preset = "pci"` is the PCI DSS display
//! form of a card number (first six and last four digits at most, [`crate::mask::pci_card`]);
//! `preset = "entity"` is the form scour's reports use for the cell's entity
//! ([`crate::mask::mask`]: an e-mail's first letters and TLD, an IBAN's country, …; at most 48
//! characters), and masks every alphanumeric when the cell has no known entity.
//!
//! ## `hash`
//!
//! `HMAC-SHA-256(subkey "hash", value)` over the exact UTF-8 bytes of the cell (no trimming, no
//! case folding), as lowercase hex truncated to `length` characters, after `prefix`. Equal values
//! hash equally across columns, tables and runs with the same key, so hashed columns still join.
//!
//! ## `tokenize`
//!
//! Format-preserving encryption with FF1 (NIST SP 800-38G, AES-256, subkey `"tokenize"`) and the
//! configured `tweak` (its UTF-8 bytes). ASCII digits stay digits, ASCII letters stay letters of
//! the same case, and every other character stays where and what it is. The positions and
//! classes of the characters are public; only the digits' and letters' values are encrypted.
//! The scheme, chosen by the value's ASCII alphanumerics:
//!
//! - only digits: FF1 with radix 10 over the digits (the standard construction: any FF1
//!   implementation with the same subkey and tweak decrypts it);
//! - only letters: FF1 with radix 26 over the letters' alphabet positions (`a` and `A` are 0);
//!   each position's case is kept;
//! - both: the digits and letters are read as one mixed-radix number `N < M = 10^d · 26^l`,
//!   which FF1 with radix 2 over `⌈log2 M⌉` bits encrypts, repeated until the result is below
//!   `M` (cycle walking, on average fewer than two encryptions), and written back in the same
//!   positions.
//!
//! Non-ASCII letters and digits (`é`, `ß`, `ü`, `٣`) are *not* encrypted: they stay in place, like
//! separators, and so does everything they reveal. FF1 requires at least 10^6 possible values:
//! a value with fewer (fewer than 6 digits, fewer than 5 letters, `AB12`) is not tokenized but
//! reported as [`Applied::Failed`], and so is a value with more than 256 ASCII alphanumerics.
//! [`Prepared::detokenize`] inverts the transform with the same key and tweak.
//! FF1 itself runs in `u128` arithmetic directly on AES while the numeral string's halves fit
//! (up to 76 digits, 54 letters, or 254 bits for the mixed scheme) and in the `fpe` crate beyond;
//! both compute the same function.
//!
//! ## `generalize`
//!
//! - `to = "year"` / `"month"`: an ISO 8601 date or date-time (`1985-03-27`,
//!   `1985-03-27T10:00:00Z`, `1985-03-27 10:00`) becomes `1985` / `1985-03`; the date is checked
//!   against the calendar. Other date formats fail.
//! - `to = "prefix"`, `keep = N`: the first `N` characters (postcodes: `SW1A 1AA` → `SW1A`),
//!   trailing spaces removed. A value not longer than `N` fails rather than pass through whole.
//! - `to = "band"`, `width = W` (≥ 2, default 10): an integer or decimal (`.` or `,`), floored,
//!   becomes the band `lo-hi` of width `W` containing it (`34` → `30-39`, `-5` → `-10--1`).
//!
//! # Security properties, honestly
//!
//! - `hash` and `tokenize` are **pseudonymisation** in the sense of GDPR Art. 4(5), not
//!   anonymisation: whoever holds the key can recompute a hash for a guessed value (and so
//!   confirm it) or decrypt a token, and even without the key equal values stay linkable across
//!   rows and tables. The output remains personal data; keep the key apart from it.
//! - A truncated hash (`length` < 64) collides more often: 16 hex characters (64 bits) are plenty
//!   to keep distinct customers distinct, but not a security margin for other uses.
//! - FF1 on a small domain leaks: with 10^6 values an attacker who can obtain tokens for chosen
//!   inputs can tabulate the domain, and FF1 is deterministic, so frequent values stay frequent.
//!   The format (length, separators, case pattern, non-ASCII letters) is kept by design. Cycle
//!   walking takes a data-dependent number of rounds (a timing difference, not an output one).
//! - A tokenized card number is just 16 other digits: about one in ten passes the Luhn check and
//!   it may equal someone's real card number, so downstream systems must not treat tokens as
//!   PANs. For PCI DSS, tokens made by reversible encryption remain cardholder data wherever the
//!   key is reachable; use `mask` with `preset = "pci"` or `hash` where no way back is needed.
//! - `mask` and `generalize` reduce precision; what remains (a card's last four, a birth year, a
//!   postcode district) can still single a person out in combination with other columns. They
//!   are not anonymisation by themselves either.
//! - `redact`, `drop` and `tag` remove the value; `tag` keeps only the entity's name.

use std::fmt;

use aes::Aes256;
use fpe::ff1::{FlexibleNumeralString, FF1};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::keys::{self, purpose, Key};
use crate::entity::Entity;

/// The outcome of applying a transform to one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// The new value.
    Value(String),
    /// The cell becomes NULL.
    Null,
    /// The value is left as it is (`keep`, empty cells).
    Unchanged,
    /// The transform cannot apply to this value; the reason never contains data. The caller
    /// decides what to do (typically count it and redact the cell).
    Failed(&'static str),
}

/// Reasons of [`Applied::Failed`] (and of [`Prepared::detokenize`] errors).
pub mod reason {
    /// Fewer than 10^6 possible values of the same format (FF1's minimum domain).
    pub const TOO_SHORT: &str = "too short to tokenize (fewer than 10^6 values of its format)";
    /// More than 256 ASCII letters and digits.
    pub const TOO_LONG: &str = "too long to tokenize (more than 256 letters and digits)";
    /// The FF1 implementation reported an error (not expected).
    pub const CIPHER: &str = "format-preserving encryption failed";
    /// Not an ISO 8601 date or date-time, or not a calendar date.
    pub const NOT_A_DATE: &str = "not an ISO 8601 date (YYYY-MM-DD)";
    /// Not an integer or decimal number.
    pub const NOT_A_NUMBER: &str = "not a number";
    /// The band would not fit a 64-bit integer.
    pub const OUT_OF_RANGE: &str = "number out of range for banding";
    /// The value is not longer than the prefix `generalize` keeps.
    pub const TOO_SHORT_FOR_PREFIX: &str = "not longer than the kept prefix";
}

/// At most this many ASCII alphanumerics are tokenized.
const MAX_TOKEN_SYMBOLS: usize = 256;
/// FF1's minimum domain size (NIST SP 800-38G Rev. 1).
const MIN_DOMAIN: u64 = 1_000_000;

/// A de-identifying transform as configured in a pipeline file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transform {
    Keep,
    /// The whole column is removed; the caller drops it ([`Prepared::apply`] gives NULL).
    Drop,
    /// The cell becomes NULL.
    Redact,
    Tag(TagSpec),
    Mask(MaskSpec),
    Hash(HashSpec),
    Tokenize(TokenSpec),
    Generalize(GeneralizeSpec),
}

/// Options of `tag`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TagSpec {
    /// A fixed replacement; `None` writes `<ENTITY>` (`<PII>` without an entity).
    pub text: Option<String>,
}

/// Options of `mask`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MaskSpec {
    /// Keep the first `keep_first` and last `keep_last` alphanumerics, replace the others with
    /// `char`, keep every other character.
    Custom {
        keep_first: usize,
        keep_last: usize,
        char: char,
    },
    /// PCI DSS: at most the first six and last four digits of a card number.
    Pci,
    /// scour's report form for the cell's entity.
    Entity,
}

impl Default for MaskSpec {
    fn default() -> Self {
        MaskSpec::Custom {
            keep_first: 0,
            keep_last: 0,
            char: '*',
        }
    }
}

/// Options of `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashSpec {
    /// Hex characters kept, 16..=64.
    pub length: usize,
    /// Text written before the hex digest.
    pub prefix: String,
}

impl Default for HashSpec {
    fn default() -> Self {
        HashSpec {
            length: 64,
            prefix: String::new(),
        }
    }
}

/// Options of `tokenize`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TokenSpec {
    /// The FF1 tweak (its UTF-8 bytes). Values tokenize alike wherever the tweak is the same.
    pub tweak: String,
}

/// Options of `generalize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeneralizeSpec {
    /// ISO date → `YYYY`.
    Year,
    /// ISO date → `YYYY-MM`.
    Month,
    /// The first `keep` characters.
    Prefix { keep: usize },
    /// Number → `lo-hi` band of `width`.
    Band { width: u64 },
}

const ACTIONS: &str = "keep, drop, redact, tag, mask, hash, tokenize, generalize";

impl Transform {
    /// Parses a transform from its pipeline-file form: a string (`"redact"`) or a table with
    /// `action` and options (`{ action = "hash", length = 32 }`). Unknown actions and options
    /// are errors that list the valid ones.
    pub fn parse(spec: &toml::Value) -> Result<Transform, String> {
        match spec {
            toml::Value::String(action) => match action.as_str() {
                "generalize" => Err(
                    "`generalize` needs options: { action = \"generalize\", to = \"year\" } \
                     (to = year, month, prefix or band)"
                        .into(),
                ),
                _ => Self::from_table(action, &toml::Table::new()),
            },
            toml::Value::Table(table) => match table.get("action") {
                Some(toml::Value::String(action)) => Self::from_table(action, table),
                Some(other) => Err(format!(
                    "`action` must be a string (one of {ACTIONS}), got {}",
                    other.type_str()
                )),
                None => Err(format!(
                    "a transform table needs `action` (one of {ACTIONS})"
                )),
            },
            other => Err(format!(
                "a transform is a string ({ACTIONS}) or a table with `action`, got {}",
                other.type_str()
            )),
        }
    }

    fn from_table(action: &str, table: &toml::Table) -> Result<Transform, String> {
        let opts = |valid: &'static [&'static str]| Options::new(action, table, valid);
        Ok(match action {
            "keep" => {
                opts(&[])?;
                Transform::Keep
            }
            "drop" => {
                opts(&[])?;
                Transform::Drop
            }
            "redact" => {
                opts(&[])?;
                Transform::Redact
            }
            "tag" => {
                let o = opts(&["text"])?;
                let text = o.string("text")?;
                if text.as_deref() == Some("") {
                    return Err("option `text` of `tag` must not be empty (use redact)".into());
                }
                Transform::Tag(TagSpec { text })
            }
            "mask" => {
                let o = opts(&["preset", "keep_first", "keep_last", "char"])?;
                match o.string("preset")?.as_deref() {
                    Some(preset) => {
                        if let Some(k) = ["keep_first", "keep_last", "char"]
                            .iter()
                            .find(|k| table.contains_key(**k))
                        {
                            return Err(format!(
                                "option `{k}` of `mask` cannot be combined with `preset`"
                            ));
                        }
                        match preset {
                            "pci" => Transform::Mask(MaskSpec::Pci),
                            "entity" => Transform::Mask(MaskSpec::Entity),
                            other => {
                                return Err(format!(
                                    "unknown mask preset `{other}`; valid presets: pci, entity"
                                ))
                            }
                        }
                    }
                    None => {
                        let char = match o.string("char")? {
                            None => '*',
                            Some(s) => {
                                let mut it = s.chars();
                                match (it.next(), it.next()) {
                                    (Some(c), None) if !c.is_alphanumeric() => c,
                                    _ => {
                                        return Err("option `char` of `mask` must be one \
                                                    character that is not a letter or digit"
                                            .into())
                                    }
                                }
                            }
                        };
                        Transform::Mask(MaskSpec::Custom {
                            keep_first: o.integer("keep_first", 0, 1000)?.unwrap_or(0) as usize,
                            keep_last: o.integer("keep_last", 0, 1000)?.unwrap_or(0) as usize,
                            char,
                        })
                    }
                }
            }
            "hash" => {
                let o = opts(&["length", "prefix"])?;
                Transform::Hash(HashSpec {
                    length: o.integer("length", 16, 64)?.unwrap_or(64) as usize,
                    prefix: o.string("prefix")?.unwrap_or_default(),
                })
            }
            "tokenize" => {
                let o = opts(&["tweak"])?;
                let tweak = o.string("tweak")?.unwrap_or_default();
                if tweak.len() > 256 {
                    return Err("option `tweak` of `tokenize` must be at most 256 bytes".into());
                }
                Transform::Tokenize(TokenSpec { tweak })
            }
            "generalize" => {
                let o = opts(&["to", "keep", "width"])?;
                let to = o.string("to")?.ok_or(
                    "`generalize` needs option `to` (year, month, prefix or band)".to_string(),
                )?;
                let only = |allowed: Option<&str>| -> Result<(), String> {
                    for k in ["keep", "width"] {
                        if table.contains_key(k) && Some(k) != allowed {
                            return Err(format!(
                                "option `{k}` of `generalize` does not apply to to = \"{to}\""
                            ));
                        }
                    }
                    Ok(())
                };
                Transform::Generalize(match to.as_str() {
                    "year" => {
                        only(None)?;
                        GeneralizeSpec::Year
                    }
                    "month" => {
                        only(None)?;
                        GeneralizeSpec::Month
                    }
                    "prefix" => {
                        only(Some("keep"))?;
                        let keep = o.integer("keep", 1, 1000)?.ok_or(
                            "to = \"prefix\" needs option `keep` (characters kept)".to_string(),
                        )?;
                        GeneralizeSpec::Prefix {
                            keep: keep as usize,
                        }
                    }
                    "band" => {
                        only(Some("width"))?;
                        GeneralizeSpec::Band {
                            width: o.integer("width", 2, i64::MAX)?.unwrap_or(10) as u64,
                        }
                    }
                    other => {
                        return Err(format!(
                            "unknown `to = \"{other}\"` for `generalize`; valid: year, month, prefix, band"
                        ))
                    }
                })
            }
            other => {
                return Err(format!(
                    "unknown action `{other}`; valid actions: {ACTIONS}"
                ))
            }
        })
    }

    /// The action's name as written in a pipeline file.
    pub fn name(&self) -> &'static str {
        match self {
            Transform::Keep => "keep",
            Transform::Drop => "drop",
            Transform::Redact => "redact",
            Transform::Tag(_) => "tag",
            Transform::Mask(_) => "mask",
            Transform::Hash(_) => "hash",
            Transform::Tokenize(_) => "tokenize",
            Transform::Generalize(_) => "generalize",
        }
    }

    /// Whether [`Transform::prepare`] needs a key.
    pub fn needs_key(&self) -> bool {
        matches!(self, Transform::Hash(_) | Transform::Tokenize(_))
    }

    /// Whether [`Prepared::detokenize`] can invert the output.
    pub fn is_reversible(&self) -> bool {
        matches!(self, Transform::Tokenize(_))
    }

    /// Compiles the key-dependent state (HMAC key, FF1 ciphers) once, before any data.
    pub fn prepare(&self, key: Option<&Key>) -> Result<Prepared, String> {
        let need_key = || {
            key.ok_or_else(|| {
                format!(
                    "transform `{}` needs a key (environment variable {} or a key file)",
                    self.name(),
                    keys::DEFAULT_ENV
                )
            })
        };
        let kind = match self {
            Transform::Keep => Kind::Keep,
            Transform::Drop | Transform::Redact => Kind::Null,
            Transform::Tag(t) => Kind::Tag(t.text.clone()),
            Transform::Mask(m) => Kind::Mask(m.clone()),
            Transform::Hash(h) => {
                let mut sub = need_key()?.derive(purpose::HASH);
                let mac = <Hmac<Sha256> as Mac>::new_from_slice(&sub);
                keys::wipe(&mut sub);
                Kind::Hash {
                    mac: mac.map_err(|_| "cannot key HMAC-SHA-256".to_string())?,
                    length: h.length.clamp(16, 64),
                    prefix: h.prefix.clone(),
                }
            }
            Transform::Tokenize(t) => {
                let mut sub = need_key()?.derive(purpose::TOKENIZE);
                let tokenizer = Tokenizer::new(&sub, t.tweak.as_bytes());
                keys::wipe(&mut sub);
                Kind::Tokenize(Box::new(tokenizer?))
            }
            Transform::Generalize(g) => Kind::Generalize(*g),
        };
        Ok(Prepared {
            name: self.name(),
            kind,
        })
    }
}

/// Reads a transform table's options, refusing unknown ones.
struct Options<'a> {
    action: &'a str,
    table: &'a toml::Table,
}

impl<'a> Options<'a> {
    fn new(
        action: &'a str,
        table: &'a toml::Table,
        valid: &'static [&'static str],
    ) -> Result<Self, String> {
        if let Some(k) = table
            .keys()
            .find(|k| *k != "action" && !valid.contains(&k.as_str()))
        {
            let list = if valid.is_empty() {
                "it has none".to_string()
            } else {
                format!("valid options: {}", valid.join(", "))
            };
            return Err(format!("`{action}` has no option `{k}`; {list}"));
        }
        Ok(Options { action, table })
    }

    fn string(&self, key: &str) -> Result<Option<String>, String> {
        match self.table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(format!(
                "option `{key}` of `{}` must be a string, got {}",
                self.action,
                v.type_str()
            )),
        }
    }

    fn integer(&self, key: &str, min: i64, max: i64) -> Result<Option<i64>, String> {
        match self.table.get(key) {
            None => Ok(None),
            Some(toml::Value::Integer(n)) if (min..=max).contains(n) => Ok(Some(*n)),
            Some(_) => Err(format!(
                "option `{key}` of `{}` must be an integer from {min} to {max}",
                self.action
            )),
        }
    }
}

/// A transform compiled with its key: cheap to apply, shared by threads (`Send + Sync`).
pub struct Prepared {
    name: &'static str,
    kind: Kind,
}

enum Kind {
    Keep,
    Null,
    Tag(Option<String>),
    Mask(MaskSpec),
    Hash {
        mac: Hmac<Sha256>,
        length: usize,
        prefix: String,
    },
    Tokenize(Box<Tokenizer>),
    Generalize(GeneralizeSpec),
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never prints key material.
        write!(f, "Prepared({})", self.name)
    }
}

impl Prepared {
    /// The transform's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Applies the transform to one value. `entity` is the cell's entity name
    /// (`EMAIL_ADDRESS`), used by `tag` and `mask` with `preset = "entity"`. Never panics.
    pub fn apply(&self, value: &str, entity: Option<&str>) -> Applied {
        if !matches!(self.kind, Kind::Keep | Kind::Null) && value.trim().is_empty() {
            return Applied::Unchanged;
        }
        match &self.kind {
            Kind::Keep => Applied::Unchanged,
            Kind::Null => Applied::Null,
            Kind::Tag(Some(text)) => Applied::Value(text.clone()),
            Kind::Tag(None) => Applied::Value(format!("<{}>", entity.unwrap_or("PII"))),
            Kind::Mask(spec) => Applied::Value(mask(spec, value, entity)),
            Kind::Hash {
                mac,
                length,
                prefix,
            } => {
                let mut mac = mac.clone();
                mac.update(value.as_bytes());
                let digest = mac.finalize().into_bytes();
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let mut out = String::with_capacity(prefix.len() + 64);
                out.push_str(prefix);
                for &b in &digest {
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 15)]));
                }
                out.truncate(prefix.len() + length);
                Applied::Value(out)
            }
            Kind::Tokenize(t) => match t.run(value, Direction::Encrypt) {
                Ok(token) => Applied::Value(token),
                Err(why) => Applied::Failed(why),
            },
            Kind::Generalize(g) => match generalize(*g, value) {
                Ok(v) => Applied::Value(v),
                Err(why) => Applied::Failed(why),
            },
        }
    }

    /// The inverse of `tokenize` (with the same key and tweak); `None` for other transforms.
    pub fn detokenize(&self, token: &str) -> Option<Result<String, &'static str>> {
        match &self.kind {
            Kind::Tokenize(_) if token.trim().is_empty() => Some(Ok(token.to_string())),
            Kind::Tokenize(t) => Some(t.run(token, Direction::Decrypt)),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// mask

fn mask(spec: &MaskSpec, value: &str, entity: Option<&str>) -> String {
    match spec {
        MaskSpec::Pci => crate::mask::pci_card(value),
        MaskSpec::Entity => match entity.and_then(Entity::from_name) {
            Some(e) => crate::mask::mask(e, value),
            None => mask_ends(value, 0, 0, '*'),
        },
        MaskSpec::Custom {
            keep_first,
            keep_last,
            char,
        } => mask_ends(value, *keep_first, *keep_last, *char),
    }
}

/// Keeps the first `first` and last `last` alphanumerics (at most half of them in all, both
/// ends shrinking in proportion), replaces the others with `with`, keeps other characters.
fn mask_ends(value: &str, first: usize, last: usize, with: char) -> String {
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    let budget = total / 2;
    let (first, last) = if first + last > budget {
        let f = first * budget / (first + last);
        (f, last.min(budget - f))
    } else {
        (first, last)
    };
    crate::mask::reveal_ends(value, total, first, last, with)
}

// ---------------------------------------------------------------------------------------------
// generalize

fn generalize(spec: GeneralizeSpec, value: &str) -> Result<String, &'static str> {
    let value = value.trim();
    match spec {
        GeneralizeSpec::Year => iso_date(value).map(|(y, _)| format!("{y:04}")),
        GeneralizeSpec::Month => iso_date(value).map(|(y, m)| format!("{y:04}-{m:02}")),
        GeneralizeSpec::Prefix { keep } => match value.char_indices().nth(keep) {
            Some((end, _)) => Ok(value[..end].trim_end().to_string()),
            None => Err(reason::TOO_SHORT_FOR_PREFIX),
        },
        GeneralizeSpec::Band { width } => band(value, width),
    }
}

/// Year and month of `YYYY-MM-DD`, optionally followed by `T` or a space and a time.
fn iso_date(value: &str) -> Result<(i32, u32), &'static str> {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = b.get(r)?;
        if !s.iter().all(u8::is_ascii_digit) {
            return None;
        }
        s.iter()
            .try_fold(0u32, |n, d| Some(n * 10 + u32::from(d - b'0')))
    };
    let shape_ok = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
    let time_ok = match b.get(10..) {
        None | Some([]) => true,
        Some([b'T' | b' ', d, ..]) => d.is_ascii_digit(),
        _ => false,
    };
    if !shape_ok || !time_ok {
        return Err(reason::NOT_A_DATE);
    }
    let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(reason::NOT_A_DATE);
    };
    chrono::NaiveDate::from_ymd_opt(y as i32, m, d)
        .map(|_| (y as i32, m))
        .ok_or(reason::NOT_A_DATE)
}

/// `lo-hi`, the band of `width` containing the floor of `value`.
fn band(value: &str, width: u64) -> Result<String, &'static str> {
    let (negative, unsigned) = match value.as_bytes().first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    let (int, frac) = match unsigned.find(['.', ',']) {
        Some(i) => (&unsigned[..i], &unsigned[i + 1..]),
        None => (unsigned, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !all_digits(int) || !all_digits(frac) || unsigned.ends_with(['.', ',']) {
        return Err(reason::NOT_A_NUMBER);
    }
    let magnitude: i128 = int.parse().map_err(|_| reason::OUT_OF_RANGE)?;
    let fractional = frac.bytes().any(|b| b != b'0');
    let floor = match (negative, fractional) {
        (false, _) => magnitude,
        (true, false) => -magnitude,
        (true, true) => -magnitude - 1,
    };
    let width = i128::from(width);
    let lo = floor.div_euclid(width) * width;
    let hi = lo + width - 1;
    let range = i128::from(i64::MIN)..=i128::from(i64::MAX);
    if !range.contains(&lo) || !range.contains(&hi) {
        return Err(reason::OUT_OF_RANGE);
    }
    Ok(format!("{lo}-{hi}"))
}

// ---------------------------------------------------------------------------------------------
// tokenize

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Encrypt,
    Decrypt,
}

/// FF1 ciphers for the three numeral alphabets, under one subkey and tweak.
struct Tokenizer {
    /// FF1 for numeral strings whose halves fit in a `u128` (all realistic values).
    fast: fast_ff1::Ff1,
    /// The `fpe` crate's FF1, for longer strings.
    digits: FF1<Aes256>,
    letters: FF1<Aes256>,
    bits: FF1<Aes256>,
    tweak: Vec<u8>,
}

/// What an ASCII alphanumeric is: its radix and how to write a numeral back.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    Upper,
    Lower,
}

impl Class {
    fn of(c: char) -> Option<(Class, u16)> {
        let b = u8::try_from(c).ok()?;
        match b {
            b'0'..=b'9' => Some((Class::Digit, u16::from(b - b'0'))),
            b'A'..=b'Z' => Some((Class::Upper, u16::from(b - b'A'))),
            b'a'..=b'z' => Some((Class::Lower, u16::from(b - b'a'))),
            _ => None,
        }
    }
    fn radix(self) -> u32 {
        match self {
            Class::Digit => 10,
            Class::Upper | Class::Lower => 26,
        }
    }
    fn char(self, numeral: u16) -> char {
        // Numerals are below the radix by construction; `% radix` keeps this total anyway.
        let n = (u32::from(numeral) % self.radix()) as u8;
        char::from(match self {
            Class::Digit => b'0' + n,
            Class::Upper => b'A' + n,
            Class::Lower => b'a' + n,
        })
    }
}

impl Tokenizer {
    fn new(key: &[u8; 32], tweak: &[u8]) -> Result<Tokenizer, String> {
        let ff1 =
            |radix| FF1::<Aes256>::new(key, radix).map_err(|e| format!("cannot set up FF1: {e}"));
        Ok(Tokenizer {
            fast: fast_ff1::Ff1::new(key),
            digits: ff1(10)?,
            letters: ff1(26)?,
            bits: ff1(2)?,
            tweak: tweak.to_vec(),
        })
    }

    fn run(&self, value: &str, dir: Direction) -> Result<String, &'static str> {
        self.run_with(value, dir, true)
    }

    /// [`Tokenizer::run`]; `fast = false` uses only the `fpe` crate (the reference, in tests).
    fn run_with(&self, value: &str, dir: Direction, fast: bool) -> Result<String, &'static str> {
        // The ASCII alphanumerics' numerals and radices, on the stack.
        let mut numerals = [0u16; MAX_TOKEN_SYMBOLS];
        let mut radices = [0u8; MAX_TOKEN_SYMBOLS];
        let mut n = 0;
        let mut digits = 0;
        let mut domain = 1u64;
        for c in value.chars() {
            if let Some((class, numeral)) = Class::of(c) {
                if n == MAX_TOKEN_SYMBOLS {
                    return Err(reason::TOO_LONG);
                }
                numerals[n] = numeral;
                radices[n] = class.radix() as u8;
                n += 1;
                digits += usize::from(class == Class::Digit);
                domain = domain.saturating_mul(u64::from(class.radix()));
            }
        }
        if domain < MIN_DOMAIN {
            return Err(reason::TOO_SHORT);
        }
        let (numerals, radices) = (&numerals[..n], &radices[..n]);
        let mut out = [0u16; MAX_TOKEN_SYMBOLS];
        let out = &mut out[..n];
        if digits == n {
            self.single(10, numerals, out, dir, fast)?;
        } else if digits == 0 {
            self.single(26, numerals, out, dir, fast)?;
        } else {
            self.mixed(radices, numerals, out, dir, fast)?;
        }
        let mut token = String::with_capacity(value.len());
        let mut next = out.iter();
        for c in value.chars() {
            token.push(match Class::of(c) {
                Some((class, _)) => class.char(next.next().copied().unwrap_or(0)),
                None => c,
            });
        }
        Ok(token)
    }

    /// Only digits (radix 10) or only letters (radix 26).
    fn single(
        &self,
        radix: u32,
        numerals: &[u16],
        out: &mut [u16],
        dir: Direction,
        fast: bool,
    ) -> Result<(), &'static str> {
        if let Some(shape) = fast_ff1::Shape::new(radix, numerals.len()).filter(|_| fast) {
            if self
                .fast
                .numerals(&shape, &self.tweak, numerals, out, dir)
                .is_some()
            {
                return Ok(());
            }
        }
        let cipher = if radix == 10 {
            &self.digits
        } else {
            &self.letters
        };
        let result = self.ff1(cipher, numerals.to_vec(), dir)?;
        if result.len() != out.len() {
            return Err(reason::CIPHER);
        }
        out.copy_from_slice(&result);
        Ok(())
    }

    fn ff1(
        &self,
        cipher: &FF1<Aes256>,
        numerals: Vec<u16>,
        dir: Direction,
    ) -> Result<Vec<u16>, &'static str> {
        let ns = FlexibleNumeralString::from(numerals);
        let out = match dir {
            Direction::Encrypt => cipher.encrypt(&self.tweak, &ns),
            Direction::Decrypt => cipher.decrypt(&self.tweak, &ns),
        };
        out.map(Vec::from).map_err(|_| reason::CIPHER)
    }

    /// Mixed digits and letters (see [`Tokenizer::mixed_big`] for the construction).
    fn mixed(
        &self,
        radices: &[u8],
        numerals: &[u16],
        out: &mut [u16],
        dir: Direction,
        fast: bool,
    ) -> Result<(), &'static str> {
        if fast {
            if let Some(done) = self.mixed_fast(radices, numerals, out, dir) {
                return done;
            }
        }
        let result = self.mixed_big(radices, numerals, dir)?;
        if result.len() != out.len() {
            return Err(reason::CIPHER);
        }
        out.copy_from_slice(&result);
        Ok(())
    }

    /// [`Tokenizer::mixed_big`] for `M − 1` of at most 254 bits (FF1 with radix 2 and halves
    /// of at most 127 bits), in fixed-size integers and the fast FF1; `None` for larger `M`.
    fn mixed_fast(
        &self,
        radices: &[u8],
        numerals: &[u16],
        out: &mut [u16],
        dir: Direction,
    ) -> Option<Result<(), &'static str>> {
        let mut modulus = wide::U256::small(1);
        let mut x = wide::U256::small(0);
        for (&r, &n) in radices.iter().zip(numerals) {
            // x < modulus throughout, so x overflows only if modulus does.
            if !modulus.mul_add(u32::from(r), 0) || !x.mul_add(u32::from(r), u32::from(n)) {
                return None;
            }
        }
        let modulus = modulus.halves();
        let nbits = wide::bit_len(wide::minus_one(modulus));
        let shape = fast_ff1::Shape::new(2, nbits)?;
        let mut x = x.halves();
        // Each round leaves [0, M) with probability < 1/2; 1000 rounds always suffice.
        let mut inside = false;
        for _ in 0..1000 {
            let (a, b) = wide::split(x, shape.v);
            let (a, b) = self.fast.halves(&shape, &self.tweak, a, b, dir);
            x = wide::join(a, b, shape.v);
            if x < modulus {
                inside = true;
                break;
            }
        }
        if !inside {
            return Some(Err(reason::CIPHER));
        }
        let mut x = wide::U256::from_halves(x);
        for (slot, &r) in out.iter_mut().zip(radices).rev() {
            *slot = x.div_rem(u32::from(r)) as u16;
        }
        Some(Ok(()))
    }

    /// Mixed digits and letters: a permutation of `[0, M)`, `M` the product of the radices, by
    /// FF1 over the bits of `M - 1` and cycle walking. Any size, in `Vec`s and the `fpe` crate.
    fn mixed_big(
        &self,
        radices: &[u8],
        numerals: &[u16],
        dir: Direction,
    ) -> Result<Vec<u16>, &'static str> {
        let mut modulus = vec![1u32];
        let mut x = vec![0u32];
        for (&r, &n) in radices.iter().zip(numerals) {
            big::mul_add(&mut modulus, u32::from(r), 0);
            big::mul_add(&mut x, u32::from(r), u32::from(n));
        }
        let mut max = modulus.clone();
        big::sub_one(&mut max);
        let nbits = big::bit_len(&max);
        // Each round leaves [0, M) with probability < 1/2; 1000 rounds always suffice.
        let mut inside = false;
        for _ in 0..1000 {
            let bits = self.ff1(&self.bits, big::to_bits(&x, nbits), dir)?;
            x = big::from_bits(&bits);
            if big::less(&x, &modulus) {
                inside = true;
                break;
            }
        }
        if !inside {
            return Err(reason::CIPHER);
        }
        let mut out = vec![0u16; radices.len()];
        for (slot, &r) in out.iter_mut().zip(radices).rev() {
            *slot = big::div_rem(&mut x, u32::from(r)) as u16;
        }
        Ok(out)
    }
}

/// FF1 (NIST SP 800-38G, AES-256) for numeral strings whose halves fit in a `u128`.
///
/// The same algorithm as the `fpe` crate's, without its big integers: `NUM_radix(A)` and
/// `NUM_radix(B)` are `u128`s, and a round is one or two AES blocks of CBC-MAC and a few `u128`
/// operations. It applies when `radix^v ≤ 2^128 − 1` with `v = ⌈n/2⌉` (FF1's longer half), so:
///
/// - every half, and both moduli `radix^u` and `radix^v`, are `u128`s;
/// - `b = ⌈⌈v·log2 radix⌉/8⌉ ≤ 16`, so `[NUM(B)]^b` is the last `b` bytes of a `u128`, and the
///   final partial block of `P || Q` (the tweak's last bytes, the padding, `[i]`, `[NUM(B)]^b`)
///   spans at most two AES blocks;
/// - `d = 4⌈b/4⌉ + 4 ≤ 20`, so `y = NUM(S)` has at most 160 bits: `y = hi·2^128 + lo` with a
///   32-bit `hi`, reduced modulo `radix^m` without wider integers;
/// - `NUM(A) + (y mod radix^m) < 2·radix^m` may exceed `u128` by one bit: the carry is kept.
///
/// For radix 10 that is up to 76 numerals, radix 26 up to 54, radix 2 up to 254. Longer strings
/// go to the `fpe` crate.
mod fast_ff1 {
    use aes::cipher::{generic_array::GenericArray, BlockEncrypt, KeyInit};
    use aes::Aes256;

    use super::Direction;

    /// The cipher under one key.
    pub struct Ff1 {
        aes: Aes256,
    }

    /// What a call needs to know about its radix and length, derived once per call.
    #[derive(Clone, Copy, Debug)]
    pub struct Shape {
        radix: u32,
        n: usize,
        /// `u = ⌊n/2⌋`, `v = n − u`.
        pub u: usize,
        pub v: usize,
        /// Bytes of `[NUM(B)]^b` and of `S`.
        b: usize,
        d: usize,
        /// `radix^u`, `radix^v`.
        pow_u: u128,
        pow_v: u128,
    }

    impl Shape {
        /// `None` where FF1 does not apply (radix outside `[2, 2^16]`, `n < 2`,
        /// `radix^n < 10^6`) or the halves do not fit in a `u128`.
        pub fn new(radix: u32, n: usize) -> Option<Shape> {
            if !(2..=1 << 16).contains(&radix) || n < 2 {
                return None;
            }
            let u = n / 2;
            let v = n - u;
            let pow_v = u128::from(radix).checked_pow(u32::try_from(v).ok()?)?;
            let pow_u = u128::from(radix).pow(u as u32);
            // FF1's minimum domain (SP 800-38G Rev. 1), which `fpe` enforces too.
            if pow_u
                .checked_mul(pow_v)
                .is_some_and(|size| size < 1_000_000)
            {
                return None;
            }
            // ⌈v·log2 radix⌉ = ⌈log2 radix^v⌉ = the bit length of radix^v − 1 (radix^v ≥ 2).
            let bits = 128 - (pow_v - 1).leading_zeros() as usize;
            let b = bits.div_ceil(8);
            let d = 4 * b.div_ceil(4) + 4;
            Some(Shape {
                radix,
                n,
                u,
                v,
                b,
                d,
                pow_u,
                pow_v,
            })
        }
    }

    /// CBC-MAC state after `P` and the whole blocks of `T || [0]^((−t−b−1) mod 16)`, and the
    /// bytes of that string left over for the round's last block(s).
    struct Prefix {
        x: [u8; 16],
        tail: [u8; 16],
        tail_len: usize,
    }

    impl Ff1 {
        pub fn new(key: &[u8; 32]) -> Ff1 {
            Ff1 {
                aes: Aes256::new(GenericArray::from_slice(key)),
            }
        }

        fn ciph(&self, block: &mut [u8; 16]) {
            self.aes
                .encrypt_block(GenericArray::from_mut_slice(block.as_mut_slice()));
        }

        /// Encrypts or decrypts `x` (numerals below `shape`'s radix, `shape`'s length) into
        /// `out`; `None` if a numeral is out of range or the lengths differ.
        pub fn numerals(
            &self,
            shape: &Shape,
            tweak: &[u8],
            x: &[u16],
            out: &mut [u16],
            dir: Direction,
        ) -> Option<()> {
            if x.len() != shape.n || out.len() != shape.n {
                return None;
            }
            if x.iter().any(|&d| u32::from(d) >= shape.radix) {
                return None;
            }
            let (xa, xb) = x.split_at(shape.u);
            let (a, b) = self.halves(
                shape,
                tweak,
                num(xa, shape.radix),
                num(xb, shape.radix),
                dir,
            );
            let (oa, ob) = out.split_at_mut(shape.u);
            str_radix(a, shape.radix, oa);
            str_radix(b, shape.radix, ob);
            Some(())
        }

        /// FF1 on a numeral string given as `NUM_radix(A) < radix^u`, `NUM_radix(B) < radix^v`;
        /// returns the result's halves the same way.
        pub fn halves(
            &self,
            shape: &Shape,
            tweak: &[u8],
            mut a: u128,
            mut b: u128,
            dir: Direction,
        ) -> (u128, u128) {
            debug_assert!(a < shape.pow_u && b < shape.pow_v);
            let prefix = self.prefix(shape, tweak);
            let modulus = |i: u8| if i % 2 == 0 { shape.pow_u } else { shape.pow_v };
            match dir {
                Direction::Encrypt => {
                    for i in 0..10u8 {
                        let m = modulus(i);
                        let y = self.round_y(shape, &prefix, i, b, m);
                        let c = add_mod(a, y, m);
                        a = b;
                        b = c;
                    }
                }
                Direction::Decrypt => {
                    for i in (0..10u8).rev() {
                        let m = modulus(i);
                        let y = self.round_y(shape, &prefix, i, a, m);
                        let c = if b >= y { b - y } else { m - y + b };
                        b = a;
                        a = c;
                    }
                }
            }
            (a, b)
        }

        /// `P = [1, 2, 1] || [radix]^3 || [10] || [u mod 256] || [n]^4 || [t]^4`, then `T` and
        /// the zero padding, as far as they fill whole blocks.
        fn prefix(&self, shape: &Shape, tweak: &[u8]) -> Prefix {
            let t = tweak.len();
            let mut x = [0u8; 16];
            x[..3].copy_from_slice(&[1, 2, 1]);
            x[3..6].copy_from_slice(&shape.radix.to_be_bytes()[1..]);
            x[6] = 10;
            x[7] = shape.u as u8;
            x[8..12].copy_from_slice(&(shape.n as u32).to_be_bytes());
            x[12..16].copy_from_slice(&(t as u32).to_be_bytes());
            self.ciph(&mut x);
            let pad = (16 - (t + shape.b + 1) % 16) % 16;
            let before_i = t + pad;
            let whole = before_i / 16 * 16;
            let byte = |k: usize| tweak.get(k).copied().unwrap_or(0);
            for start in (0..whole).step_by(16) {
                for (j, xj) in x.iter_mut().enumerate() {
                    *xj ^= byte(start + j);
                }
                self.ciph(&mut x);
            }
            let mut tail = [0u8; 16];
            for (j, tj) in tail[..before_i - whole].iter_mut().enumerate() {
                *tj = byte(whole + j);
            }
            Prefix {
                x,
                tail,
                tail_len: before_i - whole,
            }
        }

        /// Round `i`: `R = PRF(P || Q)` with `Q = T || [0]^… || [i] || [NUM(B)]^b`, `S` the
        /// first `d` bytes of `R || CIPH(R ⊕ [1]^16)`, and `NUM(S) mod m`.
        fn round_y(&self, shape: &Shape, prefix: &Prefix, i: u8, num_b: u128, m: u128) -> u128 {
            let mut buf = [0u8; 32];
            let tl = prefix.tail_len;
            buf[..tl].copy_from_slice(&prefix.tail[..tl]);
            buf[tl] = i;
            buf[tl + 1..tl + 1 + shape.b].copy_from_slice(&num_b.to_be_bytes()[16 - shape.b..]);
            let len = tl + 1 + shape.b;
            debug_assert!(len == 16 || len == 32);
            let mut r = prefix.x;
            for block in buf[..len].chunks_exact(16) {
                for (rj, bj) in r.iter_mut().zip(block) {
                    *rj ^= bj;
                }
                self.ciph(&mut r);
            }
            let whole = u128::from_be_bytes(r);
            if shape.d <= 16 {
                // d ≥ 8, so the shift is below 128.
                (whole >> (8 * (16 - shape.d))) % m
            } else {
                // d = 20: S = R || the first 4 bytes of CIPH(R ⊕ [1]^16).
                let mut next = r;
                next[15] ^= 1;
                self.ciph(&mut next);
                let hi = (whole >> 96) as u32;
                let lo = whole << 32
                    | u128::from(u32::from_be_bytes([next[0], next[1], next[2], next[3]]));
                wide_mod(hi, lo, m)
            }
        }
    }

    /// `(x + y) mod m` for `x, y < m`.
    fn add_mod(x: u128, y: u128, m: u128) -> u128 {
        let (sum, carry) = x.overflowing_add(y);
        if carry || sum >= m {
            // The true sum is below 2m, so one subtraction (modulo 2^128) is exact.
            sum.wrapping_sub(m)
        } else {
            sum
        }
    }

    /// `(hi·2^128 + lo) mod m`.
    fn wide_mod(hi: u32, lo: u128, m: u128) -> u128 {
        let lo = lo % m;
        if hi == 0 {
            return lo;
        }
        // 2^128 mod m (the `+ 1` cannot overflow: u128::MAX % m < m).
        let r = (u128::MAX % m + 1) % m;
        let high = match u128::from(hi).checked_mul(r) {
            Some(product) => product % m,
            None => {
                // Double and add over hi's bits.
                let mut acc = 0u128;
                for bit in (0..32).rev() {
                    acc = add_mod(acc, acc, m);
                    if hi >> bit & 1 == 1 {
                        acc = add_mod(acc, r, m);
                    }
                }
                acc
            }
        };
        add_mod(high, lo, m)
    }

    /// `NUM_radix(X)`; the caller keeps it below `2^128`.
    pub fn num(x: &[u16], radix: u32) -> u128 {
        let radix = u128::from(radix);
        x.iter().fold(0u128, |acc, &d| acc * radix + u128::from(d))
    }

    /// `STR^m_radix(x)` into `out` (`m = out.len()`, `x < radix^m`).
    pub fn str_radix(mut x: u128, radix: u32, out: &mut [u16]) {
        let mut slots = out.iter_mut().rev();
        // 128-bit division is a library call; finish in 64 bits once the rest fits.
        while x > u128::from(u64::MAX) {
            let Some(slot) = slots.next() else { return };
            *slot = (x % u128::from(radix)) as u16;
            x /= u128::from(radix);
        }
        let mut x = x as u64;
        for slot in slots {
            *slot = (x % u64::from(radix)) as u16;
            x /= u64::from(radix);
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// `(hi·2^128 + lo) mod m`, one bit at a time.
        fn slow_mod(hi: u32, lo: u128, m: u128) -> u128 {
            let mut acc = 0u128;
            let bits = (0..32)
                .rev()
                .map(|i| hi >> i & 1 == 1)
                .chain((0..128).rev().map(|i| lo >> i & 1 == 1));
            for bit in bits {
                acc = add_mod(acc, acc, m);
                if bit {
                    acc = add_mod(acc, 1 % m, m);
                }
            }
            acc
        }

        #[test]
        fn modular_helpers() {
            let mut seed = 1u64;
            let mut next = move || {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1442695040888963407);
                u128::from(seed >> 1) << 64 | u128::from(seed.rotate_left(17))
            };
            let moduli = [
                2,
                10u128.pow(38),
                11u128.pow(37),
                1 << 127,
                u128::MAX,
                u128::MAX - 1,
                (1 << 96) - 1,
                1 << 96,
                26u128.pow(20),
            ];
            for &m in &moduli {
                for _ in 0..200 {
                    let (x, y) = (next() % m, next() % m);
                    let sum = add_mod(x, y, m);
                    assert!(sum < m);
                    // (x + y) − y ≡ x, without overflow: x + y < 2^129.
                    let back = if sum >= y { sum - y } else { m - y + sum };
                    assert_eq!(back, x);
                    let (hi, lo) = (next() as u32, next());
                    assert_eq!(wide_mod(hi, lo, m), slow_mod(hi, lo, m));
                    assert_eq!(wide_mod(0, lo, m), lo % m);
                }
            }
            let mut out = [0u16; 39];
            str_radix(10u128.pow(38) + 7, 10, &mut out);
            assert_eq!(num(&out, 10), 10u128.pow(38) + 7);
            assert_eq!(out[0], 1);
            assert_eq!(out[38], 7);
        }
    }
}

/// Integers below `2^256` for the mixed scheme's fast path: `u32` limbs for the mixed-radix
/// conversions, `(high, low)` pairs of `u128` for the bits FF1 sees.
mod wide {
    /// Little-endian `u32` limbs, the first `len` significant.
    #[derive(Clone, Copy)]
    pub struct U256 {
        limbs: [u32; 8],
        len: usize,
    }

    impl U256 {
        pub fn small(v: u32) -> U256 {
            let mut limbs = [0; 8];
            limbs[0] = v;
            U256 { limbs, len: 1 }
        }

        /// `self · m + a`; `false` (and `self` unspecified) if that is `2^256` or more.
        pub fn mul_add(&mut self, m: u32, a: u32) -> bool {
            let mut carry = u64::from(a);
            for limb in &mut self.limbs[..self.len] {
                let t = u64::from(*limb) * u64::from(m) + carry;
                *limb = t as u32;
                carry = t >> 32;
            }
            if carry != 0 {
                if self.len == self.limbs.len() {
                    return false;
                }
                self.limbs[self.len] = carry as u32;
                self.len += 1;
            }
            true
        }

        /// Divides by `d` in place and returns the remainder.
        pub fn div_rem(&mut self, d: u32) -> u32 {
            let mut rem = 0u64;
            for limb in self.limbs[..self.len].iter_mut().rev() {
                let cur = rem << 32 | u64::from(*limb);
                *limb = (cur / u64::from(d)) as u32;
                rem = cur % u64::from(d);
            }
            while self.len > 1 && self.limbs[self.len - 1] == 0 {
                self.len -= 1;
            }
            rem as u32
        }

        /// `(high, low)` 128 bits.
        pub fn halves(&self) -> (u128, u128) {
            let word = |from: usize| {
                self.limbs[from..from + 4]
                    .iter()
                    .rev()
                    .fold(0u128, |acc, &l| acc << 32 | u128::from(l))
            };
            (word(4), word(0))
        }

        pub fn from_halves((hi, lo): (u128, u128)) -> U256 {
            let mut limbs = [0u32; 8];
            for (i, limb) in limbs.iter_mut().enumerate() {
                let word = if i < 4 { lo } else { hi };
                *limb = (word >> (32 * (i % 4))) as u32;
            }
            let len = limbs.iter().rposition(|&l| l != 0).map_or(1, |i| i + 1);
            U256 { limbs, len }
        }
    }

    /// `x − 1` for `x ≥ 1`.
    pub fn minus_one((hi, lo): (u128, u128)) -> (u128, u128) {
        match lo.checked_sub(1) {
            Some(lo) => (hi, lo),
            None => (hi.wrapping_sub(1), u128::MAX),
        }
    }

    pub fn bit_len((hi, lo): (u128, u128)) -> usize {
        if hi != 0 {
            256 - hi.leading_zeros() as usize
        } else {
            128 - lo.leading_zeros() as usize
        }
    }

    /// `(x >> v, x mod 2^v)` for `1 ≤ v ≤ 127` and `x < 2^(2v)`.
    pub fn split((hi, lo): (u128, u128), v: usize) -> (u128, u128) {
        (lo >> v | hi << (128 - v), lo & ((1u128 << v) - 1))
    }

    /// `a · 2^v + b`, the inverse of [`split`].
    pub fn join(a: u128, b: u128, v: usize) -> (u128, u128) {
        (a >> (128 - v), a << v | b)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn wide_helpers() {
            // 26^20 · 10^40: 228 bits; against the Vec-based helpers.
            let mut x = U256::small(1);
            let mut reference = vec![1u32];
            for r in [26u32; 20].into_iter().chain([10; 40]) {
                assert!(x.mul_add(r, r - 1));
                super::super::big::mul_add(&mut reference, r, r - 1);
            }
            let halves = x.halves();
            assert_eq!(
                bit_len(halves),
                super::super::big::bit_len(&reference),
                "bit length"
            );
            assert_eq!(U256::from_halves(halves).halves(), halves);
            for v in [114, 120, 127] {
                let (a, b) = split(halves, v);
                assert!(b < 1 << v);
                assert_eq!(join(a, b, v), halves);
            }
            assert_eq!(minus_one((1, 0)), (0, u128::MAX));
            assert_eq!(minus_one((5, 9)), (5, 8));
            let mut y = U256::from_halves(halves);
            for r in [10u32; 40].into_iter().chain([26; 20]).rev() {
                assert_eq!(y.div_rem(r), super::super::big::div_rem(&mut reference, r));
            }
            assert_eq!(y.halves(), (0, 1));
            // 2^256 does not fit.
            let mut top = U256::from_halves((u128::MAX, u128::MAX));
            assert!(!top.mul_add(2, 0));
        }
    }
}

/// Just enough unsigned big-integer arithmetic (little-endian `u32` limbs) for mixed radices.
mod big {
    pub fn mul_add(n: &mut Vec<u32>, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in n.iter_mut() {
            let t = u64::from(*limb) * u64::from(m) + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry != 0 {
            n.push(carry as u32);
        }
    }

    /// Divides `n` by `d` in place and returns the remainder.
    pub fn div_rem(n: &mut [u32], d: u32) -> u32 {
        let mut rem = 0u64;
        for limb in n.iter_mut().rev() {
            let cur = rem << 32 | u64::from(*limb);
            *limb = (cur / u64::from(d)) as u32;
            rem = cur % u64::from(d);
        }
        rem as u32
    }

    /// `n - 1` for `n ≥ 1`.
    pub fn sub_one(n: &mut [u32]) {
        for limb in n.iter_mut() {
            let (v, borrow) = limb.overflowing_sub(1);
            *limb = v;
            if !borrow {
                return;
            }
        }
    }

    pub fn bit_len(n: &[u32]) -> usize {
        match n.iter().rposition(|&l| l != 0) {
            Some(i) => i * 32 + (32 - n[i].leading_zeros() as usize),
            None => 0,
        }
    }

    fn bit(n: &[u32], i: usize) -> u16 {
        n.get(i / 32).map_or(0, |l| (l >> (i % 32) & 1) as u16)
    }

    /// The low `nbits` bits of `n`, most significant first.
    pub fn to_bits(n: &[u32], nbits: usize) -> Vec<u16> {
        (0..nbits).rev().map(|i| bit(n, i)).collect()
    }

    pub fn from_bits(bits: &[u16]) -> Vec<u32> {
        let mut n = vec![0u32; bits.len().div_ceil(32).max(1)];
        for (i, &b) in bits.iter().rev().enumerate() {
            n[i / 32] |= u32::from(b & 1) << (i % 32);
        }
        n
    }

    pub fn less(a: &[u32], b: &[u32]) -> bool {
        let len = a.len().max(b.len());
        for i in (0..len).rev() {
            let (x, y) = (
                a.get(i).copied().unwrap_or(0),
                b.get(i).copied().unwrap_or(0),
            );
            if x != y {
                return x < y;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key::from_bytes(std::array::from_fn(|i| i as u8))
    }

    fn parse(s: &str) -> Result<Transform, String> {
        let v: toml::Value = toml::from_str(&format!("t = {s}")).unwrap();
        Transform::parse(&v["t"])
    }

    fn prepared(s: &str) -> Prepared {
        parse(s).unwrap().prepare(Some(&key())).unwrap()
    }

    fn value(p: &Prepared, v: &str, entity: Option<&str>) -> String {
        match p.apply(v, entity) {
            Applied::Value(s) => s,
            other => panic!("{v:?}: {other:?}"),
        }
    }

    #[test]
    fn parses_strings_and_tables() {
        let cases: &[(&str, Transform)] = &[
            ("\"keep\"", Transform::Keep),
            ("\"drop\"", Transform::Drop),
            ("\"redact\"", Transform::Redact),
            ("\"tag\"", Transform::Tag(TagSpec::default())),
            (
                "{ action = \"tag\", text = \"[removed]\" }",
                Transform::Tag(TagSpec {
                    text: Some("[removed]".into()),
                }),
            ),
            ("\"mask\"", Transform::Mask(MaskSpec::default())),
            (
                "{ action = \"mask\", preset = \"pci\" }",
                Transform::Mask(MaskSpec::Pci),
            ),
            (
                "{ action = \"mask\", keep_last = 4, char = \"#\" }",
                Transform::Mask(MaskSpec::Custom {
                    keep_first: 0,
                    keep_last: 4,
                    char: '#',
                }),
            ),
            ("\"hash\"", Transform::Hash(HashSpec::default())),
            (
                "{ action = \"hash\", length = 32, prefix = \"h_\" }",
                Transform::Hash(HashSpec {
                    length: 32,
                    prefix: "h_".into(),
                }),
            ),
            ("\"tokenize\"", Transform::Tokenize(TokenSpec::default())),
            (
                "{ action = \"tokenize\", tweak = \"crm\" }",
                Transform::Tokenize(TokenSpec {
                    tweak: "crm".into(),
                }),
            ),
            (
                "{ action = \"generalize\", to = \"year\" }",
                Transform::Generalize(GeneralizeSpec::Year),
            ),
            (
                "{ action = \"generalize\", to = \"prefix\", keep = 3 }",
                Transform::Generalize(GeneralizeSpec::Prefix { keep: 3 }),
            ),
            (
                "{ action = \"generalize\", to = \"band\" }",
                Transform::Generalize(GeneralizeSpec::Band { width: 10 }),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(&parse(text).unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn parse_errors_name_the_valid_choices() {
        let cases = [
            ("\"scramble\"", "valid actions: keep, drop, redact"),
            ("{ action = \"shred\" }", "valid actions"),
            ("{ preset = \"pci\" }", "needs `action`"),
            ("{ action = 3 }", "must be a string"),
            ("42", "a transform is a string"),
            (
                "{ action = \"hash\", size = 8 }",
                "valid options: length, prefix",
            ),
            ("{ action = \"redact\", text = \"x\" }", "it has none"),
            ("{ action = \"hash\", length = 8 }", "from 16 to 64"),
            (
                "{ action = \"mask\", preset = \"iban\" }",
                "valid presets: pci, entity",
            ),
            (
                "{ action = \"mask\", preset = \"pci\", keep_last = 4 }",
                "cannot be combined",
            ),
            ("{ action = \"mask\", char = \"ab\" }", "one character"),
            (
                "{ action = \"mask\", char = \"X\" }",
                "not a letter or digit",
            ),
            ("\"generalize\"", "to = year, month, prefix or band"),
            (
                "{ action = \"generalize\", to = \"decade\" }",
                "valid: year, month, prefix, band",
            ),
            (
                "{ action = \"generalize\", to = \"prefix\" }",
                "needs option `keep`",
            ),
            (
                "{ action = \"generalize\", to = \"year\", keep = 2 }",
                "does not apply",
            ),
            (
                "{ action = \"generalize\", to = \"band\", width = 1 }",
                "from 2 to",
            ),
            ("{ action = \"tag\", text = \"\" }", "must not be empty"),
        ];
        for (text, expected) in cases {
            let err = parse(text).unwrap_err();
            assert!(err.contains(expected), "{text}: {err}");
        }
    }

    #[test]
    fn names_keys_and_preparation() {
        let t = parse("\"hash\"").unwrap();
        assert_eq!((t.name(), t.needs_key()), ("hash", true));
        assert!(t.prepare(None).unwrap_err().contains("needs a key"));
        let t = parse("\"tokenize\"").unwrap();
        assert!(t.needs_key() && t.is_reversible());
        assert!(!parse("\"mask\"").unwrap().needs_key());
        let p = parse("\"redact\"").unwrap().prepare(None).unwrap();
        assert_eq!(format!("{p:?}"), "Prepared(redact)");
        fn shared<T: Send + Sync>() {}
        shared::<Prepared>();
    }

    #[test]
    fn simple_transforms_and_empty_cells() {
        let cases: &[(&str, &str, Option<&str>, Applied)] = &[
            ("\"keep\"", "Jane", None, Applied::Unchanged),
            ("\"redact\"", "Jane", None, Applied::Null),
            ("\"redact\"", "", None, Applied::Null),
            ("\"drop\"", "Jane", None, Applied::Null),
            (
                "\"tag\"",
                "jane@x.org",
                Some("EMAIL_ADDRESS"),
                Applied::Value("<EMAIL_ADDRESS>".into()),
            ),
            ("\"tag\"", "Jane", None, Applied::Value("<PII>".into())),
            (
                "{ action = \"tag\", text = \"[x]\" }",
                "Jane",
                Some("PERSON"),
                Applied::Value("[x]".into()),
            ),
            ("\"tag\"", "  ", Some("PERSON"), Applied::Unchanged),
            ("\"hash\"", "", None, Applied::Unchanged),
            ("\"tokenize\"", " ", None, Applied::Unchanged),
            ("\"mask\"", "", None, Applied::Unchanged),
        ];
        for (spec, input, entity, expected) in cases {
            assert_eq!(
                &prepared(spec).apply(input, *entity),
                expected,
                "{spec} {input:?}"
            );
        }
    }

    #[test]
    fn mask_cases() {
        let cases: &[(&str, &str, Option<&str>, &str)] = &[
            ("\"mask\"", "DE89 3704-0044", None, "**** ****-****"),
            (
                "{ action = \"mask\", keep_last = 4 }",
                "4111 1111 1111 1234",
                None,
                "**** **** **** 1234",
            ),
            (
                "{ action = \"mask\", keep_first = 2, keep_last = 2, char = \"#\" }",
                "jane.doe@x.org",
                None,
                "ja##.###@#.#rg",
            ),
            // 5 alphanumerics: at most 2 revealed, split in proportion (1 + 1).
            (
                "{ action = \"mask\", keep_first = 3, keep_last = 3 }",
                "ab-cde",
                None,
                "a*-**e",
            ),
            (
                "{ action = \"mask\", keep_last = 4 }",
                "12345",
                None,
                "***45",
            ),
            (
                "{ action = \"mask\", keep_last = 4 }",
                "Zoë Ündt",
                None,
                "*** *ndt",
            ),
            (
                "{ action = \"mask\", preset = \"pci\" }",
                "4111 1111 1111 1111",
                None,
                "4111 11** **** 1111",
            ),
            (
                "{ action = \"mask\", preset = \"pci\" }",
                "378282246310005",
                None,
                "378282*****0005",
            ),
            (
                "{ action = \"mask\", preset = \"entity\" }",
                "john.doe@example.com",
                Some("EMAIL_ADDRESS"),
                "j***@e***.com",
            ),
            (
                "{ action = \"mask\", preset = \"entity\" }",
                "DE89 3704 0044 0532 0130 00",
                Some("iban_code"),
                "DE89 **** **** **** **30 00",
            ),
            (
                "{ action = \"mask\", preset = \"entity\" }",
                "Jane Doe",
                None,
                "**** ***",
            ),
            (
                "{ action = \"mask\", preset = \"entity\" }",
                "Jane Doe",
                Some("NO_SUCH"),
                "**** ***",
            ),
        ];
        for (spec, input, entity, expected) in cases {
            assert_eq!(
                value(&prepared(spec), input, *entity),
                *expected,
                "{spec} {input:?}"
            );
        }
    }

    #[test]
    fn generalize_cases() {
        let g = |to: &str| prepared(&format!("{{ action = \"generalize\", to = {to} }}"));
        let ok: &[(&str, &str, &str)] = &[
            (r#""year""#, "1985-03-27", "1985"),
            (r#""year""#, "1985-03-27T10:11:12+02:00", "1985"),
            (r#""month""#, "2024-02-29 23:59", "2024-02"),
            (r#""month""#, " 1999-12-31 ", "1999-12"),
            (r#""prefix", keep = 3"#, "SW1A 1AA", "SW1"),
            (r#""prefix", keep = 4"#, "SW1A 1AA", "SW1A"),
            (r#""prefix", keep = 5"#, "SW1A 1AA", "SW1A"),
            (r#""prefix", keep = 2"#, "Köln", "Kö"),
            (r#""band""#, "34", "30-39"),
            (r#""band""#, "40", "40-49"),
            (r#""band""#, "0", "0-9"),
            (r#""band""#, "39.99", "30-39"),
            (r#""band""#, "1234,5", "1230-1239"),
            (r#""band""#, "-5", "-10--1"),
            (r#""band""#, "-10", "-10--1"),
            (r#""band""#, "-0.5", "-10--1"),
            (r#""band", width = 25"#, "+26", "25-49"),
        ];
        for (to, input, expected) in ok {
            assert_eq!(value(&g(to), input, None), *expected, "{to} {input:?}");
        }
        let failed: &[(&str, &str, &str)] = &[
            (r#""year""#, "27.03.1985", reason::NOT_A_DATE),
            (r#""year""#, "1985-02-30", reason::NOT_A_DATE),
            (r#""year""#, "1985-3-27", reason::NOT_A_DATE),
            (r#""month""#, "1985-03-27X", reason::NOT_A_DATE),
            (r#""month""#, "1985-03-27T", reason::NOT_A_DATE),
            (
                r#""prefix", keep = 4"#,
                "1010",
                reason::TOO_SHORT_FOR_PREFIX,
            ),
            (r#""band""#, "12a", reason::NOT_A_NUMBER),
            (r#""band""#, "1.", reason::NOT_A_NUMBER),
            (r#""band""#, ".5", reason::NOT_A_NUMBER),
            (r#""band""#, "-", reason::NOT_A_NUMBER),
            (r#""band""#, "1e5", reason::NOT_A_NUMBER),
            (r#""band""#, "99999999999999999999999", reason::OUT_OF_RANGE),
            (r#""band""#, "9223372036854775807", reason::OUT_OF_RANGE),
        ];
        for (to, input, why) in failed {
            assert_eq!(
                g(to).apply(input, None),
                Applied::Failed(why),
                "{to} {input:?}"
            );
        }
    }

    #[test]
    fn hash_known_answers() {
        // Computed independently with Python's hmac module:
        // sub = hmac.new(bytes(range(32)), b"scour/v1/hash", sha256).digest()
        // hmac.new(sub, value.encode(), sha256).hexdigest()
        let cases = [
            (
                "jane.doe@example.com",
                "459801c3041524291bc52ad43d97fe18bb146cdf867cf012e4bafbc1186b6cc3",
            ),
            (
                "4111 1111 1111 1111",
                "142e83e2c1ae70310d6c1a67638a82610de615481f46bef1ef1a89df0ddfd730",
            ),
            (
                "Müller",
                "4e79657d972fb0734e3b311a9ac34d6997e595440b6de5ee11a6adc0e2b7091d",
            ),
        ];
        let full = prepared("\"hash\"");
        let short = prepared("{ action = \"hash\", length = 17, prefix = \"h:\" }");
        for (input, expected) in cases {
            assert_eq!(value(&full, input, None), expected);
            assert_eq!(value(&short, input, None), format!("h:{}", &expected[..17]));
        }
        // Another key, another hash.
        let other = parse("\"hash\"")
            .unwrap()
            .prepare(Some(&Key::from_bytes([9; 32])))
            .unwrap();
        assert_ne!(value(&other, "Müller", None), cases[2].1);
        assert_eq!(full.detokenize("x"), None);
    }

    fn classes(s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '0'..='9' => 'd',
                'A'..='Z' => 'U',
                'a'..='z' => 'l',
                other => other,
            })
            .collect()
    }

    #[test]
    fn tokenize_round_trips_and_preserves_format() {
        let plain = prepared("\"tokenize\"");
        let tweaked = prepared("{ action = \"tokenize\", tweak = \"orders\" }");
        let mut inputs: Vec<String> = [
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "378282246310005",
            "DE89 3704 0044 0532 0130 00",
            "GB82WEST12345698765432",
            "jane.doe@example.com",
            "Jane.Doe+crm@Example.COM",
            "José Müller-Lüdenscheidt",
            "Zoë Ångström",
            "+49 151 23456789",
            "000000",
            "999999",
            "aaaaa",
            "AB 12 34 56 C",
            "Flat 12B, 221 Baker Street",
            "Ab1234",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Many generated values of every scheme.
        for i in 0..200u32 {
            inputs.push(format!("{:06}", i * 4999));
            inputs.push(format!("{:016}", u64::from(i) * 48_271_000_123));
            inputs.push(format!(
                "cust-{:04}-X{}y",
                i,
                char::from(b'a' + (i % 26) as u8)
            ));
        }
        for input in &inputs {
            for p in [&plain, &tweaked] {
                let token = value(p, input, None);
                assert_eq!(classes(&token), classes(input), "{input} → {token}");
                assert_eq!(token.chars().count(), input.chars().count());
                // Non-ASCII letters stay in place.
                for (a, b) in input.chars().zip(token.chars()) {
                    if !a.is_ascii_alphanumeric() {
                        assert_eq!(a, b, "{input} → {token}");
                    }
                }
                assert_eq!(
                    p.detokenize(&token),
                    Some(Ok(input.clone())),
                    "{input} → {token}"
                );
                assert_eq!(value(p, input, None), token, "deterministic");
            }
            assert_ne!(
                value(&plain, input, None),
                value(&tweaked, input, None),
                "{input}"
            );
        }
        let token = value(&plain, "4111 1111 1111 1111", None);
        assert_ne!(token, "4111 1111 1111 1111");
        // Distinct inputs, distinct tokens (a permutation).
        let tokens: std::collections::HashSet<_> =
            inputs.iter().map(|s| value(&plain, s, None)).collect();
        let distinct: std::collections::HashSet<_> = inputs.iter().collect();
        assert_eq!(tokens.len(), distinct.len());
    }

    #[test]
    fn tokenize_refuses_small_and_huge_domains() {
        let p = prepared("\"tokenize\"");
        let cases = [
            ("12345", reason::TOO_SHORT), // 10^5
            ("12-34-5", reason::TOO_SHORT),
            ("Anna", reason::TOO_SHORT),  // 26^4
            ("AB12", reason::TOO_SHORT),  // 26^2 · 10^2
            ("AB123", reason::TOO_SHORT), // 26^2 · 10^3
            ("ÄÖÜ ß", reason::TOO_SHORT), // nothing to encrypt
            ("---", reason::TOO_SHORT),
        ];
        for (input, why) in cases {
            assert_eq!(p.apply(input, None), Applied::Failed(why), "{input}");
            assert_eq!(p.detokenize(input), Some(Err(why)), "{input}");
        }
        let huge = "a1".repeat(129);
        assert_eq!(p.apply(&huge, None), Applied::Failed(reason::TOO_LONG));
        // Just large enough: 10^6, 26^5, 26^3 · 10^2 = 1 757 600, 26 · 10^5.
        for input in ["123456", "Hanna", "AB1-2C", "A12345"] {
            let token = value(&p, input, None);
            assert_eq!(p.detokenize(&token), Some(Ok(input.to_string())));
        }
    }

    #[test]
    fn tokenize_known_answers() {
        // Fixes the scheme: tokens written by one version must detokenize in the next.
        let p = prepared("\"tokenize\"");
        let cases = [
            ("4111 1111 1111 1111", "4482 3963 1781 8413"),
            ("jane.doe@example.com", "cees.ajd@aiovcew.jbw"),
            ("DE89 3704 0044 0532 0130 00", "FT91 9955 2362 5257 1907 66"),
            ("José Müller", "Xtxé Pütbfi"),
            ("AB 12 34 56 C", "BC 09 10 29 C"),
        ];
        for (input, token) in cases {
            assert_eq!(value(&p, input, None), token);
            assert_eq!(p.detokenize(token), Some(Ok(input.to_string())));
        }
    }

    #[test]
    fn tokenize_digits_is_standard_ff1() {
        // NIST SP 800-38G FF1 samples 7 and 8 (AES-256, radix 10).
        let nist: [u8; 32] = [
            0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF,
            0x4F, 0x3C, 0xEF, 0x43, 0x59, 0xD8, 0xD5, 0x80, 0xAA, 0x4F, 0x7F, 0x03, 0x6D, 0x6F,
            0x04, 0xFC, 0x6A, 0x94,
        ];
        let t = Tokenizer::new(&nist, b"").unwrap();
        assert_eq!(
            t.run("0123456789", Direction::Encrypt).unwrap(),
            "6657667009"
        );
        assert_eq!(
            t.run("01234-56789", Direction::Encrypt).unwrap(),
            "66576-67009"
        );
        let t = Tokenizer::new(&nist, b"9876543210").unwrap();
        assert_eq!(
            t.run("0123456789", Direction::Encrypt).unwrap(),
            "1001623463"
        );
    }

    #[test]
    fn big_helpers() {
        let mut n = vec![1u32];
        for _ in 0..20 {
            big::mul_add(&mut n, 26, 0);
        }
        // 26^20 = 19928148895209409152340197376, 95 bits (Python: (26**20).bit_length()).
        let limbs = [0x7D10_0000u32, 0x4A3F_8EEB, 0x4064_2DAC];
        assert_eq!(n, limbs);
        let mut m = n.clone();
        big::sub_one(&mut m);
        assert_eq!(big::bit_len(&n), 95);
        assert!(big::less(&m, &n) && !big::less(&n, &m) && !big::less(&n, &n));
        let bits = big::to_bits(&m, 95);
        assert_eq!(bits.len(), 95);
        assert_eq!(big::from_bits(&bits), m);
        let mut d = n.clone();
        for _ in 0..20 {
            assert_eq!(big::div_rem(&mut d, 26), 0);
        }
        assert_eq!(big::bit_len(&d), 1);
    }

    /// SplitMix64, for reproducible random test inputs.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        fn bytes(&mut self, len: usize) -> Vec<u8> {
            (0..len).map(|_| self.next() as u8).collect()
        }
        fn key(&mut self) -> [u8; 32] {
            std::array::from_fn(|_| self.next() as u8)
        }
    }

    fn fpe_crypt(ff1: &FF1<Aes256>, tweak: &[u8], x: &[u16], dir: Direction) -> Vec<u16> {
        let ns = FlexibleNumeralString::from(x.to_vec());
        let out = match dir {
            Direction::Encrypt => ff1.encrypt(tweak, &ns),
            Direction::Decrypt => ff1.decrypt(tweak, &ns),
        };
        Vec::from(out.unwrap())
    }

    fn fast_crypt(
        ff1: &fast_ff1::Ff1,
        radix: u32,
        tweak: &[u8],
        x: &[u16],
        dir: Direction,
    ) -> Vec<u16> {
        let shape = fast_ff1::Shape::new(radix, x.len()).unwrap();
        let mut out = vec![0; x.len()];
        ff1.numerals(&shape, tweak, x, &mut out, dir).unwrap();
        out
    }

    #[test]
    fn fast_ff1_equals_fpe() {
        let mut rng = Rng(0x5C0B_0FF1);
        let mut cases = 0;
        // 10, 26: digits and letters; 2: the mixed scheme. 11 and 5 reach moduli above 2^127
        // (the carry in NUM(A) + y); 36 and 2^16 are other radices FF1 allows.
        for radix in [10u32, 26, 2, 11, 5, 36, 1 << 16] {
            let mut longest = 0;
            for n in 2..=300usize {
                let v = n - n / 2;
                let fits = u128::from(radix).checked_pow(v as u32).is_some();
                let big_enough =
                    (0..n).fold(1u64, |acc, _| acc.saturating_mul(u64::from(radix))) >= 1_000_000;
                let Some(_) = fast_ff1::Shape::new(radix, n) else {
                    assert!(!fits || !big_enough, "radix {radix}, n {n}");
                    continue;
                };
                assert!(fits && big_enough, "radix {radix}, n {n}");
                longest = n;
                let key = rng.key();
                let fast = fast_ff1::Ff1::new(&key);
                let reference = FF1::<Aes256>::new(&key, radix).unwrap();
                for rep in 0..8 {
                    // Empty, short, exactly one and two blocks, and long tweaks.
                    let t = [0, 1, 10, 16, 17, 32, 45, 100][rep % 8] + rng.below(3) as usize;
                    let tweak = rng.bytes(t);
                    let x: Vec<u16> = (0..n).map(|_| rng.below(u64::from(radix)) as u16).collect();
                    let ct = fast_crypt(&fast, radix, &tweak, &x, Direction::Encrypt);
                    assert_eq!(
                        ct,
                        fpe_crypt(&reference, &tweak, &x, Direction::Encrypt),
                        "radix {radix}, n {n}, t {t}"
                    );
                    assert_eq!(fast_crypt(&fast, radix, &tweak, &ct, Direction::Decrypt), x);
                    // Decrypting an arbitrary string (a token nobody made) agrees too.
                    assert_eq!(
                        fast_crypt(&fast, radix, &tweak, &x, Direction::Decrypt),
                        fpe_crypt(&reference, &tweak, &x, Direction::Decrypt),
                        "radix {radix}, n {n}, t {t}"
                    );
                    cases += 1;
                }
            }
            // The fast path's reach: radix^ceil(n/2) < 2^128.
            let expected = match radix {
                10 => 76,
                26 => 54,
                2 => 254,
                _ => longest,
            };
            assert_eq!(longest, expected, "radix {radix}");
        }
        assert!(cases > 3000, "{cases}");
        // Numerals out of range and wrong lengths are refused, not encrypted.
        let fast = fast_ff1::Ff1::new(&[7; 32]);
        let shape = fast_ff1::Shape::new(10, 6).unwrap();
        let mut out = [0u16; 6];
        assert!(fast
            .numerals(
                &shape,
                b"",
                &[1, 2, 3, 4, 5, 10],
                &mut out,
                Direction::Encrypt
            )
            .is_none());
        assert!(fast
            .numerals(&shape, b"", &[1, 2, 3, 4, 5], &mut out, Direction::Encrypt)
            .is_none());
        assert!(fast_ff1::Shape::new(10, 5).is_none() && fast_ff1::Shape::new(1, 30).is_none());
    }

    #[test]
    fn fast_ff1_nist_samples() {
        // NIST SP 800-38G FF1 samples 7, 8 and 9 (AES-256).
        let nist: [u8; 32] = [
            0x2B, 0x7E, 0x15, 0x16, 0x28, 0xAE, 0xD2, 0xA6, 0xAB, 0xF7, 0x15, 0x88, 0x09, 0xCF,
            0x4F, 0x3C, 0xEF, 0x43, 0x59, 0xD8, 0xD5, 0x80, 0xAA, 0x4F, 0x7F, 0x03, 0x6D, 0x6F,
            0x04, 0xFC, 0x6A, 0x94,
        ];
        let ff1 = fast_ff1::Ff1::new(&nist);
        let digits: Vec<u16> = (0..10).collect();
        // (radix, tweak, plaintext, ciphertext)
        type Sample<'a> = (u32, &'a [u8], &'a [u16], &'a [u16]);
        let samples: [Sample; 3] = [
            (10, b"", &digits, &[6, 6, 5, 7, 6, 6, 7, 0, 0, 9]),
            (10, b"9876543210", &digits, &[1, 0, 0, 1, 6, 2, 3, 4, 6, 3]),
            (
                36,
                &[
                    0x37, 0x37, 0x37, 0x37, 0x70, 0x71, 0x72, 0x73, 0x37, 0x37, 0x37,
                ],
                &[
                    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                ],
                // xs8a0azh2avyalyzuwd
                &[
                    33, 28, 8, 10, 0, 10, 35, 17, 2, 10, 31, 34, 10, 21, 34, 35, 30, 32, 13,
                ],
            ),
        ];
        for (radix, tweak, pt, ct) in samples {
            assert_eq!(fast_crypt(&ff1, radix, tweak, pt, Direction::Encrypt), ct);
            assert_eq!(fast_crypt(&ff1, radix, tweak, ct, Direction::Decrypt), pt);
        }
    }

    #[test]
    fn tokenize_fast_paths_equal_fpe_paths() {
        let mut rng = Rng(0x7070_CE02);
        let mut cases = 0;
        for round in 0..60 {
            let tweak = rng.bytes([0, 6, 16, 40][round % 4]);
            let t = Tokenizer::new(&rng.key(), &tweak).unwrap();
            for _ in 0..40 {
                // Digits, letters, both, with separators; up to 90 alphanumerics, so both
                // sides of every fast path's limit.
                let len = 4 + rng.below(90) as usize;
                let kinds = 1 + rng.below(3);
                let value: String = (0..len)
                    .map(|_| match rng.below(10) {
                        0 => '-',
                        k if k % kinds == 0 => char::from(b'0' + rng.below(10) as u8),
                        k if k % 2 == 0 => char::from(b'a' + rng.below(26) as u8),
                        _ => char::from(b'A' + rng.below(26) as u8),
                    })
                    .collect();
                for dir in [Direction::Encrypt, Direction::Decrypt] {
                    let fast = t.run_with(&value, dir, true);
                    assert_eq!(fast, t.run_with(&value, dir, false), "{value}");
                    if let Ok(out) = fast {
                        let back = match dir {
                            Direction::Encrypt => Direction::Decrypt,
                            Direction::Decrypt => Direction::Encrypt,
                        };
                        assert_eq!(t.run(&out, back).as_deref(), Ok(value.as_str()));
                        cases += 1;
                    }
                }
            }
            // Typical CRM values.
            for value in [
                format!("C-{:08}", rng.below(100_000_000)),
                format!("+49151{:08}", rng.below(100_000_000)),
                format!("{:016}", rng.below(10_000_000_000_000_000)),
            ] {
                let token = t.run(&value, Direction::Encrypt).unwrap();
                assert_eq!(
                    Ok(token.clone()),
                    t.run_with(&value, Direction::Encrypt, false)
                );
                assert_eq!(t.run(&token, Direction::Decrypt), Ok(value));
            }
        }
        assert!(cases > 3000, "{cases}");
    }

    /// Tokens per second on one core for typical CRM values (release build):
    /// `cargo test --release --lib pipeline::deid -- --ignored --nocapture throughput`.
    #[test]
    #[ignore]
    fn tokenize_throughput() {
        let p = prepared("\"tokenize\"");
        let n = 200_000u64;
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            seed >> 11
        };
        let formats: [(&str, Vec<String>); 3] = [
            (
                "customer id C-00000001 (mixed)",
                (0..n)
                    .map(|i| format!("C-{:08}", i * 37 % 100_000_000))
                    .collect(),
            ),
            (
                "phone +4915112345678 (13 digits)",
                (0..n)
                    .map(|_| format!("+49151{:08}", next() % 100_000_000))
                    .collect(),
            ),
            (
                "card 4111111111111111 (16 digits)",
                (0..n)
                    .map(|_| format!("{:016}", next() % 10_000_000_000_000_000))
                    .collect(),
            ),
        ];
        // The `fpe`-only path (as before the fast FF1), on fewer values: it is slower.
        let reference = Tokenizer::new(&[7; 32], b"").unwrap();
        for (name, values) in &formats {
            let start = std::time::Instant::now();
            let mut bytes = 0usize;
            for v in values {
                if let Applied::Value(t) = p.apply(v, None) {
                    bytes += t.len();
                }
            }
            let fast = values.len() as f64 / start.elapsed().as_secs_f64();
            let few = &values[..values.len() / 10];
            let start = std::time::Instant::now();
            for v in few {
                bytes += reference
                    .run_with(v, Direction::Encrypt, false)
                    .unwrap()
                    .len();
            }
            let slow = few.len() as f64 / start.elapsed().as_secs_f64();
            assert!(bytes > 0);
            println!("{name}: {fast:.0} tokens/s (fpe only: {slow:.0} tokens/s)");
        }
    }

    #[test]
    fn apply_never_panics_on_odd_input() {
        let specs = [
            "\"mask\"",
            "{ action = \"mask\", keep_first = 1000, keep_last = 1000 }",
            "{ action = \"mask\", preset = \"pci\" }",
            "{ action = \"mask\", preset = \"entity\" }",
            "\"hash\"",
            "{ action = \"hash\", length = 17 }",
            "\"tokenize\"",
            "{ action = \"generalize\", to = \"year\" }",
            "{ action = \"generalize\", to = \"prefix\", keep = 2 }",
            "{ action = \"generalize\", to = \"band\", width = 9223372036854775807 }",
            "\"tag\"",
        ];
        let long = "x9".repeat(5000);
        let inputs = [
            "",
            "\0",
            "é",
            "🙂🙂🙂🙂🙂🙂🙂",
            "1985-",
            "1985-03-2",
            "-",
            "+",
            ",",
            "١٢٣٤٥٦٧",
            "-9223372036854775808",
            "\u{202e}123456",
            &long,
        ];
        for spec in specs {
            let p = prepared(spec);
            for input in inputs {
                let _ = p.apply(input, Some("EMAIL_ADDRESS"));
                let _ = p.apply(input, None);
                let _ = p.detokenize(input);
            }
        }
    }
}
