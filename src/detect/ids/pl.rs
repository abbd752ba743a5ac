//! Poland: NIP (tax identification number) and the PL VAT number built on it.

use crate::detect::checksum::{compact, compact_digits, dig, num, valid_date, weighted_sum};

/// Mod-11 check of a ten-digit NIP: weights 6, 5, 7, 2, 3, 4, 5, 6, 7 over the first nine,
/// the remainder is the tenth digit (a remainder of 10 is never issued).
fn nip_ok(d: &[u8]) -> bool {
    d.len() == 10
        && d.iter().all(u8::is_ascii_digit)
        && weighted_sum(&d[..9], &[6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 == dig(d[9])
}

/// Polish Numer Identyfikacji Podatkowej (NIP; English: tax identification number), issued
/// by the Krajowa Administracja Skarbowa. Ten digits, written 123-456-32-18 or 123-45-67-819
/// or plain; weights 6, 5, 7, 2, 3, 4, 5, 6, 7 over the first nine digits, the sum mod 11 is
/// the check digit (a remainder of 10 is never issued). The "PL" VAT prefix is not accepted
/// here (see [`vat`]).
pub fn nip(s: &str) -> bool {
    let mut buf = [0u8; 10];
    matches!(compact_digits(s, &mut buf), Some(d) if nip_ok(d))
}

/// Polish numer identyfikacyjny VAT (English: VAT number): the NIP with optional "PL" prefix,
/// validated exactly as [`nip`].
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 12];
    match compact(s, &mut buf) {
        Some(d) => nip_ok(d.strip_prefix(b"PL").unwrap_or(d)),
        None => false,
    }
}

/// Polish PESEL: eleven digits, weights 1,3,7,9,1,3,7,9,1,3 with check =
/// (10 - sum mod 10) mod 10, per the Ministry of Digital Affairs
/// specification; the embedded birth date must exist, the month carrying the
/// century (+80 1800s, +0 1900s, +20 2000s, +40 2100s, +60 2200s).
pub fn pesel(s: &str) -> bool {
    const W: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let mut buf = [0u8; 11];
    let d = match compact_digits(s, &mut buf) {
        Some(d) if d.len() == 11 => d,
        _ => return false,
    };
    let sum: u32 = d[..10].iter().zip(W).map(|(&b, w)| dig(b) * w).sum();
    if (10 - sum % 10) % 10 != dig(d[10]) {
        return false;
    }
    let yy = num(&d[0..2]) as u32;
    let mm = num(&d[2..4]) as u32;
    let dd = num(&d[4..6]) as u32;
    let century = match mm / 20 {
        0 => 1900,
        1 => 2000,
        2 => 2100,
        3 => 2200,
        _ => 1800,
    };
    valid_date(century + yy, mm % 20, dd)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn nips() {
        // 8567346215: python-stdnum pl.nip documentation; 123-456-32-18: the example of
        // Polish Wikipedia "Numer identyfikacji podatkowej", here also in the 3-2-2-3
        // grouping used for legal persons.
        let valid = ["8567346215", "123-456-32-18", "123-45-63-218"];
        for v in valid {
            assert!(nip(v), "{v}");
            assert_mutations_rejected(nip, v, 0);
        }
        assert!(nip("856 734 62 15"));
        assert!(!nip("8567346216")); // stdnum: invalid check digit
        assert!(!nip("PL8567346215")); // prefix belongs to the VAT form
        assert!(!nip("856734621"));
        assert!(!nip("85673462150"));
        // 123456789?: sum 6+10+21+8+15+24+35+48+63 = 230, 230 mod 11 = 10: never valid.
        assert!((0..10).all(|c| !nip(&format!("123456789{c}"))));
    }

    #[test]
    fn vat_numbers() {
        let valid = ["PL 8567346215", "PL1234563218", "8567346215"];
        for v in valid {
            assert!(vat(v), "{v}");
            assert_mutations_rejected(vat, v, 0);
        }
        assert!(vat("pl-123-456-32-18"));
        assert!(!vat("PL 8567346216"));
        assert!(!vat("DE8567346215"));
        assert!(!vat("PLPL8567346215"));
    }

    #[test]
    fn pesel_examples() {
        let valid = ["44051401359", "02070803628", "02211307589", "02122401358"];
        for v in valid {
            assert!(pesel(v), "{v}");
        }
        assert!(!pesel("44051401358"));
        assert!(!pesel("02381307589")); // invalid date (stdnum example)
        assert!(!pesel("4405140135"));
        // Century offsets: month 81 -> 1801-01, 41 -> 2101-01, 61 -> 2201-01, 30 February never.
        assert_eq!(complete(pesel, "0081010000").len(), 1);
        assert_eq!(complete(pesel, "0041010000").len(), 1);
        assert_eq!(complete(pesel, "0061010000").len(), 1);
        assert!(complete(pesel, "0002300000").is_empty());
        // 29 February: 2000 leap (month 22), 1900 not (month 02), 1800 not (82).
        assert_eq!(complete(pesel, "0022290000").len(), 1);
        assert!(complete(pesel, "0002290000").is_empty());
        assert!(complete(pesel, "0082290000").is_empty());
        assert_all_valid_and_mutations(pesel, &valid);
    }
}
