//! United Kingdom: HMRC Unique Taxpayer Reference and VAT registration number.

use crate::detect::checksum::{compact, compact_digits, dig, num, weighted_sum};

/// UK Unique Taxpayer Reference (UTR), issued by HM Revenue & Customs for Self Assessment and
/// Corporation Tax. Ten digits, sometimes written with a trailing K (as in payment references).
/// The check digit comes FIRST: digits 2-10 are weighted 6, 7, 8, 9, 10, 5, 4, 3, 2 and the
/// remainder of the sum mod 11 selects the check digit from the table "21987654321".
pub fn utr(s: &str) -> bool {
    const CHECK: &[u8; 11] = b"21987654321";
    let mut buf = [0u8; 11];
    let mut d = match compact(s, &mut buf) {
        Some(d) => d,
        None => return false,
    };
    if let Some(rest) = d.strip_suffix(b"K") {
        d = rest;
    }
    if d.len() != 10 || !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum = weighted_sum(&d[1..], &[6, 7, 8, 9, 10, 5, 4, 3, 2]);
    CHECK[(sum % 11) as usize] == d[0]
}

/// UK VAT registration number, issued by HM Revenue & Customs; prefix GB (or XI for Northern
/// Ireland) optional. Standard numbers are nine digits, branch traders add a three-digit branch
/// suffix (twelve digits). Digits 1-7 are weighted 8 down to 2 and the two check digits count as
/// one number weighted 1 (i.e. weights 8,7,6,5,4,3,2,10,1): the sum mod 97 must be 0 (MOD 97) or,
/// for numbers from 100 0000 00 on, 42 or 55 (MOD 9755, in the two forms in use; python-stdnum
/// accepts both, and so do we). Government
/// departments are GD000-GD499 and health authorities HA500-HA999, also in the 11-character
/// forms GD8888nnnCC / HA8888nnnCC with CC = nnn mod 97. The all-zero 000000000 is rejected.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 14];
    let mut d = match compact(s, &mut buf) {
        Some(d) => d,
        None => return false,
    };
    if d.starts_with(b"GB") || d.starts_with(b"XI") {
        d = &d[2..];
    }
    let gov_or_health = |kind: &[u8], n: u64| match kind {
        b"GD" => n < 500,
        b"HA" => n >= 500,
        _ => false,
    };
    match d.len() {
        5 if d[2..].iter().all(u8::is_ascii_digit) => gov_or_health(&d[..2], num(&d[2..])),
        11 if matches!(&d[..6], b"GD8888" | b"HA8888") => {
            d[6..].iter().all(u8::is_ascii_digit)
                && gov_or_health(&d[..2], num(&d[6..9]))
                && num(&d[6..9]) % 97 == num(&d[9..11])
        }
        9 | 12 if d.iter().all(u8::is_ascii_digit) => {
            if d[..9].iter().all(|&b| b == b'0') {
                return false;
            }
            let sum = weighted_sum(&d[..7], &[8, 7, 6, 5, 4, 3, 2]) + dig(d[7]) * 10 + dig(d[8]);
            match sum % 97 {
                0 => true,
                42 | 55 => num(&d[..3]) >= 100,
                _ => false,
            }
        }
        _ => false,
    }
}

/// UK National Insurance number: format rules from HMRC's National Insurance
/// Manual (NIM39110); there is no check character. Two prefix letters, six
/// digits, suffix A-D. First letter not D, F, I, Q, U, V; second not D, F,
/// I, O, Q, U, V; prefixes BG, GB, NK, KN, TN, NT and ZZ are never allocated.
pub fn nino(s: &str) -> bool {
    let mut buf = [0u8; 9];
    let d = match compact(s, &mut buf) {
        Some(d) if d.len() == 9 => d,
        _ => return false,
    };
    let (a, b) = (d[0], d[1]);
    if !a.is_ascii_uppercase() || !b.is_ascii_uppercase() {
        return false;
    }
    if !d[2..8].iter().all(u8::is_ascii_digit) || !matches!(d[8], b'A'..=b'D') {
        return false;
    }
    if b"DFIQUV".contains(&a) || b"DFIOQUV".contains(&b) {
        return false;
    }
    !matches!(
        &d[..2],
        b"BG" | b"GB" | b"NK" | b"KN" | b"TN" | b"NT" | b"ZZ"
    )
}

/// NHS number (England, Wales, Isle of Man): Modulus 11 as published in the
/// NHS Data Dictionary. Ten digits; the first nine are weighted 10 down to 2,
/// check = 11 - (sum mod 11), 11 becomes 0 and 10 means the number is never
/// issued. Repdigits (0000000000, 1111111111, ...) pass the arithmetic but
/// are placeholder values, so they are rejected.
pub fn nhs(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 10 => d,
        _ => return false,
    };
    if d.iter().all(|&b| b == d[0]) {
        return false;
    }
    let sum: u32 = d[..9]
        .iter()
        .zip((2..=10u32).rev())
        .map(|(&b, w)| dig(b) * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == dig(d[9])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn utr_numbers() {
        // python-stdnum gb.utr documentation example.
        assert!(utr("1955839661"));
        assert!(utr("19558 39661"));
        assert!(utr("1955839661K"));
        assert!(utr("1955839661k"));
        assert!(!utr("2955839661"));
        assert!(!utr("K1955839661"));
        assert!(!utr("195583966"));
        assert!(!utr("19558396611"));
        // The table maps remainders 1 and 10 to check digit 1 and remainders 0 and 9 to 2, so a
        // body mutation of a number whose check digit is 1 or 2 can survive (1555839661 passes).
        // The check digit itself is always verified, and for check digits 3-9 (one remainder
        // each; weights are coprime to 11) every body mutation fails: 6555123456 and 3100000001
        // were constructed with python-stdnum.
        assert_mutations_rejected_at(utr, "1955839661", 0..1);
        assert_mutations_rejected_at(utr, "6555123456", 0..10);
        assert_mutations_rejected_at(utr, "3100000001", 0..10);
    }

    #[test]
    fn vat_numbers() {
        // python-stdnum gb.vat documentation example; GB340804329 and GB346270013 are real
        // MOD 9755 registrations quoted in koblas/stdnum-js issue #37.
        let valid = ["GB 980 7806 84", "GB340804329", "GB346270013"];
        for v in valid {
            assert!(vat(v), "{v}");
            // A body digit changed by 6 at weight 7 (or 7 at weight 6) moves the sum by 42, from
            // MOD 97 to MOD 9755, so only the two check digits (weights 10 and 1, which can never
            // shift the sum by 42 mod 97) are mutation-safe.
            let n = v.len();
            assert_mutations_rejected_at(vat, v, [n - 2, n - 1]);
        }
        assert!(vat("980780684"));
        assert!(vat("XI 980 7806 84"));
        assert!(vat("980 7806 84 001")); // branch trader
        assert!(vat("GBGD001"));
        assert!(vat("GBHA599"));
        assert!(vat("GD888812326")); // 123 mod 97 = 26
        assert!(!vat("GD888812327"));
        assert!(vat("HA888856277")); // 562 mod 97 = 77
        assert!(!vat("GD888856277")); // GD must be below 500
        assert!(!vat("802311781"));
        assert!(!vat("GD500"));
        assert!(!vat("HA499"));
        assert!(!vat("GB000000000"));
        assert!(!vat("FR980780684"));
        assert!(!vat("98078068"));
    }

    #[test]
    fn nino_examples() {
        assert!(nino("AB123456C"));
        assert!(nino("ab 12 34 56 c"));
        assert!(nino("JG103759A"));
        assert!(nino("ZX999999D"));
        for bad in [
            "QQ123456C", // HMRC's specimen, deliberately invalid prefix
            "DA123456A",
            "AO123456A",
            "AD123456A",
            "BG123456A",
            "GB123456A",
            "NK123456A",
            "KN123456A",
            "TN123456A",
            "NT123456A",
            "ZZ123456A",
            "AB123456E",
            "AB123456",
            "AB1234567C",
            "A1123456C",
            "AB12345XC",
        ] {
            assert!(!nino(bad), "{bad}");
        }
    }

    #[test]
    fn nhs_examples() {
        let valid = ["9434765919", "9434765870", "4010232137"];
        for v in valid {
            assert!(nhs(v), "{v}");
        }
        assert!(nhs("943 476 5919"));
        assert!(nhs("943-476-5870"));
        assert!(!nhs("9434765871"));
        assert!(!nhs("0000000000"));
        assert!(!nhs("1111111111"));
        assert!(!nhs("943476591"));
        // 100000000?: weighted sum 10, 10 mod 11 = 10, check 11 - 10 = 1.
        assert!(nhs("1000000001"));
        // 100000006?: weighted sum 10 + 12 = 22, 22 mod 11 = 0, check 11 -> 0.
        assert!(nhs("1000000060"));
        assert_all_valid_and_mutations(nhs, &valid);
    }

    #[test]
    fn nhs_check_ten_is_never_valid() {
        // 000000006?: sum = 12 -> 12 mod 11 = 1 -> check 10 -> invalid for every last digit.
        for last in b'0'..=b'9' {
            let s = format!("000000006{}", last as char);
            assert!(!nhs(&s), "{s}");
        }
    }
}
