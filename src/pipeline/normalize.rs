//! Normalizers: one cell in, one cleaner cell out, or a reason why the cell cannot be trusted.
//!
//! The GDPR's accuracy principle (Art. 5(1)(d)) asks that personal data be kept accurate; in a
//! CRM export that starts with writing the same fact the same way. Each normalizer takes one
//! cell (and, for phone numbers and postcodes, the row's country) and returns an [`Outcome`]:
//! [`Outcome::Unchanged`] when the cell is already in normal form (or the normalizer cannot
//! judge it), [`Outcome::Changed`] with the normal form (only when it differs from the input),
//! or [`Outcome::Invalid`] with a short reason that never contains the cell's value.
//!
//! A pipeline file names normalizers as strings (`"trim"`) or, with options, as a one-key
//! table (`{ date = { formats = ["%d.%m.%Y"] } }`); see [`Normalizer::parse`].
//!
//! | normalizer | options | what it does |
//! |---|---|---|
//! | `trim` | — | removes Unicode whitespace (and zero-width space / BOM) at both ends |
//! | `collapse_whitespace` | — | trims, and turns every inner run of whitespace (NBSP, tabs, newlines...) into one space |
//! | `nfc` | — | Unicode NFC (composed accents: `e` + U+0301 → `é`) |
//! | `lowercase`, `uppercase` | — | Unicode case mapping (`ß` uppercases to `SS`) |
//! | `titlecase` | — | name casing of an all-upper or all-lower value: `anna-maria o'neill` → `Anna-Maria O'Neill`, `JEAN DE LA FONTAINE` → `Jean de la Fontaine`; mixed case (`McDonald`, `van Dijk`) is left alone |
//! | `email` | — | trims, strips `mailto:` and surrounding `<>`, lowercases the domain (keeps the local part); Invalid without exactly one `@`, with an empty part, whitespace, or a domain without a dot |
//! | `phone` | `default_region = "DE"` | E.164 (`+4930123456`), read in the row's country, else `default_region`; international forms (`+`, `00`) need neither; Invalid when libphonenumber's metadata says the number is not valid |
//! | `date` | `formats = [...]`, `day_first = true`, `keep_time = false`, `century_pivot = N` | ISO 8601 `YYYY-MM-DD` from the given chrono formats, tried in order, or sniffed (see below); impossible dates are Invalid |
//! | `country` | — | ISO 3166-1 alpha-2 (`DE`) from names in many languages, alpha-3, alpha-2 in any case and aliases (`UK` → `GB`, `EL` → `GR`); unknown is Invalid |
//! | `postcode` | `country = "GB"` | the postal code in its national form for the row's country (else `country`), e.g. `1234 AB` (NL), `12-345` (PL), `SW1A 1AA` (GB); unsupported or unknown country: Unchanged |
//!
//! ### Blank cells
//! `email`, `phone`, `date`, `country` and `postcode` treat a blank cell (empty or only
//! whitespace) as missing, not invalid: it becomes the empty string.
//!
//! ### `trim`, `collapse_whitespace`
//! Whitespace is Unicode's `White_Space` (space, tab, newlines, NBSP U+00A0, the U+2000 spaces,
//! ideographic space...). `trim` also removes a zero-width space (U+200B) or byte-order mark
//! (U+FEFF) at either end, which spreadsheets leave behind.
//!
//! ### `titlecase`
//! Only values whose letters are all upper case or all lower case are changed: a value in mixed
//! case was cased by someone on purpose. Each word gets an upper-case first letter and lower
//! case after it; so does each part after a hyphen, and the letter after an apostrophe that
//! follows a single letter (`O'Neill`, `D'Angelo`). The particles de, la, van, von, der, den,
//! di, da, du, del, della, le, ten and ter stay lower case unless they are the first word.
//! Casing cannot restore what was lost: `MCDONALD` becomes `Mcdonald`, `STRASSE` stays `Strasse`.
//!
//! ### `email`
//! Quoted local parts (`"john doe"@example.com`) and display names (`Anna <a@example.com>`) are
//! Invalid. Domain labels may hold letters (also non-ASCII), digits and hyphens.
//!
//! ### `phone`
//! Accepts digits, spaces, `-./()`, a leading `+` and a `tel:` prefix; letters (extensions)
//! make the value Invalid. The row's country may be in any form `country` accepts; when it is
//! missing or unknown, `default_region` (also any country form) is used. Validation follows
//! libphonenumber's metadata (the `phonenumber` crate) through [`crate::detect::phone`], which
//! avoids the crate's mutex-guarded validator.
//!
//! ### `date`
//! With `formats` (chrono strftime syntax, e.g. `"%d.%m.%Y"`, `"%B %e, %Y"`), each is tried in
//! order and the first that parses the whole value wins; none → Invalid. A format with `%y`
//! needs `century_pivot`. Without `formats` the value is sniffed:
//!
//! - ISO dates and timestamps: `2021-02-27`, `2021-02-27T23:28:28Z`,
//!   `2021-02-27 23:28:28.123+01:00`: the date part as written (not converted to UTC);
//! - `dd.mm.yyyy`; `dd/mm/yyyy` or `mm/dd/yyyy`; `dd-mm-yyyy` or `mm-dd-yyyy`: dotted dates are
//!   day first, slashed and dashed ones follow `day_first` (default `true`), but when one part is
//!   greater than 12 it must be the day and that decides; one or two digits each for day and
//!   month; a time may follow (`27.02.2021 23:28`);
//! - `yyyy/mm/dd`, `yyyy.mm.dd`;
//! - month names in English, German, French, Spanish, Italian and Dutch, full or abbreviated:
//!   `3 March 2021`, `March 3, 2021`, `3rd of March 2021`, `3. März 2021`, `1er mars 2021`,
//!   `3 de marzo de 2021`; a leading weekday is ignored.
//!
//! Two-digit years are Invalid unless `century_pivot = N` (0–99) is given: `yy < N` means
//! 20yy, otherwise 19yy (`century_pivot = 30`: `05` → 2005, `85` → 1985). With
//! `keep_time = true` a time in the value is kept: `YYYY-MM-DDTHH:MM:SS`, with the fraction of a
//! second and the offset (`Z`, `+01:00`) as given; a value without a time gives the date alone.
//! With `formats`, a kept offset is written `+HH:MM`.
//!
//! ### `country`
//! Matching ignores case, accents and punctuation (`cote d ivoire` = `Côte d'Ivoire`) and a
//! leading "the". The names are in `dictionaries/country_codes.tsv`: all 249 ISO 3166-1
//! countries with their English names, and for the EU/EEA, CH, GB, US, CA, AU, NZ and some
//! others the local name and the names in de, fr, it, es, nl, pl, sv, pt and da. Also exported
//! as [`country_alpha2`].
//!
//! ### `postcode`
//! The country is the row's (any form `country` accepts), else the `country` option. Spaces
//! and hyphens in the input are ignored, letters upper-cased, and a leading country prefix
//! (`D-`, `DE-`, `NL-`, `L-`, `SE-`...) dropped; the result is written in the national form:
//!
//! | form | countries |
//! |---|---|
//! | `NNNN` | AT, AU, BE, BG, CH, CY, DK, HU, LI, LU, NO, NZ, SI |
//! | `NNNNN` | DE, EE, ES (01–52), FI, FR, HR, IT, MC, SM, VA, US (also `NNNNN-NNNN`) |
//! | `NNN NN` | CZ, GR, SE, SK |
//! | other | IS `NNN`, RO `NNNNNN`, PL `NN-NNN`, PT `NNNN-NNN`, LV `LV-NNNN`, LT `LT-NNNNN`, NL `NNNN AA`, MT `AAA NNNN`, IE `A65 F4E2` (Eircode), GB `SW1A 1AA` (outward, one space, inward), CA `K1A 0B1` |
//!
//! A country outside this list, or no country at all, leaves the cell Unchanged. Leading zeros
//! lost in a spreadsheet (`1067` for DE `01067`) are Invalid, not guessed.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use chrono::format::{Fixed, Item, Numeric, Parsed, StrftimeItems};
use chrono::{Datelike, NaiveDate, Timelike};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::detect::phone;

/// Per-row context the caller provides.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowContext<'a> {
    /// The row's country cell, raw (any form the `country` normalizer accepts).
    pub country: Option<&'a str>,
}

/// What a normalizer made of one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Already in normal form, or the normalizer cannot judge it.
    Unchanged,
    /// The normal form; always different from the input.
    Changed(String),
    /// Cannot be normalized; a short reason that never contains the value.
    Invalid(&'static str),
}

/// One normalizer with its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Normalizer {
    Trim,
    CollapseWhitespace,
    Nfc,
    Lowercase,
    Uppercase,
    Titlecase,
    Email,
    Phone(PhoneOptions),
    Date(DateOptions),
    Country,
    Postcode(PostcodeOptions),
}

/// Options of `phone`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PhoneOptions {
    /// ISO alpha-2 code of the region for national numbers when the row has no known country.
    pub default_region: Option<&'static str>,
}

/// Options of `date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateOptions {
    /// chrono strftime formats, tried in order; empty means sniffing.
    pub formats: Vec<String>,
    /// `dd/mm/yyyy` rather than `mm/dd/yyyy` when the value does not decide.
    pub day_first: bool,
    /// Keep a time of day and offset: `YYYY-MM-DDTHH:MM:SS[.f][offset]`.
    pub keep_time: bool,
    /// Two-digit years: `yy < pivot` is 20yy, otherwise 19yy. Without it they are Invalid.
    pub century_pivot: Option<u8>,
}

impl Default for DateOptions {
    fn default() -> Self {
        DateOptions {
            formats: Vec::new(),
            day_first: true,
            keep_time: false,
            century_pivot: None,
        }
    }
}

/// Options of `postcode`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PostcodeOptions {
    /// ISO alpha-2 code of the country when the row has no known country.
    pub country: Option<&'static str>,
}

/// The names accepted by [`Normalizer::parse`], for help text.
pub const NAMES: &[&str] = &[
    "trim",
    "collapse_whitespace",
    "nfc",
    "lowercase",
    "uppercase",
    "titlecase",
    "email",
    "phone",
    "date",
    "country",
    "postcode",
];

impl Normalizer {
    /// Parses one normalizer from its pipeline-file form: a string (`"trim"`) or a one-key
    /// inline table (`{ date = { formats = ["%d.%m.%Y"] } }`,
    /// `{ phone = { default_region = "DE" } }`, `{ postcode = { country = "GB" } }`). Unknown
    /// names or options are errors; the message names the valid ones.
    pub fn parse(spec: &toml::Value) -> Result<Normalizer, String> {
        match spec {
            toml::Value::String(name) => build(name, None),
            toml::Value::Table(t) if t.len() == 1 => {
                let (name, options) = t.iter().next().expect("one key");
                match options {
                    toml::Value::Table(o) => build(name, Some(o)),
                    _ => Err(format!(
                        "the options of normalizer {name:?} must be a table, e.g. \
                         {{ {name} = {{ ... }} }}"
                    )),
                }
            }
            _ => Err(format!(
                "a normalizer is a name (\"trim\") or a table with one key, its name, and its \
                 options ({{ phone = {{ default_region = \"DE\" }} }}); names: {}",
                NAMES.join(", ")
            )),
        }
    }

    /// The name it is written with in a pipeline file.
    pub fn name(&self) -> &'static str {
        match self {
            Normalizer::Trim => "trim",
            Normalizer::CollapseWhitespace => "collapse_whitespace",
            Normalizer::Nfc => "nfc",
            Normalizer::Lowercase => "lowercase",
            Normalizer::Uppercase => "uppercase",
            Normalizer::Titlecase => "titlecase",
            Normalizer::Email => "email",
            Normalizer::Phone(_) => "phone",
            Normalizer::Date(_) => "date",
            Normalizer::Country => "country",
            Normalizer::Postcode(_) => "postcode",
        }
    }

    /// Whether it uses [`RowContext::country`].
    pub fn needs_country(&self) -> bool {
        matches!(self, Normalizer::Phone(_) | Normalizer::Postcode(_))
    }

    /// Normalizes one cell. Never panics; [`Outcome::Changed`] only when the output differs.
    pub fn apply(&self, value: &str, row: &RowContext) -> Outcome {
        match self {
            Normalizer::Trim => trim(value),
            Normalizer::CollapseWhitespace => collapse_whitespace(value),
            Normalizer::Nfc => nfc(value),
            Normalizer::Lowercase => lowercase(value),
            Normalizer::Uppercase => uppercase(value),
            Normalizer::Titlecase => titlecase(value),
            Normalizer::Email => email(value),
            Normalizer::Phone(o) => phone_number(value, row, o),
            Normalizer::Date(o) => date(value, o),
            Normalizer::Country => country(value),
            Normalizer::Postcode(o) => postcode(value, row, o),
        }
    }
}

// --- parsing the pipeline form ---------------------------------------------------------------

fn build(name: &str, options: Option<&toml::Table>) -> Result<Normalizer, String> {
    let allowed: &[&str] = match name {
        "phone" => &["default_region"],
        "date" => &["formats", "day_first", "keep_time", "century_pivot"],
        "postcode" => &["country"],
        n if NAMES.contains(&n) => &[],
        _ => {
            return Err(format!(
                "unknown normalizer {name:?}; valid: {}",
                NAMES.join(", ")
            ))
        }
    };
    let empty = toml::Table::new();
    let o = options.unwrap_or(&empty);
    if let Some(key) = o.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(if allowed.is_empty() {
            format!("normalizer {name} takes no options (got {key:?})")
        } else {
            format!(
                "unknown option {key:?} for normalizer {name}; valid: {}",
                allowed.join(", ")
            )
        });
    }
    Ok(match name {
        "trim" => Normalizer::Trim,
        "collapse_whitespace" => Normalizer::CollapseWhitespace,
        "nfc" => Normalizer::Nfc,
        "lowercase" => Normalizer::Lowercase,
        "uppercase" => Normalizer::Uppercase,
        "titlecase" => Normalizer::Titlecase,
        "email" => Normalizer::Email,
        "country" => Normalizer::Country,
        "phone" => {
            let default_region = match opt_str(o, name, "default_region")? {
                None => None,
                Some(s) => {
                    let code = country_alpha2(s).ok_or_else(|| {
                        format!("phone.default_region: unknown country {s:?}; use an ISO code like \"DE\"")
                    })?;
                    if phone_region(code).is_none() {
                        return Err(format!(
                            "phone.default_region: no phone numbering plan for {code}"
                        ));
                    }
                    Some(code)
                }
            };
            Normalizer::Phone(PhoneOptions { default_region })
        }
        "postcode" => {
            let country = match opt_str(o, name, "country")? {
                None => None,
                Some(s) => {
                    let code = country_alpha2(s).ok_or_else(|| {
                        format!(
                            "postcode.country: unknown country {s:?}; use an ISO code like \"GB\""
                        )
                    })?;
                    if postcode_rule(code).is_none() {
                        return Err(format!(
                            "postcode.country: no postcode rules for {code}; supported: {}",
                            POSTCODE_COUNTRIES.join(", ")
                        ));
                    }
                    Some(code)
                }
            };
            Normalizer::Postcode(PostcodeOptions { country })
        }
        "date" => {
            let mut d = DateOptions::default();
            if let Some(b) = opt_bool(o, name, "day_first")? {
                d.day_first = b;
            }
            if let Some(b) = opt_bool(o, name, "keep_time")? {
                d.keep_time = b;
            }
            if let Some(v) = o.get("century_pivot") {
                match v.as_integer() {
                    Some(n @ 0..=99) => d.century_pivot = Some(n as u8),
                    _ => return Err("date.century_pivot must be an integer from 0 to 99".into()),
                }
            }
            if let Some(v) = o.get("formats") {
                let list = v
                    .as_array()
                    .ok_or("date.formats must be an array of strings, e.g. [\"%d.%m.%Y\"]")?;
                if list.is_empty() {
                    return Err("date.formats must not be empty (leave it out to sniff)".into());
                }
                for f in list {
                    let f = f
                        .as_str()
                        .ok_or("date.formats must be an array of strings, e.g. [\"%d.%m.%Y\"]")?;
                    check_format(f, d.century_pivot.is_some())?;
                    d.formats.push(f.to_string());
                }
            }
            Normalizer::Date(d)
        }
        _ => unreachable!("checked above"),
    })
}

fn opt_str<'a>(o: &'a toml::Table, name: &str, key: &str) -> Result<Option<&'a str>, String> {
    match o.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_str()
            .map(Some)
            .ok_or_else(|| format!("{name}.{key} must be a string")),
    }
}

fn opt_bool(o: &toml::Table, name: &str, key: &str) -> Result<Option<bool>, String> {
    match o.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .ok_or_else(|| format!("{name}.{key} must be true or false")),
    }
}

/// A date format must be valid strftime, name a year, a month and a day, and may use `%y`
/// only with a century pivot.
fn check_format(f: &str, have_pivot: bool) -> Result<(), String> {
    let (mut year, mut month, mut day, mut yy) = (false, false, false, false);
    for item in StrftimeItems::new(f) {
        match item {
            Item::Error => return Err(format!("date.formats: {f:?} is not a valid chrono format")),
            Item::Numeric(Numeric::Year, _) => year = true,
            Item::Numeric(Numeric::YearMod100, _) => (year, yy) = (true, true),
            Item::Numeric(Numeric::Month, _)
            | Item::Fixed(Fixed::ShortMonthName | Fixed::LongMonthName) => month = true,
            Item::Numeric(Numeric::Day, _) => day = true,
            Item::Numeric(Numeric::Ordinal, _) => (month, day) = (true, true),
            Item::Numeric(Numeric::Timestamp, _) => (year, month, day) = (true, true, true),
            _ => {}
        }
    }
    if !(year && month && day) {
        return Err(format!(
            "date.formats: {f:?} needs a year, a month and a day (e.g. \"%d.%m.%Y\")"
        ));
    }
    if yy && !have_pivot {
        return Err(format!(
            "date.formats: {f:?} has a two-digit year (%y); set century_pivot (e.g. 30: 00-29 \
             are 20xx, 30-99 are 19xx)"
        ));
    }
    Ok(())
}

// --- helpers ---------------------------------------------------------------------------------

fn changed(input: &str, out: &str) -> Outcome {
    if input == out {
        Outcome::Unchanged
    } else {
        Outcome::Changed(out.to_string())
    }
}

fn changed_owned(input: &str, out: String) -> Outcome {
    if input == out {
        Outcome::Unchanged
    } else {
        Outcome::Changed(out)
    }
}

fn is_trim_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

fn trimmed(value: &str) -> &str {
    value.trim_matches(is_trim_char)
}

// --- whitespace, NFC, case -------------------------------------------------------------------

fn trim(value: &str) -> Outcome {
    let t = trimmed(value);
    if t.len() == value.len() {
        Outcome::Unchanged
    } else {
        Outcome::Changed(t.to_string())
    }
}

fn collapse_whitespace(value: &str) -> Outcome {
    let t = trimmed(value);
    let mut prev_space = false;
    let clean = t.len() == value.len()
        && t.chars().all(|c| {
            let ws = c.is_whitespace();
            let ok = !ws || (c == ' ' && !prev_space);
            prev_space = ws;
            ok
        });
    if clean {
        return Outcome::Unchanged;
    }
    let mut out = String::with_capacity(t.len());
    let mut pending = false;
    for c in t.chars() {
        if c.is_whitespace() {
            pending = true;
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    changed_owned(value, out)
}

fn nfc(value: &str) -> Outcome {
    if is_nfc_quick(value.chars()) == IsNormalized::Yes {
        return Outcome::Unchanged;
    }
    changed_owned(value, value.nfc().collect())
}

fn lowercase(value: &str) -> Outcome {
    let unchanged = if value.is_ascii() {
        !value.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        value.chars().all(|c| {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        })
    };
    if unchanged {
        Outcome::Unchanged
    } else {
        changed_owned(value, value.to_lowercase())
    }
}

fn uppercase(value: &str) -> Outcome {
    let unchanged = if value.is_ascii() {
        !value.bytes().any(|b| b.is_ascii_lowercase())
    } else {
        value.chars().all(|c| {
            let mut u = c.to_uppercase();
            u.next() == Some(c) && u.next().is_none()
        })
    };
    if unchanged {
        Outcome::Unchanged
    } else {
        changed_owned(value, value.to_uppercase())
    }
}

/// Name particles that stay lower case after the first word.
const PARTICLES: &[&str] = &[
    "de", "la", "van", "von", "der", "den", "di", "da", "du", "del", "della", "le", "ten", "ter",
];

fn titlecase(value: &str) -> Outcome {
    let (mut upper, mut lower) = (false, false);
    for c in value.chars() {
        upper |= c.is_uppercase();
        lower |= c.is_lowercase();
        if upper && lower {
            return Outcome::Unchanged;
        }
    }
    if !upper && !lower {
        return Outcome::Unchanged;
    }
    let mut out = String::with_capacity(value.len() + 4);
    let mut word_index = 0;
    let mut rest = value;
    while !rest.is_empty() {
        let ws_len = rest.len() - rest.trim_start_matches(char::is_whitespace).len();
        out.push_str(&rest[..ws_len]);
        rest = &rest[ws_len..];
        let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if word_len == 0 {
            continue;
        }
        let word = &rest[..word_len];
        rest = &rest[word_len..];
        let lower_word = word.to_lowercase();
        if word_index > 0 && PARTICLES.contains(&lower_word.as_str()) {
            out.push_str(&lower_word);
        } else {
            title_word(&lower_word, &mut out);
        }
        word_index += 1;
    }
    changed_owned(value, out)
}

/// Capitalizes a lower-cased word: its first letter, the first after each hyphen, and the
/// first after an apostrophe that follows a single letter (O'Neill).
fn title_word(word: &str, out: &mut String) {
    let mut cap_next = true;
    let mut letters_in_part = 0;
    for c in word.chars() {
        if cap_next && c.is_alphabetic() {
            // Title case: a letter that upper-cases to several (ß → SS) keeps only the first
            // upper case (Ss), so the result stays mixed case.
            let mut upper = c.to_uppercase();
            out.extend(upper.next());
            out.extend(upper.flat_map(char::to_lowercase));
            cap_next = false;
            letters_in_part = 1;
            continue;
        }
        if c.is_numeric() {
            cap_next = false;
        }
        out.push(c);
        if c == '-' {
            cap_next = true;
            letters_in_part = 0;
        } else if matches!(c, '\'' | '\u{2019}') {
            cap_next = letters_in_part == 1;
            letters_in_part = 0;
        } else if c.is_alphabetic() {
            letters_in_part += 1;
        }
    }
}

// --- e-mail ----------------------------------------------------------------------------------

fn email(value: &str) -> Outcome {
    let mut v = trimmed(value);
    if v.is_empty() {
        return changed(value, "");
    }
    for _ in 0..2 {
        if let Some(inner) = v.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
            v = trimmed(inner);
        }
        if v.get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"))
        {
            v = trimmed(&v[7..]);
        }
    }
    let mut parts = v.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Outcome::Invalid("not exactly one @");
    };
    if local.is_empty() {
        return Outcome::Invalid("empty local part");
    }
    if domain.is_empty() {
        return Outcome::Invalid("empty domain");
    }
    if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Outcome::Invalid("contains whitespace");
    }
    if local.chars().any(|c| {
        matches!(
            c,
            '<' | '>' | '(' | ')' | '[' | ']' | ',' | ';' | ':' | '"' | '\\'
        )
    }) {
        return Outcome::Invalid("character not allowed in the local part");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Outcome::Invalid("misplaced dot in the local part");
    }
    if !domain.contains('.') {
        return Outcome::Invalid("domain without a dot");
    }
    for label in domain.split('.') {
        if label.is_empty() {
            return Outcome::Invalid("empty label in the domain");
        }
        if !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return Outcome::Invalid("character not allowed in the domain");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Outcome::Invalid("domain label starts or ends with a hyphen");
        }
    }
    let lower_domain = domain.chars().all(|c| !c.is_uppercase());
    if lower_domain && v.len() == value.len() {
        return Outcome::Unchanged;
    }
    let mut out = String::with_capacity(v.len());
    out.push_str(local);
    out.push('@');
    out.push_str(&domain.to_lowercase());
    changed_owned(value, out)
}

// --- phone -----------------------------------------------------------------------------------

fn phone_region(alpha2: &str) -> Option<phonenumber::country::Id> {
    alpha2.parse().ok()
}

fn phone_number(value: &str, row: &RowContext, o: &PhoneOptions) -> Outcome {
    let mut v = trimmed(value);
    if v.is_empty() {
        return changed(value, "");
    }
    if v.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("tel:")) {
        v = trimmed(&v[4..]);
    }
    let mut digits = 0;
    for (i, c) in v.char_indices() {
        match c {
            '0'..='9' => digits += 1,
            '+' if i == 0 => {}
            '-' | '.' | '/' | '(' | ')' => {}
            c if c.is_whitespace() => {}
            _ => return Outcome::Invalid("characters other than digits and separators"),
        }
    }
    if digits == 0 {
        return Outcome::Invalid("no digits");
    }
    let region = row
        .country
        .and_then(country_alpha2)
        .or(o.default_region)
        .and_then(phone_region);
    match phone::e164(v, region) {
        Some(e) => changed_owned(value, e),
        None if region.is_none() && !v.starts_with('+') && !v.starts_with("00") => {
            Outcome::Invalid("national number and no country to read it in")
        }
        None => Outcome::Invalid("not a valid phone number"),
    }
}

// --- dates -----------------------------------------------------------------------------------

fn date(value: &str, o: &DateOptions) -> Outcome {
    let v = trimmed(value);
    if v.is_empty() {
        return changed(value, "");
    }
    let result = if o.formats.is_empty() {
        sniff_date(v, o)
    } else {
        formatted_date(v, o)
    };
    match result {
        Ok(out) => changed_owned(value, out),
        Err(reason) => Outcome::Invalid(reason),
    }
}

const BAD_DATE: &str = "impossible date";
const UNKNOWN_DATE: &str = "unrecognised date format";
const TWO_DIGIT_YEAR: &str = "two-digit year (set century_pivot)";

fn pivot_year(yy: u32, pivot: u8) -> i32 {
    if yy < u32::from(pivot) {
        2000 + yy as i32
    } else {
        1900 + yy as i32
    }
}

fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn formatted_date(v: &str, o: &DateOptions) -> Result<String, &'static str> {
    for f in &o.formats {
        let mut p = Parsed::new();
        if chrono::format::parse(&mut p, v, StrftimeItems::new(f)).is_err() {
            continue;
        }
        let Ok(mut d) = p.to_naive_date() else {
            return Err(BAD_DATE);
        };
        if p.year().is_none() && p.year_div_100().is_none() {
            if let (Some(yy), Some(pivot)) = (p.year_mod_100(), o.century_pivot) {
                d = d.with_year(pivot_year(yy as u32, pivot)).ok_or(BAD_DATE)?;
            }
        }
        let mut out = iso(d);
        if o.keep_time {
            if let Ok(t) = p.to_naive_time() {
                let _ = write!(out, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
                let nanos = t.nanosecond() % 1_000_000_000;
                if nanos != 0 {
                    let frac = format!("{nanos:09}");
                    out.push('.');
                    out.push_str(frac.trim_end_matches('0'));
                }
                if let Ok(off) = p.to_fixed_offset() {
                    let secs = off.local_minus_utc();
                    let sign = if secs < 0 { '-' } else { '+' };
                    let m = secs.unsigned_abs() / 60;
                    let _ = write!(out, "{sign}{:02}:{:02}", m / 60, m % 60);
                }
            }
        }
        return Ok(out);
    }
    Err("matches none of the given formats")
}

/// A run of ASCII digits at the start of `s`: its value (None when longer than 9) and length.
fn leading_number(s: &[u8]) -> (Option<u32>, usize) {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 || n > 9 {
        return (None, n);
    }
    let v = s[..n]
        .iter()
        .fold(0u32, |a, &b| a * 10 + u32::from(b - b'0'));
    (Some(v), n)
}

fn sniff_date(v: &str, o: &DateOptions) -> Result<String, &'static str> {
    if v.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        match numeric_date(v, o) {
            Err(UNKNOWN_DATE) => named_date(v),
            other => other,
        }
    } else {
        named_date(v)
    }
}

/// The time after a date, for `keep_time`: `HH:MM[:SS[.fff]]` then an optional offset
/// (`Z`, `+HH`, `+HHMM`, `+HH:MM`), spaces allowed before the offset.
fn parse_time(s: &str) -> Result<String, &'static str> {
    const BAD: &str = "unrecognised time";
    let b = s.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let d = b.get(i..i + 2)?;
        d.iter()
            .all(u8::is_ascii_digit)
            .then(|| u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'))
    };
    let (h, m) = (two(0).ok_or(BAD)?, two(3).ok_or(BAD)?);
    if b.get(2) != Some(&b':') || h > 23 || m > 59 {
        return Err(BAD);
    }
    let mut out = format!("{h:02}:{m:02}:");
    let mut i = 5;
    if b.get(5) == Some(&b':') {
        let sec = two(6).ok_or(BAD)?;
        if sec > 59 {
            return Err(BAD);
        }
        let _ = write!(out, "{sec:02}");
        i = 8;
        if matches!(b.get(8), Some(b'.' | b',')) {
            let n = b[9..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 || n > 9 {
                return Err(BAD);
            }
            out.push('.');
            out.push_str(&s[9..9 + n]);
            i = 9 + n;
        }
    } else {
        out.push_str("00");
    }
    let rest = s[i..].trim_start();
    match rest.as_bytes() {
        [] => {}
        [b'Z' | b'z'] => out.push('Z'),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let digits: Vec<u8> = tail.iter().copied().filter(|&c| c != b':').collect();
            let colons = tail.len() - digits.len();
            let ok_shape = match tail.len() {
                2 | 4 => colons == 0,
                5 => tail[2] == b':' && colons == 1,
                _ => false,
            };
            if !ok_shape || !digits.iter().all(u8::is_ascii_digit) {
                return Err(BAD);
            }
            let oh = u32::from(digits[0] - b'0') * 10 + u32::from(digits[1] - b'0');
            let om = match digits.get(2..4) {
                Some(d) => u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'),
                None => 0,
            };
            if oh > 23 || om > 59 {
                return Err(BAD);
            }
            let _ = write!(out, "{}{oh:02}:{om:02}", char::from(*sign));
        }
        _ => return Err(BAD),
    }
    Ok(out)
}

/// Appends the kept time (or only checks it) for the text after a date.
fn finish_date(d: NaiveDate, after: &str, o: &DateOptions) -> Result<String, &'static str> {
    let mut out = iso(d);
    let after = after.trim_end();
    if after.is_empty() {
        return Ok(out);
    }
    let time = match after.as_bytes()[0] {
        b'T' | b't' if after.len() > 1 => parse_time(&after[1..])?,
        c if c.is_ascii_whitespace() => parse_time(after.trim_start())?,
        _ => return Err(UNKNOWN_DATE),
    };
    if o.keep_time {
        out.push('T');
        out.push_str(&time);
    }
    Ok(out)
}

fn numeric_date(v: &str, o: &DateOptions) -> Result<String, &'static str> {
    let b = v.as_bytes();
    let (first, n1) = leading_number(b);
    let first = first.ok_or(UNKNOWN_DATE)?;
    let sep = *b.get(n1).ok_or(UNKNOWN_DATE)?;
    if !matches!(sep, b'-' | b'.' | b'/') {
        return Err(UNKNOWN_DATE);
    }
    let (second, n2) = leading_number(&b[n1 + 1..]);
    let second = second.ok_or(UNKNOWN_DATE)?;
    let p2 = n1 + 1 + n2;
    if b.get(p2) != Some(&sep) {
        return Err(UNKNOWN_DATE);
    }
    let (third, n3) = leading_number(&b[p2 + 1..]);
    let third = third.ok_or(UNKNOWN_DATE)?;
    let end = p2 + 1 + n3;
    // Digits are ASCII, so `end` is a char boundary.
    let after = &v[end..];
    if n2 > 2 {
        return Err(UNKNOWN_DATE);
    }
    let (y, m, d) = if n1 == 4 {
        // yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd
        if n3 > 2 {
            return Err(UNKNOWN_DATE);
        }
        (first as i32, second, third)
    } else if n1 <= 2 && (n3 == 4 || n3 == 2) {
        let year = if n3 == 4 {
            third as i32
        } else {
            pivot_year(third, o.century_pivot.ok_or(TWO_DIGIT_YEAR)?)
        };
        let day_first = sep == b'.' || o.day_first;
        let (day, month) = if first > 12 && second <= 12 {
            (first, second)
        } else if second > 12 && first <= 12 {
            (second, first)
        } else if day_first {
            (first, second)
        } else {
            (second, first)
        };
        (year, month, day)
    } else {
        return Err(UNKNOWN_DATE);
    };
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or(BAD_DATE)?;
    finish_date(date, after, o)
}

/// Month names by month (folded: lower case, no accents), full and short, in en, de, fr, es,
/// it and nl.
const MONTHS: [&str; 12] = [
    "january jan januar janner janvier janv enero ene gennaio gen januari",
    "february feb febr februar fevrier fevr fev febrero febbraio februari",
    "march mar marz maerz mars marzo maart mrt",
    "april apr avril avr abril abr aprile",
    "may mai mayo maggio mag mei",
    "june jun juni juin junio giugno giu",
    "july jul juli juillet juil julio luglio lug",
    "august aug aout agosto ago augustus",
    "september sep sept septembre septiembre setiembre set settembre",
    "october oct oktober okt octobre octubre ottobre ott",
    "november nov novembre noviembre",
    "december dec dezember dez decembre diciembre dic dicembre",
];

fn month_number(folded: &str) -> Option<u32> {
    MONTHS
        .iter()
        .position(|names| names.split(' ').any(|n| n == folded))
        .map(|i| i as u32 + 1)
}

/// Words skipped in dates with month names: fillers, and weekdays in the same languages.
const DATE_FILLERS: &str = "of the de del le den der am il op \
    monday tuesday wednesday thursday friday saturday sunday \
    mon tue tues wed thu thur thurs fri sat sun \
    montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag \
    lundi mardi mercredi jeudi vendredi samedi dimanche \
    lunes martes miercoles jueves viernes sabado domingo \
    lunedi martedi mercoledi giovedi venerdi sabato \
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag";

fn is_date_filler(folded: &str) -> bool {
    DATE_FILLERS.split_ascii_whitespace().any(|w| w == folded)
}

/// Ordinal suffixes after a day number (1st, 1er, 1º).
const ORDINALS: &[&str] = &["st", "nd", "rd", "th", "er", "e", "º", "ª", "°", "o"];

fn named_date(v: &str) -> Result<String, &'static str> {
    if v.len() > 100 {
        return Err(UNKNOWN_DATE);
    }
    let mut day = None;
    let mut month = None;
    let mut year = None;
    let mut order = String::new();
    for token in v
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '-' | '/'))
        .filter(|t| !t.is_empty())
    {
        let b = token.as_bytes();
        if b[0].is_ascii_digit() {
            let (n, len) = leading_number(b);
            let n = n.ok_or(UNKNOWN_DATE)?;
            let suffix = &token[len..];
            if len == 4 && suffix.is_empty() && year.is_none() {
                year = Some(n as i32);
                order.push('y');
            } else if len <= 2
                && day.is_none()
                && (suffix.is_empty() || ORDINALS.contains(&suffix.to_lowercase().as_str()))
            {
                day = Some(n);
                order.push('d');
            } else {
                return Err(UNKNOWN_DATE);
            }
            continue;
        }
        let folded = fold(token);
        if is_date_filler(&folded) {
            continue;
        }
        match month_number(&folded) {
            Some(m) if month.is_none() => {
                month = Some(m);
                order.push('m');
            }
            _ => return Err(UNKNOWN_DATE),
        }
    }
    let (Some(d), Some(m), Some(y)) = (day, month, year) else {
        return Err(UNKNOWN_DATE);
    };
    if !matches!(order.as_str(), "dmy" | "mdy" | "ymd") {
        return Err(UNKNOWN_DATE);
    }
    NaiveDate::from_ymd_opt(y, m, d).map(iso).ok_or(BAD_DATE)
}

// --- countries -------------------------------------------------------------------------------

/// ISO 3166-1 codes and names: alpha-2, alpha-3, names separated by `|`.
const COUNTRY_CODES: &str = include_str!("../../dictionaries/country_codes.tsv");

/// Folds a name for matching: lower case, no accents or punctuation, `ß` → `ss`.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        out.extend(
            s.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return out;
    }
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'þ' | 'Þ' => out.push_str("th"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'ı' => out.push('i'),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

struct Countries {
    by_key: HashMap<Box<str>, &'static str>,
    /// Keys that the data gives to two countries (a data error; a test keeps it empty).
    #[cfg_attr(not(test), allow(dead_code))]
    conflicts: Vec<String>,
}

fn countries() -> &'static Countries {
    static COUNTRIES: OnceLock<Countries> = OnceLock::new();
    COUNTRIES.get_or_init(|| {
        let mut by_key: HashMap<Box<str>, &'static str> = HashMap::with_capacity(2048);
        let mut conflicts = Vec::new();
        for line in COUNTRY_CODES.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(a2), Some(a3)) = (cols.next(), cols.next()) else {
                continue;
            };
            let names = cols.next().unwrap_or("");
            for key in [a2, a3].into_iter().chain(names.split('|')) {
                let k = fold(key);
                if k.is_empty() {
                    continue;
                }
                match by_key.get(k.as_str()) {
                    Some(&other) if other != a2 => conflicts.push(format!("{key}: {other} {a2}")),
                    Some(_) => {}
                    None => {
                        by_key.insert(k.into_boxed_str(), a2);
                    }
                }
            }
        }
        Countries { by_key, conflicts }
    })
}

/// The ISO 3166-1 alpha-2 code (upper case) of a country written as a name (English, the
/// local name, or de/fr/it/es/nl/pl/sv/pt/da for the countries the data has them for), an
/// alpha-3 or alpha-2 code in any case, or an alias (`UK` → `GB`, `EL` → `GR`, `Holland`).
/// Case, accents and punctuation do not matter.
pub fn country_alpha2(s: &str) -> Option<&'static str> {
    let c = countries();
    let b = s.trim().as_bytes();
    // Codes, the common case, without allocating.
    if (b.len() == 2 || b.len() == 3) && b.iter().all(u8::is_ascii_alphabetic) {
        let mut buf = [0u8; 3];
        for (d, s) in buf.iter_mut().zip(b) {
            *d = s.to_ascii_lowercase();
        }
        let key = std::str::from_utf8(&buf[..b.len()]).ok()?;
        return c.by_key.get(key).copied();
    }
    if s.len() > 200 {
        return None;
    }
    let key = fold(s);
    if let Some(&code) = c.by_key.get(key.as_str()) {
        return Some(code);
    }
    let t = s.trim_start().as_bytes();
    let first_word_is_the =
        t.len() > 4 && t[..3].eq_ignore_ascii_case(b"the") && !t[3].is_ascii_alphanumeric();
    if first_word_is_the {
        return key.get(3..).and_then(|k| c.by_key.get(k)).copied();
    }
    None
}

fn country(value: &str) -> Outcome {
    if trimmed(value).is_empty() {
        return changed(value, "");
    }
    match country_alpha2(trimmed(value)) {
        Some(code) => changed(value, code),
        None => Outcome::Invalid("unknown country"),
    }
}

// --- postcodes -------------------------------------------------------------------------------

/// Countries with postcode rules, for help text.
pub const POSTCODE_COUNTRIES: &[&str] = &[
    "AT", "AU", "BE", "BG", "CA", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR",
    "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MC", "MT", "NL", "NO", "NZ", "PL", "PT",
    "RO", "SE", "SI", "SK", "SM", "US", "VA",
];

/// The national form of an all-digit postcode.
#[derive(Clone, Copy)]
struct Digits {
    n: usize,
    /// Where a separator goes (0: none).
    split: usize,
    sep: char,
    /// Written before the digits (LV-, LT-).
    out_prefix: &'static str,
    /// The first digit is never 0.
    nonzero: bool,
    /// Country prefixes a writer may put in front (besides the alpha-2 code).
    prefixes: &'static [&'static str],
}

#[derive(Clone, Copy)]
enum Rule {
    Digits(Digits),
    Nl,
    Gb,
    Ie,
    Ca,
    Mt,
    Us,
}

const fn digits(n: usize, nonzero: bool, prefixes: &'static [&'static str]) -> Rule {
    Rule::Digits(Digits {
        n,
        split: 0,
        sep: ' ',
        out_prefix: "",
        nonzero,
        prefixes,
    })
}

const fn split(
    n: usize,
    at: usize,
    sep: char,
    nonzero: bool,
    prefixes: &'static [&'static str],
) -> Rule {
    Rule::Digits(Digits {
        n,
        split: at,
        sep,
        out_prefix: "",
        nonzero,
        prefixes,
    })
}

fn postcode_rule(cc: &str) -> Option<Rule> {
    Some(match cc {
        "DE" => digits(5, false, &["D"]),
        "AT" => digits(4, true, &["A"]),
        "CH" => digits(4, true, &[]),
        "LI" => digits(4, true, &["FL"]),
        "FR" => digits(5, false, &["F"]),
        "MC" => digits(5, true, &[]),
        "IT" => digits(5, false, &["I"]),
        "SM" => digits(5, true, &["RSM"]),
        "VA" => digits(5, false, &["V", "SCV"]),
        "ES" => digits(5, false, &["E"]),
        "BE" => digits(4, true, &["B"]),
        "LU" => digits(4, true, &["L"]),
        "DK" => digits(4, false, &[]),
        "NO" => digits(4, false, &["N"]),
        "FI" => digits(5, false, &["FIN", "SF"]),
        "IS" => digits(3, true, &[]),
        "HU" => digits(4, true, &["H"]),
        "SI" => digits(4, true, &["SLO"]),
        "BG" => digits(4, true, &[]),
        "CY" => digits(4, true, &[]),
        "HR" => digits(5, true, &[]),
        "EE" => digits(5, true, &[]),
        "RO" => digits(6, false, &[]),
        "AU" => digits(4, false, &[]),
        "NZ" => digits(4, false, &[]),
        "SE" => split(5, 3, ' ', true, &["S"]),
        "CZ" => split(5, 3, ' ', true, &[]),
        "SK" => split(5, 3, ' ', false, &[]),
        "GR" => split(5, 3, ' ', true, &[]),
        "PL" => split(5, 2, '-', false, &[]),
        "PT" => split(7, 4, '-', true, &["P"]),
        "LV" => Rule::Digits(Digits {
            n: 4,
            split: 0,
            sep: ' ',
            out_prefix: "LV-",
            nonzero: true,
            prefixes: &[],
        }),
        "LT" => Rule::Digits(Digits {
            n: 5,
            split: 0,
            sep: ' ',
            out_prefix: "LT-",
            nonzero: false,
            prefixes: &[],
        }),
        "NL" => Rule::Nl,
        "GB" => Rule::Gb,
        "IE" => Rule::Ie,
        "CA" => Rule::Ca,
        "MT" => Rule::Mt,
        "US" => Rule::Us,
        _ => return None,
    })
}

const BAD_POSTCODE: &str = "not a valid postcode for the country";

fn postcode(value: &str, row: &RowContext, o: &PostcodeOptions) -> Outcome {
    let v = trimmed(value);
    if v.is_empty() {
        return changed(value, "");
    }
    let cc = row.country.and_then(country_alpha2).or(o.country);
    let Some((cc, rule)) = cc.and_then(|cc| Some((cc, postcode_rule(cc)?))) else {
        return Outcome::Unchanged;
    };
    if v.len() > 32 {
        return Outcome::Invalid(BAD_POSTCODE);
    }
    // Upper case, without spaces and hyphens; anything but ASCII letters and digits is wrong.
    let mut compact = String::with_capacity(v.len());
    for c in v.chars() {
        if c.is_whitespace() || c == '-' {
            continue;
        }
        if !c.is_ascii_alphanumeric() {
            return Outcome::Invalid(BAD_POSTCODE);
        }
        compact.push(c.to_ascii_uppercase());
    }
    let out = match rule {
        Rule::Digits(d) => digit_postcode(cc, &compact, d),
        Rule::Nl => nl_postcode(strip_prefix(&compact, &["NL"])),
        Rule::Gb => gb_postcode(&compact),
        Rule::Ie => ie_postcode(&compact),
        Rule::Ca => ca_postcode(&compact),
        Rule::Mt => mt_postcode(&compact),
        Rule::Us => us_postcode(strip_prefix(&compact, &["US"])),
    };
    match out {
        Some(out) => changed_owned(value, out),
        None => Outcome::Invalid(BAD_POSTCODE),
    }
}

/// Strips one of `prefixes` when digits follow.
fn strip_prefix<'a>(compact: &'a str, prefixes: &[&str]) -> &'a str {
    for p in prefixes {
        if let Some(rest) = compact.strip_prefix(p) {
            if rest.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                return rest;
            }
        }
    }
    compact
}

fn digit_postcode(cc: &str, compact: &str, d: Digits) -> Option<String> {
    let mut s = strip_prefix(compact, &[cc]);
    if s.len() == compact.len() {
        s = strip_prefix(compact, d.prefixes);
    }
    let b = s.as_bytes();
    if b.len() != d.n || !b.iter().all(u8::is_ascii_digit) || (d.nonzero && b[0] == b'0') {
        return None;
    }
    match cc {
        "ES" if !(1..=52).contains(&((b[0] - b'0') * 10 + (b[1] - b'0'))) => return None,
        "DE" if b.starts_with(b"00") => return None,
        _ => {}
    }
    let mut out = String::with_capacity(d.out_prefix.len() + d.n + 1);
    out.push_str(d.out_prefix);
    if d.split > 0 {
        out.push_str(&s[..d.split]);
        out.push(d.sep);
        out.push_str(&s[d.split..]);
    } else {
        out.push_str(s);
    }
    Some(out)
}

fn nl_postcode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let ok = b.len() == 6
        && (b'1'..=b'9').contains(&b[0])
        && b[1..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_uppercase)
        && !matches!(&b[4..], b"SA" | b"SD" | b"SS");
    ok.then(|| format!("{} {}", &s[..4], &s[4..]))
}

fn gb_postcode(s: &str) -> Option<String> {
    if s == "GIR0AA" {
        return Some("GIR 0AA".into());
    }
    let b = s.as_bytes();
    if !(5..=7).contains(&b.len()) {
        return None;
    }
    let (out, inw) = b.split_at(b.len() - 3);
    let inward_letter = |c: &u8| b"ABDEFGHJLNPQRSTUWXYZ".contains(c);
    if !(inw[0].is_ascii_digit() && inward_letter(&inw[1]) && inward_letter(&inw[2])) {
        return None;
    }
    let first = |c: u8| c.is_ascii_uppercase() && !b"QVX".contains(&c);
    let second = |c: u8| c.is_ascii_uppercase() && !b"IJZ".contains(&c);
    let d = |c: u8| c.is_ascii_digit();
    let ok = match *out {
        [a, n] => first(a) && d(n),
        [a, n, m] => {
            first(a) && ((d(n) && (d(m) || b"ABCDEFGHJKPSTUW".contains(&m))) || (second(n) && d(m)))
        }
        [a, l, n, m] => first(a) && second(l) && d(n) && (d(m) || b"ABEHMNPRVWXY".contains(&m)),
        _ => false,
    };
    ok.then(|| format!("{} {}", &s[..s.len() - 3], &s[s.len() - 3..]))
}

fn ie_postcode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let letter = |c: &u8| b"ACDEFHKNPRTVWXY".contains(c);
    let ok = b.len() == 7
        && ((letter(&b[0]) && b[1].is_ascii_digit() && b[2].is_ascii_digit()) || &b[..3] == b"D6W")
        && b[3..].iter().all(|c| c.is_ascii_digit() || letter(c));
    ok.then(|| format!("{} {}", &s[..3], &s[3..]))
}

fn ca_postcode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let letter = |c: u8| b"ABCEGHJKLMNPRSTVWXYZ".contains(&c);
    let ok = b.len() == 6
        && letter(b[0])
        && !matches!(b[0], b'W' | b'Z')
        && b[1].is_ascii_digit()
        && letter(b[2])
        && b[3].is_ascii_digit()
        && letter(b[4])
        && b[5].is_ascii_digit();
    ok.then(|| format!("{} {}", &s[..3], &s[3..]))
}

fn mt_postcode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let ok = b.len() == 7
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b[3..].iter().all(u8::is_ascii_digit);
    ok.then(|| format!("{} {}", &s[..3], &s[3..]))
}

fn us_postcode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match b.len() {
        5 => Some(s.to_string()),
        9 => Some(format!("{}-{}", &s[..5], &s[5..])),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
