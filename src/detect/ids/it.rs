//! Italy: partita IVA (VAT number).

use crate::detect::checksum::{compact, dig, luhn, num, valid_date};

/// Italian partita IVA (VAT number), issued by the Agenzia delle Entrate.
/// Optional "IT" prefix and 11 digits: a seven-digit taxpayer number (not
/// all zeros), the three-digit provincial office code (001-100, or 120, 121,
/// 888, 999) and a Luhn check digit over all eleven.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 13];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"IT").unwrap_or(d),
        None => return false,
    };
    if d.len() != 11 || !d.iter().all(u8::is_ascii_digit) || num(&d[..7]) == 0 {
        return false;
    }
    let office = num(&d[7..10]);
    let office_ok = matches!(office, 1..=100 | 120 | 121 | 888 | 999);
    office_ok && luhn(d)
}

/// Digit value of a codice fiscale date/place character, accepting the
/// omocodia substitutes L M N P Q R S T U V for 0-9.
fn cf_digit(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(dig(b)),
        _ => b"LMNPQRSTUV".iter().position(|&c| c == b).map(|p| p as u32),
    }
}

/// Italian codice fiscale (persone fisiche), per the Decreto del Ministero
/// delle Finanze of 23 December 1976: 16 characters, the check letter being
/// the sum of odd-position (1-based) values from the official "dispari"
/// table and even-position values from the "pari" table, mod 26. Omocodia
/// substitutes (LMNPQRSTUV) are accepted in the seven digit positions; the
/// month letter is one of ABCDEHLMPRST; the day is 1-31 (men) or 41-71
/// (women) and must exist in that month (29 February allowed when the
/// two-digit year can be a leap year).
pub fn codice_fiscale(s: &str) -> bool {
    // Odd-position values for A..Z; digits use the values of A..J.
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    const DIGIT_POS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
    let mut buf = [0u8; 16];
    let d = match compact(s, &mut buf) {
        Some(d) if d.len() == 16 => d,
        _ => return false,
    };
    for (i, &b) in d.iter().enumerate() {
        let ok = if DIGIT_POS.contains(&i) {
            cf_digit(b).is_some()
        } else {
            b.is_ascii_uppercase()
        };
        if !ok {
            return false;
        }
    }
    let month = match b"ABCDEHLMPRST".iter().position(|&c| c == d[8]) {
        Some(p) => p as u32 + 1,
        None => return false,
    };
    let v = |i: usize| cf_digit(d[i]).unwrap_or(0);
    let year = v(6) * 10 + v(7);
    let day = match v(9) * 10 + v(10) {
        x @ 1..=31 => x,
        x @ 41..=71 => x - 40,
        _ => return false,
    };
    if !valid_date(1900 + year, month, day) && !valid_date(2000 + year, month, day) {
        return false;
    }
    let mut sum = 0u32;
    for (i, &b) in d[..15].iter().enumerate() {
        let idx = if b.is_ascii_digit() {
            (b - b'0') as usize
        } else {
            (b - b'A') as usize
        };
        sum += if i % 2 == 0 { ODD[idx] } else { idx as u32 };
    }
    d[15] == b'A' + (sum % 26) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn partita_iva() {
        // python-stdnum documentation: IT 00743110157; IT12345670017: format
        // example in Odoo's VAT hints (office 001).
        let valid = ["00743110157", "12345670017"];
        for v in valid {
            assert!(vat(v), "{v}");
            // Luhn catches every single-digit change.
            for i in 0..11 {
                for r in b'0'..=b'9' {
                    let mut m = v.as_bytes().to_vec();
                    if m[i] != r {
                        m[i] = r;
                        let m = String::from_utf8(m).unwrap();
                        assert!(!vat(&m), "{m}");
                    }
                }
            }
        }
        assert!(vat("IT 00743110157"));
        assert!(vat("it00743110157"));
        assert!(vat("007 431 101 57"));
        assert!(!vat("00743110158")); // stdnum: bad check digit
        assert!(!vat("0074311015"));
        // Luhn-valid but office 101 does not exist (Luhn check digit 5).
        assert!(!vat("12345671015"));
        // Taxpayer number all zeros: 0000000001? passes Luhn with check 8.
        assert!(!vat("00000000018"));
    }

    #[test]
    fn codice_fiscale_examples() {
        let valid = [
            "RSSMRA85T10A562S",
            "MRTMTT25D09F205Z",
            "RCCMNL83S18D969H",
            "CNTCHR83T41D969D",
            // Omocodic variant of RSSMRA85T10A562S, last digit 2 -> N,
            // check recomputed by hand: 122 - 5 + 20 = 137, 137 mod 26 = 7 -> H.
            "RSSMRA85T10A56NH",
        ];
        for v in valid {
            assert!(codice_fiscale(v), "{v}");
        }
        assert!(codice_fiscale("rssmra85t10a562s"));
        assert!(codice_fiscale("RSS MRA 85T10 A562S"));
        assert!(!codice_fiscale("RSSMRA85T10A562T"));
        assert!(!codice_fiscale("RCCMNL83S18D969"));
        assert!(!codice_fiscale("RSSMRA85T10A562SX"));
        // Month letter F is not used.
        assert!(!complete_cf("RSSMRA85F10A562"));
        // Day 32 / 00 / 72 never valid; 30 February never valid.
        assert!(!complete_cf("RSSMRA85T32A562"));
        assert!(!complete_cf("RSSMRA85T00A562"));
        assert!(!complete_cf("RSSMRA85T72A562"));
        assert!(!complete_cf("RSSMRA85B30A562"));
        assert!(!complete_cf("RSSMRA85B70A562"));
        // 29 February: 84 can be a leap year, 85 cannot.
        assert!(complete_cf("RSSMRA84B29A562"));
        assert!(!complete_cf("RSSMRA85B29A562"));
        // Female day 71 in a 31-day month works.
        assert!(complete_cf("RSSMRA85A71A562"));
        // Digit in a letter position.
        assert!(!complete_cf("RSSMR185T10A562"));
        assert_all_valid_and_mutations(codice_fiscale, &valid);
    }

    /// Whether any check letter makes the 15-character body valid.
    fn complete_cf(body: &str) -> bool {
        (b'A'..=b'Z').any(|c| codice_fiscale(&format!("{body}{}", c as char)))
    }
}
