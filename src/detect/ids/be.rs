//! Belgium: national register number and enterprise (VAT) number.

use super::today;
use crate::detect::checksum::{compact, compact_digits, num};

/// Belgian Rijksregisternummer / numéro de registre national /
/// Nationalregisternummer (national register number, also the social
/// security INSZ/NISS), issued by the Rijksregister of the FPS Home Affairs.
/// Eleven digits `YY.MM.DD-SSS.CC`: birth date, a serial (odd for men, even
/// for women) and check = 97 - (first nine digits mod 97); for people born
/// in or after 2000 a 2 is put in front of the nine digits (accepted only
/// when 20YY is not after the current year). The month must be 00-12 (00
/// when unknown or when a day's serials ran out); the day is not checked,
/// as unknown or overflowed days need not be calendar days. BIS numbers
/// (month + 20 or + 40) are not accepted here.
pub fn nn(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 11 => d,
        _ => return false,
    };
    let (body, check) = (num(&d[..9]), num(&d[9..]));
    let born_1900s = 97 - body % 97 == check;
    let born_2000s = !born_1900s
        && 97 - (2_000_000_000 + body) % 97 == check
        && 2000 + num(&d[..2]) as u32 <= today().0;
    (born_1900s || born_2000s) && num(&d[2..4]) <= 12
}

/// Belgian ondernemingsnummer / numéro d'entreprise (enterprise number, the
/// VAT number, BTW / TVA), issued by the Kruispuntbank van Ondernemingen /
/// Banque-Carrefour des Entreprises: `BE` + ten digits starting with 0 or 1,
/// with or without the prefix. The old nine-digit form (also written
/// `BE (0)428.759.497`) is read with a leading 0. The last two digits are
/// 97 - (first eight digits mod 97).
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 12];
    let d = match s.find("(0)") {
        Some(i) => {
            let mut head = [0u8; 2];
            if !matches!(compact(&s[..i], &mut head), Some(b"" | b"BE")) {
                return false;
            }
            match compact(&s[i + 3..], &mut buf) {
                Some(d) if d.len() == 9 => d,
                _ => return false,
            }
        }
        None => match compact(s, &mut buf) {
            Some(d) => d.strip_prefix(b"BE").unwrap_or(d),
            None => return false,
        },
    };
    if !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let len_ok = d.len() == 9 || (d.len() == 10 && d[0] <= b'1');
    let n = num(d);
    len_ok && n > 0 && (n / 100 + n % 100) % 97 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn nn_examples() {
        // 93051822361: worked example (man born 18 May 1993) from the Belgian
        // explanations of the Rijksregisternummer (nl.wikipedia and others);
        // 85073003328 / 17073003384 (born 2017, "2" prefix): python-stdnum docs.
        let valid = ["93051822361", "85073003328", "17073003384"];
        for v in valid {
            assert!(nn(v), "{v}");
            // 97 is prime and every digit's place value is nonzero mod 97.
            assert_mutations_rejected(nn, v, 0);
        }
        assert!(nn("85.07.30-033.28"));
        assert!(nn("85 07 30 033 28"));
        assert!(nn("00000100166")); // fictitious date 1900-00-01
        assert!(nn("00010000135")); // only year and month known (2000-01-00)
        assert!(!nn("85.07.30-033.61"));
        assert!(!nn("12345678901"));
        assert!(!nn("85133000105")); // month 13
        assert!(!nn("8507300332"));
        assert!(!nn("850730033280"));
        // 2000 variant for a year after the current one: 97 - (2_850_730_033 mod 97) = 56.
        assert!(!nn("85073003356"));
    }

    #[test]
    fn current_year_is_plausible() {
        let y = today().0;
        assert!((2024..2200).contains(&y), "{y}");
    }

    #[test]
    fn vat_examples() {
        // Belgian VAT numbers published online (collected in python-stdnum's
        // test_eu_vat.doctest).
        let valid = [
            "BE0428759497",
            "BE0897290877",
            "BE0202239951",
            "BE0407139583",
        ];
        for v in valid {
            assert!(vat(v), "{v}");
            assert!(vat(&v[2..]), "{v}");
            assert_mutations_rejected(vat, v, 2);
        }
        assert!(vat("BE 0402 918 402"));
        assert!(vat("BE 444.503.092")); // old nine-digit form
        assert!(vat("BE413562567"));
        assert!(vat("BE (0)468.561.072"));
        assert!(vat("(0)468561072"));
        assert!(vat("be0428759497"));
        assert!(!vat("BE431150351"));
        assert!(!vat("BE 0406.139.583"));
        assert!(!vat("XX (0)468.561.072"));
        assert!(!vat("BE (0)0468.561.072"));
        assert!(!vat("BE 0220,764.971"));
        assert!(!vat("0000000000"));
        // First digit must be 0 or 1: 2000000042 passes mod 97 but is rejected.
        assert!(!vat("2000000042"));
        assert!(vat("1000000021"));
    }
}
