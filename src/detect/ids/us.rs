//! United States: Individual Taxpayer Identification Number.

use crate::detect::checksum::{compact_digits, num};

/// US Individual Taxpayer Identification Number (ITIN), issued by the Internal Revenue Service
/// to people who need a taxpayer number but cannot get a Social Security Number. Nine digits,
/// written 9XX-XX-XXXX: the first digit is 9 and the fourth and fifth digits lie in 50-65,
/// 70-88, 90-92 or 94-99 (ranges published by the IRS). No check digit exists: validates
/// structure only.
pub fn itin(s: &str) -> bool {
    let mut buf = [0u8; 9];
    match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 9 && d[0] == b'9' => {
            matches!(num(&d[3..5]), 50..=65 | 70..=88 | 90..=92 | 94..=99)
        }
        _ => false,
    }
}

/// US Social Security Number: structural rules published by the Social
/// Security Administration (no check digit exists). Nine digits; area not
/// 000, 666 or 900-999; group not 00; serial not 0000; and the two numbers
/// the SSA lists as famously misused (078-05-1120 from the Woolworth wallet
/// insert, 219-09-9999 from an SSA advertisement, and 457-55-5462, published in an identity-theft
/// advertisement) are rejected.
pub fn ssn(s: &str) -> bool {
    let mut buf = [0u8; 9];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 9 => d,
        _ => return false,
    };
    let area = num(&d[0..3]);
    let group = num(&d[3..5]);
    let serial = num(&d[5..9]);
    if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
        return false;
    }
    !matches!(num(d), 78_051_120 | 219_099_999 | 457_555_462)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn itin_numbers() {
        // python-stdnum us.itin documentation example; IRS-published ranges 50-65, 70-88,
        // 90-92, 94-99 (IRS ITIN guidance; python-stdnum 2.2 lacks 50-65).
        for v in [
            "912-90-3456",
            "912903456",
            "900-70-0000",
            "999-88-9999",
            "900-50-1234",
        ] {
            assert!(itin(v), "{v}");
        }
        assert!(!itin("123-45-6789")); // does not start with 9
        assert!(!itin("912-93-4567")); // group 93 unused
        assert!(!itin("912-89-4567")); // group 89 unused
        assert!(!itin("912-66-4567"));
        assert!(!itin("912-49-4567"));
        assert!(!itin("912-90-345"));
        assert!(!itin("912-90-34567"));
        // No check digit: mutating the serial keeps the structure valid.
        assert!(itin("912-90-3457"));
        // Every group 00-99 outside the published ranges is rejected.
        let ok = (0..100).filter(|g| itin(&format!("912{g:02}3456"))).count();
        assert_eq!(ok, 16 + 19 + 3 + 6);
    }

    #[test]
    fn ssn_examples() {
        assert!(ssn("123-45-6789"));
        assert!(ssn("536-90-4399"));
        assert!(ssn("001 01 0001"));
        assert!(ssn("665-99-9999"));
        assert!(ssn("899999999"));
        for bad in [
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "999-99-9999",
            "123-00-4567",
            "123-45-0000",
            "078-05-1120",
            "219-09-9999",
            "123-45-678",
            "123-45-67890",
            "12a-45-6789",
            "123_45_6789",
        ] {
            assert!(!ssn(bad), "{bad}");
        }
    }
}
