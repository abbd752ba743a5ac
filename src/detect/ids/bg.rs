//! Bulgaria: uniform civil number (ЕГН) and VAT number.

use crate::detect::checksum::{compact, compact_digits, dig, num, valid_date, weighted_sum};

/// ЕГН check on ten ASCII digits (see [`egn`]): the embedded date must
/// exist and the check digit must match.
fn egn_digits(d: &[u8]) -> bool {
    const W: [u32; 9] = [2, 4, 8, 5, 10, 9, 7, 3, 6];
    let (yy, mm, dd) = (
        num(&d[..2]) as u32,
        num(&d[2..4]) as u32,
        num(&d[4..6]) as u32,
    );
    let (year, month) = match mm {
        1..=12 => (1900 + yy, mm),
        21..=32 => (1800 + yy, mm - 20),
        41..=52 => (2000 + yy, mm - 40),
        _ => return false,
    };
    valid_date(year, month, dd) && weighted_sum(&d[..9], &W) % 11 % 10 == dig(d[9])
}

/// Bulgarian ЕГН, Единен граждански номер (uniform civil number), issued by
/// ГРАО (the civil registration service). Ten digits `YYMMDDSSSC`: the birth
/// date, with the month + 20 for births in the 1800s and + 40 in the 2000s
/// (the date must exist), a serial whose last digit is even for men, and a
/// check digit = first nine digits weighted 2, 4, 8, 5, 10, 9, 7, 3, 6, mod
/// 11, mod 10.
pub fn egn(s: &str) -> bool {
    let mut buf = [0u8; 10];
    match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 10 => egn_digits(d),
        _ => false,
    }
}

/// Bulgarian идентификационен номер по ДДС (VAT number), issued by the НАП
/// (National Revenue Agency): `BG` + nine or ten digits, with or without the
/// prefix. Nine digits (legal entities, the ЕИК/БУЛСТАТ): check = first
/// eight weighted 1-8 mod 11, or if that is 10 weighted 3-10 mod 11, then
/// mod 10. Ten digits (natural persons): valid as an ЕГН, or as an ЛНЧ
/// (foreigner's number: weights 21, 19, 17, 13, 11, 9, 7, 3, 1, sum mod 10),
/// or with weights 4, 3, 2, 7, 6, 5, 4, 3, 2 and check = 11 - sum mod 11.
pub fn vat(s: &str) -> bool {
    const PNF: [u32; 9] = [21, 19, 17, 13, 11, 9, 7, 3, 1];
    const OTHER: [u32; 9] = [4, 3, 2, 7, 6, 5, 4, 3, 2];
    let mut buf = [0u8; 12];
    let Some(d) = compact(s, &mut buf) else {
        return false;
    };
    let d = d.strip_prefix(b"BG").unwrap_or(d);
    if !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    match d.len() {
        9 => {
            let mut check = weighted_sum(&d[..8], &[1, 2, 3, 4, 5, 6, 7, 8]) % 11;
            if check == 10 {
                check = weighted_sum(&d[..8], &[3, 4, 5, 6, 7, 8, 9, 10]) % 11;
            }
            check % 10 == dig(d[8])
        }
        10 => {
            egn_digits(d)
                || weighted_sum(&d[..9], &PNF) % 10 == dig(d[9])
                || (11 - weighted_sum(&d[..9], &OTHER) % 11) % 11 == dig(d[9])
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn egn_examples() {
        // ЕГН found online (python-stdnum's test_bg_egn.doctest); in
        // 7542011030 month 42 means February of 2075.
        let valid = [
            "7523169263",
            "8032056031",
            "7501020018",
            "7552010005",
            "8001010008",
        ];
        for v in valid {
            assert!(egn(v), "{v}");
            // All weights are nonzero mod 11, so a change moves sum mod 11; only
            // remainders 0 and 10 share check digit 0, so numbers ending in 0
            // are left out of the mutation test.
            assert_mutations_rejected(egn, v, 0);
        }
        assert!(egn("7542011030"));
        assert!(egn("0010100100"));
        assert!(egn("752316 926 3"));
        assert!(!egn("7552A10004"));
        assert!(!egn("8019010008")); // month 19
        assert!(!egn("7523169264"));
        assert!(!egn("752316926"));
        // 29 February: 1900 (month 02) is not a leap year, 2000 (month 42) is.
        assert!(!(0..10).any(|c| egn(&format!("000229000{c}"))));
        assert!((0..10).any(|c| egn(&format!("004229000{c}"))));
    }

    #[test]
    fn vat_examples() {
        // Bulgarian VAT numbers published online (python-stdnum's test_eu_vat.doctest).
        let nine = ["BG175074752", "BG103873594", "BG131202360", "BG147137471"];
        for v in nine {
            assert!(vat(v), "{v}");
            assert!(vat(&v[2..]), "{v}");
            // The check digit is a function of the body, so changing it is
            // always caught; a changed body digit can switch between the two
            // weightings (BG105074752 passes), so only the check is mutated.
            assert_mutations_rejected(vat, v, 10);
        }
        assert!(vat("BG 124 551 319"));
        assert!(vat("Bg 200442771"));
        assert!(vat("BG7111042925"));
        assert!(vat("BG8032056031")); // an ЕГН
        assert!(!vat("175074751"));
        assert!(!vat("BG 131 172 009"));
        assert!(!vat("BG 200940556"));
        assert!(!vat("BG10X8735941"));
        assert!(!vat("BG17507475"));
        assert!(!vat("BG17507475212"));
        // Ten digits are accepted under three different rules, so a single
        // changed digit is not always caught; one that no rule accepts:
        assert!(!vat("BG 1037735942"));
    }
}
