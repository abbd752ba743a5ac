//! Phone numbers: regions and validation against libphonenumber's metadata.
//!
//! Validation goes through the `phonenumber` crate (a port of Google's libphonenumber with its
//! metadata), which is correct but costs microseconds per number; callers only hand it
//! candidates that already have a phone number's digit count and layout.

use phonenumber::country::Id;

/// A region for phone parsing, from an ISO 3166-1 alpha-2 code or a country name as CRM tables
/// write it ("DE", "de", "Germany", "Deutschland", "Allemagne", ...).
pub fn region(value: &str) -> Option<Id> {
    let v = value.trim();
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
/// with `+` (then the country code decides).
pub fn is_valid(text: &str, region: Option<Id>) -> bool {
    if region.is_none() && !text.trim_start().starts_with('+') {
        return false;
    }
    match phonenumber::parse(region, text) {
        Ok(number) => phonenumber::is_valid(&number),
        Err(_) => false,
    }
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

    #[test]
    fn national_numbers_need_a_region() {
        assert!(is_valid("06 12 34 56 78", Some(Id::FR)));
        assert!(!is_valid("06 12 34 56 78", None));
    }
}
