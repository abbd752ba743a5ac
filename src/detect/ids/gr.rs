//! Greece: ΑΜΚΑ (social security number) and ΑΦΜ (tax and VAT number).

use crate::detect::checksum::{compact, compact_digits, dig, luhn, num, valid_date};

/// Greek ΑΜΚΑ (Αριθμός Μητρώου Κοινωνικής Ασφάλισης, social security
/// number), issued by ΗΔΙΚΑ for the Ministry of Labour. Eleven digits
/// DDMMYYNNNNC: the birth date (must exist in 19YY or 20YY), a serial whose
/// last digit gives the sex, and a Luhn check digit over all eleven.
pub fn amka(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 11 => d,
        _ => return false,
    };
    let (day, month, yy) = (num(&d[0..2]), num(&d[2..4]), num(&d[4..6]));
    let date_ok = [1900, 2000]
        .iter()
        .any(|c| valid_date(c + yy as u32, month as u32, day as u32));
    date_ok && luhn(d)
}

/// Greek ΑΦΜ (Αριθμός Φορολογικού Μητρώου, tax registration and VAT number),
/// issued by the ΑΑΔΕ. Optional "EL" (the VAT prefix) or "GR" prefix and
/// nine digits; old eight-digit numbers are read with a leading 0. Check
/// digit = (sum of d_i * 2^(9-i) over the first eight digits) mod 11, 10
/// written as 0.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let d = match compact(s, &mut buf) {
        Some(d) => d
            .strip_prefix(b"EL")
            .or_else(|| d.strip_prefix(b"GR"))
            .unwrap_or(d),
        None => return false,
    };
    if !matches!(d.len(), 8 | 9) || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (body, check) = d.split_at(d.len() - 1);
    // A leading 0 of the padded eight-digit form adds nothing to the sum.
    let sum = body.iter().fold(0u32, |acc, &b| acc * 2 + dig(b)) * 2;
    sum % 11 % 10 == dig(check[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn amka_numbers() {
        // 01013099997: python-stdnum documentation (born 1930-01-01);
        // 29020012349 computed (29 February 2000, Luhn check digit 9).
        let valid = ["01013099997", "29020012349"];
        for v in valid {
            assert!(amka(v), "{v}");
            assert_mutations_rejected_at(amka, v, 0..11);
        }
        assert!(amka("010130 9999 7"));
        assert!(!amka("01013099999")); // stdnum: bad check digit
        assert!(!amka("0101309999"));
        // 32 January never exists, whatever the check digit.
        assert!((0..10).all(|c| !amka(&format!("3201309999{c}"))));
    }

    #[test]
    fn afm() {
        // python-stdnum documentation: EL 094259216; EL123456783: format
        // example in Odoo's VAT hints.
        let valid = ["094259216", "123456783"];
        for v in valid {
            assert!(vat(v), "{v}");
        }
        // Check digits 6 and 3 come from remainders 6 and 3, not 10, so every
        // single-digit change is detected (2^k mod 11 is never 0).
        assert_mutations_rejected_at(vat, "094259216", 0..9);
        assert_mutations_rejected_at(vat, "123456783", 0..9);
        assert!(vat("EL 094259216 "));
        assert!(vat("GR094259216"));
        assert!(vat("el123456783"));
        assert!(vat("94259216")); // old eight-digit form
        assert!(!vat("EL 123456781")); // stdnum: bad check digit
        assert!(!vat("1234567830"));
        assert!(!vat("DE123456783"));
    }
}
