//! Denmark: personal identification number (CPR) and business/VAT number (CVR).

use super::today;
use crate::detect::checksum::{compact, compact_digits, num, valid_date, weighted_sum};

/// Danish CPR-nummer, personnummer (personal identification number),
/// issued by CPR-kontoret (the Civil Registration System). Ten digits
/// `DDMMYY-SSSS`; the first serial digit gives the century: 0-3 the 1900s;
/// 4 and 9 the 2000s for YY 00-36, else the 1900s; 5-8 the 2000s for YY
/// 00-57, else the 1800s. The modulus 11 check was dropped in 2007. No
/// check digit exists: validates structure and the embedded date (which
/// must exist and not lie after today).
pub fn cpr(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 10 => d,
        _ => return false,
    };
    let (dd, mm, yy) = (
        num(&d[..2]) as u32,
        num(&d[2..4]) as u32,
        num(&d[4..6]) as u32,
    );
    let century = match (d[6], yy) {
        (b'0'..=b'3', _) | (b'4' | b'9', 37..) => 1900,
        (b'4' | b'9', _) | (_, 0..=57) => 2000,
        _ => 1800,
    };
    valid_date(century + yy, mm, dd) && (century + yy, mm, dd) <= today()
}

/// Danish CVR-nummer, det centrale virksomhedsregister (business register
/// number, also the VAT / momsregistreringsnummer), issued by
/// Erhvervsstyrelsen: `DK` + eight digits, with or without the prefix, the
/// first not 0. The digits weighted 2, 7, 6, 5, 4, 3, 2, 1 must sum to a
/// multiple of 11.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let Some(d) = compact(s, &mut buf) else {
        return false;
    };
    let d = d.strip_prefix(b"DK").unwrap_or(d);
    d.len() == 8
        && d[0] != b'0'
        && d.iter().all(u8::is_ascii_digit)
        && weighted_sum(d, &[2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn cpr_examples() {
        // 211062-5629: python-stdnum dk.cpr documentation. The century table
        // is CPR-kontoret's ("Personnummeret i CPR-systemet"), as reproduced
        // on da.wikipedia "CPR-nummer".
        assert!(cpr("211062-5629"));
        assert!(cpr("2110625629"));
        assert!(cpr("2110620629")); // serial 0: 1962
        assert!(!cpr("511062-5629")); // day 51
        assert!(!cpr("211362-5629")); // month 13
        assert!(!cpr("2110525629")); // 5xxx with YY 52: 2052, not born yet
        assert!(!cpr("21106256290"));
        assert!(!cpr("211062562"));
        // Century from the serial: 010158-5xxx is 1858, 010136-4xxx is 2036
        // (not yet born), 010137-4xxx is 1937; 29 February 1900 never existed.
        assert!(cpr("010158-5000"));
        assert!(!cpr("010136-4000"));
        assert!(cpr("010137-4000"));
        assert!(cpr("010100-4000")); // 2000-01-01
        assert!(!cpr("290200-0000"));
        assert!(cpr("290200-4000"));
        // No check digit: changing a serial digit keeps the number valid,
        // changing the date can break it.
        assert!(cpr("211062-5628"));
        assert!(!cpr("311162-5629"));
    }

    #[test]
    fn today_is_plausible() {
        let (y, m, d) = today();
        assert!((2024..2200).contains(&y) && (1..=12).contains(&m) && valid_date(y, m, d));
    }

    #[test]
    fn vat_examples() {
        // Danish CVR numbers published online (python-stdnum's test_eu_vat.doctest).
        let valid = ["DK13585628", "DK10150817", "DK26210895", "DK36149213"];
        for v in valid {
            assert!(vat(v), "{v}");
            assert!(vat(&v[2..]), "{v}");
            // Weights are nonzero mod 11: every single-digit change is caught.
            assert_mutations_rejected_at(vat, v, 2..10);
        }
        assert!(vat("DK 13 58 56 28"));
        assert!(vat("DK-27630308"));
        assert!(vat("dk 2566 2202"));
        assert!(!vat("DK 13585627"));
        assert!(!vat("DK 2565 2202"));
        assert!(!vat("DK1358562"));
        assert!(!vat("DK135856280"));
        assert!(!vat("01358562")); // leading 0
    }
}
