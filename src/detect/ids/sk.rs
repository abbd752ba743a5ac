//! Slovakia: VAT number (IČ DPH). The birth number is [`super::cz::rc`].

use crate::detect::checksum::{compact, num};

/// Slovak IČ DPH, identifikačné číslo pre daň z pridanej hodnoty (VAT
/// number), issued by the Finančná správa: `SK` + ten digits, with or
/// without the prefix. The number is a valid ten-digit rodné číslo
/// ([`super::cz::rc`]), or it does not start with 0, its third digit is 2,
/// 3, 4, 7, 8 or 9, and the whole number is divisible by 11.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 12];
    let Some(d) = compact(s, &mut buf) else {
        return false;
    };
    let d = d.strip_prefix(b"SK").unwrap_or(d);
    if d.len() != 10 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let by_rule = d[0] != b'0' && b"234789".contains(&d[2]) && num(d) % 11 == 0;
    by_rule || std::str::from_utf8(d).is_ok_and(super::cz::rc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn vat_examples() {
        // Slovak IČ DPH published online (python-stdnum's test_eu_vat.doctest).
        let valid = [
            "SK2022193459",
            "SK1078449064",
            "SK2020257679",
            "SK2021853504",
        ];
        for v in valid {
            assert!(vat(v), "{v}");
            assert!(vat(&v[2..]), "{v}");
            // 10^k is never 0 mod 11, so a changed digit breaks divisibility;
            // it could still form a valid rodné číslo, which these do not.
            assert_mutations_rejected_at(vat, v, 2..12);
        }
        assert!(vat("SK 202 274 96 19"));
        assert!(vat("SK 2020 237 945"));
        assert!(vat("sk 2021 6858 20"));
        assert!(vat("SK7103192745")); // a rodné číslo
        assert!(!vat("SK 202 274 96 18"));
        assert!(!vat("SK 1078449164"));
        assert!(!vat("SK 302 274 96 19"));
        assert!(!vat("SK A078449064"));
        assert!(!vat("SK 012 274 96 19")); // starts with 0
        assert!(!vat("SK 2010 237 945")); // third digit 1
        assert!(!vat("SK 991231123")); // nine digits
    }
}
