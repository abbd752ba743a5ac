//! Field normalization and comparison levels for record linkage.
//!
//! Every comparison field has a [`Kind`]. A raw cell is first brought to its canonical
//! comparison form by [`normalize`] (once per cell; it may allocate), and two normalized
//! values are then compared by [`compare`], which returns a *comparison level*: an index into
//! [`Kind::levels`], 0 for "exact" and the last for "else". The Fellegi-Sunter model learns one
//! m and u probability per level, so the levels only have to be ordered from strong to weak
//! agreement and each must catch a recognizable kind of error (a typo, a transposition, a
//! day/month swap, a national vs an international phone number, ...).
//!
//! [`compare`] runs on tens of millions of candidate pairs, so it does not allocate for values
//! of up to 64 characters: ASCII strings are compared as bytes, others are decoded into
//! `[char; 64]` buffers on the stack; longer values take a heap fallback. [`compare`] puts its
//! two arguments in a fixed order before anything else, so it is symmetric by construction.
//!
//! The string primitives are written here, allocation-free for short strings:
//! [`jaro_winkler`] (half the out-of-order matches rounded down, as in Winkler's strcmp95;
//! prefix boost of 0.1 per common leading character, at most 4, applied when the Jaro
//! similarity exceeds 0.7; gives the same values as strsim 0.11 and rapidfuzz 0.5) and
//! [`damerau_levenshtein_within`] (the *optimal string alignment* variant: a transposed pair of
//! adjacent characters costs 1, but no substring is edited twice), bounded so that it exits
//! early. On ASCII the Jaro matching is bit-parallel. Measured in release on this project's
//! 2-core machine: `compare` takes about 40 ns on a pair of names, 32 ns on dates, 100 ns on
//! e-mail addresses and on streets, 20 ns on phone numbers; `jaro_winkler` about 40 ns on
//! names (strsim: 90 ns, rapidfuzz: 110 ns) and `damerau_levenshtein_within(_, _, 1)` 10 ns.
//!
//! Normalized forms are comparison keys, not display values: they are lossy by design
//! (accents and punctuation dropped, street words mapped to one canonical spelling, the house
//! number moved to the end of a street, gmail dots removed, ...).

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::detect::names::fold::spelled_out;
use crate::detect::phone;

#[cfg(test)]
mod tests;

/// What a comparison field holds: decides its normalization and its comparison levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// First names, surnames, full names.
    Name,
    /// Birth dates and other calendar dates.
    Date,
    /// E-mail addresses.
    Email,
    /// Phone numbers.
    Phone,
    /// Postal codes.
    Postcode,
    /// City or town names.
    City,
    /// Street and house number.
    Street,
    /// National IDs, IBANs, tax numbers, customer numbers.
    Identifier,
    /// Anything compared as is (country codes, gender, ...).
    Exact,
}

/// Jaro-Winkler thresholds of the comparison levels.
pub const NAME_JW_HIGH: f64 = 0.92;
/// Jaro-Winkler threshold of the weakest fuzzy name level.
pub const NAME_JW_LOW: f64 = 0.80;
/// Jaro-Winkler threshold on whole e-mail addresses.
pub const EMAIL_JW: f64 = 0.92;
/// Jaro-Winkler threshold on city names.
pub const CITY_JW: f64 = 0.90;
/// Jaro-Winkler threshold on street names without their house numbers.
pub const STREET_JW: f64 = 0.90;
/// Token Jaccard similarity threshold on streets.
pub const STREET_JACCARD: f64 = 0.5;

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 9] = [
        Kind::Name,
        Kind::Date,
        Kind::Email,
        Kind::Phone,
        Kind::Postcode,
        Kind::City,
        Kind::Street,
        Kind::Identifier,
        Kind::Exact,
    ];

    /// snake_case name used in pipeline files ("name", "date", "email", ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Name => "name",
            Kind::Date => "date",
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::Postcode => "postcode",
            Kind::City => "city",
            Kind::Street => "street",
            Kind::Identifier => "identifier",
            Kind::Exact => "exact",
        }
    }

    /// The kind named `s` (as [`Kind::as_str`] writes it; case and surrounding blanks ignored).
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim();
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
    }

    /// Comparison level names, best first: index 0 is always "exact", the last is always "else".
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Kind::Name => &[
                "exact",
                "damerau_levenshtein_1",
                "jaro_winkler_92",
                "jaro_winkler_80",
                "else",
            ],
            Kind::Date => &[
                "exact",
                "day_month_swapped",
                "one_digit",
                "within_1_year",
                "else",
            ],
            Kind::Email => &["exact", "same_local_part", "jaro_winkler_92", "else"],
            Kind::Phone => &[
                "exact",
                "same_last_8_digits",
                "damerau_levenshtein_1",
                "else",
            ],
            Kind::Postcode => &["exact", "same_first_3", "else"],
            Kind::City => &["exact", "jaro_winkler_90", "else"],
            Kind::Street => &[
                "exact",
                "same_number_jaro_winkler_90",
                "token_jaccard_50",
                "else",
            ],
            Kind::Identifier => &["exact", "damerau_levenshtein_1", "else"],
            Kind::Exact => &["exact", "else"],
        }
    }

    /// One line per level describing it, in the order of [`Kind::levels`].
    pub fn level_descriptions(self) -> &'static [&'static str] {
        match self {
            Kind::Name => &[
                "equal after folding (case, accents, punctuation, titles)",
                "Damerau-Levenshtein distance 1 (one typo or transposition; 3+ characters)",
                "Jaro-Winkler similarity >= 0.92",
                "Jaro-Winkler similarity >= 0.80",
                "anything else",
            ],
            Kind::Date => &[
                "same date",
                "same year, day and month swapped",
                "one digit different or two adjacent digits transposed (of YYYYMMDD)",
                "at most 365 days apart",
                "anything else",
            ],
            Kind::Email => &[
                "same address (lower case, +tag and gmail dots removed)",
                "same local part, different domain",
                "Jaro-Winkler similarity >= 0.92 on the whole address",
                "anything else",
            ],
            Kind::Phone => &[
                "same number (E.164 where valid)",
                "same last 8 digits (national vs international form, other country code)",
                "Damerau-Levenshtein distance 1 on the digits (or on the last 8 digits)",
                "anything else",
            ],
            Kind::Postcode => &[
                "same postcode (upper case, letters and digits only)",
                "same first 3 characters",
                "anything else",
            ],
            Kind::City => &[
                "same name after folding",
                "Jaro-Winkler similarity >= 0.90",
                "anything else",
            ],
            Kind::Street => &[
                "same street and house number after folding and abbreviation expansion",
                "same house number and Jaro-Winkler similarity >= 0.90 on the street name",
                "token Jaccard similarity >= 0.5",
                "anything else",
            ],
            Kind::Identifier => &[
                "same identifier (upper case, letters and digits only)",
                "Damerau-Levenshtein distance 1 (one typo or transposition)",
                "anything else",
            ],
            Kind::Exact => &["same value (trimmed, lower case)", "anything else"],
        }
    }

    /// Index of the last level, "else".
    pub fn else_level(self) -> u8 {
        (self.levels().len() - 1) as u8
    }
}

// ---------------------------------------------------------------------------------------------
// Normalization
// ---------------------------------------------------------------------------------------------

/// The canonical comparison form of a raw cell, or None when the cell is empty or unusable
/// (the caller treats None as null). `region`: the row's ISO 3166 alpha-2 country when known
/// (a country name as [`phone::region`] reads it works too); it is used for national phone
/// numbers and for the day/month order of dates ("US" is month-first).
pub fn normalize(kind: Kind, raw: &str, region: Option<&str>) -> Option<String> {
    let out = match kind {
        Kind::Name => normalize_name(raw),
        Kind::Date => normalize_date(raw, region.is_some_and(month_first)),
        Kind::Email => normalize_email(raw),
        Kind::Phone => normalize_phone(raw, region),
        Kind::Postcode => normalize_postcode(raw),
        Kind::City => Some(fold_name(raw)),
        Kind::Street => normalize_street(raw),
        Kind::Identifier => Some(alnum_upper(raw)),
        Kind::Exact => Some(raw.trim().to_lowercase()),
    }?;
    (!out.is_empty()).then_some(out)
}

/// Name folding: Unicode compatibility decomposition (NFKD) with combining marks dropped,
/// letters NFKD leaves alone spelled out ("ß" → "ss", "æ" → "ae", "ø" → "o", "ł" → "l",
/// "þ" → "th", ...), lower case; apostrophes (and the Catalan middle dot) are removed
/// ("O'Brien" → "obrien"), every other character that is not a letter or a digit separates
/// words ("Jean-Luc" → "jean luc"); single spaces between words, none at the ends. Letters of
/// other scripts are kept, lower-cased.
pub fn fold_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, false);
    out
}

/// Appends the folded form of `s` to `out`; with `marks`, '.' and '/' are kept, attached to
/// the word before them (for street abbreviations).
fn fold_into(s: &str, out: &mut String, marks: bool) {
    let mut f = Folder {
        out,
        space: false,
        marks,
    };
    for c in s.chars() {
        f.push(c);
    }
}

struct Folder<'a> {
    out: &'a mut String,
    /// A separator was seen since the last character written.
    space: bool,
    marks: bool,
}

impl Folder<'_> {
    #[inline]
    fn push(&mut self, c: char) {
        if c.is_ascii() {
            self.ascii(c);
        } else if let Some(t) = spelled_out(c) {
            self.word(t);
        } else if !is_removed(c) {
            decompose_compatible(c, |d| {
                if d.is_ascii() {
                    self.ascii(d);
                } else if !is_combining_mark(d) {
                    for l in d.to_lowercase() {
                        if let Some(t) = spelled_out(l) {
                            self.word(t);
                        } else if l.is_alphanumeric() {
                            self.letter(l);
                        } else if !is_combining_mark(l) && !is_removed(l) {
                            self.space = true;
                        }
                    }
                }
            });
        }
    }

    #[inline]
    fn ascii(&mut self, c: char) {
        match c {
            'a'..='z' | '0'..='9' => self.letter(c),
            'A'..='Z' => self.letter(c.to_ascii_lowercase()),
            '\'' | '`' => {}
            '.' | '/' if self.marks => {
                if !self.space && !self.out.is_empty() {
                    self.out.push(c);
                }
            }
            _ => self.space = true,
        }
    }

    #[inline]
    fn letter(&mut self, c: char) {
        if self.space && !self.out.is_empty() {
            self.out.push(' ');
        }
        self.space = false;
        self.out.push(c);
    }

    fn word(&mut self, t: &str) {
        for c in t.chars() {
            self.letter(c);
        }
    }
}

/// Characters dropped without separating words: apostrophes and the Catalan middle dot.
fn is_removed(c: char) -> bool {
    matches!(
        c,
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' | '\u{00B7}' | '\u{02B9}'
    )
}

/// Titles dropped from the start of a name when a name follows them.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "mx", "miss", "dr", "prof", "herr", "frau", "mme", "mlle",
];

fn normalize_name(raw: &str) -> Option<String> {
    let folded = fold_name(raw);
    let mut rest = folded.as_str();
    while let Some((first, tail)) = rest.split_once(' ') {
        if !TITLES.contains(&first) {
            break;
        }
        rest = tail;
    }
    if rest.len() == folded.len() {
        Some(folded)
    } else {
        Some(rest.to_string())
    }
}

fn alnum_upper(raw: &str) -> String {
    raw.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_uppercase() as char)
        .collect()
}

fn normalize_postcode(raw: &str) -> Option<String> {
    let s = raw.trim();
    // A country prefix as older European addresses write it: "D-80331", "CH-8001", "NL-1234 AB".
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    let s = match s.as_bytes().get(letters..letters + 2) {
        Some([b'-', d]) if (1..=3).contains(&letters) && d.is_ascii_digit() => &s[letters + 1..],
        _ => s,
    };
    Some(alnum_upper(s))
}

fn normalize_email(raw: &str) -> Option<String> {
    let mut s = raw.trim();
    if let (Some(l), Some(r)) = (s.find('<'), s.rfind('>')) {
        if l < r {
            s = s[l + 1..r].trim();
        }
    }
    if s.get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"))
    {
        s = s[7..].trim();
    }
    if s.chars().any(char::is_whitespace) {
        return None;
    }
    let s = s.to_lowercase();
    let (local, domain) = s.split_once('@')?;
    if domain.contains('@') {
        return None;
    }
    let domain = domain.strip_suffix('.').unwrap_or(domain);
    if !domain.contains('.') || domain.starts_with('.') || domain.contains("..") {
        return None;
    }
    let local = local.split('+').next().unwrap_or(local);
    let (local, domain) = if domain == "gmail.com" || domain == "googlemail.com" {
        (local.replace('.', ""), "gmail.com")
    } else {
        (local.to_string(), domain)
    };
    if local.is_empty() {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

fn normalize_phone(raw: &str, region: Option<&str>) -> Option<String> {
    let id = region.and_then(phone::region);
    if let Some(e) = phone::e164(raw, id) {
        return Some(e);
    }
    let t = raw.trim();
    let mut digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let mut plus = t.starts_with('+');
    if !plus && digits.starts_with("00") && t.trim_start_matches(['(', ' ']).starts_with("00") {
        digits.drain(..2);
        plus = true;
    }
    if !(7..=15).contains(&digits.len()) {
        return None;
    }
    if plus {
        digits.insert(0, '+');
    }
    Some(digits)
}

/// True when dates of `region` are written month first.
fn month_first(region: &str) -> bool {
    let r = region.trim();
    if r.len() == 2 {
        r.eq_ignore_ascii_case("us")
    } else {
        phone::region(r).is_some_and(|id| id.as_ref() == "US")
    }
}

fn normalize_date(raw: &str, month_first: bool) -> Option<String> {
    let s = raw.trim();
    // Drop a time of day: "1985-03-27T10:00:00Z", "27.03.1985 10:00".
    let date = s.split([' ', 'T', 't']).next()?;
    let date = date.strip_suffix(',').unwrap_or(date);
    let b = date.as_bytes();
    let (y, m, d) = if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        (num(&b[..4])?, num(&b[4..6])?, num(&b[6..])?)
    } else {
        let sep = *b.iter().find(|c| !c.is_ascii_digit())?;
        if !matches!(sep, b'-' | b'.' | b'/') {
            return None;
        }
        let mut parts = date.split(sep as char);
        let (p1, p2, p3) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || p2.is_empty() || p2.len() > 2 {
            return None;
        }
        let (n1, n2, n3) = (
            num(p1.as_bytes())?,
            num(p2.as_bytes())?,
            num(p3.as_bytes())?,
        );
        if p1.len() == 4 && (1..=2).contains(&p3.len()) {
            (n1, n2, n3)
        } else if p3.len() == 4 && (1..=2).contains(&p1.len()) {
            // Day first unless the region writes month first (and never with dots); when the
            // preferred reading is no date, the other one is taken ("13/05/1985" in the US).
            let (d, m) = if month_first && sep != b'.' {
                (n2, n1)
            } else {
                (n1, n2)
            };
            if valid_date(n3, m, d) {
                (n3, m, d)
            } else {
                (n3, d, m)
            }
        } else {
            return None;
        }
    };
    valid_date(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0')))
}

/// Plausible calendar dates: years 1800 to 2100 (years like 0001 or 9999 are placeholders).
fn valid_date(y: u32, m: u32, d: u32) -> bool {
    (1800..=2100).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// ----- streets ---------------------------------------------------------------------------------

/// Street type words written after the street name in German, Dutch and Swedish, joined to the
/// word before them so that "Lange Straße", "Lange-Straße" and "Langestraße" meet.
const GLUED: &[&str] = &[
    "strasse", "gasse", "weg", "platz", "allee", "ring", "damm", "ufer", "straat", "laan",
    "gracht", "gatan", "vagen",
];

/// Words of a street: text, and whether a '.' or '/' followed it in the cell.
struct Piece {
    text: String,
    dotted: bool,
}

fn normalize_street(raw: &str) -> Option<String> {
    let mut folded = String::with_capacity(raw.len() + 8);
    fold_into(raw, &mut folded, true);
    let mut pieces: Vec<Piece> = Vec::new();
    for word in folded.split(' ') {
        split_street_word(word, &mut pieces);
    }
    // House number suffixes: "12 a" → "12a", "12 bis" → "12bis".
    let mut i = 0;
    while i + 1 < pieces.len() {
        let last = i + 2 == pieces.len();
        let next = &pieces[i + 1];
        let letter = next.text.len() == 1 && next.text.as_bytes()[0].is_ascii_lowercase();
        let joins = (letter
            && (last || (!next.dotted && !matches!(next.text.as_str(), "r" | "c" | "v" | "g"))))
            || matches!(next.text.as_str(), "bis" | "ter" | "quater");
        if is_number(&pieces[i].text) && joins {
            let next = pieces.remove(i + 1);
            pieces[i].text.push_str(&next.text);
            pieces[i].dotted = next.dotted;
        }
        i += 1;
    }
    // Abbreviations, which depend on where the word stands among the non-number words.
    let words: Vec<usize> = (0..pieces.len())
        .filter(|&i| !starts_with_digit(&pieces[i].text))
        .collect();
    for (w, &i) in words.iter().enumerate() {
        let first = w == 0;
        let last = w + 1 == words.len();
        if let Some(x) = expand(&pieces[i].text, pieces[i].dotted, first, last) {
            pieces[i].text = x;
        }
    }
    // "Nr. 12", "n° 12", "no 12": the marker goes.
    let mut i = 0;
    while i + 1 < pieces.len() {
        if matches!(
            pieces[i].text.as_str(),
            "nr" | "no" | "n" | "num" | "nro" | "numero"
        ) && is_house_number(&pieces[i + 1].text)
        {
            pieces.remove(i);
        } else {
            i += 1;
        }
    }
    // Type words joined to the name before them.
    let mut i = 1;
    while i < pieces.len() {
        if GLUED.contains(&pieces[i].text.as_str()) && !starts_with_digit(&pieces[i - 1].text) {
            let p = pieces.remove(i);
            pieces[i - 1].text.push_str(&p.text);
        } else {
            i += 1;
        }
    }
    // The house number (the first one) goes last: "12 Main St" and "Main St 12" meet.
    let number = pieces.iter().position(|p| is_house_number(&p.text));
    let mut out = String::with_capacity(folded.len() + 16);
    for (i, p) in pieces.iter().enumerate() {
        if Some(i) != number {
            push_word(&mut out, &p.text);
        }
    }
    if let Some(n) = number {
        push_word(&mut out, &pieces[n].text);
    }
    Some(out)
}

fn push_word(out: &mut String, w: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(w);
}

/// Splits a folded word at '.' and '/' (kept by the folding for this), after the abbreviations
/// whose dot is inside the word ("v.le", "p.zza", "c/mayor").
fn split_street_word(word: &str, out: &mut Vec<Piece>) {
    let bare = word.trim_end_matches(['.', '/']);
    let whole = match bare {
        "v.le" => Some("viale"),
        "p.zza" | "p.za" => Some("platz"),
        "p.le" => Some("piazzale"),
        "c.so" => Some("corso"),
        "l.go" => Some("largo"),
        "c.da" => Some("contrada"),
        "p.o" => Some("paseo"),
        _ => None,
    };
    if let Some(w) = whole {
        out.push(Piece {
            text: w.to_string(),
            dotted: false,
        });
        return;
    }
    let mut rest = word;
    if let Some(r) = word.strip_prefix("c/") {
        out.push(Piece {
            text: "calle".to_string(),
            dotted: false,
        });
        rest = r;
    }
    let mut start = 0;
    let b = rest.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'.' || c == b'/' {
            if start < i {
                out.push(Piece {
                    text: rest[start..i].to_string(),
                    dotted: true,
                });
            }
            start = i + 1;
        }
    }
    if start < b.len() {
        out.push(Piece {
            text: rest[start..].to_string(),
            dotted: false,
        });
    }
}

/// The canonical spelling of a street word, when it is an abbreviation or a type word with
/// more than one spelling. `first` and `last`: the word's place among the words that are not
/// numbers ("St" first is Saint, last is Street; "r." first is rue, "v." first is via).
fn expand(w: &str, dotted: bool, first: bool, last: bool) -> Option<String> {
    let x = match w {
        "st" if last && !first => "street",
        "st" => "saint",
        "ste" => "sainte",
        "str" | "straat" => "strasse",
        "rd" => "road",
        "av" | "ave" | "avda" | "avd" | "avenida" => "avenue",
        "blvd" | "bd" | "bld" | "boul" | "bvd" | "blv" => "boulevard",
        "ln" => "lane",
        "dr" if last && !first => "drive",
        "ct" => "court",
        "sq" => "square",
        "hwy" => "highway",
        "pkwy" => "parkway",
        "cres" => "crescent",
        "terr" | "ter" => "terrace",
        // One word for the square in every language: "pl." is Platz, place and plac.
        "pl" | "plac" | "place" | "plaza" | "pza" | "piazza" | "pzza" | "plein" => "platz",
        "r" if first => "rue",
        "all" => "allee",
        "imp" => "impasse",
        "ch" | "che" | "chem" => "chemin",
        "rte" => "route",
        "fbg" | "fg" => "faubourg",
        "crs" => "cours",
        "v" if first => "via",
        "vle" => "viale",
        "cso" => "corso",
        "lgo" => "largo",
        "c" if first && dotted => "calle",
        "cl" | "cll" => "calle",
        "ctra" | "crta" => "carretera",
        "pso" => "paseo",
        "po" if first => "paseo",
        "pje" => "pasaje",
        "urb" => "urbanizacion",
        "burg" if dotted => "burgemeester",
        "ul" => "ulica",
        "al" => "aleja",
        "os" => "osiedle",
        "vag" => "vagen",
        "v" if dotted => "vagen",
        "g" if dotted => "gatan",
        _ => {
            // German compounds: "Hauptstr." → "hauptstrasse", "Marktpl." → "marktplatz".
            if let Some(stem) = w.strip_suffix("str").filter(|s| s.len() >= 2) {
                return Some(format!("{stem}strasse"));
            }
            if let Some(stem) = w.strip_suffix("straat").filter(|s| s.len() >= 2) {
                return Some(format!("{stem}strasse"));
            }
            if dotted {
                if let Some(stem) = w.strip_suffix("pl").filter(|s| s.len() >= 3) {
                    return Some(format!("{stem}platz"));
                }
            }
            return None;
        }
    };
    Some(x.to_string())
}

fn starts_with_digit(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_digit)
}

fn is_number(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// A house number: digits, optionally one letter or "bis"/"ter"/"quater" ("12", "12a", "7bis").
fn is_house_number(w: &str) -> bool {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let suffix = &w[digits..];
    suffix.is_empty()
        || (suffix.len() == 1 && suffix.as_bytes()[0].is_ascii_lowercase())
        || matches!(suffix, "bis" | "ter" | "quater")
}

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

/// Comparison level of two *normalized*, non-null values: an index into `kind.levels()`.
/// Symmetric: compare(k, a, b) == compare(k, b, a). Equal strings always give 0. Does not
/// allocate for values of up to 64 characters.
pub fn compare(kind: Kind, a: &str, b: &str) -> u8 {
    if a == b {
        return 0;
    }
    // A fixed order makes every level symmetric, floating-point rounding included.
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    match kind {
        Kind::Name => with_units(a, b, name_level::<u8>, name_level::<char>),
        Kind::Date => date_level(a, b),
        Kind::Email => email_level(a, b),
        Kind::Phone => phone_level(a, b),
        Kind::Postcode => {
            if a.len() >= 3 && b.len() >= 3 && a.as_bytes()[..3] == b.as_bytes()[..3] {
                1
            } else {
                2
            }
        }
        Kind::City => {
            if jaro_winkler(a, b) >= CITY_JW {
                1
            } else {
                2
            }
        }
        Kind::Street => street_level(a, b),
        Kind::Identifier => {
            if damerau_levenshtein_within(a, b, 1).is_some() {
                1
            } else {
                2
            }
        }
        Kind::Exact => 1,
    }
}

fn name_level<T: Unit>(a: &[T], b: &[T]) -> u8 {
    // One edit between two-letter names is as much a different name as a typo.
    if a.len().min(b.len()) >= 3 && osa_within(a, b, 1).is_some() {
        return 1;
    }
    let j = jw_units(a, b);
    if j >= NAME_JW_HIGH {
        2
    } else if j >= NAME_JW_LOW {
        3
    } else {
        4
    }
}

/// Year, month and day of a normalized date.
fn ymd(s: &str) -> Option<[u32; 3]> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Some([num(&b[..4])?, num(&b[5..7])?, num(&b[8..])?])
}

/// Days since a fixed epoch (proleptic Gregorian calendar, years counted from March).
fn day_number([y, m, d]: [u32; 3]) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let mp = i64::from((m + 9) % 12);
    365 * y + y / 4 - y / 100 + y / 400 + (153 * mp + 2) / 5 + i64::from(d) - 1
}

fn date_level(a: &str, b: &str) -> u8 {
    let (Some(da), Some(db)) = (ymd(a), ymd(b)) else {
        return 4;
    };
    if da[0] == db[0] && da[1] == db[2] && da[2] == db[1] {
        return 1;
    }
    let digits = |s: &str| {
        let mut out = [0u8; 8];
        for (o, c) in out.iter_mut().zip(s.bytes().filter(u8::is_ascii_digit)) {
            *o = c;
        }
        out
    };
    let (ga, gb) = (digits(a), digits(b));
    let mut diff = [0usize; 8];
    let mut n = 0;
    for i in 0..8 {
        if ga[i] != gb[i] {
            if n < 8 {
                diff[n] = i;
            }
            n += 1;
        }
    }
    let typo = n == 1
        || (n == 2
            && diff[1] == diff[0] + 1
            && ga[diff[0]] == gb[diff[1]]
            && ga[diff[1]] == gb[diff[0]]);
    if typo {
        return 2;
    }
    if (day_number(da) - day_number(db)).abs() <= 365 {
        3
    } else {
        4
    }
}

fn email_level(a: &str, b: &str) -> u8 {
    fn local(s: &str) -> &str {
        s.rsplit_once('@').map_or(s, |(l, _)| l)
    }
    if local(a) == local(b) {
        1
    } else if jaro_winkler(a, b) >= EMAIL_JW {
        2
    } else {
        3
    }
}

fn phone_level(a: &str, b: &str) -> u8 {
    let da = a.strip_prefix('+').unwrap_or(a).as_bytes();
    let db = b.strip_prefix('+').unwrap_or(b).as_bytes();
    if da == db {
        // Written with and without '+' (a fallback that kept the digits).
        return 1;
    }
    let k = da.len().min(db.len()).min(8);
    if k >= 7 && da[da.len() - k..] == db[db.len() - k..] {
        return 1;
    }
    let tail = |d: &[u8]| d.len() - d.len().min(8);
    if osa_within(da, db, 1).is_some()
        || (da.len() >= 7
            && db.len() >= 7
            && osa_within(&da[tail(da)..], &db[tail(db)..], 1).is_some())
    {
        2
    } else {
        3
    }
}

/// The street name and the house number of a normalized street (the number is last).
fn split_house(s: &str) -> (&str, Option<&str>) {
    match s.rsplit_once(' ') {
        Some((rest, n)) if is_house_number(n) => (rest, Some(n)),
        None if is_house_number(s) => ("", Some(s)),
        _ => (s, None),
    }
}

fn street_level(a: &str, b: &str) -> u8 {
    let (ra, na) = split_house(a);
    let (rb, nb) = split_house(b);
    if na == nb && jaro_winkler(ra, rb) >= STREET_JW {
        return 1;
    }
    if token_jaccard(a, b) >= STREET_JACCARD {
        2
    } else {
        3
    }
}

/// Jaccard similarity of the sets of space-separated words of `a` and `b` (1 when both have
/// none). Allocation-free for up to 16 distinct words each; quadratic in the number of words,
/// which is small.
pub fn token_jaccard(a: &str, b: &str) -> f64 {
    let mut wa = [""; 16];
    let mut wb = [""; 16];
    match (distinct_words(a, &mut wa), distinct_words(b, &mut wb)) {
        (Some(na), Some(nb)) => jaccard(&wa[..na], &wb[..nb]),
        _ => {
            fn collect(s: &str) -> Vec<&str> {
                let mut v: Vec<&str> = Vec::new();
                for w in s.split(' ').filter(|w| !w.is_empty()) {
                    if !v.contains(&w) {
                        v.push(w);
                    }
                }
                v
            }
            jaccard(&collect(a), &collect(b))
        }
    }
}

/// The distinct words of `s` into `out`, or None when there are more than fit.
fn distinct_words<'a>(s: &'a str, out: &mut [&'a str; 16]) -> Option<usize> {
    let mut n = 0;
    for w in s.split(' ') {
        if !w.is_empty() && !out[..n].contains(&w) {
            *out.get_mut(n)? = w;
            n += 1;
        }
    }
    Some(n)
}

fn jaccard(a: &[&str], b: &[&str]) -> f64 {
    let common = a.iter().filter(|w| b.contains(w)).count();
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

// ---------------------------------------------------------------------------------------------
// String primitives
// ---------------------------------------------------------------------------------------------

/// Strings of up to this many characters are compared without allocating.
pub const STACK_CHARS: usize = 64;

/// Runs `bytes` on two ASCII strings, else `chars` on their characters (decoded into stack
/// buffers when both fit, on the heap otherwise).
#[inline]
fn with_units<R>(
    a: &str,
    b: &str,
    bytes: impl FnOnce(&[u8], &[u8]) -> R,
    chars: impl FnOnce(&[char], &[char]) -> R,
) -> R {
    if a.is_ascii() && b.is_ascii() {
        return bytes(a.as_bytes(), b.as_bytes());
    }
    let mut buf_a = ['\0'; STACK_CHARS];
    let mut buf_b = ['\0'; STACK_CHARS];
    let heap_a: Vec<char>;
    let heap_b: Vec<char>;
    let ca: &[char] = match decode(a, &mut buf_a) {
        Some(n) => &buf_a[..n],
        None => {
            heap_a = a.chars().collect();
            &heap_a
        }
    };
    let cb: &[char] = match decode(b, &mut buf_b) {
        Some(n) => &buf_b[..n],
        None => {
            heap_b = b.chars().collect();
            &heap_b
        }
    };
    chars(ca, cb)
}

#[inline]
fn decode(s: &str, buf: &mut [char; STACK_CHARS]) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
}

/// Jaro similarity of `a` and `b` (by characters), in [0, 1]; 1 for two empty strings.
pub fn jaro(a: &str, b: &str) -> f64 {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    with_units(a, b, jaro_units::<u8>, jaro_units::<char>)
}

/// Jaro-Winkler similarity of `a` and `b` (by characters), in [0, 1]: the Jaro similarity,
/// raised by 0.1 × (1 − Jaro) for each of up to 4 common leading characters when the Jaro
/// similarity exceeds 0.7 (Winkler's boost threshold). Symmetric; allocation-free for strings
/// of up to 64 characters.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    with_units(a, b, jw_units::<u8>, jw_units::<char>)
}

fn jw_units<T: Unit>(a: &[T], b: &[T]) -> f64 {
    let j = jaro_units(a, b);
    if j <= 0.7 {
        return j;
    }
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    j + 0.1 * prefix as f64 * (1.0 - j)
}

fn jaro_units<T: Unit>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (m, t) = T::jaro_matches(a, b, window);
    if m == 0 {
        return 0.0;
    }
    // Half the out-of-order matches, rounded down as in Winkler's strcmp95 (and strsim,
    // rapidfuzz).
    let t = (t / 2) as f64;
    let m = m as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

/// What the string primitives compare: bytes of ASCII strings, or characters.
trait Unit: Copy + Eq {
    /// Jaro's matching characters of `a` and `b` within `window` of each other, and how many
    /// of them are out of order.
    fn jaro_matches(a: &[Self], b: &[Self], window: usize) -> (usize, usize);
}

impl Unit for u8 {
    #[inline]
    fn jaro_matches(a: &[u8], b: &[u8], window: usize) -> (usize, usize) {
        // Byte slices come from ASCII strings only (see `with_units`).
        debug_assert!(a.is_ascii() && b.is_ascii());
        if a.len() <= 64 && b.len() <= 64 {
            jaro_matches_ascii(a, b, window)
        } else {
            jaro_matches_large(a, b, window)
        }
    }
}

impl Unit for char {
    #[inline]
    fn jaro_matches(a: &[char], b: &[char], window: usize) -> (usize, usize) {
        if a.len() <= 64 && b.len() <= 64 {
            jaro_matches_small(a, b, window)
        } else {
            jaro_matches_large(a, b, window)
        }
    }
}

/// The bits below `n` (n ≤ 64).
#[inline]
fn low_bits(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// [`jaro_matches_small`] for ASCII, bit-parallel: a table of the positions in `b` of each
/// byte class (the low 5 bits, so the table is 256 bytes to clear) finds the candidates within
/// the window in a few instructions; a candidate whose byte differs only in the class (digits
/// vs letters, '@' vs ' ') is skipped.
#[inline]
fn jaro_matches_ascii(a: &[u8], b: &[u8], window: usize) -> (usize, usize) {
    let mut positions = [0u64; 32];
    for (j, &c) in b.iter().enumerate() {
        positions[usize::from(c & 31)] |= 1 << j;
    }
    let mut fa = 0u64;
    let mut fb = 0u64;
    for (i, &x) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        if lo >= hi {
            break;
        }
        let mut free = positions[usize::from(x & 31)] & !fb & low_bits(hi) & !low_bits(lo);
        while free != 0 {
            let bit = free & free.wrapping_neg();
            if b[bit.trailing_zeros() as usize] == x {
                fa |= 1 << i;
                fb |= bit;
                break;
            }
            free ^= bit;
        }
    }
    let m = fa.count_ones() as usize;
    (m, transpositions(a, b, fa, fb))
}

/// Matched characters out of order, from the matched flags of both strings.
#[inline]
fn transpositions<T: Copy + Eq>(a: &[T], b: &[T], mut fa: u64, mut fb: u64) -> usize {
    let mut t = 0;
    while fa != 0 {
        let i = fa.trailing_zeros() as usize;
        let j = fb.trailing_zeros() as usize;
        fa &= fa - 1;
        fb &= fb - 1;
        t += usize::from(a[i] != b[j]);
    }
    t
}

/// Matching characters and half-transpositions (matched characters out of order), with the
/// matched flags kept in two u64 bit sets.
#[inline]
fn jaro_matches_small<T: Copy + Eq>(a: &[T], b: &[T], window: usize) -> (usize, usize) {
    let mut fa = 0u64;
    let mut fb = 0u64;
    let mut m = 0;
    for (i, x) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        let Some(near) = b.get(lo..hi) else { continue };
        for (k, y) in near.iter().enumerate() {
            let j = lo + k;
            if fb & (1 << j) == 0 && y == x {
                fa |= 1 << i;
                fb |= 1 << j;
                m += 1;
                break;
            }
        }
    }
    (m, transpositions(a, b, fa, fb))
}

fn jaro_matches_large<T: Copy + Eq>(a: &[T], b: &[T], window: usize) -> (usize, usize) {
    let mut fa = vec![false; a.len()];
    let mut fb = vec![false; b.len()];
    let mut m = 0;
    for (i, x) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        let Some(near) = b.get(lo..hi) else { continue };
        for (k, y) in near.iter().enumerate() {
            let j = lo + k;
            if !fb[j] && y == x {
                fa[i] = true;
                fb[j] = true;
                m += 1;
                break;
            }
        }
    }
    let ma = a.iter().zip(&fa).filter(|(_, &f)| f).map(|(x, _)| x);
    let mb = b.iter().zip(&fb).filter(|(_, &f)| f).map(|(x, _)| x);
    let t = ma.zip(mb).filter(|(x, y)| x != y).count();
    (m, t)
}

/// The optimal string alignment distance of `a` and `b` (by characters: insertions,
/// deletions, substitutions and transpositions of adjacent characters, no substring edited
/// twice) when it is at most `max`, else None. Strips the common prefix and suffix first, needs
/// no table for `max` ≤ 1, and stops as soon as every alignment costs more than `max`.
/// Allocation-free for strings of up to 64 characters.
pub fn damerau_levenshtein_within(a: &str, b: &str, max: usize) -> Option<usize> {
    with_units(
        a,
        b,
        |x, y| osa_within(x, y, max),
        |x, y| osa_within(x, y, max),
    )
}

fn osa_within<T: Copy + Eq>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[p..], &b[p..]);
    let s = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - s], &b[..b.len() - s]);
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if b.len() - a.len() > max {
        return None;
    }
    if a.is_empty() {
        return Some(b.len());
    }
    // Both differ at their first and at their last character now.
    match max {
        0 => None,
        1 => match (a, b) {
            ([_], [_]) => Some(1),
            ([x0, x1], [y0, y1]) if x0 == y1 && x1 == y0 => Some(1),
            _ => None,
        },
        _ => {
            let w = a.len() + 1;
            if w <= STACK_CHARS + 1 {
                let mut rows = [0usize; 3 * (STACK_CHARS + 1)];
                osa_rows(a, b, max, &mut rows[..3 * w])
            } else {
                osa_rows(a, b, max, &mut vec![0; 3 * w])
            }
        }
    }
}

/// The dynamic program over three rows of `a.len() + 1` cells (`a` is the shorter string).
fn osa_rows<T: Copy + Eq>(a: &[T], b: &[T], max: usize, rows: &mut [usize]) -> Option<usize> {
    let w = a.len() + 1;
    let (two_up, rest) = rows.split_at_mut(w);
    let (up, cur) = rest.split_at_mut(w);
    let (mut two_up, mut up, mut cur) = (two_up, up, cur);
    for (j, v) in up.iter_mut().enumerate() {
        *v = j;
    }
    for i in 1..=b.len() {
        cur[0] = i;
        let mut row_min = i;
        for j in 1..w {
            let cost = usize::from(a[j - 1] != b[i - 1]);
            let mut d = (up[j] + 1).min(cur[j - 1] + 1).min(up[j - 1] + cost);
            if i > 1 && j > 1 && a[j - 1] == b[i - 2] && a[j - 2] == b[i - 1] {
                d = d.min(two_up[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        // A cell below costs at least the cheapest cell of this row (or of the row above,
        // plus one through a transposition, which is never cheaper).
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut two_up, &mut up);
        std::mem::swap(&mut up, &mut cur);
    }
    let d = up[a.len()];
    (d <= max).then_some(d)
}
