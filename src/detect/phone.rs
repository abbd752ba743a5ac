//! Phone numbers: regions and validation against libphonenumber's metadata.
//!
//! The metadata (number patterns per region and type) is the `phonenumber` crate's, a port of
//! Google's libphonenumber. Its own validator keeps every pattern in one shared LRU cache
//! behind a mutex, so on two threads it spends most of its time recompiling and waiting. Here
//! the same patterns are compiled once per region (lazily, on first use) into one anchored
//! multi-pattern regex with lock-free reuse, and validity follows libphonenumber's rule: the
//! national number matches the region's general pattern and at least one number type (fixed
//! line, mobile, toll-free, ...) within that type's possible lengths. Regions whose national
//! prefix needs a rewrite rule (e.g. Argentina, Mexico) go to the crate's own parser, so the
//! answer is always libphonenumber's; a test checks the two agree.

use std::sync::OnceLock;

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input, MatchKind, PatternSet};

use phonenumber::country::Id;

/// A region for phone parsing, from an ISO 3166-1 alpha-2 code or a country name as CRM tables
/// write it ("DE", "de", "Germany", "Deutschland", "Allemagne", ...).
pub fn region(value: &str) -> Option<Id> {
    let v = value.trim();
    if v.eq_ignore_ascii_case("uk") {
        return Some(Id::GB);
    }
    if v.len() == 2 {
        return v.to_ascii_uppercase().parse().ok();
    }
    let lower = v.to_lowercase();
    let code = COUNTRY_NAMES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, code)| *code)?;
    code.parse().ok()
}

/// Country names in the languages scour's column hints cover, lowercase.
const COUNTRY_NAMES: &[(&str, &str)] = &[
    ("germany", "DE"),
    ("deutschland", "DE"),
    ("allemagne", "DE"),
    ("germania", "DE"),
    ("alemania", "DE"),
    ("duitsland", "DE"),
    ("niemcy", "DE"),
    ("tyskland", "DE"),
    ("france", "FR"),
    ("frankreich", "FR"),
    ("francia", "FR"),
    ("frankrijk", "FR"),
    ("francja", "FR"),
    ("frankrike", "FR"),
    ("italy", "IT"),
    ("italien", "IT"),
    ("italie", "IT"),
    ("italia", "IT"),
    ("italië", "IT"),
    ("włochy", "IT"),
    ("spain", "ES"),
    ("spanien", "ES"),
    ("espagne", "ES"),
    ("spagna", "ES"),
    ("españa", "ES"),
    ("espana", "ES"),
    ("spanje", "ES"),
    ("hiszpania", "ES"),
    ("netherlands", "NL"),
    ("the netherlands", "NL"),
    ("niederlande", "NL"),
    ("pays-bas", "NL"),
    ("paesi bassi", "NL"),
    ("países bajos", "NL"),
    ("nederland", "NL"),
    ("holandia", "NL"),
    ("nederländerna", "NL"),
    ("poland", "PL"),
    ("polen", "PL"),
    ("pologne", "PL"),
    ("polonia", "PL"),
    ("polska", "PL"),
    ("sweden", "SE"),
    ("schweden", "SE"),
    ("suède", "SE"),
    ("svezia", "SE"),
    ("suecia", "SE"),
    ("zweden", "SE"),
    ("szwecja", "SE"),
    ("sverige", "SE"),
    ("united kingdom", "GB"),
    ("uk", "GB"),
    ("great britain", "GB"),
    ("england", "GB"),
    ("vereinigtes königreich", "GB"),
    ("royaume-uni", "GB"),
    ("regno unito", "GB"),
    ("reino unido", "GB"),
    ("verenigd koninkrijk", "GB"),
    ("wielka brytania", "GB"),
    ("storbritannien", "GB"),
    ("united states", "US"),
    ("usa", "US"),
    ("united states of america", "US"),
    ("vereinigte staaten", "US"),
    ("états-unis", "US"),
    ("stati uniti", "US"),
    ("estados unidos", "US"),
    ("verenigde staten", "US"),
    ("austria", "AT"),
    ("österreich", "AT"),
    ("autriche", "AT"),
    ("oostenrijk", "AT"),
    ("switzerland", "CH"),
    ("schweiz", "CH"),
    ("suisse", "CH"),
    ("svizzera", "CH"),
    ("belgium", "BE"),
    ("belgien", "BE"),
    ("belgique", "BE"),
    ("belgië", "BE"),
    ("belgio", "BE"),
    ("ireland", "IE"),
    ("irland", "IE"),
    ("irlande", "IE"),
    ("denmark", "DK"),
    ("dänemark", "DK"),
    ("danmark", "DK"),
    ("portugal", "PT"),
    ("norway", "NO"),
    ("norge", "NO"),
    ("finland", "FI"),
    ("suomi", "FI"),
];

/// True when libphonenumber says `text` is a valid number, read in `region` unless it starts
/// with `+` or an international prefix (then the country code decides).
pub fn is_valid(text: &str, region: Option<Id>) -> bool {
    rules().check(text, region).is_some()
}

/// `text` in E.164 form ("+4930123456") when it is valid as [`is_valid`] reads it: the
/// country calling code and the national significant number, national prefix stripped.
pub fn e164(text: &str, region: Option<Id>) -> Option<String> {
    match rules().check(text, region)? {
        Valid::Fast { code, digits, nsn } => Some(format!("+{code}{}", &digits[nsn..])),
        Valid::Crate(number) => Some(
            phonenumber::format(&number)
                .mode(phonenumber::Mode::E164)
                .to_string(),
        ),
    }
}

/// A valid number, as far as `check` went.
enum Valid {
    /// The country calling code, the digits of the text and where in them the national
    /// significant number starts.
    Fast {
        code: u16,
        digits: String,
        nsn: usize,
    },
    /// Parsed by the crate (regions with prefix rewrite rules).
    Crate(phonenumber::PhoneNumber),
}

/// The compiled rules of one region.
struct Region {
    /// Needs the crate's parser (national prefix rewrite rules).
    slow: bool,
    /// The prefixes stripped from national-format numbers ("0", or "0|180020" for GB).
    parsing: Option<String>,
    /// Pattern 0 is the general description, the others the number types.
    patterns: OnceLock<Option<Compiled>>,
    meta: &'static phonenumber::Metadata,
}

/// All regions, indexed by id and by country calling code.
pub struct Rules {
    regions: Vec<Region>,
    /// Region index by `Id as usize`.
    by_id: Vec<Option<usize>>,
    /// Region indices by country calling code (main country first).
    by_code: Vec<Vec<usize>>,
}

fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let db: &'static phonenumber::metadata::Database = &phonenumber::metadata::DATABASE;
        let mut metas: Vec<&'static phonenumber::Metadata> = db.iter().collect();
        metas.sort_by(|a, b| a.id().cmp(b.id()));
        let mut by_id = vec![None; 512];
        let mut by_code: Vec<Vec<usize>> = vec![Vec::new(); 1000];
        let regions = metas
            .into_iter()
            .enumerate()
            .map(|(i, meta)| {
                if let Ok(id) = meta.id().parse::<Id>() {
                    if let Some(slot) = by_id.get_mut(id as usize) {
                        *slot = Some(i);
                    }
                }
                // The main country for a code is tried first (GB before GG, US before CA).
                if let Some(list) = by_code.get_mut(meta.country_code() as usize) {
                    if meta.is_main_country_for_code() {
                        list.insert(0, i);
                    } else {
                        list.push(i);
                    }
                }
                let prefix = meta.national_prefix().map(str::to_string);
                let parsing = meta
                    .national_prefix_for_parsing()
                    .map(|r| r.as_str().to_string())
                    .or_else(|| prefix.clone());
                let slow = meta.national_prefix_transform_rule().is_some()
                    || parsing.as_deref().is_some_and(|p| p.contains('('));
                Region {
                    slow,
                    parsing,
                    patterns: OnceLock::new(),
                    meta,
                }
            })
            .collect();
        Rules {
            regions,
            by_id,
            by_code,
        }
    })
}

/// A region's patterns, compiled on first use.
struct Compiled {
    /// Pattern 0 is the general description, the others the number types.
    types: Regex,
    lengths: Vec<Vec<u16>>,
    /// National prefixes to strip, anchored at the start.
    parsing: Option<Regex>,
}

impl Region {
    fn compiled(&self) -> Option<&Compiled> {
        self.patterns
            .get_or_init(|| {
                let d = self.meta.descriptors();
                let general = d.general();
                let types = [
                    d.premium_rate(),
                    d.toll_free(),
                    d.shared_cost(),
                    d.voip(),
                    d.personal_number(),
                    d.pager(),
                    d.uan(),
                    d.voicemail(),
                    d.fixed_line(),
                    d.mobile(),
                ];
                // libphonenumber matches the whole national number; the crate only checks that
                // a match starts at 0, which accepts numbers with extra trailing digits.
                let full = |p: &str| format!("(?:{p})$");
                let mut pats = vec![full(general.national_number().as_str())];
                let mut lengths = vec![general.possible_length().to_vec()];
                for t in types.into_iter().flatten() {
                    pats.push(full(t.national_number().as_str()));
                    lengths.push(t.possible_length().to_vec());
                }
                let syntax = regex_automata::util::syntax::Config::new().ignore_whitespace(true);
                let types = Regex::builder()
                    .syntax(syntax)
                    .configure(Regex::config().match_kind(MatchKind::All))
                    .build_many(&pats)
                    .ok()?;
                let parsing = match &self.parsing {
                    Some(p) => Some(Regex::builder().syntax(syntax).build(p).ok()?),
                    None => None,
                };
                Some(Compiled {
                    types,
                    lengths,
                    parsing,
                })
            })
            .as_ref()
    }

    /// A national-format number: valid as it stands, or with its national prefix stripped.
    /// Returns where the national significant number starts.
    fn valid_national_format(&self, digits: &str) -> Option<usize> {
        if self.valid_national(digits) {
            return Some(0);
        }
        let Some(Compiled {
            parsing: Some(parsing),
            ..
        }) = self.compiled()
        else {
            return None;
        };
        match parsing.search(&Input::new(digits).anchored(Anchored::Yes)) {
            Some(m) if m.end() > 0 && m.end() < digits.len() => {
                self.valid_national(&digits[m.end()..]).then_some(m.end())
            }
            _ => None,
        }
    }

    /// libphonenumber's rule on a national significant number (digits only).
    fn valid_national(&self, national: &str) -> bool {
        let Some(Compiled {
            types: regex,
            lengths,
            ..
        }) = self.compiled()
        else {
            return false;
        };
        let len = national.len() as u16;
        let fits = |i: usize| lengths[i].is_empty() || lengths[i].contains(&len);
        if !fits(0) {
            return false;
        }
        let mut set = PatternSet::new(regex.pattern_len());
        regex.which_overlapping_matches(&Input::new(national).anchored(Anchored::Yes), &mut set);
        set.contains(regex_automata::PatternID::ZERO)
            && set
                .iter()
                .skip_while(|p| p.as_usize() == 0)
                .any(|p| fits(p.as_usize()))
    }
}

impl Rules {
    fn check(&self, text: &str, region: Option<Id>) -> Option<Valid> {
        let trimmed = text.trim_start();
        let mut digits = String::with_capacity(text.len());
        digits.extend(trimmed.chars().filter(char::is_ascii_digit));
        if digits.len() < 4 || digits.len() > 17 {
            return None;
        }
        let international = if trimmed.starts_with('+') {
            Some(digits.as_str())
        } else if let Some(rest) = digits
            .strip_prefix("00")
            .filter(|r| !r.starts_with('0') && !matches!(region, Some(Id::US) | Some(Id::CA)))
        {
            Some(rest)
        } else {
            digits
                .strip_prefix("011")
                .filter(|_| matches!(region, Some(Id::US) | Some(Id::CA)))
        };
        if let Some(number) = international {
            let start = digits.len() - number.len();
            let found = (1..=3).find_map(|n| {
                let code = number.get(..n).and_then(|c| c.parse::<u16>().ok())?;
                let national = &number[n..];
                self.by_code.get(code as usize)?.iter().find_map(|&i| {
                    let r = &self.regions[i];
                    if r.slow {
                        return crate_parse(text, None).map(Valid::Crate);
                    }
                    let nsn = start + n + r.valid_national_format(national)?;
                    Some(Valid::Fast {
                        code,
                        digits: String::new(),
                        nsn,
                    })
                })
            });
            return match found {
                Some(Valid::Fast { code, nsn, .. }) => Some(Valid::Fast { code, digits, nsn }),
                other => other,
            };
        }
        let region = region?;
        let &Some(i) = self.by_id.get(region as usize)? else {
            return None;
        };
        let r = &self.regions[i];
        if r.slow {
            return crate_parse(text, Some(region)).map(Valid::Crate);
        }
        let nsn = r.valid_national_format(&digits)?;
        Some(Valid::Fast {
            code: r.meta.country_code(),
            digits,
            nsn,
        })
    }
}

/// The crate's own parser and validator (slow; for regions with prefix rewrite rules).
fn crate_parse(text: &str, region: Option<Id>) -> Option<phonenumber::PhoneNumber> {
    phonenumber::parse(region, text)
        .ok()
        .filter(phonenumber::is_valid)
}

#[cfg(test)]
fn crate_is_valid(text: &str, region: Option<Id>) -> bool {
    crate_parse(text, region).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_codes_and_names() {
        assert_eq!(region("de"), Some(Id::DE));
        assert_eq!(region(" Deutschland "), Some(Id::DE));
        assert_eq!(region("España"), Some(Id::ES));
        assert_eq!(region("Atlantis"), None);
        assert_eq!(region(""), None);
    }

    #[test]
    fn international_numbers_need_no_region() {
        assert!(is_valid("+49 151 23456789", None));
        assert!(is_valid("+33 6 12 34 56 78", None));
        assert!(!is_valid("+49 151", None));
    }

    /// The fast validator must agree with the crate's own on every example number in the
    /// metadata, on each example with its last digit dropped or a digit added, and on each in
    /// national format with the region's trunk prefix.
    #[test]
    fn agrees_with_the_phonenumber_crate_on_the_metadata_examples() {
        let mut checked = 0;
        let mut disagreements = Vec::new();
        let mut metas: Vec<_> = phonenumber::metadata::DATABASE.iter().collect();
        metas.sort_by(|a, b| a.id().cmp(b.id()));
        for meta in metas {
            let Ok(region) = meta.id().parse::<Id>() else {
                continue;
            };
            let d = meta.descriptors();
            let examples = [
                d.fixed_line(),
                d.mobile(),
                d.toll_free(),
                d.voip(),
                d.premium_rate(),
            ];
            for ex in examples.into_iter().flatten().filter_map(|d| d.example()) {
                let cc = meta.country_code();
                let variants = [
                    format!("+{cc}{ex}"),
                    format!("+{cc}{}", &ex[..ex.len() - 1]),
                    format!("+{cc}{ex}7"),
                    format!("{}{ex}", meta.national_prefix().unwrap_or("")),
                ];
                for (i, v) in variants.iter().enumerate() {
                    checked += 1;
                    let r = Some(region);
                    let (fast, slow) = (is_valid(v, r), crate_is_valid(v, r));
                    // Genuine examples (0: international, 3: national) must agree; on mutated
                    // numbers scour may only be stricter (the crate accepts trailing digits).
                    let exact = i == 0 || i == 3;
                    if (exact && fast != slow) || (fast && !slow) {
                        disagreements.push(format!("{} {v}: fast {fast} crate {slow}", meta.id()));
                    }
                }
            }
        }
        assert!(checked > 1000);
        // A handful of exotic regions may differ on national-format edge cases; none may differ
        // in the regions scour's users are in.
        let core = [
            "DE", "FR", "IT", "ES", "NL", "PL", "SE", "GB", "US", "AT", "BE", "CH", "DK", "FI",
            "IE", "PT", "NO", "CZ",
        ];
        let bad: Vec<_> = disagreements
            .iter()
            .filter(|d| core.iter().any(|c| d.starts_with(c)))
            .collect();
        assert!(bad.is_empty(), "{bad:#?}");
        assert!(
            disagreements.len() * 100 < checked,
            "{} of {checked} disagree: {disagreements:#?}",
            disagreements.len()
        );
    }

    #[test]
    fn trailing_digits_make_a_number_invalid() {
        // Their first digits match a pattern and their length is possible for the type, but
        // the whole number matches no pattern (the phonenumber crate accepts both).
        assert!(!is_valid("+31 655 408 490 85", None));
        assert!(!is_valid("+353 98 5328 0502", None));
        assert!(is_valid("+31 6 55408490", None));
    }

    #[test]
    fn uk_is_gb_and_00_is_not_international_in_the_us() {
        assert_eq!(region("UK"), Some(Id::GB));
        assert!(is_valid("0049 151 23456789", Some(Id::DE)));
        assert!(!is_valid("0049 151 23456789", Some(Id::US)));
    }

    #[test]
    fn e164_strips_separators_and_the_national_prefix() {
        let de = Some(Id::DE);
        assert_eq!(e164("030 1234567", de).as_deref(), Some("+49301234567"));
        assert_eq!(
            e164("+49 (0)30 1234567", None).as_deref(),
            Some("+49301234567")
        );
        assert_eq!(
            e164("0049 151 23456789", de).as_deref(),
            Some("+4915123456789")
        );
        assert_eq!(
            e164("06 12 34 56 78", Some(Id::FR)).as_deref(),
            Some("+33612345678")
        );
        // Italian fixed lines keep their leading 0.
        assert_eq!(
            e164("06 4567 8901", Some(Id::IT)).as_deref(),
            Some("+390645678901")
        );
        assert_eq!(e164("(212) 123-4567", Some(Id::US)), None);
        assert_eq!(
            e164("(201) 234-5678", Some(Id::US)).as_deref(),
            Some("+12012345678")
        );
        // A region with a prefix rewrite rule goes through the crate.
        assert_eq!(
            e164("+54 9 11 2345 6789", None).as_deref(),
            Some("+5491123456789")
        );
        assert_eq!(e164("0151 2345", de), None);
    }

    /// Every metadata example, written nationally with its trunk prefix, comes back as the
    /// crate's own E.164 form.
    #[test]
    fn e164_agrees_with_the_crate_on_the_core_examples() {
        for id in [
            "DE", "FR", "IT", "ES", "NL", "PL", "SE", "GB", "US", "AT", "BE", "CH",
        ] {
            let region: Id = id.parse().unwrap();
            let meta = phonenumber::metadata::DATABASE.by_id(id).unwrap();
            let d = meta.descriptors();
            for ex in [d.fixed_line(), d.mobile()].into_iter().flatten() {
                let Some(ex) = ex.example() else { continue };
                let text = format!("{}{ex}", meta.national_prefix().unwrap_or(""));
                let ours = e164(&text, Some(region));
                let theirs = crate_parse(&text, Some(region)).map(|n| {
                    phonenumber::format(&n)
                        .mode(phonenumber::Mode::E164)
                        .to_string()
                });
                assert_eq!(ours, theirs, "{id} {text}");
                assert!(ours.is_some(), "{id} {text}");
            }
        }
    }

    #[test]
    fn national_numbers_need_a_region() {
        assert!(is_valid("06 12 34 56 78", Some(Id::FR)));
        assert!(!is_valid("06 12 34 56 78", None));
    }
}

#[cfg(test)]
mod fast_path {
    #[test]
    fn core_regions_take_the_fast_path() {
        let r = super::rules();
        let slow: Vec<&str> = [
            "DE", "FR", "IT", "ES", "NL", "PL", "SE", "GB", "US", "AT", "BE", "CH",
        ]
        .into_iter()
        .filter(|id| r.regions[r.by_id[id.parse::<super::Id>().unwrap() as usize].unwrap()].slow)
        .collect();
        assert!(slow.is_empty(), "slow: {slow:?}");
    }
}
