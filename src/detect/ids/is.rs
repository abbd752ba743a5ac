//! Iceland: kennitala (personal and organisation identity code).

use crate::detect::checksum::{compact_digits, num, valid_date, weighted_sum};

/// Icelandic kennitala (English: identity number), issued by Þjóðskrá Íslands (Registers
/// Iceland) to individuals and, with 40 added to the day, to organisations. Ten digits
/// DDMMYY-RRCK: date (must exist), two random digits, a check digit (weights 3, 2, 7, 6, 5,
/// 4, 3, 2 over the first eight, check = (11 - sum mod 11) mod 11; 10 is never issued) and
/// the century digit K: 9 for the 1900s, 0 for the 2000s, 8 for the 1800s (python-stdnum
/// rejects 8).
pub fn kennitala(s: &str) -> bool {
    let mut buf = [0u8; 10];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 10 => d,
        _ => return false,
    };
    let century = match d[9] {
        b'8' => 1800,
        b'9' => 1900,
        b'0' => 2000,
        _ => return false,
    };
    let mut day = num(&d[..2]) as u32;
    if day > 40 {
        day -= 40;
    }
    valid_date(century + num(&d[4..6]) as u32, num(&d[2..4]) as u32, day)
        && weighted_sum(&d[..9], &[3, 2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Number of check digits completing an eight-digit body followed by century `k`.
    fn completions(body: &str, k: char) -> usize {
        (0..10)
            .filter(|c| kennitala(&format!("{body}{c}{k}")))
            .count()
    }

    #[test]
    fn kennitolur() {
        // 120174-3399 (individual) and 450401-3150 (organisation, day 05 + 40): python-stdnum
        // is_.kennitala documentation.
        let valid = ["120174-3399", "450401-3150", "1201743399"];
        for v in valid {
            assert!(kennitala(v), "{v}");
            // Weights are units mod 11, so every change in the first nine digits fails.
            // The century digit is outside the check: only non-century values must fail.
            let century = v.len() - 1;
            for (i, c) in v.char_indices().filter(|(_, c)| c.is_ascii_digit()) {
                for r in ('0'..='9').filter(|&r| r != c) {
                    if i == century && matches!(r, '0' | '8' | '9') {
                        continue;
                    }
                    let m = format!("{}{}{}", &v[..i], r, &v[i + 1..]);
                    assert!(!kennitala(&m), "{m}");
                }
            }
        }
        assert!(kennitala("120174 3399"));
        assert!(kennitala("1201743390")); // same digits, born 2074 (century not checked)
        assert!(kennitala("1201743398")); // 1874
        assert!(!kennitala("530575-0299")); // stdnum: invalid check digit
        assert!(!kennitala("320174-3399")); // stdnum: invalid date
        assert!(!kennitala("120174339"));
        assert!(!kennitala("12017433990"));
        assert_eq!(completions("29020012", '9'), 0); // 29 February 1900
        assert_eq!(completions("29020012", '0'), 1); // 29 February 2000
        assert_eq!(completions("69020012", '0'), 1); // organisation registered then
        assert_eq!(completions("72010012", '9'), 0); // day 32 / organisation day 72
    }
}
