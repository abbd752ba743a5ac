//! France: numéro fiscal de référence (SPI, individual tax number) and numéro de TVA intracommunautaire.

use crate::detect::checksum::{compact, compact_digits, dig, luhn, num};

/// French numéro fiscal de référence / numéro SPI (tax identification number
/// of individuals), issued by the Direction générale des Finances publiques.
/// Thirteen digits, the first 0-3; the last three digits are the first ten
/// taken mod 511.
pub fn nif(s: &str) -> bool {
    let mut buf = [0u8; 13];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 13 => d,
        _ => return false,
    };
    d[0] <= b'3' && num(&d[10..]) == num(&d[..10]) % 511
}

/// Value of a TVA key character: digits 0-9, then A-Z without I and O as 10-33.
fn key_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(dig(c)),
        b'A'..=b'H' => Some(u32::from(c - b'A') + 10),
        b'J'..=b'N' => Some(u32::from(c - b'A') + 9),
        b'P'..=b'Z' => Some(u32::from(c - b'A') + 8),
        _ => None,
    }
}

/// French numéro de TVA intracommunautaire (VAT number), issued by the
/// Direction générale des Finances publiques. Optional "FR" prefix, a
/// two-character key and the company's nine-digit SIREN (Luhn-checked,
/// except Monaco numbers whose SIREN part starts 000). Numeric keys equal
/// (12 + 3 * (SIREN mod 97)) mod 97. New-style keys contain a letter (from
/// 0-9 and A-Z without I and O, valued 0-33): with c = v1 * 24 + v2 - 10 when
/// the first is a digit, else c = v1 * 34 + v2 - 100, the number is valid
/// when (SIREN + 1 + c div 11) mod 11 = c mod 11.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 13];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"FR").unwrap_or(d),
        None => return false,
    };
    if d.len() != 11 || !d[2..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (Some(k1), Some(k2)) = (key_value(d[0]), key_value(d[1])) else {
        return false;
    };
    let siren = &d[2..];
    if !siren.starts_with(b"000") && !luhn(siren) {
        return false;
    }
    let n = num(siren);
    if k1 < 10 && k2 < 10 {
        u64::from(k1 * 10 + k2) == (12 + 3 * (n % 97)) % 97
    } else {
        let c = if k1 < 10 {
            k1 * 24 + k2 - 10
        } else {
            k1 * 34 + k2 - 100
        };
        (n + 1 + u64::from(c / 11)) % 11 == u64::from(c % 11)
    }
}

/// French NIR (numéro de sécurité sociale, INSEE): 13 characters plus a
/// two-digit key = 97 - (number mod 97), per INSEE. Corsican departments
/// 2A/2B are computed as number - 1 000 000 / - 2 000 000 (i.e. 2A -> 19,
/// 2B -> 18), the convention python-stdnum's `fr.nir` uses. The first digit
/// (sex/status) must be 1, 2, 3, 4, 7 or 8.
pub fn nir(s: &str) -> bool {
    let mut buf = [0u8; 15];
    let d = match compact(s, &mut buf) {
        Some(d) if d.len() == 15 => d,
        _ => return false,
    };
    if !matches!(d[0], b'1' | b'2' | b'3' | b'4' | b'7' | b'8') {
        return false;
    }
    if !d[..5].iter().all(u8::is_ascii_digit) || !d[7..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let dept: u64 = match (d[5], d[6]) {
        (b'2', b'A') => 19,
        (b'2', b'B') => 18,
        (a, b) if a.is_ascii_digit() && b.is_ascii_digit() => num(&d[5..7]),
        _ => return false,
    };
    let number = num(&d[..5]) * 100_000_000 + dept * 1_000_000 + num(&d[7..13]);
    let key = num(&d[13..15]);
    key == 97 - number % 97
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn numero_fiscal() {
        // 3023217600053: python-stdnum documentation; 0123456789211
        // hand-computed: 123456789 = 511 * 241598 + 211.
        let valid = ["3023217600053", "0123456789211"];
        for v in valid {
            assert!(nif(v), "{v}");
            assert_mutations_rejected_at(nif, v, 0..13);
        }
        assert!(nif("30 23 217 600 053"));
        assert!(!nif("3023217600054"));
        assert!(!nif("070198776543")); // 12 digits
        assert!(!nif("9701987765432")); // first digit 9
        assert!(!nif("4023217600053"));
    }

    #[test]
    fn tva() {
        // python-stdnum documentation: 40 303 265 045 and 23 334 175 221
        // (numeric keys), K7399859412 and 4Z123456782 (new-style keys).
        let valid = ["40303265045", "23334175221", "K7399859412", "4Z123456782"];
        for v in valid {
            assert!(vat(v), "{v}");
        }
        assert_mutations_rejected_at(vat, "40303265045", 0..11);
        assert_mutations_rejected_at(vat, "23334175221", 0..11);
        // In new-style numbers the SIREN is still Luhn-checked.
        assert_mutations_rejected_at(vat, "K7399859412", 2..11);
        assert!(vat("FR 40 303 265 045"));
        assert!(vat("fr40303265045"));
        assert!(vat("FR K7 399 859 412"));
        assert!(!vat("84 323 140 391")); // stdnum: bad key
        assert!(!vat("IO334175221")); // I and O are not key letters
        assert!(!vat("303265045")); // a bare SIREN
        assert!(!vat("FR4030326504"));
        // Monaco: SIREN part 000..., no Luhn; key = (12 + 3 * (n mod 97)) mod 97.
        // n = 000012345: 12345 mod 97 = 26, 12 + 78 = 90 -> key 90.
        assert!(vat("FR90000012345"));
        assert!(!vat("FR91000012345"));
    }

    #[test]
    fn nir_examples() {
        // python-stdnum fr.nir published examples (incl. Corsica 2A/2B), and a
        // constructed 2A number whose key was computed by hand (1700119512345
        // mod 97 = 88, key 09).
        let valid = [
            "295109912611193",
            "253072B07300470",
            "253072A07300443",
            "170012A51234509",
        ];
        for v in valid {
            assert!(nir(v), "{v}");
        }
        assert!(nir("2 95 10 99 126 111 93"));
        assert!(nir("2 53 07 2a 073 004 43"));
        assert!(!nir("295109912611199"));
        assert!(!nir("253072C07300443"));
        assert!(!nir("6546546546546703"));
        // Same digits with first digit 5 / 9 (not a valid sex/status digit).
        assert!(!nir("595109912611193"));
        // The example "2 84 12 76 451 089 46" circulating in briefs does not
        // verify: 2841276451089 mod 97 = 4, key 93.
        assert!(!nir("2 84 12 76 451 089 46"));
        assert!(nir("2 84 12 76 451 089 93"));
        // Swapping 2A and 2B must fail.
        assert!(!nir("253072B07300443"));
        assert_all_valid_and_mutations(nir, &valid);
    }
}
