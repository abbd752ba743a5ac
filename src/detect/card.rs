//! Payment card numbers (PANs): issuer ranges, lengths and the Luhn check (the PCI DSS display
//! form is `mask::pci_card`).
//!
//! A PAN is 12 to 19 digits (ISO/IEC 7812-1). The first digits, the issuer identification
//! number (IIN), name the scheme, and each scheme issues only some lengths; the last digit is a
//! Luhn check digit. A number passes only if all three agree, which is what keeps epoch
//! timestamps, order numbers and phone numbers of the right length out.

use super::checksum::{compact_digits, luhn};

/// Payment card scheme, as derived from the issuer identification number (IIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardIssuer {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Jcb,
    UnionPay,
    Diners,
    Maestro,
    Mir,
    RuPay,
    Troy,
    Verve,
    Dankort,
    Elo,
    Hipercard,
    InterPayment,
    InstaPayment,
    Uatp,
}

impl CardIssuer {
    /// Stable lowercase identifier, suitable for reports ("visa", "mastercard", ...).
    pub fn name(self) -> &'static str {
        use CardIssuer::*;
        match self {
            Visa => "visa",
            Mastercard => "mastercard",
            Amex => "amex",
            Discover => "discover",
            Jcb => "jcb",
            UnionPay => "unionpay",
            Diners => "diners",
            Maestro => "maestro",
            Mir => "mir",
            RuPay => "rupay",
            Troy => "troy",
            Verve => "verve",
            Dankort => "dankort",
            Elo => "elo",
            Hipercard => "hipercard",
            InterPayment => "interpayment",
            InstaPayment => "instapayment",
            Uatp => "uatp",
        }
    }
}

/// Lengths a scheme issues, as a bit set (bit n = n digits).
const fn lengths(from: u32, to: u32) -> u32 {
    let mut bits = 0;
    let mut n = from;
    while n <= to {
        bits |= 1 << n;
        n += 1;
    }
    bits
}
const L16: u32 = 1 << 16;

/// IIN ranges by the number's first digit, most specific first: (prefix digits, first prefix,
/// last prefix, scheme, lengths). From the schemes' published IIN tables (ISO/IEC 7812
/// numbering); co-branded ranges (Verve, RuPay and Elo inside Discover's 65, Dankort-Visa inside
/// Visa) are reported under the scheme that issues the card. No scheme issues numbers starting
/// with 0 or 7 (national phone numbers start with 0).
type Range = (usize, u32, u32, CardIssuer, u32);

fn ranges(first_digit: u8) -> &'static [Range] {
    use CardIssuer::*;
    match first_digit {
        b'1' => {
            const R: &[Range] = &[(1, 1, 1, Uatp, 1 << 15)];
            R
        }
        b'2' => {
            const R: &[Range] = &[
                (4, 2221, 2720, Mastercard, L16),
                (4, 2200, 2204, Mir, lengths(16, 19)),
            ];
            R
        }
        b'3' => {
            const R: &[Range] = &[
                (2, 34, 34, Amex, 1 << 15),
                (2, 37, 37, Amex, 1 << 15),
                (4, 3528, 3589, Jcb, lengths(16, 19)),
                (4, 3095, 3095, Diners, lengths(14, 19)),
                (3, 300, 305, Diners, lengths(14, 19)),
                (2, 36, 36, Diners, lengths(14, 19)),
                (2, 38, 39, Diners, lengths(14, 19)),
            ];
            R
        }
        b'4' => {
            const R: &[Range] = &[(1, 4, 4, Visa, 1 << 13 | L16 | 1 << 19)];
            R
        }
        b'5' => {
            const R: &[Range] = &[
                (2, 51, 55, Mastercard, L16),
                (6, 506099, 506198, Verve, L16 | 1 << 18 | 1 << 19),
                (6, 508500, 508999, RuPay, L16),
                (6, 506699, 506778, Elo, L16),
                (6, 509000, 509999, Elo, L16),
                (4, 5019, 5019, Dankort, L16),
                (4, 5018, 5018, Maestro, lengths(12, 19)),
                (4, 5020, 5020, Maestro, lengths(12, 19)),
                (4, 5038, 5038, Maestro, lengths(12, 19)),
                (4, 5893, 5893, Maestro, lengths(12, 19)),
            ];
            R
        }
        b'6' => {
            const R: &[Range] = &[
                (6, 650002, 650027, Verve, L16 | 1 << 18 | 1 << 19),
                (6, 606985, 607984, RuPay, L16),
                (6, 608001, 608500, RuPay, L16),
                (6, 652150, 653149, RuPay, L16),
                (6, 627780, 627780, Elo, L16),
                (6, 636297, 636297, Elo, L16),
                (6, 636368, 636368, Elo, L16),
                (6, 606282, 606282, Hipercard, L16 | 1 << 19),
                (6, 622126, 622925, UnionPay, lengths(16, 19)),
                (4, 6304, 6304, Maestro, lengths(12, 19)),
                (4, 6759, 6759, Maestro, lengths(12, 19)),
                (4, 6761, 6763, Maestro, lengths(12, 19)),
                (4, 6011, 6011, Discover, lengths(16, 19)),
                (3, 636, 636, InterPayment, lengths(16, 19)),
                (3, 637, 639, InstaPayment, L16),
                (3, 644, 649, Discover, lengths(16, 19)),
                (2, 62, 62, UnionPay, lengths(16, 19)),
                (2, 65, 65, Discover, lengths(16, 19)),
            ];
            R
        }
        b'8' => {
            const R: &[Range] = &[(2, 81, 81, UnionPay, lengths(16, 19))];
            R
        }
        b'9' => {
            const R: &[Range] = &[(4, 9792, 9792, Troy, L16)];
            R
        }
        _ => &[],
    }
}

/// The scheme whose IIN range holds `digits` and which issues numbers of this length; digits
/// only, no Luhn check.
pub fn card_issuer(digits: &[u8]) -> Option<CardIssuer> {
    let len = digits.len();
    if !(12..=19).contains(&len) || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // The prefix of every width once; the first range whose prefix matches decides the scheme,
    // its lengths the rest.
    let mut prefix = [0u32; 7];
    for w in 1..=6 {
        prefix[w] = prefix[w - 1] * 10 + u32::from(digits[w - 1] - b'0');
    }
    let &(_, _, _, issuer, lens) = ranges(digits[0])
        .iter()
        .find(|&&(w, lo, hi, _, _)| (lo..=hi).contains(&prefix[w]))?;
    (lens & (1 << len) != 0).then_some(issuer)
}

/// Payment card number (PAN): 12 to 19 digits (spaces or dashes allowed) with a known scheme
/// that issues this length ([`card_issuer`]) and a valid Luhn check digit.
pub fn credit_card(s: &str) -> bool {
    let mut buf = [0u8; 19];
    match compact_digits(s, &mut buf) {
        Some(d) => card_issuer(d).is_some() && luhn(d),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test numbers the schemes and payment processors publish for integration testing, and
    /// (Mir, RuPay, Troy, Verve, Elo, UATP) numbers built at the start of each published range
    /// with their Luhn digit.
    const CARDS: &[(&str, CardIssuer)] = &[
        ("4111111111111111", CardIssuer::Visa),
        ("4222222222222", CardIssuer::Visa),
        ("5555555555554444", CardIssuer::Mastercard),
        ("2221000000000009", CardIssuer::Mastercard),
        ("378282246310005", CardIssuer::Amex),
        ("6011111111111117", CardIssuer::Discover),
        ("3530111333300000", CardIssuer::Jcb),
        ("6200000000000005", CardIssuer::UnionPay),
        ("36227206271667", CardIssuer::Diners),
        ("6759649826438453", CardIssuer::Maestro),
        ("2200000000000004", CardIssuer::Mir),
        ("6521500000000006", CardIssuer::RuPay),
        ("9792000000000003", CardIssuer::Troy),
        ("5060990000000008", CardIssuer::Verve),
        ("6363680000000007", CardIssuer::Elo),
        ("5019717010103742", CardIssuer::Dankort),
        ("6062826786276634", CardIssuer::Hipercard),
        ("122000000000003", CardIssuer::Uatp),
    ];

    #[test]
    fn published_test_numbers_name_their_scheme() {
        for &(pan, issuer) in CARDS {
            assert_eq!(card_issuer(pan.as_bytes()), Some(issuer), "{pan}");
            assert!(credit_card(pan), "{pan}");
        }
        assert!(credit_card("4111 1111 1111 1111"));
        assert!(credit_card("4111-1111-1111-1111"));
        assert!(credit_card("3782 822463 10005"));
        assert_eq!(CardIssuer::UnionPay.name(), "unionpay");
    }

    #[test]
    fn wrong_luhn_length_or_range_is_rejected() {
        assert!(!credit_card("4111111111111112")); // bad Luhn
        assert!(!credit_card("41111111111111111")); // 17-digit Visa
        assert!(!credit_card("0000000000000000")); // Luhn-valid, no issuer
        assert!(!credit_card("7111111111111114")); // no issuer
        assert!(!credit_card("3782822463100050")); // Amex with 16 digits
        assert!(!credit_card("4111 1111 1111 111a"));
        assert_eq!(card_issuer(b"411111111111111x"), None);
        assert_eq!(card_issuer(b"41111111111"), None);
        assert_eq!(card_issuer(b""), None);
        // Mastercard 2-series boundaries.
        assert_eq!(card_issuer(b"2220990000000000"), None);
        assert_eq!(
            card_issuer(b"2720990000000000"),
            Some(CardIssuer::Mastercard)
        );
        assert_eq!(card_issuer(b"2721000000000000"), None);
    }

    #[test]
    fn any_single_digit_change_fails() {
        for &(pan, _) in CARDS {
            let b = pan.as_bytes();
            for i in 0..b.len() {
                for d in b'0'..=b'9' {
                    if d != b[i] {
                        let mut m = b.to_vec();
                        m[i] = d;
                        let m = String::from_utf8(m).unwrap();
                        assert!(!credit_card(&m), "{pan} -> {m}");
                    }
                }
            }
        }
    }

    #[test]
    fn exactly_one_check_digit_completes_a_number() {
        for prefix in [
            "411111111111111",
            "555555555555444",
            "353011133330000",
            "220000000000000",
        ] {
            let n = (b'0'..=b'9')
                .filter(|&d| credit_card(&format!("{prefix}{}", d as char)))
                .count();
            assert_eq!(n, 1, "{prefix}");
        }
    }
}
