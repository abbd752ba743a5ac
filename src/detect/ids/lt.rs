//! Lithuania: asmens kodas (personal code) and PVM mokėtojo kodas (VAT number).

use crate::detect::checksum::{compact, compact_digits, dig, mod11_two_stage, num, valid_date};

/// Lithuanian asmens kodas (personal code), issued by the Residents'
/// Register (Gyventojų registras). Eleven digits GYYMMDDSSSC: G = sex and
/// century (1/2 1800s, 3/4 1900s, 5/6 2000s, 7/8 2100s) followed by the
/// birth date, which must exist, or G = 9 for the exceptional codes issued
/// without a birth date (date not checked, as python-stdnum does); then a
/// serial and the two-stage mod 11 check digit (weights 1..9,1, then
/// 3..9,1,2,3 if the first remainder is 10; a final 10 is written 0).
pub fn asmens(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 11 => d,
        _ => return false,
    };
    let date_ok = match dig(d[0]) {
        9 => true,
        g @ 1..=8 => {
            let year = 1800 + (g - 1) / 2 * 100 + num(&d[1..3]) as u32;
            valid_date(year, num(&d[3..5]) as u32, num(&d[5..7]) as u32)
        }
        _ => false,
    };
    date_ok && mod11_two_stage(&d[..10]) == dig(d[10])
}

/// Lithuanian PVM mokėtojo kodas (VAT number), issued by the Valstybinė
/// mokesčių inspekcija. Optional "LT" prefix, then 9 digits (legal entities,
/// eighth digit 1) or 12 digits (temporarily registered taxpayers, eleventh
/// digit 1); the last digit is the two-stage mod 11 check digit over the
/// others (weights 1..9,1,2.., then 3..9,1,2,.. if the remainder is 10).
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 14];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"LT").unwrap_or(d),
        None => return false,
    };
    let n = d.len();
    if !matches!(n, 9 | 12) || !d.iter().all(u8::is_ascii_digit) || d[n - 2] != b'1' {
        return false;
    }
    mod11_two_stage(&d[..n - 1]) == dig(d[n - 1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn asmens_kodas() {
        // 33309240064: python-stdnum documentation (born 1933-09-24).
        // 39001010000 (1990-01-01, serial 000): 3 + 9*2 + 1*5 + 1*7 = 33 -> 0.
        let valid = ["33309240064", "39001010000"];
        for v in valid {
            assert!(asmens(v), "{v}");
        }
        // The two-stage scheme misses substitutions that move a remainder to
        // or from 10 (33309240064 is itself a second-stage number); these are
        // exactly the escapes python-stdnum accepts too.
        assert_eq!(
            mutations_accepted(asmens, "39001010000"),
            ["39001040000", "39001014000"]
        );
        assert_eq!(
            mutations_accepted(asmens, "33309240064"),
            [
                "83309240064",
                "30309240064",
                "33109240064",
                "33309140064",
                "33309200064",
                "33309242064",
                "33309240364",
                "33309240004"
            ]
        );
        assert!(asmens("333 092 400 64"));
        assert!(!asmens("33309240164")); // stdnum: bad check digit
        assert!(!asmens("03309240064"));
        assert!(!asmens("3330924006"));
        // Exception form: first digit 9, no date (month 13 here), check digit
        // only: 9 + 1*4 + 3*5 = 28 -> 6.
        assert!(asmens("90013000006"));
        assert!(!asmens("90013000003"));
        // The same body with a real century digit needs a real date.
        assert!((0..10).all(|c| !asmens(&format!("3001300000{c}"))));
    }

    #[test]
    fn pvm() {
        // python-stdnum documentation: 119511515 (legal entity),
        // 100001919017 (temporarily registered), 100004801610 (second stage).
        let valid = ["119511515", "100001919017", "100004801610"];
        for v in valid {
            assert!(vat(v), "{v}");
        }
        assert!(mutations_accepted(vat, "119511515").is_empty());
        // Same two-stage limitation as the personal code (stdnum agrees).
        assert_eq!(mutations_accepted(vat, "100001919017"), ["100051919017"]);
        assert!(vat("LT 100001919017"));
        assert!(vat("lt119511515"));
        assert!(!vat("100001919018"));
        assert!(!vat("1195115150"));
        // The component digit must be 1: 119511505 carries the right
        // check digit for its body (weighted sum 96 -> 8) but digit 8 is 0.
        assert!(!vat("119511508"));
    }
}
