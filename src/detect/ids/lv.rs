//! Latvia: personas kods (personal code) and PVN reģistrācijas numurs (VAT number).

use crate::detect::checksum::{compact, compact_digits, dig, num, valid_date, weighted_sum};

/// Personal-code rules on eleven ASCII digits (see [`personas_kods`]).
fn personal_ok(d: &[u8]) -> bool {
    if d[0] > b'3' {
        return false;
    }
    // Codes issued since July 2017 start with 32 and carry no birth date.
    if !d.starts_with(b"32") {
        let century = match d[6] {
            b'0' => 1800,
            b'1' => 1900,
            b'2' => 2000,
            _ => return false,
        };
        let year = century + num(&d[4..6]) as u32;
        if !valid_date(year, num(&d[2..4]) as u32, num(&d[0..2]) as u32) {
            return false;
        }
    }
    let sum = weighted_sum(&d[..10], &[1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
    (1101 - sum) % 11 % 10 == dig(d[10])
}

/// Latvian personas kods (personal code), issued by the Office of
/// Citizenship and Migration Affairs (PMLP). Eleven digits, usually written
/// DDMMYY-CNNNX: birth date, century digit C (0 1800s, 1 1900s, 2 2000s),
/// serial, check digit; or, for codes issued since 1 July 2017, 32NNNN-NNNNX
/// with no date. Check digit X = (1101 - sum of d_i * (1,6,3,7,9,10,5,8,4,2))
/// mod 11, 10 written as 0. Legal-entity numbers (first digit 4-9) are
/// rejected here; see [`vat`].
pub fn personas_kods(s: &str) -> bool {
    let mut buf = [0u8; 11];
    match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 11 => personal_ok(d),
        _ => false,
    }
}

/// Latvian PVN reģistrācijas numurs (VAT number), issued by the Valsts
/// ieņēmumu dienests. Optional "LV" prefix and 11 digits: either a
/// legal-entity registration number (first digit 4-9, weights
/// 9,1,4,8,3,10,2,5,7,6,1 over all digits must leave remainder 3 mod 11) or a
/// natural person's personas kods (see [`personas_kods`]).
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 13];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"LV").unwrap_or(d),
        None => return false,
    };
    if d.len() != 11 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if d[0] > b'3' {
        weighted_sum(d, &[9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 == 3
    } else {
        personal_ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn personal_code() {
        // python-stdnum documentation: 161175-19997 (old form, born
        // 1975-11-16) and 328673-00679 (2017+ form without date).
        let valid = ["16117519997", "32867300679"];
        for v in valid {
            assert!(personas_kods(v), "{v}");
            assert!(vat(v), "{v}");
            assert_mutations_rejected_at(personas_kods, v, 0..11);
        }
        assert!(personas_kods("161175-19997"));
        assert!(personas_kods("328673-00679"));
        assert!(!personas_kods("161375-19997")); // stdnum: month 13
        assert!(!personas_kods("328673-00677")); // stdnum: bad check digit
        assert!(!personas_kods("40003521600")); // legal entity
        assert!(!personas_kods("LV16117519997")); // the prefix belongs to the VAT form
        assert!(!personas_kods("1611751999"));
        // Century digit: 0 = 1800s accepted; 3..9 never issued.
        assert!((0..10).any(|c| personas_kods(&format!("1611750999{c}"))));
        assert!((0..10).all(|c| !personas_kods(&format!("1611753999{c}"))));
        // 29 February 2000 exists, 1900 does not.
        assert!((0..10).any(|c| personas_kods(&format!("2902002000{c}"))));
        assert!((0..10).all(|c| !personas_kods(&format!("2902001000{c}"))));
    }

    #[test]
    fn pvn() {
        // python-stdnum documentation: LV 4000 3521 600 (legal entity).
        let valid = ["40003521600"];
        for v in valid {
            assert!(vat(v), "{v}");
            assert_mutations_rejected_at(vat, v, 0..11);
        }
        assert!(vat("LV 4000 3521 600"));
        assert!(vat("lv40003521600"));
        assert!(vat("LV161175-19997"));
        assert!(!vat("40003521601"));
        assert!(!vat("4000352160"));
        assert!(!vat("LV400035216000"));
    }
}
