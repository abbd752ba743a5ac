//! Austria: social insurance number (Versicherungsnummer) and VAT number (UID).

use crate::detect::checksum::{compact, compact_digits, dig, num, valid_date, weighted_sum};

/// Austrian Sozialversicherungsnummer / Versicherungsnummer (VSNR, social
/// insurance number), issued by the Dachverband der österreichischen
/// Sozialversicherungsträger. Ten digits `LLLC DDMMYY`: a three-digit serial
/// (first digit not 0), the check digit and the birth date. The check digit
/// is the other nine digits weighted 3, 7, 9, 5, 8, 4, 2, 1, 6, summed, mod 11
/// (serials giving 10 are never issued). The date must exist, except that the
/// fictitious months 13, 14 and 15 (day 01-31) are used when the birth date
/// is unknown or a day's serials are exhausted.
pub fn svnr(s: &str) -> bool {
    const W: [u32; 10] = [3, 7, 9, 0, 5, 8, 4, 2, 1, 6];
    let mut buf = [0u8; 10];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 10 && d[0] != b'0' => d,
        _ => return false,
    };
    if weighted_sum(d, &W) % 11 != dig(d[3]) {
        return false;
    }
    let (day, month, yy) = (
        num(&d[4..6]) as u32,
        num(&d[6..8]) as u32,
        num(&d[8..]) as u32,
    );
    match month {
        13..=15 => (1..=31).contains(&day),
        _ => valid_date(1900 + yy, month, day) || valid_date(2000 + yy, month, day),
    }
}

/// Austrian Umsatzsteuer-Identifikationsnummer (UID, VAT identification
/// number), issued by the Finanzamt: `ATU` + eight digits, with or without
/// the `AT` prefix (the `U` is part of the number). The eighth digit checks
/// the seven before it: digits in even positions are doubled (cross sum of
/// the product), all are added, and the check is (6 - sum) mod 10.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let Some(d) = compact(s, &mut buf) else {
        return false;
    };
    let d = d.strip_prefix(b"AT").unwrap_or(d);
    let d = match d {
        [b'U', rest @ ..] if rest.len() == 8 && rest.iter().all(u8::is_ascii_digit) => rest,
        _ => return false,
    };
    let sum: u32 = d[..7]
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let v = dig(b) << (i % 2);
            v / 10 + v % 10
        })
        .sum();
    (16 - sum % 10) % 10 == dig(d[7])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn svnr_examples() {
        // Example from de.wikipedia "Sozialversicherungsnummer" (Österreich), as
        // used in python-stdnum's at.vnr documentation.
        assert!(svnr("1237 010180"));
        assert!(svnr("1237010180"));
        assert!(!svnr("2237 010180")); // wrong check digit
        assert!(!svnr("0237010180")); // serial starts with 0
        assert!(!svnr("123701018"));
        assert!(!svnr("12370101800"));
        // The check digit position weighs 0, so the check sits in the middle:
        // 100 + date 010100 -> 3*1 + 5*0 + 8*1 + 2*1 = 13 -> 13 mod 11 = 2.
        assert!(svnr("1002010100"));
        // Fictitious month 13 (date unknown / serials exhausted) is accepted,
        // month 16 and day 32 are not (same weighted sum, so same check digit).
        // 100 + date 011385 -> 3 + 8 + 4 + 6 + 8 + 30 = 59 -> 59 mod 11 = 4.
        assert!(svnr("1004011385"));
        assert!(!(0..10).any(|c| svnr(&format!("100{c}011600"))));
        assert!(!(0..10).any(|c| svnr(&format!("100{c}320100"))));
        // 29 February: only in a year that can be a leap year.
        assert!((0..10).any(|c| svnr(&format!("100{c}290284"))));
        assert!(!(0..10).any(|c| svnr(&format!("100{c}290285"))));
        // Every weight is nonzero mod 11 (a prime), so each single-digit change
        // moves the sum and is detected by the check digit alone.
        for v in ["1237010180", "1002010100", "1004011385"] {
            assert_mutations_rejected(svnr, v, 0);
        }
    }

    #[test]
    fn vat_examples() {
        // Austrian UIDs published online (collected in python-stdnum's
        // test_eu_vat.doctest) and the stdnum at.uid documentation example.
        let valid = ["ATU13585627", "ATU46080404", "ATU61195628", "ATU15159209"];
        for v in valid {
            assert!(vat(v), "{v}");
            assert!(vat(&v[2..]), "{v}");
            assert_mutations_rejected(vat, v, 3);
        }
        assert!(vat("ATU 142 43 102"));
        assert!(vat("at u13585627"));
        assert!(vat("AT U13585627"));
        assert!(!vat("U13585626"));
        assert!(!vat("AT13585627")); // the U is part of the number
        assert!(!vat("13585627"));
        assert!(!vat("ATU135856270"));
        assert!(!vat("DEU13585627"));
    }
}
