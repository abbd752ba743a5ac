//! Germany: pension and health insurance numbers, ID card and passport numbers, USt-IdNr.

use crate::detect::checksum::{
    compact, compact_digits, dig, icao_check_digit, iso7064_mod11_10, num, valid_date,
};

/// Sum of the cross sums (Quersummen) of `digit * weight` over the pairs (products below 100).
fn cross_sum_weighted(digits: impl Iterator<Item = u32>, weights: &[u32]) -> u32 {
    digits
        .zip(weights)
        .map(|(d, &w)| (d * w) / 10 + (d * w) % 10)
        .sum()
}

/// German Rentenversicherungsnummer / Sozialversicherungsnummer (English: pension insurance
/// number, used as the social security number), issued by the Datenstelle der Deutschen
/// Rentenversicherung (§ 147 SGB VI). Twelve characters, written "15 070649 C 103": area number,
/// birth date DDMMYY, initial of the birth surname, two-digit serial, check digit. The letter
/// becomes its alphabet position (A = 01); the twelve resulting digits are weighted
/// 2,1,2,5,7,1,2,1,2,1,2,1, the cross sums of the products added, and the sum mod 10 is the
/// check digit. The area must be one the DEÜV specification allows; the date follows DRV rules
/// (day + 32, + 64, or 1 + 96 when serials run out; day 00 = unknown; month 00 = unknown month).
pub fn rvnr(s: &str) -> bool {
    const W: [u32; 12] = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1];
    let mut buf = [0u8; 12];
    let d = match compact(s, &mut buf) {
        Some(d) if d.len() == 12 => d,
        _ => return false,
    };
    let digits_ok = d[..8].iter().chain(&d[9..]).all(u8::is_ascii_digit);
    if !digits_ok || !d[8].is_ascii_uppercase() {
        return false;
    }
    let area_ok = matches!(
        num(&d[..2]),
        2..=4 | 8..=21 | 23..=26 | 28 | 29 | 38 | 39 | 42..=44 | 48..=61 | 63..=66 | 68 | 69
            | 78..=82 | 89
    );
    let (dd, mm, yy) = (
        num(&d[2..4]) as u32,
        num(&d[4..6]) as u32,
        num(&d[6..8]) as u32,
    );
    let day = match dd {
        0..=95 => dd % 32,
        97 => 1,
        _ => return false,
    };
    let date_ok = match (mm, day) {
        (0, day) => (1..=31).contains(&day),
        (1..=12, 0) => true,
        (1..=12, day) => valid_date(1900 + yy, mm, day) || valid_date(2000 + yy, mm, day),
        _ => false,
    };
    if !area_ok || !date_ok {
        return false;
    }
    let letter = u32::from(d[8] - b'A') + 1;
    let expanded = d[..8]
        .iter()
        .map(|&b| dig(b))
        .chain([letter / 10, letter % 10])
        .chain(d[9..11].iter().map(|&b| dig(b)));
    cross_sum_weighted(expanded, &W) % 10 == dig(d[11])
}

/// German Krankenversichertennummer (KVNR, unveränderlicher Teil; English: health insurance
/// number, the lifelong part printed on the eGK), assigned by the Vertrauensstelle
/// Krankenversichertennummer (§ 290 SGB V). A letter, eight digits and a check digit. The letter
/// becomes its alphabet position (A = 01); the ten resulting digits are weighted 1,2,1,2,...,
/// the cross sums of the products added, and the sum mod 10 is the check digit (GKV-Spitzenverband
/// specification, a modified Luhn scheme).
pub fn kvnr(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let d = match compact(s, &mut buf) {
        Some(d) if d.len() == 10 => d,
        _ => return false,
    };
    if !d[0].is_ascii_uppercase() || !d[1..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let letter = u32::from(d[0] - b'A') + 1;
    let expanded = [letter / 10, letter % 10]
        .into_iter()
        .chain(d[1..9].iter().map(|&b| dig(b)));
    cross_sum_weighted(expanded, &[1, 2, 1, 2, 1, 2, 1, 2, 1, 2]) % 10 == dig(d[9])
}

/// Letters used in German ID card and passport serial numbers (no vowels, no B, D, Q, S).
const DOC_LETTERS: &[u8] = b"CFGHJKLMNPRTVWXYZ";

/// Whether `d` is a 9-character document serial (first character from `first`, the rest from
/// the document alphabet) optionally followed by its ICAO 9303 check digit.
fn doc_serial(d: &[u8], first: &[u8]) -> bool {
    if !(d.len() == 9 || d.len() == 10) || !first.contains(&d[0]) {
        return false;
    }
    if !d[1..9]
        .iter()
        .all(|b| b.is_ascii_digit() || DOC_LETTERS.contains(b))
    {
        return false;
    }
    d.len() == 9 || (d[9].is_ascii_digit() && icao_check_digit(&d[..9]) == Some(dig(d[9])))
}

/// German Personalausweisnummer (English: identity card number), issued by the Bundesdruckerei
/// for the Bundesministerium des Innern. Since November 2010 (nPA): nine characters from
/// [CFGHJKLMNPRTVWXYZ0-9], the first a letter, optionally followed by the ICAO 9303 check digit
/// (weights 7,3,1; letters A = 10) as printed in the machine-readable zone; if present it must
/// match. The pre-2010 form, nine digits plus check digit, is accepted only with its check digit.
/// Without the check digit only the structure is validated.
pub fn id_card(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let d = match compact(s, &mut buf) {
        Some(d) => d,
        None => return false,
    };
    if d.len() == 10 && d.iter().all(u8::is_ascii_digit) {
        return icao_check_digit(&d[..9]) == Some(dig(d[9]));
    }
    doc_serial(d, DOC_LETTERS)
}

/// German Reisepassnummer (English: passport number), issued by the Bundesdruckerei: nine
/// characters from [CFGHJKLMNPRTVWXYZ0-9], the first one of C, F, G, H, J, K, optionally followed
/// by the ICAO 9303 check digit from the machine-readable zone (must match if present). Without
/// the check digit only the structure is validated.
pub fn passport(s: &str) -> bool {
    let mut buf = [0u8; 10];
    match compact(s, &mut buf) {
        Some(d) => doc_serial(d, b"CFGHJK"),
        None => false,
    }
}

/// German Umsatzsteuer-Identifikationsnummer (USt-IdNr.; English: VAT identification number),
/// issued by the Bundeszentralamt für Steuern. "DE" (optional) and nine digits, the first not 0;
/// the last is an ISO 7064 MOD 11,10 check digit.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let mut d = match compact(s, &mut buf) {
        Some(d) => d,
        None => return false,
    };
    if let Some(rest) = d.strip_prefix(b"DE") {
        d = rest;
    }
    d.len() == 9 && d[0] != b'0' && iso7064_mod11_10(d)
}

/// German Steuerliche Identifikationsnummer (§ 139b AO): ISO 7064 MOD 11,10
/// as published by the Bundeszentralamt für Steuern. Eleven digits, the first
/// not 0. Among the first ten digits exactly one digit occurs twice or three
/// times and every other digit at most once (rule in force since 2016); a
/// digit occurring three times may not occupy three adjacent positions.
pub fn idnr(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 11 => d,
        _ => return false,
    };
    if d[0] == b'0' {
        return false;
    }
    let mut counts = [0u8; 10];
    for &b in &d[..10] {
        counts[dig(b) as usize] += 1;
    }
    let mut repeated = 0;
    for &c in &counts {
        match c {
            0 | 1 => {}
            2 | 3 => repeated += 1,
            _ => return false,
        }
    }
    if repeated != 1 {
        return false;
    }
    if d[..10].windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return false;
    }
    // ISO 7064 MOD 11,10 (hybrid system).
    let mut product = 10u32;
    for &b in &d[..10] {
        let mut sum = (dig(b) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let check = (11 - product) % 10;
    check == dig(d[10])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn rvnr_numbers() {
        // Wikipedia (de) "Versicherungsnummer": 15 070649 C 103; kryptografie.de
        // "Sozialversicherungsnummer Prüfziffer": 10010490A443; SG Augsburg, Urteil of
        // 15.06.2015, S 2 R 641/14: 18 030254 O 022.
        for v in ["15 070649 C 103", "10010490A443", "18 030254 O 022"] {
            assert!(rvnr(v), "{v}");
        }
        assert!(rvnr("15070649c103"));
        assert!(!rvnr("15070649C104"));
        assert!(!rvnr("15071349C103")); // month 13
        assert!(!rvnr("150706491103")); // digit instead of letter
        assert!(!rvnr("01070649C103")); // area 01 not allocated
        assert!(!rvnr("15070649C10"));
        // Unknown day (00), unknown month (00) and the +32/+64/+96 serial-overflow days.
        assert!(complete_rvnr("15000649C10"));
        assert!(complete_rvnr("15170049C10"));
        assert!(complete_rvnr("15390649C10"));
        assert!(complete_rvnr("15710649C10"));
        assert!(complete_rvnr("15970649C10"));
        assert!(!complete_rvnr("15980649C10"));
        assert!(!complete_rvnr("15000049C10")); // both unknown is not a form the DRV issues
        assert!(!complete_rvnr("15300249C10")); // 30 February
        assert!(complete_rvnr("15290200C10")); // 29 February 2000
        for v in ["15070649C103", "10010490A443", "18030254O022"] {
            assert_mutations_rejected(rvnr, v, 0);
        }
    }

    /// Whether any check digit completes the 11-character body.
    fn complete_rvnr(body: &str) -> bool {
        ('0'..='9').any(|c| rvnr(&format!("{body}{c}")))
    }

    #[test]
    fn kvnr_numbers() {
        // gematik test data: A123456780 (VSDM test insurant), X110411319 (ePA FHIR examples).
        for v in ["A123456780", "X110411319"] {
            assert!(kvnr(v), "{v}");
        }
        assert!(kvnr("a 123 456 780"));
        assert!(!kvnr("A123456781"));
        assert!(!kvnr("1123456780"));
        assert!(!kvnr("A12345678"));
        for v in ["A123456780", "X110411319"] {
            assert_mutations_rejected(kvnr, v, 0);
        }
    }

    #[test]
    fn id_card_numbers() {
        // BMI/Bundesdruckerei specimen ID card (Erika Mustermann): T22000129, MRZ check digit 3.
        assert!(id_card("T22000129"));
        assert!(id_card("T220001293"));
        assert!(id_card("t2200 0129 3"));
        assert!(!id_card("T220001294"));
        assert!(!id_card("A22000129")); // A is not in the document alphabet
        assert!(!id_card("T2200O129")); // letter O, never used
        assert!(!id_card("122000129")); // old form needs its check digit
        assert!(id_card("1220001297")); // constructed old form: nine digits + ICAO check digit
        assert!(!id_card("1220001296"));
        assert!(!id_card("T2200012933"));
        assert_mutations_rejected(id_card, "T220001293", 0);
        assert_mutations_rejected(id_card, "1220001297", 0);
    }

    #[test]
    fn passport_numbers() {
        // BMI/Bundesdruckerei specimen passport (Erika Mustermann): C01X00T47, MRZ check digit 8.
        assert!(passport("C01X00T47"));
        assert!(passport("C01X00T478"));
        assert!(!passport("C01X00T477"));
        assert!(!passport("T01X00T47")); // T starts ID cards, not passports
        assert!(!passport("C01X00T4"));
        assert!(!passport("C01X00E47"));
        assert_mutations_rejected(passport, "C01X00T478", 0);
    }

    #[test]
    fn vat_numbers() {
        // python-stdnum de.vat documentation example.
        for v in ["DE136695976", "DE 136 695 976", "136695976", "de136695976"] {
            assert!(vat(v), "{v}");
        }
        assert!(!vat("136695978"));
        assert!(!vat("DE036695976"));
        assert!(!vat("AT136695976"));
        assert!(!vat("DE13669597"));
        assert_mutations_rejected(vat, "136695976", 0);
    }

    #[test]
    fn de_tax() {
        let valid = ["86095742719", "65929970489", "36574261809"];
        for v in valid {
            assert!(idnr(v), "{v}");
        }
        assert!(idnr("36 574 261 809"));
        assert!(!idnr("36574261890")); // stdnum: bad checksum
        assert!(!idnr("36554266806")); // stdnum: more digits repeated
        assert!(!idnr("06095742719")); // leading zero
        assert!(!idnr("8609574271"));
        assert!(!idnr("860957427190"));
        assert_all_valid_and_mutations(idnr, &valid);
    }

    #[test]
    fn de_tax_digit_rules() {
        // All ten digits distinct: never valid whatever the check digit.
        assert!(complete(idnr, "1234567890").is_empty());
        // Three in a row: rejected.
        assert!(complete(idnr, "1112345678").is_empty());
        // Digit four times: rejected.
        assert!(complete(idnr, "1121314567").is_empty());
        // Two digits doubled: rejected.
        assert!(complete(idnr, "1123456788").is_empty());
        // One digit thrice, not all adjacent: exactly one check digit works.
        assert_eq!(complete(idnr, "1121345678").len(), 1);
        // One digit doubled and adjacent: exactly one check digit works.
        assert_eq!(complete(idnr, "1123456789").len(), 1);
    }
}
