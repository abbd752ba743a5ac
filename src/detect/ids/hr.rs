//! Croatia: personal identification number (OIB), also the VAT number.

use crate::detect::checksum::{compact, compact_digits, iso7064_mod11_10};

/// Croatian OIB, osobni identifikacijski broj (personal identification
/// number, for natural and legal persons), issued by the Porezna uprava (Tax
/// Administration). Eleven digits, no personal information; the last digit
/// is the ISO/IEC 7064 MOD 11,10 check digit over the first ten.
pub fn oib(s: &str) -> bool {
    let mut buf = [0u8; 11];
    matches!(compact_digits(s, &mut buf), Some(d) if d.len() == 11 && iso7064_mod11_10(d))
}

/// Croatian PDV identifikacijski broj (VAT number): `HR` + the eleven-digit
/// OIB, with or without the prefix, issued by the Porezna uprava; ISO/IEC
/// 7064 MOD 11,10 check digit as for the OIB.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 13];
    let Some(d) = compact(s, &mut buf) else {
        return false;
    };
    let d = d.strip_prefix(b"HR").unwrap_or(d);
    d.len() == 11 && iso7064_mod11_10(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn oib_examples() {
        // 33392005961: python-stdnum hr.oib documentation example;
        // 69435151530: the widely reproduced example OIB (Croatian OIB documentation).
        let valid = ["33392005961", "69435151530"];
        for v in valid {
            assert!(oib(v), "{v}");
            // MOD 11,10 detects every single-digit error.
            assert_mutations_rejected(oib, v, 0);
        }
        assert!(oib("333 920 059 61"));
        assert!(!oib("33392005962"));
        assert!(!oib("HR33392005961")); // the prefix belongs to the VAT number
        assert!(!oib("3339200596"));
        assert!(!oib("333920059611"));
    }

    #[test]
    fn vat_examples() {
        assert!(vat("HR33392005961"));
        assert!(vat("HR 33392005961"));
        assert!(vat("hr 333-920-059-61"));
        assert!(vat("33392005961"));
        assert_mutations_rejected(vat, "HR69435151530", 2);
        assert!(!vat("HR33392005962"));
        assert!(!vat("HR3339200596"));
        assert!(!vat("SI33392005961"));
        assert!(!vat("HRHR33392005961"));
    }
}
