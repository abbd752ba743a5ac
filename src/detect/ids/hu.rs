//! Hungary: adóazonosító jel (individual tax number) and adószám / ANUM (VAT number).

use crate::detect::checksum::{compact, compact_digits, dig, weighted_sum};

/// Hungarian adóazonosító jel (tax identification number of individuals),
/// issued by the Nemzeti Adó- és Vámhivatal under Act XX of 1996, annex 1.
/// Ten digits: 8, then digits 2-6 the number of days from 1 January 1867 to
/// the birth date, digits 7-9 a serial, digit 10 = (sum of d_i * i for
/// i = 1..9) mod 11; serials giving remainder 10 are never issued.
pub fn adoazonosito(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 10 => d,
        _ => return false,
    };
    d[0] == b'8' && weighted_sum(&d[..9], &[1, 2, 3, 4, 5, 6, 7, 8, 9]) % 11 == dig(d[9])
}

/// Hungarian közösségi adószám / ANUM (VAT number), the first eight digits of
/// the adószám issued by the Nemzeti Adó- és Vámhivatal. Optional "HU"
/// prefix and 8 digits; weights 9,7,3,1,9,7,3,1 must give a multiple of 10.
/// The 11-digit domestic form xxxxxxxx-y-zz is not accepted.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"HU").unwrap_or(d),
        None => return false,
    };
    d.len() == 8
        && d.iter().all(u8::is_ascii_digit)
        && weighted_sum(d, &[9, 7, 3, 1, 9, 7, 3, 1]) % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn adoazonosito_jel() {
        // 8365670003: worked example on muzso.hu (born 1967-02-13, 36567 days
        // after 1867-01-01, serial 000: 8 + 6 + 18 + 20 + 30 + 42 = 124,
        // 124 mod 11 = 3). 8071592153: the example used in TIN validator
        // test suites and Odoo's VAT hints
        // (8 + 21 + 4 + 25 + 54 + 14 + 8 + 45 = 179, 179 mod 11 = 3).
        let valid = ["8365670003", "8071592153"];
        for v in valid {
            assert!(adoazonosito(v), "{v}");
            // Weights 1..9 are nonzero mod 11, so every change is caught.
            assert_mutations_rejected_at(adoazonosito, v, 0..10);
        }
        assert!(adoazonosito("8365 670 003"));
        assert!(adoazonosito("83656-70003"));
        assert!(!adoazonosito("8071592154"));
        assert!(!adoazonosito("807159215"));
        assert!(!adoazonosito("80715921530"));
        // First digit 7 with a matching check digit (178 mod 11 = 2): not an
        // individual's number.
        assert!(!adoazonosito("7071592152"));
        // Body 836567001: 124 + 9 = 133 -> 1; body 836567002 -> 142 -> 10,
        // never issued: no check digit completes it.
        assert!(adoazonosito("8365670011"));
        assert!((0..10).all(|c| !adoazonosito(&format!("836567002{c}"))));
    }

    #[test]
    fn anum() {
        // python-stdnum documentation: HU-12892312.
        let valid = ["12892312"];
        for v in valid {
            assert!(vat(v), "{v}");
            assert_mutations_rejected_at(vat, v, 0..8);
        }
        assert!(vat("HU-12892312"));
        assert!(vat("hu 1289 2312"));
        assert!(!vat("HU-12892313"));
        assert!(!vat("12892312-2-44"));
        assert!(!vat("1289231"));
    }
}
