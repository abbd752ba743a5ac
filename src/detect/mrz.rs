//! Machine-readable zones (MRZ) of travel documents, ICAO Doc 9303: TD3 passports (Part 4),
//! TD1 identity cards (Part 5) and TD2 documents (Part 6), validated and found inside cell text.

use crate::detect::checksum::{icao_check_digit, valid_date};

/// A character of the MRZ alphabet: A-Z, 0-9 and the filler '<'.
fn is_mrz_char(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<'
}

/// Letters and fillers only (names, issuing state, nationality, document type).
fn alpha(s: &[u8]) -> bool {
    s.iter().all(|&b| b.is_ascii_uppercase() || b == b'<')
}

/// Whether `c` is the ICAO 9303 check digit (weights 7, 3, 1) of the concatenated `parts`.
fn check(parts: &[&[u8]], c: u8) -> bool {
    let mut buf = [0u8; 64];
    let mut n = 0;
    for p in parts {
        match buf.get_mut(n..n + p.len()) {
            Some(slot) => slot.copy_from_slice(p),
            None => return false,
        }
        n += p.len();
    }
    c.is_ascii_digit() && icao_check_digit(&buf[..n]) == Some(u32::from(c - b'0'))
}

/// A YYMMDD date that exists in 19YY or 20YY.
fn date(d: &[u8]) -> bool {
    if !d.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let v = |i: usize| u32::from(d[i] - b'0') * 10 + u32::from(d[i + 1] - b'0');
    let (yy, mm, dd) = (v(0), v(2), v(4));
    valid_date(1900 + yy, mm, dd) || valid_date(2000 + yy, mm, dd)
}

/// Birth date + check, sex, expiry date + check: the block shared by all three formats.
fn dates_and_sex(birth: &[u8], birth_check: u8, sex: u8, expiry: &[u8], expiry_check: u8) -> bool {
    date(birth)
        && check(&[birth], birth_check)
        && matches!(sex, b'M' | b'F' | b'X' | b'<')
        && date(expiry)
        && check(&[expiry], expiry_check)
}

/// Document number (9 characters, left-aligned: fillers only at the end, since a filler counts
/// as 0 and "AB<0" would otherwise pass as "AB<<") and its check character. A '<' in the check
/// position marks a longer number (TD1/TD2): it continues at the start of `optional`, and the
/// last character before the first filler there is the check digit over the whole number.
fn document_number(number: &[u8], c: u8, optional: &[u8]) -> bool {
    let fill = number
        .iter()
        .position(|&b| b == b'<')
        .unwrap_or(number.len());
    if fill == 0 || !number[fill..].iter().all(|&b| b == b'<') {
        return false;
    }
    if c != b'<' {
        return check(&[number], c);
    }
    let end = optional
        .iter()
        .position(|&b| b == b'<')
        .unwrap_or(optional.len());
    end >= 2 && check(&[number, &optional[..end - 1]], optional[end - 1])
}

fn lines_ok(lines: &[&[u8]], len: usize) -> bool {
    lines
        .iter()
        .all(|l| l.len() == len && l.iter().all(|&b| is_mrz_char(b)))
}

fn td3_bytes(l1: &[u8], l2: &[u8]) -> bool {
    if !lines_ok(&[l1, l2], 44) || l1[0] != b'P' || !alpha(l1) || !alpha(&l2[10..13]) {
        return false;
    }
    let optional = &l2[28..42];
    let optional_ok = if optional.iter().all(|&b| b == b'<') {
        matches!(l2[42], b'<' | b'0')
    } else {
        check(&[optional], l2[42])
    };
    document_number(&l2[..9], l2[9], &[])
        && dates_and_sex(&l2[13..19], l2[19], l2[20], &l2[21..27], l2[27])
        && optional_ok
        && check(&[&l2[..10], &l2[13..20], &l2[21..43]], l2[43])
}

fn td1_bytes(l1: &[u8], l2: &[u8], l3: &[u8]) -> bool {
    if !lines_ok(&[l1, l2, l3], 30)
        || !matches!(l1[0], b'A' | b'C' | b'I')
        || !alpha(&l1[..5])
        || !alpha(&l2[15..18])
        || !alpha(l3)
    {
        return false;
    }
    document_number(&l1[5..14], l1[14], &l1[15..30])
        && dates_and_sex(&l2[..6], l2[6], l2[7], &l2[8..14], l2[14])
        && check(&[&l1[5..30], &l2[..7], &l2[8..15], &l2[18..29]], l2[29])
}

fn td2_bytes(l1: &[u8], l2: &[u8]) -> bool {
    if !lines_ok(&[l1, l2], 36)
        || !matches!(l1[0], b'A' | b'C' | b'I')
        || !alpha(l1)
        || !alpha(&l2[10..13])
    {
        return false;
    }
    document_number(&l2[..9], l2[9], &l2[28..35])
        && dates_and_sex(&l2[13..19], l2[19], l2[20], &l2[21..27], l2[27])
        && check(&[&l2[..10], &l2[13..20], &l2[21..35]], l2[35])
}

/// TD3 machine-readable zone (passport booklets, ICAO Doc 9303 Part 4): two lines of 44
/// characters [A-Z0-9<], line 1 starting with P. Validates the check digits of the document
/// number, birth date, expiry date and optional data (personal number; filler or 0 when the
/// field is empty) and the composite check digit over line 2 positions 1-10, 14-20 and 22-43
/// (weights 7, 3, 1; letters A = 10, filler 0); both dates must exist (YYMMDD), sex is M, F, X or
/// '<', names, issuing state and nationality are letters and fillers.
pub fn td3(line1: &str, line2: &str) -> bool {
    td3_bytes(line1.as_bytes(), line2.as_bytes())
}

/// TD1 machine-readable zone (identity cards, ICAO Doc 9303 Part 5): three lines of 30
/// characters, line 1 starting with A, C or I. Validates the document number check digit
/// (numbers longer than nine characters: '<' in the check position, the remainder and its check
/// digit at the start of the optional data), the birth and expiry date check digits and the
/// composite check digit over line 1 positions 6-30 and line 2 positions 1-7, 9-15 and 19-29;
/// dates must exist, the name line is letters and fillers.
pub fn td1(l1: &str, l2: &str, l3: &str) -> bool {
    td1_bytes(l1.as_bytes(), l2.as_bytes(), l3.as_bytes())
}

/// TD2 machine-readable zone (ICAO Doc 9303 Part 6): two lines of 36 characters, line 1
/// starting with A, C or I. Same check digits as TD3 in the TD2 layout: document number (with
/// the long-number rule of TD1), birth date, expiry date, and the composite over line 2
/// positions 1-10, 14-20 and 22-35; there is no separate optional-data check digit.
pub fn td2(l1: &str, l2: &str) -> bool {
    td2_bytes(l1.as_bytes(), l2.as_bytes())
}

/// Lines of `len` MRZ characters starting at `start`, separated by "\n", "\r\n", one space or
/// nothing, and not followed by another MRZ character: fills `out`, returns the end offset.
fn split_lines<'a>(t: &'a [u8], start: usize, len: usize, out: &mut [&'a [u8]]) -> Option<usize> {
    let mut pos = start;
    for (k, slot) in out.iter_mut().enumerate() {
        if k > 0 {
            match (t.get(pos), t.get(pos + 1)) {
                (Some(b'\n' | b' '), _) => pos += 1,
                (Some(b'\r'), Some(b'\n')) => pos += 2,
                _ => {}
            }
        }
        let line = t.get(pos..pos + len)?;
        if !line.iter().all(|&b| is_mrz_char(b)) {
            return None;
        }
        *slot = line;
        pos += len;
    }
    match t.get(pos) {
        Some(&b) if is_mrz_char(b) => None,
        _ => Some(pos),
    }
}

/// Find the first machine-readable zone (TD3, TD1 or TD2) in `text`. The lines may be separated
/// by "\n", "\r\n", a single space or nothing (as CRM exports flatten them); the block must not
/// be glued to other MRZ characters and must contain "<<". Returns the byte span of all lines
/// and whether every check (see [`td3`], [`td1`], [`td2`]) passed: an MRZ-shaped block that
/// fails a check is still returned, with `false`. Returns None at once without "<<".
pub fn find(text: &str) -> Option<(usize, usize, bool)> {
    let t = text.as_bytes();
    if !t.windows(2).any(|w| w == b"<<") {
        return None;
    }
    let mut lines: [&[u8]; 3] = [&[]; 3];
    for start in 0..t.len() {
        if start > 0 && is_mrz_char(t[start - 1]) {
            continue;
        }
        // (number of lines, line length) of the formats this first character can start.
        let shapes: &[(usize, usize)] = match t[start] {
            b'P' => &[(2, 44)],
            b'A' | b'C' | b'I' => &[(3, 30), (2, 36)],
            _ => continue,
        };
        for &(n, len) in shapes {
            let Some(end) = split_lines(t, start, len, &mut lines[..n]) else {
                continue;
            };
            if !t[start..end].windows(2).any(|w| w == b"<<") {
                continue;
            }
            let ok = match (n, len) {
                (2, 44) => td3_bytes(lines[0], lines[1]),
                (3, _) => td1_bytes(lines[0], lines[1], lines[2]),
                _ => td2_bytes(lines[0], lines[1]),
            };
            return Some((start, end, ok));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    // ICAO Doc 9303 specimens: Part 4 (TD3), Part 5 (TD1), Part 6 (TD2).
    const TD3: [&str; 2] = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];
    const TD1: [&str; 3] = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ];
    const TD2: [&str; 2] = [
        "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
        "D231458907UTO7408122F1204159<<<<<<<6",
    ];

    fn valid(lines: &[String]) -> bool {
        match lines.len() {
            3 => td1(&lines[0], &lines[1], &lines[2]),
            _ if lines[0].len() == 44 => td3(&lines[0], &lines[1]),
            _ => td2(&lines[0], &lines[1]),
        }
    }

    /// The specimen validates, and replacing any single digit (every digit is covered by a
    /// field check digit or the composite; check digits themselves included) by another digit,
    /// or a non-zero digit by '<', fails. '0' -> '<' keeps every sum (both count 0) and letters
    /// 10 apart (e.g. J/T) weigh the same mod 10, so those substitutions are not tested.
    fn assert_valid_and_mutations(lines: &[&str]) {
        let lines: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        assert!(valid(&lines), "{lines:?}");
        for k in 0..lines.len() {
            for (i, c) in lines[k].char_indices().filter(|(_, c)| c.is_ascii_digit()) {
                for r in ('0'..='9')
                    .chain(['<'])
                    .filter(|&r| r != c && (r, c) != ('<', '0'))
                {
                    let mut m = lines.clone();
                    m[k].replace_range(i..i + 1, &r.to_string());
                    assert!(!valid(&m), "{m:?}");
                }
            }
        }
    }

    #[test]
    fn specimens() {
        assert_valid_and_mutations(&TD3);
        assert_valid_and_mutations(&TD1);
        assert_valid_and_mutations(&TD2);
        // Part 5 long document number example: D23145890734, check digit 9 in the optional data.
        assert_valid_and_mutations(&[
            "I<UTOD23145890<7349<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<6",
            TD1[2],
        ]);
        // German specimen documents (BMI/Bundesdruckerei, Erika Mustermann): passport with an
        // empty personal number and '<' as its check digit; ID card without a sex marker.
        assert_valid_and_mutations(&[
            "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
            "C01X00T478D<<6408125F2702283<<<<<<<<<<<<<<<4",
        ]);
        assert_valid_and_mutations(&[
            "IDD<<T220001293<<<<<<<<<<<<<<<",
            "6408125<2010315D<<<<<<<<<<<<<4",
            "MUSTERMANN<<ERIKA<<<<<<<<<<<<<",
        ]);
        // Empty personal number: the check position may be '<' or 0 (composite recomputed).
        assert!(td3(TD3[0], "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<8"));
        assert!(td3(TD3[0], "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<08"));
        assert!(!td3(TD3[0], "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<18"));
    }

    #[test]
    fn structure() {
        assert!(!td3(TD3[1], TD3[0]));
        assert!(!td3(&TD3[0].replacen('P', "V", 1), TD3[1])); // visa, not a passport
        assert!(!td3(&TD3[0][..43], TD3[1]));
        assert!(!td3(&TD3[0].to_lowercase(), TD3[1]));
        assert!(!td1(TD1[0], TD1[1], "ERIKSSON<<ANNA<MARIA<<<<<<<<<1"));
        assert!(!td2(&TD2[0].replacen('I', "P", 1), TD2[1]));
        // Month 13 with its check digit recomputed still fails on the date.
        assert!(!td3(TD3[0], "L898902C36UTO7413122F1204159ZE184226B<<<<<10"));
        assert!(!td1("", "", ""));
        assert!(!td2("é", "é"));
    }

    #[test]
    fn find_flattened() {
        for (lines, sep) in [
            (&TD3[..], ""),
            (&TD3[..], " "),
            (&TD3[..], "\n"),
            (&TD1[..], "\r\n"),
            (&TD1[..], ""),
            (&TD1[..], " "),
            (&TD2[..], ""),
            (&TD2[..], "\n"),
        ] {
            let block = lines.join(sep);
            let text = format!("MRZ: {block} (scan)");
            assert_eq!(find(&text), Some((5, 5 + block.len(), true)), "{text:?}");
            assert_eq!(find(&block), Some((0, block.len(), true)));
        }
        // A failed check digit still finds the block.
        let bad = format!("Pass {} {}", TD3[0], TD3[1].replace("C36", "C37"));
        assert_eq!(find(&bad), Some((5, bad.len(), false)));
        // Incomplete or glued blocks, and text without "<<".
        assert_eq!(find(TD3[0]), None);
        assert_eq!(find(&format!("{} X{}", TD3[0], TD3[1])), None);
        assert_eq!(find(&format!("X{}{}", TD3[0], TD3[1])), None);
        assert_eq!(find(&format!("{}{}7", TD2[0], TD2[1])), None);
        assert_eq!(find(&format!("{}  {}", TD2[0], TD2[1])), None);
        assert_eq!(find("no machine readable zone here"), None);
        assert_eq!(find("<<"), None);
        assert_eq!(find(""), None);
        let long = "P<".repeat(100_000);
        assert_eq!(find(&long), None);
    }
}
