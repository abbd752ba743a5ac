//! Ireland: PPS number (Personal Public Service number) and VAT number.

use crate::detect::checksum::{compact, dig, weighted_sum};

/// Value of a letter in the mod 23 check alphabet: W = 0, A..V = 1..22.
fn letter_value(c: u8) -> Option<u32> {
    match c {
        b'W' => Some(0),
        b'A'..=b'V' => Some(u32::from(c - b'A') + 1),
        _ => None,
    }
}

/// Check letter for a weighted sum: W for 0, else the (sum mod 23)-th letter.
fn check_letter(sum: u32) -> u8 {
    match sum % 23 {
        0 => b'W',
        r => b'A' + (r - 1) as u8,
    }
}

/// Weights of the seven digits of a PPS or new-style VAT number.
const WEIGHTS: [u32; 7] = [8, 7, 6, 5, 4, 3, 2];

/// Irish PPS number (Personal Public Service number / uimhir phearsanta
/// seirbhíse poiblí), issued by the Department of Social Protection. Seven
/// digits, a check letter and an optional second letter: A, B (individuals,
/// 2013 and 2024 series) or H (non-individuals), which count 9 times their
/// value in the check, or the older W, T, X, which are ignored. Check letter =
/// (sum of digits weighted 8..2 [+ 9 * second letter]) mod 23 in W, A..V.
pub fn pps(s: &str) -> bool {
    let mut buf = [0u8; 9];
    let d = match compact(s, &mut buf) {
        Some(d) if d.len() == 8 || d.len() == 9 => d,
        _ => return false,
    };
    if !d[..7].iter().all(u8::is_ascii_digit) || !matches!(d[7], b'A'..=b'W') {
        return false;
    }
    let extra = match d.get(8) {
        None | Some(b'W' | b'T' | b'X') => 0,
        Some(&c @ (b'A' | b'B' | b'H')) => 9 * letter_value(c).unwrap_or(0),
        Some(_) => return false,
    };
    d[7] == check_letter(weighted_sum(&d[..7], &WEIGHTS) + extra)
}

/// Like `compact`, but also keeps the '+' and '*' that old-style Irish VAT
/// numbers may carry in second position.
fn compact_ie<'a>(s: &str, buf: &'a mut [u8]) -> Option<&'a [u8]> {
    let mut n = 0usize;
    for &b in s.as_bytes() {
        let c = match b {
            b' ' | b'-' | b'.' | b'/' => continue,
            b'0'..=b'9' | b'A'..=b'Z' | b'+' | b'*' => b,
            b'a'..=b'z' => b.to_ascii_uppercase(),
            _ => return None,
        };
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(&buf[..n])
}

/// Irish VAT number (uimhir CBL, VAT registration number), issued by the
/// Revenue Commissioners. Optional "IE" prefix, then either the new form,
/// seven digits, a check letter and an optional second letter (A-W, counted 9
/// times its value), checked exactly like the PPS number; or the old form,
/// digit, letter or '+' or '*', five digits and a check letter (an extra
/// trailing letter is ignored), checked like a PPS number whose seven digits
/// are 0, digits 3-7 and then the first digit.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let d = match compact_ie(s, &mut buf) {
        Some(d) => d.strip_prefix(b"IE").unwrap_or(d),
        None => return false,
    };
    if !matches!(d.len(), 8 | 9)
        || !d[0].is_ascii_digit()
        || !d[2..7].iter().all(u8::is_ascii_digit)
        || !d[7..].iter().all(|&c| letter_value(c).is_some())
    {
        return false;
    }
    let sum = match d[1] {
        b'0'..=b'9' => {
            let extra = d.get(8).and_then(|&c| letter_value(c)).unwrap_or(0);
            weighted_sum(&d[..7], &WEIGHTS) + 9 * extra
        }
        b'A'..=b'Z' | b'+' | b'*' => weighted_sum(&d[2..7], &WEIGHTS[1..]) + 2 * dig(d[0]),
        _ => return false,
    };
    d[7] == check_letter(sum)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    const DIGITS: [usize; 7] = [0, 1, 2, 3, 4, 5, 6];

    #[test]
    fn pps_numbers() {
        // python-stdnum documentation: 6433435F (pre-2013), 6433435FT,
        // 6433435FW, 6433435OA (2013 format), 6433435IH (non-individual).
        let valid = [
            "6433435F",
            "6433435FT",
            "6433435FW",
            "6433435OA",
            "6433435IH",
        ];
        for v in valid {
            assert!(pps(v), "{v}");
            // Weights 8..2 are nonzero mod 23: every digit change is caught.
            assert_mutations_rejected_at(pps, v, DIGITS);
        }
        // 2024 "B" series, computed: the digits of 6433435 weigh 144,
        // + 9 * 2 = 162, 162 mod 23 = 1 -> A.
        assert!(pps("6433435AB"));
        assert!(!pps("6433435FB"));
        assert!(pps("6433435-oa"));
        assert!(pps("643 3435 F"));
        assert!(!pps("6433435E")); // stdnum: bad check letter
        assert!(!pps("6433435VH")); // stdnum: bad check letter
        assert!(!pps("6433435OH")); // the second letter is in the check
        assert!(!pps("6433435FZ"));
        assert!(!pps("6433435FAA"));
        assert!(!pps("643343F"));
        assert!(!pps("IE6433435F"));
    }

    #[test]
    fn vat_numbers() {
        // python-stdnum documentation: 6433435F, 6433435OA (2013 format),
        // 8D79739I (old style, second character a letter).
        let valid = ["6433435F", "6433435OA", "8D79739I"];
        for v in valid {
            assert!(vat(v), "{v}");
        }
        assert_mutations_rejected_at(vat, "6433435F", DIGITS);
        assert_mutations_rejected_at(vat, "6433435OA", DIGITS);
        assert_mutations_rejected_at(vat, "8D79739I", [0, 2, 3, 4, 5, 6]);
        assert!(vat("IE 6433435F"));
        assert!(vat("ie6433435oa"));
        assert!(vat("IE 8D79739I"));
        // Old style with '+': the second character is not in the check.
        assert!(vat("8+79739I"));
        assert!(vat("8*79739I"));
        assert!(!vat("6433435E")); // stdnum: bad check letter
        assert!(!vat("8?79739J"));
        assert!(!vat("8D79739J"));
        assert!(!vat("6433435FY"));
    }
}
