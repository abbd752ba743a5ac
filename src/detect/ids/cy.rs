//! Cyprus: VAT number / tax identification code.

use crate::detect::checksum::{compact, dig};

/// Cypriot Αριθμός Εγγραφής ΦΠΑ / Αριθμός Φορολογικής Ταυτότητας (VAT
/// registration number / Tax Identification Code, TIC), issued by the Tax
/// Department (Τμήμα Φορολογίας): `CY` + eight digits and a check letter,
/// with or without the prefix; the number may not start with 12. Digits in
/// odd positions count 1, 0, 5, 7, 9, 13, 15, 17, 19, 21 (for 0-9), digits
/// in even positions their value; the letter is A + (sum mod 26).
pub fn vat(s: &str) -> bool {
    const ODD: [u32; 10] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
    let mut buf = [0u8; 11];
    let Some(d) = compact(s, &mut buf) else {
        return false;
    };
    let d = d.strip_prefix(b"CY").unwrap_or(d);
    if d.len() != 9 || !d[..8].iter().all(u8::is_ascii_digit) || d.starts_with(b"12") {
        return false;
    }
    let sum: u32 = d[..8]
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if i % 2 == 0 {
                ODD[dig(b) as usize]
            } else {
                dig(b)
            }
        })
        .sum();
    d[8] == b'A' + (sum % 26) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn vat_examples() {
        // Cypriot VAT numbers published online (python-stdnum's test_eu_vat.doctest).
        let valid = ["CY10259033P", "CY10246672X", "CY10263870R", "CY00632993F"];
        for v in valid {
            assert!(vat(v), "{v}");
            assert!(vat(&v[2..]), "{v}");
            // The odd-position values are distinct mod 26 and so are the
            // even-position ones, so every single-digit change moves the letter.
            assert_mutations_rejected_at(vat, v, 2..10);
        }
        assert!(vat("CY-10259033P"));
        assert!(vat("CY-10008489 A"));
        assert!(vat("cy 10277198h"));
        assert!(!vat("CY-10259033Z"));
        assert!(!vat("CY 10246672F"));
        assert!(!vat("CY-102590Z3P"));
        assert!(!vat("CY-12259033P")); // 12 is not an allowed start
        assert!(!vat("CY-1225903322"));
        assert!(!vat("CY102590337"));
    }
}
