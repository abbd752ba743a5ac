//! Portugal: NIF (número de identificação fiscal) and the PT VAT number built on it.

use crate::detect::checksum::{compact, compact_digits, dig, weighted_sum};

/// Mod-11 check of a nine-digit NIF (first digit not 0).
fn nif_ok(d: &[u8]) -> bool {
    if d.len() != 9 || d[0] == b'0' || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let r = weighted_sum(&d[..8], &[9, 8, 7, 6, 5, 4, 3, 2]) % 11;
    (11 - r) % 11 % 10 == dig(d[8])
}

/// Portuguese Número de Identificação Fiscal (NIF, número de contribuinte; for companies
/// NIPC; English: tax identification number), issued by the Autoridade Tributária e
/// Aduaneira. Nine digits, the first not 0; weights 9..2 over the first eight, check =
/// 11 - (sum mod 11), where 10 and 11 are written 0. The "PT" VAT prefix is not accepted
/// here (see [`vat`]).
pub fn nif(s: &str) -> bool {
    let mut buf = [0u8; 9];
    matches!(compact_digits(s, &mut buf), Some(d) if nif_ok(d))
}

/// Portuguese número de identificação para efeitos de IVA (English: VAT number): the NIF
/// with optional "PT" prefix, validated exactly as [`nif`].
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 11];
    match compact(s, &mut buf) {
        Some(d) => nif_ok(d.strip_prefix(b"PT").unwrap_or(d)),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    // Remainders 0 and 1 both give check digit 0, so a change that moves the sum by one
    // between them is not detected; for numbers whose check digit is not 0 every single-digit
    // change is caught, and those are the examples below.
    #[test]
    fn nifs() {
        // 501964843: python-stdnum pt.nif documentation; 123456789: the digit sequence, a
        // valid NIF commonly used as placeholder on Portuguese forms.
        for v in ["501964843", "123456789", "501 964 843"] {
            assert!(nif(v), "{v}");
            assert_mutations_rejected(nif, v, 0);
        }
        // 999999990: the generic "consumidor final" NIF of the Autoridade Tributária (check
        // digit 0, so not mutation-tested).
        assert!(nif("999999990"));
        assert!(!nif("501964842")); // stdnum: invalid check digit
        assert!(!nif("012345678")); // first digit 0
        assert!(!nif("PT501964843")); // prefix belongs to the VAT form
        assert!(!nif("50196484"));
        assert!(!nif("5019648430"));
    }

    #[test]
    fn vat_numbers() {
        for v in ["PT 501 964 843", "pt123456789", "501964843"] {
            assert!(vat(v), "{v}");
            assert_mutations_rejected(vat, v, 0);
        }
        assert!(!vat("PT 501 964 842"));
        assert!(!vat("ES501964843"));
        assert!(!vat("PTPT501964843"));
    }
}
