//! Sweden: momsregistreringsnummer (VAT number).

use crate::detect::checksum::{compact, luhn, num, valid_date};

/// Swedish momsregistreringsnummer (English: VAT registration number), issued by
/// Skatteverket: optional "SE" + the ten-digit organisationsnummer (or personnummer, for sole
/// traders) + "01". The ten digits carry a Luhn check digit.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 14];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"SE").unwrap_or(d),
        None => return false,
    };
    d.len() == 12 && d.ends_with(b"01") && luhn(&d[..10])
}

/// Swedish personnummer / samordningsnummer, per Skatteverket (SKV 704 and
/// SKV 707): YYMMDD-NNNC or YYYYMMDDNNNC; the check digit is Luhn over the
/// ten-digit form. A '+' between date and serial (10-digit form only) marks a
/// person aged 100 or more. The date must exist; coordination numbers carry
/// day + 60. For the 12-digit form the century is limited to 18, 19 or 20
/// (it is outside the check digit).
pub fn personnummer(s: &str) -> bool {
    let mut buf = [0u8; 12];
    let mut n = 0usize;
    let mut plus_at: Option<usize> = None;
    for &b in s.as_bytes() {
        match b {
            b' ' | b'-' | b'.' | b'/' => {}
            b'+' => {
                if plus_at.is_some() {
                    return false;
                }
                plus_at = Some(n);
            }
            b'0'..=b'9' => {
                match buf.get_mut(n) {
                    Some(slot) => *slot = b,
                    None => return false,
                }
                n += 1;
            }
            _ => return false,
        }
    }
    let d = &buf[..n];
    let (years, rest): (&[u32], &[u8]) = match (n, plus_at) {
        (10, None) => (&[1900, 2000], d),
        (10, Some(6)) => (&[1800, 1900], d),
        (12, None) => {
            let c = num(&d[..2]) as u32;
            if !(18..=20).contains(&c) {
                return false;
            }
            (&[0], &d[2..])
        }
        _ => return false,
    };
    let century_base = if n == 12 {
        num(&d[..2]) as u32 * 100
    } else {
        0
    };
    let yy = num(&rest[0..2]) as u32;
    let mm = num(&rest[2..4]) as u32;
    let mut dd = num(&rest[4..6]) as u32;
    if dd > 60 {
        dd -= 60;
    }
    let date_ok = years
        .iter()
        .any(|&c| valid_date(century_base + c + yy, mm, dd));
    date_ok && luhn(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn moms() {
        // SE 123456789701: python-stdnum se.vat documentation; SE556188840401 constructed
        // (aktiebolag-style organisationsnummer 556188-8404, Luhn-valid, + 01).
        let valid = ["SE 123456789701", "123456789701", "SE556188840401"];
        for v in valid {
            assert!(vat(v), "{v}");
            // Luhn catches every single-digit change; the 01 suffix is fixed.
            assert_mutations_rejected(vat, v, 0);
        }
        assert!(vat("se 556188-8404 01"));
        assert!(!vat("123456789101")); // stdnum: invalid check digits
        assert!(!vat("123456789702")); // suffix must be 01
        assert!(!vat("1234567897"));
        assert!(!vat("SE1234567897010"));
        assert!(!vat("SE12345678970"));
        assert!(!vat("DK123456789701"));
    }

    #[test]
    fn personnummer_examples() {
        let valid10 = [
            "8112289874",
            "6709199530",
            "8803200016",
            "8112289841",
            "7010632391", // samordningsnummer, day 63 = 3
        ];
        for v in valid10 {
            assert!(personnummer(v), "{v}");
        }
        assert!(personnummer("811228-9874"));
        assert!(personnummer("670919-9530"));
        assert!(personnummer("19811228-9874"));
        assert!(personnummer("198112289874"));
        assert!(personnummer("670919+9530"));
        assert!(personnummer("701063-2391"));
        assert!(!personnummer("880320-0018"));
        assert!(!personnummer("67091+99530")); // misplaced '+'
        assert!(!personnummer("670919++9530"));
        assert!(!personnummer("19670919+9530")); // '+' only in 10-digit form
        assert!(!personnummer("17811228-9874")); // century out of range
        assert!(!personnummer("81122898745"));
        assert!(!personnummer("811328-9874x"));
        // Date checks: month 13, day 32, day 92 never valid.
        assert!(complete(personnummer, "811328987").is_empty());
        assert!(complete(personnummer, "811232987").is_empty());
        assert!(complete(personnummer, "811292987").is_empty());
        // 29 February 1900 (only possible with '+') is rejected, 2000 accepted.
        assert_eq!(complete(personnummer, "000229123").len(), 1);
        assert!((0..10).all(|c| !personnummer(&format!("000229+123{c}"))));
        assert_all_valid_and_mutations(personnummer, &valid10);
        // In the 12-digit form the century is outside the Luhn check: mutate the rest only.
        assert_mutations_rejected(personnummer, "198112289874", 2);
        assert_mutations_rejected(personnummer, "19670919-9530", 2);
    }
}
