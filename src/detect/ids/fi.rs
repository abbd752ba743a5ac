//! Finland: henkilötunnus (personal identity code) and ALV-numero (VAT number).

use crate::detect::checksum::{compact, num, valid_date, weighted_sum};

/// Finnish henkilötunnus / HETU (personal identity code), issued by the
/// Digital and Population Data Services Agency (DVV). DDMMYYCZZZQ: birth
/// date, century sign C ('+' 1800s; '-' or Y X W V U 1900s; A B C D E F
/// 2000s; the extra letters date from 2023), individual number ZZZ in
/// 002-899 (900-999 are temporary codes, rejected as python-stdnum does by
/// default) and check character Q = "0123456789ABCDEFHJKLMNPRSTUVWXY"
/// [DDMMYYZZZ mod 31]. The century sign is part of the number, so no
/// separators are stripped: only surrounding whitespace and letter case are
/// forgiven.
pub fn hetu(s: &str) -> bool {
    const CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
    let d = s.trim().as_bytes();
    if d.len() != 11 {
        return false;
    }
    let digits_ok = d[..6].iter().chain(&d[7..10]).all(u8::is_ascii_digit);
    if !digits_ok {
        return false;
    }
    let century = match d[6].to_ascii_uppercase() {
        b'+' => 1800,
        b'-' | b'Y' | b'X' | b'W' | b'V' | b'U' => 1900,
        b'A'..=b'F' => 2000,
        _ => return false,
    };
    let year = century + num(&d[4..6]) as u32;
    if !valid_date(year, num(&d[2..4]) as u32, num(&d[0..2]) as u32) {
        return false;
    }
    let individual = num(&d[7..10]);
    if !(2..900).contains(&individual) {
        return false;
    }
    let n = num(&d[..6]) * 1000 + individual;
    d[10].to_ascii_uppercase() == CHECK[(n % 31) as usize]
}

/// Finnish ALV-numero (arvonlisäverotunniste, VAT number), derived from the
/// Y-tunnus (business ID) issued by the Finnish Patent and Registration
/// Office and the Tax Administration. Optional "FI" prefix and 8 digits
/// (the business ID without its dash); weights 7,9,10,5,8,4,2,1 over all
/// eight digits must sum to a multiple of 11.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"FI").unwrap_or(d),
        None => return false,
    };
    d.len() == 8
        && d.iter().all(u8::is_ascii_digit)
        && weighted_sum(d, &[7, 9, 10, 5, 8, 4, 2, 1]) % 11 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn henkilotunnus() {
        // 131052-308T: DVV's published example. The others reuse its
        // arithmetic with the 2023 signs (the check ignores the sign) or are
        // hand-computed: 010594002 mod 31 = 0 -> '0'; 020502308 mod 31 = 24
        // -> 'S'; 010100308 mod 31 = 12 -> 'C'.
        let valid = [
            "131052-308T",
            "131052X308T",
            "010594Y0020",
            "020502A308S",
            "020502E308S",
            "010100+308C",
        ];
        let digit_positions = [0, 1, 2, 3, 4, 5, 7, 8, 9];
        for v in valid {
            assert!(hetu(v), "{v}");
            assert_mutations_rejected_at(hetu, v, digit_positions);
        }
        assert_mutations_rejected_at(hetu, "010594Y0020", [10]);
        assert!(hetu(" 131052-308t "));
        assert!(hetu("131052x308T"));
        assert!(!hetu("131052-308U")); // stdnum: bad check character
        assert!(!hetu("310252-308Y")); // stdnum: 31 February
        assert!(!hetu("131052308T")); // the century sign is required
        assert!(!hetu("131052 308T"));
        assert!(!hetu("131052G308T"));
        assert!(!hetu("131052--308T"));
        // DVV's examples of the new signs use the temporary range 900-999,
        // which is rejected; serials 000 and 001 are never issued.
        assert!(!hetu("010594Y9021"));
        assert!(!hetu("020502E902X"));
        // 010594000 mod 31 = 29 -> 'X', 010594001 mod 31 = 30 -> 'Y'.
        assert!(!hetu("010594Y000X"));
        assert!(!hetu("010594Y001Y"));
        // 29 February: 2000 exists (A), 1900 does not ('-'); 290200308 mod 31 = 8.
        assert!(hetu("290200A3088"));
        assert!(!hetu("290200-3088"));
    }

    #[test]
    fn alv() {
        // python-stdnum documentation: FI 20774740.
        let valid = ["20774740"];
        for v in valid {
            assert!(vat(v), "{v}");
            assert_mutations_rejected_at(vat, v, [0, 1, 2, 3, 4, 5, 6, 7]);
        }
        assert!(vat("FI 20774740"));
        assert!(vat("2077474-0")); // written as the Y-tunnus
        assert!(vat("fi20774740"));
        assert!(!vat("FI 20774741"));
        assert!(!vat("2077474"));
        assert!(!vat("207747400"));
    }
}
