//! Malta: identity card number and VAT number.

use crate::detect::checksum::{compact, weighted_sum};

/// Maltese numru tal-karta tal-identità (English: identity card number), issued by Identità
/// (formerly the Identity Cards Unit). Up to seven digits (five of birth registration number,
/// two of registration year, usually written zero-padded) followed by a letter: M / G (Maltese /
/// Gozitan births registered 1900-1999), L / H (from 2000), B / Z (1800-1899), A (foreign
/// residence-permit holders) or P (Maltese citizens born abroad). No check digit exists:
/// validates structure only (1-7 digits, not all zero, and one of those letters).
pub fn id_card(s: &str) -> bool {
    let mut buf = [0u8; 8];
    let d = match compact(s, &mut buf) {
        Some(d) if (2..=8).contains(&d.len()) => d,
        _ => return false,
    };
    let (letter, digits) = (d[d.len() - 1], &d[..d.len() - 1]);
    b"MGAPLHBZ".contains(&letter)
        && digits.iter().all(u8::is_ascii_digit)
        && digits.iter().any(|&b| b != b'0')
}

/// Maltese numru tal-VAT (English: VAT number), issued by the Commissioner for Revenue. Eight
/// digits, the first not 0, with optional "MT" prefix; weighted by 3, 4, 6, 7, 8, 9, 10, 1 the
/// sum must be divisible by 37.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"MT").unwrap_or(d),
        None => return false,
    };
    d.len() == 8
        && d[0] != b'0'
        && d.iter().all(u8::is_ascii_digit)
        && weighted_sum(d, &[3, 4, 6, 7, 8, 9, 10, 1]) % 37 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn identity_cards() {
        // Structure and letters from identita.gov.mt ("Identity Cards - useful info"); the
        // numbers themselves are constructed (no check digit to verify).
        for v in [
            "1234567A",
            "0012345M",
            "12345M",
            "0123456 G",
            "789l",
            "1H",
            "0001099Z",
        ] {
            assert!(id_card(v), "{v}");
        }
        assert!(!id_card("1234567C")); // C is not an issued letter
        assert!(!id_card("12345678M")); // eight digits
        assert!(!id_card("0000000M"));
        assert!(!id_card("M"));
        assert!(!id_card("M1234567"));
        assert!(!id_card("12A45M"));
        assert!(!id_card("1234567"));
    }

    #[test]
    fn vat_numbers() {
        // MT 1167-9112: python-stdnum mt.vat documentation example; 15121333 and 12345671
        // constructed (weighted sums 111 = 3 * 37 and 222 = 6 * 37).
        let valid = ["MT 1167-9112", "15121333", "MT12345671"];
        for v in valid {
            assert!(vat(v), "{v}");
            // Weights 3..10 and 1 are all units mod 37, so any single-digit change fails.
            assert_mutations_rejected(vat, v, 0);
        }
        assert!(vat("mt11679112"));
        assert!(!vat("1167-9113")); // stdnum: invalid check digits
        assert!(!vat("01679112"));
        assert!(!vat("1167911"));
        assert!(!vat("MTMT11679112"));
    }
}
