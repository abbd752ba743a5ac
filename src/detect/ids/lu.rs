//! Luxembourg: numéro d'identification national (matricule) and TVA (VAT number).

use crate::detect::checksum::{compact, compact_digits, luhn, num, valid_date, verhoeff};

/// Luxembourg numéro d'identification national ("matricule"; English: national identification
/// number), issued by the Registre national des personnes physiques (CTIE) under the
/// règlement grand-ducal of 28 November 2013. Thirteen digits YYYYMMDD + a three-digit serial +
/// a Luhn check digit over the first eleven + a Verhoeff check digit over the first eleven.
/// The date must exist, except that an unknown month and/or day is written as 00 (art. 1).
pub fn matricule(s: &str) -> bool {
    let mut buf = [0u8; 13];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 13 => d,
        _ => return false,
    };
    let (year, month, day) = (
        num(&d[..4]) as u32,
        num(&d[4..6]) as u32,
        num(&d[6..8]) as u32,
    );
    let date_ok = match (month, day) {
        (0, d) => d <= 31,
        (m, 0) => (1..=12).contains(&m),
        (m, d) => valid_date(year, m, d),
    };
    let mut v = [0u8; 12];
    v[..11].copy_from_slice(&d[..11]);
    v[11] = d[12];
    date_ok && luhn(&d[..12]) && verhoeff(&v)
}

/// Luxembourg numéro d'identification à la taxe sur la valeur ajoutée (No. TVA; English: VAT
/// number), issued by the Administration de l'enregistrement, des domaines et de la TVA. Eight
/// digits with optional "LU" prefix; the last two digits are the first six taken mod 89.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"LU").unwrap_or(d),
        None => return false,
    };
    d.len() == 8 && d.iter().all(u8::is_ascii_digit) && num(&d[..6]) % 89 == num(&d[6..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn matricules() {
        // 1893120105732: example of the OECD "Luxembourg - Information on TINs" sheet
        // (born 1893-12-01, serial 057, Luhn 3, Verhoeff 2). The others were constructed for
        // this test, check digits computed with python-stdnum's luhn and verhoeff modules:
        // 19830814123 -> Luhn 5, Verhoeff 7; 19700000010 (month and day unknown, written 00
        // per the règlement grand-ducal) -> Luhn 3, Verhoeff 8.
        let valid = ["1893120105732", "1983081412357", "1970000001038"];
        for v in valid {
            assert!(matricule(v), "{v}");
            assert_mutations_rejected(matricule, v, 0);
        }
        assert!(matricule("1893 1201 057 32"));
        assert!(matricule("1893-12-01-057-32"));
        assert!(!matricule("1893120105733"));
        assert!(!matricule("1893120105723")); // check digits swapped
        assert!(!matricule("189312010573"));
        assert!(!matricule("18931201057320"));
        // Month 13, day 32, and 30 February are never valid whatever the check digits.
        for body in ["18931301057", "18931232057", "18930230057"] {
            let any = (0..100).any(|c| matricule(&format!("{body}{c:02}")));
            assert!(!any, "{body}");
        }
    }

    #[test]
    fn tva() {
        // LU 150 274 42: python-stdnum lu.tva documentation example; LU12345613 constructed
        // (123456 mod 89 = 13).
        let valid = ["LU 150 274 42", "15027442", "LU12345613"];
        for v in valid {
            assert!(vat(v), "{v}");
            assert_mutations_rejected(vat, v, 0);
        }
        assert!(vat("lu15027442"));
        assert!(!vat("15027443")); // stdnum: invalid check digits
        assert!(!vat("1502744"));
        assert!(!vat("LULU15027442"));
        assert!(!vat("BE15027442"));
    }
}
