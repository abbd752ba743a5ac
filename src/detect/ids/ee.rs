//! Estonia: isikukood (personal identification code) and KMKR (VAT number).

use crate::detect::checksum::{
    compact, compact_digits, dig, mod11_two_stage, num, valid_date, weighted_sum,
};

/// Estonian isikukood (personal identification code), issued through the
/// population register (Rahvastikuregister) under standard EVS 585.
/// Eleven digits GYYMMDDSSSC: G = sex and century (1/2 1800s, 3/4 1900s,
/// 5/6 2000s, 7/8 2100s), the birth date (must exist), a serial and a check
/// digit from the two-stage weighted mod 11 (weights 1..9,1, then 3..9,1,2,3
/// if the first remainder is 10; a final 10 is written 0).
pub fn ik(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 11 => d,
        _ => return false,
    };
    let century = match dig(d[0]) {
        g @ 1..=8 => 1800 + (g - 1) / 2 * 100,
        _ => return false,
    };
    let year = century + num(&d[1..3]) as u32;
    valid_date(year, num(&d[3..5]) as u32, num(&d[5..7]) as u32)
        && mod11_two_stage(&d[..10]) == dig(d[10])
}

/// Estonian KMKR (käibemaksukohustuslase registreerimisnumber, VAT number),
/// issued by the Maksu- ja Tolliamet. Nine digits, optional "EE" prefix;
/// weights 3,7,1,3,7,1,3,7,1 over all nine digits must sum to a multiple
/// of 10.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"EE").unwrap_or(d),
        None => return false,
    };
    d.len() == 9
        && d.iter().all(u8::is_ascii_digit)
        && weighted_sum(d, &[3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn isikukood() {
        // 36805280109: python-stdnum documentation (born 1968-05-28);
        // 37605030299 and 49403136526: examples widely used in Estonian
        // validator test suites (born 1976-05-03 and 1994-03-13).
        let valid = ["36805280109", "37605030299", "49403136526"];
        for v in valid {
            assert!(ik(v), "{v}");
        }
        // The two-stage scheme misses a substitution that moves the first
        // remainder to 10 when the second stage happens to give the same
        // digit; python-stdnum accepts exactly these escapes too.
        assert_eq!(mutations_accepted(ik, "36805280109"), ["36105280109"]);
        assert_eq!(mutations_accepted(ik, "37605030299"), ["47605030299"]);
        assert_eq!(mutations_accepted(ik, "49403136526"), ["49903136526"]);
        assert!(ik("368 0528 0109"));
        assert!(!ik("36805280108")); // stdnum: bad check digit
        assert!(!ik("06805280109")); // no century digit 0
        assert!(!ik("96805280109")); // nor 9
        assert!(!ik("3680528010"));
        assert!(!ik("368052801090"));
        // 30 February never exists; 29 February 2000 does, 1900 does not.
        assert!((0..10).all(|c| !ik(&format!("3680230010{c}"))));
        assert_eq!((0..10).filter(|c| ik(&format!("5000229010{c}"))).count(), 1);
        assert!((0..10).all(|c| !ik(&format!("3000229010{c}"))));
    }

    #[test]
    fn second_stage() {
        // 2000-01-01, serial 016: stage one 5 + 1*5 + 1*7 + 1*9 + 6*1 = 32 -> 10;
        // stage two (weights 3..9,1,2,3) 15 + 7 + 9 + 2 + 18 = 51 -> 7.
        assert!(ik("50001010167"));
        // Serial 004: stage one 5 + 5 + 7 + 4 = 21 -> 10; stage two
        // 15 + 7 + 9 + 12 = 43 -> 10, written as 0.
        assert!(ik("50001010040"));
        assert_eq!(mod11_two_stage(b"5000101004"), 0);
        assert!(!ik("50001010041"));
    }

    #[test]
    fn kmkr() {
        // python-stdnum documentation examples.
        let valid = ["100594102", "100931558"];
        for v in valid {
            assert!(vat(v), "{v}");
            // Weights 3, 7, 1 are prime to 10: every substitution is caught.
            assert!(mutations_accepted(vat, v).is_empty(), "{v}");
        }
        assert!(vat("EE 100 931 558"));
        assert!(vat("ee100594102"));
        assert!(!vat("100594103"));
        assert!(!vat("EE10059410"));
        assert!(!vat("XX100594102"));
        assert!(!vat("EEEE100594102"));
    }
}
