//! Spain: CIF (tax code of legal entities) and NIF-IVA (VAT number).

use crate::detect::checksum::{compact, dig, num};

/// DNI/NIE control letter for a number: `TRWAGMYFPDXBNJZSQVHLCKE`[n mod 23].
fn dni_letter(n: u64) -> u8 {
    b"TRWAGMYFPDXBNJZSQVHLCKE"[(n % 23) as usize]
}

/// CIF rules on nine compacted bytes: entity letter, seven digits, and the Luhn check digit
/// of the seven digits either as a digit or as the letter `JABCDEFGHI`[digit].
fn cif_ok(d: &[u8]) -> bool {
    if d.len() != 9 || !b"ABCDEFGHJNPQRSUVW".contains(&d[0]) {
        return false;
    }
    let digits = &d[1..8];
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    // Luhn check digit: the digits in odd positions (1st, 3rd, ...) are doubled.
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &b)| match (i % 2, dig(b)) {
            (0, v) if v >= 5 => 2 * v - 9,
            (0, v) => 2 * v,
            (_, v) => v,
        })
        .sum();
    let check = ((10 - sum % 10) % 10) as u8;
    d[8] == b'0' + check || d[8] == b"JABCDEFGHI"[check as usize]
}

/// Spanish Código de Identificación Fiscal (CIF, now NIF de persona jurídica; English: tax
/// identification code of legal entities), issued by the Agencia Tributaria. Nine characters:
/// the entity-type letter (A B C D E F G H J N P Q R S U V W), a two-digit province and
/// five-digit serial, and a control character: the Luhn check digit of the seven digits,
/// written either as that digit or as the letter `JABCDEFGHI`[digit] (both accepted for every
/// entity type, as sources disagree on which type uses which).
pub fn cif(s: &str) -> bool {
    let mut buf = [0u8; 9];
    matches!(compact(s, &mut buf), Some(d) if cif_ok(d))
}

/// Spanish número de identificación fiscal a efectos del IVA (NIF-IVA; English: VAT number),
/// issued by the Agencia Tributaria: optional "ES" + nine characters, one of DNI (eight
/// digits + control letter), K/L/M + seven digits + DNI control letter (Spaniards under 14,
/// abroad, foreigners without NIE), NIE (X/Y/Z = 0/1/2 + seven digits + control letter), or
/// a CIF as in [`cif`]. The control letter is `TRWAGMYFPDXBNJZSQVHLCKE`[number mod 23].
pub fn vat(s: &str) -> bool {
    let mut buf = [0u8; 11];
    let d = match compact(s, &mut buf) {
        Some(d) => d.strip_prefix(b"ES").unwrap_or(d),
        None => return false,
    };
    if d.len() != 9 || !d[1..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    match d[0] {
        b'K' | b'L' | b'M' => d[8] == dni_letter(num(&d[1..8])),
        b'0'..=b'9' => d[8] == dni_letter(num(&d[..8])),
        b'X' | b'Y' | b'Z' => {
            let prefix = u64::from(d[0] - b'X');
            d[8] == dni_letter(prefix * 10_000_000 + num(&d[1..8]))
        }
        _ => cif_ok(d),
    }
}

/// Control letters of the Spanish DNI/NIE, indexed by number mod 23
/// (Ministerio del Interior).
const ES_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Spanish DNI (as used as NIF by residents): eight digits and the control
/// letter `TRWAGMYFPDXBNJZSQVHLCKE`[number mod 23], as published by the
/// Ministerio del Interior. Only the plain DNI form is accepted (no K/L/M).
pub fn dni(s: &str) -> bool {
    let mut buf = [0u8; 9];
    let d = match compact(s, &mut buf) {
        Some(d) if d.len() == 9 => d,
        _ => return false,
    };
    if !d[..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    d[8] == ES_LETTERS[(num(&d[..8]) % 23) as usize]
}

/// Spanish NIE (foreigner identity number, Orden INT/2058/2008): X, Y or Z,
/// seven digits and a control letter; X/Y/Z stand for 0/1/2 and the letter
/// is then computed exactly as for the DNI.
pub fn nie(s: &str) -> bool {
    let mut buf = [0u8; 9];
    let d = match compact(s, &mut buf) {
        Some(d) if d.len() == 9 => d,
        _ => return false,
    };
    let prefix: u64 = match d[0] {
        b'X' => 0,
        b'Y' => 1,
        b'Z' => 2,
        _ => return false,
    };
    if !d[1..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let n = prefix * 10_000_000 + num(&d[1..8]);
    d[8] == ES_LETTERS[(n % 23) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::ids::testing::*;

    #[test]
    fn cifs() {
        // J99216582: python-stdnum es.cif documentation; B64717838 and B-58378431: es.nif
        // documentation; A13585625 and its letter form A1358562E: es.cif split() example
        // (check digit 5 = letter E).
        let valid = [
            "J99216582",
            "B64717838",
            "B-58378431",
            "A13585625",
            "A1358562E",
        ];
        for v in valid {
            assert!(cif(v), "{v}");
            assert_mutations_rejected(cif, v, 0);
        }
        assert!(cif("a13 585 625"));
        assert!(!cif("J99216583")); // stdnum: invalid check digit
        assert!(!cif("J992165831")); // stdnum: too long
        assert!(!cif("M-1234567-L")); // stdnum: a NIF, not a CIF
        assert!(!cif("O-1234567-L")); // stdnum: invalid first character
        assert!(!cif("A1358562F")); // wrong check letter
        assert!(!cif("ESA13585625")); // prefix belongs to the VAT form
    }

    #[test]
    fn vat_numbers() {
        // python-stdnum es.nif documentation examples: CIF, resident DNI, NIE, and an M
        // number (foreigner without NIE); K1234567L constructed (same letter rule).
        let valid = [
            "ES B-58378431",
            "B64717838",
            "54362315K",
            "X-5253868-R",
            "M-1234567-L",
            "K1234567L",
            "es a13585625",
        ];
        for v in valid {
            assert!(vat(v), "{v}");
            assert_mutations_rejected(vat, v, 0);
        }
        assert!(!vat("B64717839")); // stdnum: invalid check digit
        assert!(!vat("54362315Z"));
        assert!(!vat("X5253868T"));
        assert!(!vat("O1234567L"));
        assert!(!vat("I1234567L"));
        assert!(!vat("ES54362315"));
        assert!(!vat("ESES54362315K"));
    }

    #[test]
    fn dni_examples() {
        let valid = ["12345678Z", "54362315K", "87654321X", "11111111H"];
        for v in valid {
            assert!(dni(v), "{v}");
        }
        assert!(dni("54362315-k"));
        assert!(dni("12.345.678-Z"));
        assert!(!dni("12345678A"));
        assert!(!dni("1234567Z"));
        assert!(!dni("X1234567L"));
        assert!(!dni("123456789"));
        assert_all_valid_and_mutations(dni, &valid);
    }

    #[test]
    fn nie_examples() {
        let valid = ["X1234567L", "X2482300W", "Y1234567X", "Z1234567R"];
        for v in valid {
            assert!(nie(v), "{v}");
        }
        assert!(nie("x-2482300w"));
        assert!(!nie("X1234567Z"));
        assert!(!nie("W1234567L"));
        assert!(!nie("12345678Z"));
        assert!(!nie("X12345678L"));
        assert_all_valid_and_mutations(nie, &valid);
    }
}
