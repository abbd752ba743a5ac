//! The word lists of `dictionaries/`, folded and compiled into one aho-corasick automaton.
//!
//! Every entry (a first name, a surname, a city, a title, a context word ...) is folded (lower
//! case, accents removed) and written as its tokens between spaces, two spaces between tokens:
//! `" frankfurt  am  main "`. The text is folded the same way, so a match is always a run of
//! whole tokens (word boundaries come for free) and adjacent entries never share a space. Each
//! distinct key carries the union of the lists it is in ([`Flags`]); leftmost-longest matching
//! prefers "Frankfurt am Main" over "Frankfurt".

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};

use super::fold::fold_key;
use crate::error::{Error, Result};

/// The lists a dictionary key belongs to (a bit set).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flags(pub u32);

impl Flags {
    pub const FIRST: u32 = 1;
    pub const LAST: u32 = 1 << 1;
    pub const CITY: u32 = 1 << 2;
    pub const TITLE: u32 = 1 << 3;
    pub const STREET: u32 = 1 << 4;
    /// Also an ordinary lower-case word in one of the shipped languages ("frank", "essen").
    pub const COMMON: u32 = 1 << 5;
    pub const CTX_PERSON: u32 = 1 << 6;
    pub const CTX_LOCATION: u32 = 1 << 7;
    pub const CTX_NEGATIVE: u32 = 1 << 8;
    /// A country name: never a person, too coarse to be a location finding.
    pub const COUNTRY: u32 = 1 << 9;
    /// A name particle ("van", "de", "von", "di"): lower case inside a name or street.
    pub const PARTICLE: u32 = 1 << 10;
    /// First bit of the user dictionaries (custom recognizers); 16 of them fit.
    pub const CUSTOM_SHIFT: u32 = 16;
    pub const MAX_CUSTOM: usize = 16;

    pub fn has(self, bit: u32) -> bool {
        self.0 & bit != 0
    }
}

/// A shipped list: its file, the flag its entries get, and how it is stored.
struct Shipped {
    file: &'static str,
    flag: u32,
    bytes: &'static [u8],
}

macro_rules! shipped {
    ($file:literal, $flag:expr) => {
        Shipped {
            file: $file,
            flag: $flag,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/dictionaries/", $file)),
        }
    };
}

fn shipped() -> [Shipped; 5] {
    [
        shipped!("first_names.txt.gz", Flags::FIRST),
        shipped!("surnames.txt.gz", Flags::LAST),
        shipped!("cities.txt.gz", Flags::CITY),
        shipped!("titles.txt", Flags::TITLE),
        shipped!("salutations.txt", Flags::TITLE),
    ]
}

const COMMON_WORDS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/common_words.txt.gz"
));
const STREET_TYPES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/street_types.tsv"
));
const CONTEXT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/context.tsv"
));
const COUNTRIES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/dictionaries/countries.txt"
));

/// Lower-case words that join the parts of a name or a street ("Ludwig van Beethoven",
/// "rue de la Paix", "Frankfurt am Main").
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "del", "della", "delle", "dei", "di", "da", "das", "do",
    "dos", "du", "des", "la", "le", "les", "los", "las", "el", "ten", "ter", "te", "zu", "zum",
    "zur", "am", "an", "im", "auf", "of", "the", "y", "e", "i", "af", "av", "al", "bin", "ibn",
    "st", "d", "l", "dell", "dall", "sull",
];

/// A user dictionary for a custom recognizer: entries, and the bit they get.
pub struct UserList {
    pub entries: Vec<String>,
    pub bit: u32,
}

/// The compiled dictionaries.
pub struct Gazetteer {
    automaton: AhoCorasick,
    /// Flags per pattern of `automaton`.
    flags: Vec<Flags>,
    /// Compound street-name endings ("straße", "straat", "gatan"), folded.
    pub street_suffixes: Vec<String>,
    /// Entries per list, for the README table and `scour entities`.
    pub sizes: Vec<(&'static str, usize)>,
}

fn gunzip(file: &str, bytes: &[u8]) -> Result<String> {
    if !file.ends_with(".gz") {
        return String::from_utf8(bytes.to_vec())
            .map_err(|_| Error::usage(format!("dictionary {file} is not UTF-8")));
    }
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .map_err(|e| Error::usage(format!("dictionary {file} cannot be read: {e}")))?;
    Ok(out)
}

/// Lines of a list: trimmed, without blanks and `#` comments.
fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The automaton key of an entry: its folded tokens, `" a  b "`. `prefix` leaves the end open
/// (a context word written `bestell*` also matches "Bestellung").
fn key(entry: &str, prefix: bool) -> Option<String> {
    let mut folded = String::new();
    fold_key(entry, &mut folded);
    let mut out = String::with_capacity(folded.len() + 4);
    for tok in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        out.push(' ');
        out.push_str(tok);
        out.push(' ');
    }
    if out.is_empty() {
        return None;
    }
    if prefix {
        out.pop();
    }
    Some(out)
}

impl Gazetteer {
    /// Loads the shipped dictionaries plus `user` lists.
    pub fn load(user: &[UserList]) -> Result<Gazetteer> {
        let mut keys: HashMap<String, u32> = HashMap::with_capacity(1 << 18);
        let mut add = |entry: &str, flag: u32, prefix: bool| {
            if let Some(k) = key(entry, prefix) {
                *keys.entry(k).or_insert(0) |= flag;
            }
        };
        let mut sizes = Vec::new();
        for list in shipped() {
            let text = gunzip(list.file, list.bytes)?;
            let mut n = 0;
            for e in entries(&text) {
                add(e, list.flag, false);
                n += 1;
            }
            sizes.push((list.file, n));
        }
        let common = gunzip("common_words.txt.gz", COMMON_WORDS)?;
        for e in entries(&common) {
            add(e, Flags::COMMON, false);
        }
        for e in entries(COUNTRIES) {
            add(e, Flags::COUNTRY, false);
        }
        for p in PARTICLES {
            add(p, Flags::PARTICLE, false);
        }
        let mut street_suffixes = Vec::new();
        for line in entries(STREET_TYPES) {
            let (kind, word) = line.split_once('\t').unwrap_or(("word", line));
            let word = word.trim_end_matches('.');
            match kind {
                "suffix" => {
                    let mut f = String::new();
                    fold_key(word, &mut f);
                    if f.len() >= 3 && f.chars().all(char::is_alphanumeric) {
                        street_suffixes.push(f);
                    }
                }
                _ => add(word, Flags::STREET, false),
            }
        }
        street_suffixes.sort();
        street_suffixes.dedup();
        for line in entries(CONTEXT) {
            let mut cols = line.split('\t');
            let (Some(entity), Some(_lang), Some(word)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let flag = match entity {
                "PERSON" => Flags::CTX_PERSON,
                "LOCATION" => Flags::CTX_LOCATION,
                _ => Flags::CTX_NEGATIVE,
            };
            match word.strip_suffix('*') {
                Some(stem) => add(stem, flag, true),
                None => add(word, flag, false),
            }
        }
        for list in user {
            for e in &list.entries {
                add(e, 1 << list.bit, false);
            }
        }
        // Sorted so the automaton (and so every match) is the same on every run.
        let mut keys: Vec<(String, u32)> = keys.into_iter().collect();
        keys.sort_unstable();
        let flags = keys.iter().map(|&(_, f)| Flags(f)).collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(keys.iter().map(|(k, _)| k.as_bytes()))
            .map_err(|e| Error::usage(format!("dictionaries failed to compile: {e}")))?;
        Ok(Gazetteer {
            automaton,
            flags,
            street_suffixes,
            sizes,
        })
    }

    /// Matches `folded` (built by folding tokens as `" a  b "`), calling `hit` with
    /// each match's byte range in `folded` and its flags.
    pub fn find(&self, folded: &str, mut hit: impl FnMut(usize, usize, Flags)) {
        for m in self.automaton.find_iter(folded) {
            hit(m.start(), m.end(), self.flags[m.pattern().as_usize()]);
        }
    }

    /// Whether folded token `tok` ends in a compound street suffix ("hauptstrasse").
    pub fn is_compound_street(&self, tok: &str) -> bool {
        self.street_suffixes
            .iter()
            .any(|s| tok.len() >= s.len() + 3 && tok.ends_with(s.as_str()))
    }

    /// The flags of one entry, looked up exactly (tests and `--explain`).
    pub fn lookup(&self, entry: &str) -> Flags {
        let Some(k) = key(entry, false) else {
            return Flags::default();
        };
        let mut found = Flags::default();
        self.find(&k, |s, e, f| {
            if s == 0 && e == k.len() {
                found = f;
            }
        });
        found
    }
}

/// Reads a user dictionary file: one entry per line, `#` comments.
pub fn read_user_list(path: &Path) -> Result<Vec<String>> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::usage(format!("cannot read dictionary: {e}")).with_file(path))?;
    let text = gunzip(&path.to_string_lossy(), &bytes)?;
    Ok(entries(&text).map(str::to_string).collect())
}
