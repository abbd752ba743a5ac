//! Check-digit validators for identifier-shaped candidates.
//!
//! The pattern stage of the scanner finds strings that merely *look* like a
//! card number, a national insurance number or a tax id. Most such strings in
//! CRM tables are order numbers, phone fragments or SKUs, so every candidate
//! is re-checked here against the algorithm its issuer publishes (check
//! digits, reserved ranges, embedded birth dates). The trade-off is
//! deliberate: these functions only prove that a value is *well formed*, not
//! that it was ever issued, and they are strict about shape (exact lengths,
//! a small fixed set of separators) in exchange for a very low false positive
//! rate and zero allocation. Every validator normalises its own input into a
//! fixed stack buffer, rejects anything that does not fit, and never panics,
//! whatever the input (empty, non-ASCII, megabytes long).

/// Copy ASCII alphanumerics of `s` uppercased into `buf`, skipping ' ', '-', '.', '/'; return the filled slice, or None if any other char appears or it does not fit.
pub fn compact<'a>(s: &str, buf: &'a mut [u8]) -> Option<&'a [u8]> {
    let mut n = 0usize;
    for &b in s.as_bytes() {
        let c = match b {
            b' ' | b'-' | b'.' | b'/' => continue,
            b'0'..=b'9' | b'A'..=b'Z' => b,
            b'a'..=b'z' => b - (b'a' - b'A'),
            // Any other byte, including every byte of a multi-byte UTF-8
            // sequence, disqualifies the candidate.
            _ => return None,
        };
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(&buf[..n])
}

/// Like [`compact`], but additionally requires every kept character to be an ASCII digit.
pub fn compact_digits<'a>(s: &str, buf: &'a mut [u8]) -> Option<&'a [u8]> {
    let d = compact(s, buf)?;
    if d.iter().all(u8::is_ascii_digit) {
        Some(d)
    } else {
        None
    }
}

/// Value of a short run of ASCII digits (callers guarantee digits and at most 19 of them).
pub fn num(d: &[u8]) -> u64 {
    d.iter()
        .fold(0u64, |acc, &b| acc * 10 + u64::from(b.wrapping_sub(b'0')))
}

/// Value of one ASCII digit (callers guarantee a digit).
pub fn dig(b: u8) -> u32 {
    u32::from(b.wrapping_sub(b'0'))
}

/// Luhn mod 10 check (ISO/IEC 7812-1, Annex B) over ASCII digits, check digit last.
/// Returns false on an empty slice or any non-digit.
pub fn luhn(digits: &[u8]) -> bool {
    if digits.is_empty() {
        return false;
    }
    let mut sum = 0u64;
    for (i, &b) in digits.iter().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let mut d = u64::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// `sum(digit_i * weight_i)` over ASCII digits paired with weights (the shorter length wins).
pub fn weighted_sum(digits: &[u8], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(&b, &w)| dig(b) * w).sum()
}

/// ISO/IEC 7064 MOD 11,10 (hybrid system) over ASCII digits, check digit last.
pub fn iso7064_mod11_10(digits: &[u8]) -> bool {
    let Some((&check, body)) = digits.split_last() else {
        return false;
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut product = 10u32;
    for &b in body {
        let mut sum = (dig(b) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    (11 - product) % 10 == dig(check)
}

/// ISO/IEC 7064 MOD 97-10 over ASCII alphanumerics (letters count A=10 .. Z=35), check digits
/// included: the whole string must leave remainder 1.
pub fn iso7064_mod97_10(chars: &[u8]) -> bool {
    let mut rem = 0u32;
    for &c in chars {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return false,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    !chars.is_empty() && rem == 1
}

/// Verhoeff dihedral-group check over ASCII digits, check digit last.
pub fn verhoeff(digits: &[u8]) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut c = 0u8;
    for (i, &b) in digits.iter().rev().enumerate() {
        c = D[c as usize][P[i % 8][(b - b'0') as usize] as usize];
    }
    c == 0
}

/// The ICAO 9303 check digit (weights 7, 3, 1 repeating; digits count their value, letters
/// A=10 .. Z=35, the filler '<' 0). `None` on any other character.
pub fn icao_check_digit(chars: &[u8]) -> Option<u32> {
    let mut sum = 0u32;
    for (i, &c) in chars.iter().enumerate() {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            b'<' => 0,
            _ => return None,
        };
        sum += v * [7, 3, 1][i % 3];
    }
    Some(sum % 10)
}

/// Two-stage mod 11 check digit of the Estonian standard EVS 585 (also used in Lithuania):
/// weights 1..9,1,.. give the remainder; a remainder of 10 is recomputed with weights
/// 3..9,1,2,.. and a second 10 is written as 0. `body` is ASCII digits without the check digit.
pub fn mod11_two_stage(body: &[u8]) -> u32 {
    let rem = |shift: usize| -> u32 {
        let sum: u32 = body
            .iter()
            .enumerate()
            .map(|(i, &b)| dig(b) * ((i + shift) % 9 + 1) as u32)
            .sum();
        sum % 11
    };
    match rem(0) {
        10 => rem(2) % 10,
        r => r,
    }
}

/// A valid calendar date (proleptic Gregorian calendar, leap years every 4
/// years except centuries not divisible by 400).
pub fn valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;

    // ---------------------------------------------------------------- compact

    #[test]
    fn compact_normalises() {
        let mut buf = [0u8; 16];
        assert_eq!(compact("ab-12 c.d/3", &mut buf), Some(&b"AB12CD3"[..]));
        assert_eq!(compact("", &mut buf), Some(&b""[..]));
        assert_eq!(compact(" -./", &mut buf), Some(&b""[..]));
        assert_eq!(compact("12_34", &mut buf), None);
        assert_eq!(compact("12\t34", &mut buf), None);
        assert_eq!(compact("Ünïcode", &mut buf), None);
        assert_eq!(compact("١٢٣", &mut buf), None);
        let mut small = [0u8; 3];
        assert_eq!(compact("1234", &mut small), None);
        assert_eq!(compact("1-2-3", &mut small), Some(&b"123"[..]));
        let mut empty: [u8; 0] = [];
        assert_eq!(compact("--", &mut empty), Some(&b""[..]));
        assert_eq!(compact("1", &mut empty), None);
    }

    #[test]
    fn generic_check_algorithms_match_published_examples() {
        // Verhoeff: 236 has check digit 3.
        assert!(verhoeff(b"2363"));
        assert!(!verhoeff(b"2364"));
        // ICAO 9303 Part 3 specimen: document number, birth date and expiry with their digits.
        assert_eq!(icao_check_digit(b"L898902C3"), Some(6));
        assert_eq!(icao_check_digit(b"740812"), Some(2));
        assert_eq!(icao_check_digit(b"120415"), Some(9));
        assert_eq!(icao_check_digit(b"ab"), None);
        // MOD 97-10: a valid IBAN, rearranged, leaves remainder 1.
        assert!(iso7064_mod97_10(b"WEST12345698765432GB82"));
        assert!(!iso7064_mod97_10(b"WEST12345698765433GB82"));
        // MOD 11,10 is the Steuer-ID check.
        assert!(iso7064_mod11_10(b"86095742719"));
        assert!(!iso7064_mod11_10(b"86095742718"));
        assert_eq!(weighted_sum(b"123", &[3, 2, 1]), 10);
    }

    #[test]
    fn luhn_basics() {
        assert!(luhn(b"79927398713"));
        assert!(!luhn(b"79927398710"));
        assert!(luhn(b"0"));
        assert!(!luhn(b""));
        assert!(!luhn(b"4111-1111"));
        assert!(!luhn("٤".as_bytes()));
    }

    // ------------------------------------------------------------ valid_date

    #[test]
    fn dates() {
        assert!(valid_date(2000, 2, 29));
        assert!(!valid_date(1900, 2, 29));
        assert!(valid_date(2024, 2, 29));
        assert!(!valid_date(2023, 2, 29));
        assert!(valid_date(2023, 12, 31));
        assert!(!valid_date(2023, 4, 31));
        assert!(!valid_date(2023, 0, 1));
        assert!(!valid_date(2023, 13, 1));
        assert!(!valid_date(2023, 1, 0));
        assert!(valid_date(0, 1, 1));
        assert!(!valid_date(u32::MAX, u32::MAX, u32::MAX));
    }
}
