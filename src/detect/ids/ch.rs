//! Switzerland: AHV/AVS social insurance number and the MWST/TVA/IVA VAT number.

use crate::detect::checksum::{compact, compact_digits, dig, weighted_sum};

/// Swiss AHV-Nummer / numéro AVS / numero AVS (Sozialversicherungsnummer; English: old-age and
/// survivors' insurance number, the Swiss social security number), issued by the Zentrale
/// Ausgleichsstelle (ZAS). Thirteen digits beginning with the country code 756, usually written
/// 756.1234.5678.97; the last digit is an EAN-13 check digit (weights 1, 3 alternating from the
/// left, check = (10 - sum mod 10) mod 10).
pub fn ahv(s: &str) -> bool {
    let mut buf = [0u8; 13];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 13 && d.starts_with(b"756") => d,
        _ => return false,
    };
    let sum = weighted_sum(&d[..12], &[1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3]);
    (10 - sum % 10) % 10 == dig(d[12])
}

/// Swiss Mehrwertsteuernummer / numéro TVA / numero IVA (English: VAT number), issued by the
/// Eidgenössische Steuerverwaltung on top of the UID business identifier: "CHE" and nine digits
/// (CHE-123.456.789), optionally followed by MWST, TVA, IVA or TPV. The prefix may be omitted.
/// The ninth digit is a mod-11 check digit: weights 5, 4, 3, 2, 7, 6, 5, 4, check =
/// (11 - sum mod 11) mod 11; a result of 10 is never issued.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 16];
    let mut d = match compact(s, &mut buf) {
        Some(d) => d,
        None => return false,
    };
    if let Some(rest) = d.strip_prefix(b"CHE") {
        d = rest;
    }
    for suffix in [&b"MWST"[..], b"TVA", b"IVA", b"TPV"] {
        if let Some(rest) = d.strip_suffix(suffix) {
            d = rest;
            break;
        }
    }
    if d.len() != 9 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum = weighted_sum(&d[..8], &[5, 4, 3, 2, 7, 6, 5, 4]);
    (11 - sum % 11) % 11 == dig(d[8])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn ahv_numbers() {
        // python-stdnum ch.ssn documentation example; Wikipedia (de) "Sozialversicherungsnummer"
        // example 756.1234.5678.97.
        let valid = ["7569217076985", "756.1234.5678.97"];
        for v in valid {
            assert!(ahv(v), "{v}");
            assert_mutations_rejected(ahv, v, 0);
        }
        assert!(ahv("756 9217 0769 85"));
        assert!(!ahv("756.9217.0769.84"));
        assert!(!ahv("123.4567.8910.19")); // valid EAN-13 but not 756
        assert!(!ahv("756921707698"));
        assert!(!ahv("75692170769850"));
    }

    #[test]
    fn vat_numbers() {
        // python-stdnum ch.vat / ch.uid documentation examples.
        let valid = ["CHE-107.787.577 IVA", "CHE-100.155.212", "CHE100155212MWST"];
        for v in valid {
            assert!(vat(v), "{v}");
            assert_mutations_rejected(vat, v, 0);
        }
        assert!(vat("100.155.212"));
        assert!(vat("che-107.787.577 tva"));
        assert!(vat("107787577 TPV"));
        assert!(!vat("CHE-107.787.578 IVA"));
        assert!(!vat("CHE-107.787.577 VAT"));
        assert!(!vat("CHE-107.787.577 IVA MWST"));
        assert!(!vat("DE107787577"));
        assert!(!vat("CHE10778757"));
    }
}
