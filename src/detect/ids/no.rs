//! Norway: fødselsnummer (national identity number) and MVA number (VAT number).

use crate::detect::checksum::{compact, compact_digits, dig, num, valid_date, weighted_sum};

/// Norwegian fødselsnummer (English: birth number, the national identity number), issued by
/// Skatteetaten through the Folkeregisteret. Eleven digits DDMMYYIIICC: birth date (D-numbers
/// add 40 to the day, H-numbers 40 to the month), individual number III, which also gives the
/// century (000-499 1900s; 500-749 with YY >= 54 1800s; 500-999 with YY < 40 2000s; 900-999
/// with YY >= 40 1900s), and two mod-11 check digits: weights 3, 7, 6, 1, 8, 9, 4, 5, 2 and
/// then 5, 4, 3, 2, 7, 6, 5, 4, 3, 2, each check = (11 - sum mod 11) mod 11, where 10 is
/// never issued. The date must exist; FH-numbers (day 80 and above) carry none and are
/// rejected. Future birth dates are not rejected, so the result does not depend on the clock.
pub fn fodselsnummer(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 11 => d,
        _ => return false,
    };
    let k1 = (11 - weighted_sum(&d[..9], &[3, 7, 6, 1, 8, 9, 4, 5, 2]) % 11) % 11;
    let k2 = (11 - weighted_sum(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11) % 11;
    if k1 != dig(d[9]) || k2 != dig(d[10]) {
        return false;
    }
    let (mut day, mut month, yy) = (num(&d[..2]) as u32, num(&d[2..4]) as u32, num(&d[4..6]));
    if day >= 80 {
        return false;
    }
    if day > 40 {
        day -= 40;
    }
    if month > 40 {
        month -= 40;
    }
    let century = match (num(&d[6..9]), yy) {
        (0..=499, _) => 1900,
        (500..=749, 54..) => 1800,
        (_, 0..=39) => 2000,
        (900.., _) => 1900,
        _ => return false,
    };
    valid_date(century + yy as u32, month, day)
}

/// Norwegian merverdiavgiftsnummer (MVA-nummer; English: VAT number), issued by the
/// Brønnøysundregistrene / Skatteetaten: optional "NO" + the nine-digit organisasjonsnummer +
/// optional "MVA". Weights 3, 2, 7, 6, 5, 4, 3, 2, 1 over all nine digits, the sum must be
/// divisible by 11.
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 14];
    let mut d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"NO").unwrap_or(d),
        None => return false,
    };
    if let Some(rest) = d.strip_suffix(b"MVA") {
        d = rest;
    }
    d.len() == 9
        && d.iter().all(u8::is_ascii_digit)
        && weighted_sum(d, &[3, 2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    /// Number of check-digit pairs completing a nine-digit body.
    fn completions(body: &str) -> usize {
        (0..100)
            .filter(|c| fodselsnummer(&format!("{body}{c:02}")))
            .count()
    }

    #[test]
    fn fodselsnumre() {
        // 151086 95088: python-stdnum no.fodselsnummer documentation (woman born 1986-10-15,
        // individual number 950); the D-number (day + 40) and H-number (month + 40) forms
        // of a 1978 birth were constructed.
        let valid = ["151086 95088", "15108695088", "55107812864", "15507812349"];
        for v in valid {
            assert!(fodselsnummer(v), "{v}");
            assert_mutations_rejected(fodselsnummer, v, 0);
        }
        assert!(!fodselsnummer("15108695077")); // stdnum: invalid check digits
        assert!(!fodselsnummer("1510869508"));
        assert!(!fodselsnummer("151086950880"));
        assert_eq!(completions("010100123"), 1); // 1900
        assert_eq!(completions("010160567"), 1); // 1860
        assert_eq!(completions("010120567"), 1); // 2020
        assert_eq!(completions("010145950"), 1); // 1945 (900-999 with YY >= 40)
        assert_eq!(completions("010145567"), 0); // no century for 500-749 and YY 40-53
        assert_eq!(completions("850100123"), 0); // FH-number
        assert_eq!(completions("320100123"), 0); // day 32
        assert_eq!(completions("011300123"), 0); // month 13
        assert_eq!(completions("290200123"), 0); // 29 February 1900
        assert_eq!(completions("290200500"), 1); // 29 February 2000
    }

    #[test]
    fn mva() {
        // NO 995 525 828 MVA: python-stdnum no.mva documentation; 988 077 917: no.orgnr
        // documentation.
        let valid = [
            "NO 995 525 828 MVA",
            "995525828",
            "988 077 917",
            "no988077917mva",
        ];
        for v in valid {
            assert!(vat(v), "{v}");
            assert_mutations_rejected(vat, v, 0);
        }
        assert!(vat("NO995525828"));
        assert!(vat("995525828MVA"));
        assert!(!vat("NO 995 525 829 MVA")); // stdnum: invalid check digit
        assert!(!vat("NO 995 525 828 MVAMVA"));
        assert!(!vat("99552582"));
        assert!(!vat("SE995525828"));
    }
}
