//! Czech Republic (and Slovakia): birth number (rodné číslo) and VAT number (DIČ).

use crate::detect::checksum::{compact, compact_digits, dig, num, valid_date, weighted_sum};

/// Rodné číslo check on nine or ten ASCII digits (see [`rc`]).
fn rc_digits(d: &[u8]) -> bool {
    let (yy, mm, dd) = (
        num(&d[..2]) as u32,
        num(&d[2..4]) as u32,
        num(&d[4..6]) as u32,
    );
    let month = match mm {
        1..=12 => mm,
        21..=32 => mm - 20,
        51..=62 => mm - 50,
        71..=82 => mm - 70,
        _ => return false,
    };
    let year = match (d.len(), yy) {
        (9, 0..=53) => 1900 + yy,
        (9, 80..) => 1800 + yy,
        (9, _) => return false,
        (_, 0..=53) => 2000 + yy,
        _ => 1900 + yy,
    };
    valid_date(year, month, dd) && (d.len() == 9 || num(&d[..9]) % 11 % 10 == u64::from(dig(d[9])))
}

/// Czech and Slovak rodné číslo (birth number), issued by the Ministry of
/// the Interior (CZ) / Ministerstvo vnútra (SK) under the same rules:
/// `YYMMDD/SSS` (nine digits, people born before 1954) or `YYMMDD/SSSC`
/// (ten digits). The month is + 50 for women, and + 20 (men) or + 70 (women)
/// when a day's serials are exhausted; the date must exist (nine digits:
/// 1880-1953; ten digits: 1954-2053). The ten-digit number's first nine
/// digits mod 11 give the check digit (a remainder of 10 gives 0).
pub fn rc(s: &str) -> bool {
    let mut buf = [0u8; 10];
    matches!(compact_digits(s, &mut buf), Some(d) if (9..=10).contains(&d.len()) && rc_digits(d))
}

/// Czech DIČ, daňové identifikační číslo (tax identification / VAT number),
/// issued by the Finanční správa: `CZ` + 8, 9 or 10 digits, with or without
/// the prefix. Eight digits (legal entities, the IČO; not starting with 9):
/// check = 11 - (first seven weighted 8..2 mod 11), where 10 gives 0 and 11
/// gives 1. Nine digits starting with 6 (special cases): digits two to
/// eight weighted 8..2, check = (sum mod 11 + 8) mod 10. Other nine or ten
/// digits: an individual's rodné číslo ([`rc`]).
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 12];
    let Some(d) = compact(s, &mut buf) else {
        return false;
    };
    let d = d.strip_prefix(b"CZ").unwrap_or(d);
    if !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    const W: [u32; 7] = [8, 7, 6, 5, 4, 3, 2];
    match d.len() {
        8 if d[0] != b'9' => {
            let check = match 11 - weighted_sum(&d[..7], &W) % 11 {
                11 => 1,
                10 => 0,
                c => c,
            };
            check == dig(d[7])
        }
        9 if d[0] == b'6' => (weighted_sum(&d[1..8], &W) % 11 + 8) % 10 == dig(d[8]),
        9 | 10 => rc_digits(d),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn rc_examples() {
        // 710319/2745 and 991231123: python-stdnum cz.rc / sk.rc documentation;
        // 8801251680: found online (python-stdnum test_cz_rc.doctest);
        // 7103192745 etc. also appear as Czech DIČ numbers published online.
        assert!(rc("710319/2745"));
        assert!(rc("7103192745"));
        assert!(rc("991231123")); // nine digits, born 1899
        assert!(rc("8801251680"));
        assert!(rc("736028/5163")); // woman (+50), DIČ published online
        assert!(!rc("7103192746"));
        assert!(!rc("1103492745")); // day 49
        assert!(!rc("590312/123")); // nine digits after 1953
        assert!(!rc("71031927450"));
        assert!(!rc("71031927"));
        // Place values 10^k are never 0 mod 11, so a changed digit changes the
        // remainder; only remainders 0 and 10 share a check digit (0), so
        // numbers ending in 0 are left out (9801251680 passes as well).
        assert_mutations_rejected(rc, "7103192745", 0);
        assert_mutations_rejected(rc, "7360285163", 0);
        // Month offsets: +20 (men, extension), +50 (women), +70 (women, extension).
        for m in ["03", "23", "53", "73"] {
            assert!((0..10).any(|c| rc(&format!("04{m}15123{c}"))), "{m}");
        }
        // Months no rule produces (41-49, 91-99 pass `% 50 % 20` arithmetic).
        for m in ["13", "20", "33", "41", "49", "63", "83", "91", "99", "00"] {
            assert!(!(0..10).any(|c| rc(&format!("04{m}15123{c}"))), "{m}");
        }
        // Nine digits only for 1880-1953; 29 February 1900 does not exist.
        assert!(rc("530101123"));
        assert!(!rc("540101123"));
        assert!(!rc("000229123"));
        assert!(rc("960229123")); // 1896 was a leap year
                                  // Remainder 10 gives check digit 0 (1954-1985 rule, still accepted).
        assert_eq!(num(b"540101000") % 11, 10);
        assert!(rc("5401010000"));
    }

    #[test]
    fn vat_examples() {
        // Czech DIČ published online (python-stdnum's test_eu_vat.doctest).
        for v in ["CZ25123891", "CZ61467839", "CZ48207926", "CZ00023205"] {
            assert!(vat(v), "{v}");
            assert!(vat(&v[2..]), "{v}");
            // Weights 8..2 are nonzero mod 11, but remainders 0 and 10 both
            // give check digit 1, so numbers ending in 1 are skipped.
            if !v.ends_with('1') {
                assert_mutations_rejected(vat, v, 2);
            }
        }
        assert!(vat("CZ 60 72 77 72"));
        assert!(vat("CZ450 33 145"));
        assert!(vat("CZ 640903926")); // special case
        assert!(vat("CZ 682127228")); // special case
        assert!(vat("CZ 654123789")); // special case
        assert!(vat("CZ 640229/4448")); // rodné číslo
        assert!(vat("CZ6956220612"));
        assert!(vat("cz7103192745"));
        assert!(!vat("CZ 25557481"));
        assert!(!vat("CZ 48207726"));
        assert!(!vat("CZ 640913926"));
        assert!(!vat("CZ 8058018314"));
        assert!(!vat("CZ 95123891")); // eight digits starting with 9
        assert!(!vat("CZ2512389"));
        assert!(!vat("CZ251238911234"));
    }
}
