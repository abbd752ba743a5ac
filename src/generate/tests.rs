//! Tests for the synthetic CRM generator. The validators here are written
//! independently of the generator's own check-digit code.

use super::*;
use std::time::Instant;

type GenRow = (&'static str, Vec<Option<String>>, Vec<Label>);

fn gen_rows(seed: u64, n: u64) -> Vec<GenRow> {
    let g = Generator::new(seed);
    (0..n)
        .map(|r| {
            let mut labels = Vec::new();
            let (loc, cells) = g.row_with_locale(r, &mut labels);
            (loc, cells, labels)
        })
        .collect()
}

/// Rows 0..n of `g` with their truth, generated in parallel.
fn gen_truth_rows(g: Generator, n: u64) -> (Vec<GenRow>, Vec<Truth>) {
    use rayon::prelude::*;
    (0..n)
        .into_par_iter()
        .map(|r| {
            let mut labels = Vec::new();
            let (loc, _) = g.row_with_locale(r, &mut Vec::new());
            let (cells, truth) = g.row_with_truth(r, &mut labels);
            ((loc, cells, labels), truth)
        })
        .unzip()
}

fn col_index(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).unwrap()
}

fn span<'a>(cells: &'a [Option<String>], l: &Label) -> &'a str {
    let cell = cells[col_index(l.column)].as_deref().unwrap();
    &cell[l.start as usize..l.end as usize]
}

fn nums(s: &str) -> Vec<u32> {
    s.chars().filter_map(|c| c.to_digit(10)).collect()
}

// --- independent validators -------------------------------------------------

fn v_luhn(d: &[u32]) -> bool {
    let total: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            if i % 2 == 1 {
                [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][x as usize]
            } else {
                x
            }
        })
        .sum();
    total % 10 == 0
}

fn v_steuer(s: &str) -> bool {
    let d = nums(s);
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut counts = [0; 10];
    for &x in &d[..10] {
        counts[x as usize] += 1;
    }
    if counts.iter().filter(|&&c| c == 2).count() != 1 || counts.iter().any(|&c| c > 2) {
        return false;
    }
    let mut p = 10;
    for &x in &d[..10] {
        let s = match (x + p) % 10 {
            0 => 10,
            v => v,
        };
        p = 2 * s % 11;
    }
    (11 - p) % 10 == d[10]
}

fn v_nir(s: &str) -> bool {
    let d: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if d.len() != 15 || !d.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let n: u64 = d[..13].parse().unwrap();
    let key: u64 = d[13..].parse().unwrap();
    97 - n % 97 == key
}

fn v_cf(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 16 {
        return false;
    }
    let shape = "AAAAAA00A00A000A";
    if !shape.bytes().zip(b).all(|(t, &c)| {
        if t == b'A' {
            c.is_ascii_uppercase()
        } else {
            c.is_ascii_digit()
        }
    }) {
        return false;
    }
    // odd-position values for 0-9 / A-Z, written as a lookup string
    let odd = "BAFHJNPRTV";
    let odd_letters = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let mut sum = 0;
    for (i, &c) in b[..15].iter().enumerate() {
        let v = if c.is_ascii_digit() {
            (c - b'0') as usize
        } else {
            (c - b'A') as usize
        };
        sum += if i % 2 == 0 {
            if c.is_ascii_digit() {
                (odd.as_bytes()[v] - b'A') as usize
            } else {
                odd_letters[v]
            }
        } else {
            v
        };
    }
    b[15] == b'A' + (sum % 26) as u8
}

fn v_dni(s: &str) -> bool {
    let t: String = s.chars().filter(|&c| c != '-').collect();
    let letters = "TRWAGMYFPDXBNJZSQVHLCKE".as_bytes();
    let (num, letter) = t.split_at(t.len() - 1);
    let num = match num.as_bytes().first() {
        Some(b'X') => format!("0{}", &num[1..]),
        Some(b'Y') => format!("1{}", &num[1..]),
        Some(b'Z') => format!("2{}", &num[1..]),
        _ => num.to_string(),
    };
    let n: u64 = match num.parse() {
        Ok(n) => n,
        Err(_) => return false,
    };
    letters[(n % 23) as usize] == letter.as_bytes()[0]
}

fn v_bsn(s: &str) -> bool {
    let d = nums(s);
    d.len() == 9 && {
        let sum: i64 = d
            .iter()
            .zip([9, 8, 7, 6, 5, 4, 3, 2, -1])
            .map(|(&x, w)| i64::from(x) * w)
            .sum();
        sum % 11 == 0
    }
}

fn v_pesel(s: &str) -> bool {
    let d = nums(s);
    d.len() == 11
        && d.iter()
            .zip([1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1])
            .map(|(&x, w)| x * w)
            .sum::<u32>()
            % 10
            == 0
}

fn v_personnummer(s: &str) -> bool {
    let d = nums(s);
    let d = if d.len() == 12 { &d[2..] } else { &d[..] };
    d.len() == 10 && v_luhn(d)
}

fn v_nino(s: &str) -> bool {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let b = t.as_bytes();
    b.len() == 9
        && !b"DFIQUV".contains(&b[0])
        && !b"DFIOQUV".contains(&b[1])
        && !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(&&t[..2])
        && b[2..8].iter().all(u8::is_ascii_digit)
        && b"ABCD".contains(&b[8])
}

fn v_ssn(s: &str) -> bool {
    let d = nums(s);
    if d.len() != 9 {
        return false;
    }
    let area = d[0] * 100 + d[1] * 10 + d[2];
    let grp = d[3] * 10 + d[4];
    let serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
    area != 0 && area != 666 && area < 900 && grp != 0 && serial != 0
}

fn v_iban(s: &str) -> bool {
    let t: String = s.chars().filter(|c| *c != ' ').collect();
    let want = match &t[..2] {
        "DE" | "GB" => 22,
        "FR" | "IT" => 27,
        "ES" | "SE" => 24,
        "NL" => 18,
        "PL" => 28,
        _ => return false,
    };
    if t.len() != want {
        return false;
    }
    let moved = format!("{}{}", &t[4..], &t[..4]);
    let mut r = 0u64;
    for c in moved.chars() {
        let v = c.to_digit(36).unwrap() as u64;
        r = if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        };
    }
    r == 1
}

fn v_email(s: &str) -> bool {
    let parts: Vec<&str> = s.split('@').collect();
    parts.len() == 2 && !s.contains(' ') && !parts[0].is_empty() && parts[1].contains('.')
}

/// National significant number length for a phone string of a locale.
fn nsn_len(loc: &str, s: &str) -> usize {
    let d = nums(s).len();
    let cc = match loc {
        "DE" => "49",
        "FR" => "33",
        "IT" => "39",
        "ES" => "34",
        "NL" => "31",
        "PL" => "48",
        "SE" => "46",
        "GB" => "44",
        _ => "1",
    };
    if s.starts_with('+') {
        return d - cc.len();
    }
    match loc {
        "IT" | "ES" | "PL" => d,
        "US" if d == 11 => 10,
        "US" => d,
        _ => d - 1, // trunk 0
    }
}

fn phone_len_ok(loc: &str, n: usize) -> bool {
    match loc {
        "DE" => (10..=11).contains(&n),
        "FR" | "ES" | "NL" | "PL" => n == 9,
        "IT" => (9..=10).contains(&n),
        "SE" => (8..=9).contains(&n),
        "GB" | "US" => n == 10,
        _ => false,
    }
}

// --- tests ------------------------------------------------------------------

#[test]
fn known_check_digit_vectors() {
    assert_eq!(steuer_check(&[8, 6, 0, 9, 5, 7, 4, 2, 7, 1]), 9);
    assert!(v_steuer("86095742719"));
    assert_eq!(it_check_letter(b"RSSMRA85T10A562"), b'S');
    assert!(v_cf("RSSMRA85T10A562S"));
    assert_eq!(it_check_letter(b"0542811101000000123456"), b'X');
    assert_eq!(iban_check_digits("DE", "370400440532013000"), 89);
    assert!(v_iban("DE89 3704 0044 0532 0130 00"));
    assert!(v_iban("IT60X0542811101000000123456"));
    assert!(v_iban("FR7630006000011234567890189"));
    assert_eq!(
        luhn_check_digit(&[4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]),
        1
    );
    assert!(v_personnummer("811228-9874"));
    assert!(v_pesel("44051401359"));
    assert!(v_bsn("111222333"));
    assert!(v_dni("12345678Z"));
    assert!(v_nir("2 55 08 14 168 025 38"));
    assert_eq!(
        civil_from_days(days_from_civil(1985, 3, 27)),
        Date {
            y: 1985,
            m: 3,
            d: 27
        }
    );
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(
        civil_from_days(19_723),
        Date {
            y: 2024,
            m: 1,
            d: 1
        }
    );
}

#[test]
fn determinism() {
    let g = Generator::new(42);
    for r in [0u64, 1, 7, 999, 123_456_789] {
        let (mut l1, mut l2) = (Vec::new(), Vec::new());
        assert_eq!(g.row(r, &mut l1), Generator::new(42).row(r, &mut l2));
        assert_eq!(l1, l2);
    }
    // Order independence: generating rows in reverse gives the same rows.
    let fwd = gen_rows(7, 50);
    let g7 = Generator::new(7);
    for r in (0..50u64).rev() {
        let mut l = Vec::new();
        assert_eq!(g7.row(r, &mut l), fwd[r as usize].1);
        assert_eq!(l, fwd[r as usize].2);
    }
    // Different seeds differ.
    let a = gen_rows(1, 20);
    let b = gen_rows(2, 20);
    let same = a.iter().zip(&b).filter(|(x, y)| x.1 == y.1).count();
    assert_eq!(same, 0);
}

const SNAPSHOT: u64 = 0xf817_cf64_a9f2_54d5;

#[test]
fn fixed_output_snapshot() {
    // Guard against accidental changes of the byte stream (platform/version
    // independence is by construction; this pins the construction itself).
    let g = Generator::new(2024);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut labels = Vec::new();
    for r in 0..200 {
        for c in g.row(r, &mut labels) {
            for b in c.as_deref().unwrap_or("\u{0}NULL").bytes().chain([0xff]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    println!(
        "snapshot hash (seed 2024, 200 rows): {h:016x}, {} labels",
        labels.len()
    );
    // If you change generation on purpose, update this constant (and
    // regenerate any checked-in sample built from the generator).
    assert_eq!(h, SNAPSHOT, "generator output changed");
    let mut labels2 = Vec::new();
    for r in 0..200 {
        Generator::new(2024).row(r, &mut labels2);
    }
    assert_eq!(labels, labels2);
}

#[test]
fn spans_are_well_formed_and_ordered() {
    check_spans(&gen_rows(99, 5000));
}

/// Labels of rows 0.. lie on non-NULL cells, in column order, cover whole
/// values outside notes, carry the column's entity; PII cells are labelled.
fn check_spans(rows: &[GenRow]) {
    for (r, (_, cells, labels)) in rows.iter().enumerate() {
        assert_eq!(cells.len(), COLUMNS.len());
        let mut prev: Option<(usize, u32)> = None; // (column index, end)
        for l in labels {
            assert_eq!(l.row, r as u64);
            let ci = col_index(l.column);
            let cell = cells[ci].as_deref().expect("label on NULL cell");
            let (s, e) = (l.start as usize, l.end as usize);
            assert!(s < e && e <= cell.len(), "{l:?} out of bounds in {cell:?}");
            assert!(cell.is_char_boundary(s) && cell.is_char_boundary(e));
            let v = &cell[s..e];
            assert_eq!(v, v.trim(), "{l:?} in {cell:?}");
            // column order, then start; spans within a cell do not overlap
            if let Some((pc, pend)) = prev {
                assert!(
                    ci > pc || (ci == pc && l.start >= pend),
                    "labels out of order in row {r}"
                );
            }
            prev = Some((ci, l.end));
            // whole-value columns: the label covers the trimmed cell
            if l.column != "notes" {
                assert_eq!(v, cell.trim());
            }
            if l.column == "notes" {
                assert!(matches!(
                    l.entity,
                    "PERSON"
                        | "LOCATION"
                        | "EMAIL_ADDRESS"
                        | "PHONE_NUMBER"
                        | "IBAN_CODE"
                        | "CREDIT_CARD"
                        | "DATE_TIME"
                        | "IP_ADDRESS"
                        | "URL"
                ));
            } else if l.column == "national_id" {
                assert!(matches!(
                    l.entity,
                    "DE_TAX_ID"
                        | "FR_NIR"
                        | "IT_FISCAL_CODE"
                        | "ES_NIF"
                        | "ES_NIE"
                        | "NL_BSN"
                        | "PL_PESEL"
                        | "SE_PERSONNUMMER"
                        | "UK_NINO"
                        | "US_SSN"
                ));
            } else {
                assert_eq!(Some(l.entity), expected_verdict(l.column), "{l:?}");
            }
        }
        // Non-PII columns never carry labels; PII whole-value columns always do when non-empty.
        for (ci, cell) in cells.iter().enumerate() {
            let col = COLUMNS[ci];
            let n = labels.iter().filter(|l| l.column == col).count();
            if expected_verdict(col).is_none() && col != "notes" {
                assert_eq!(n, 0, "{col} labelled");
            } else if col != "notes" && cell.is_some() {
                assert_eq!(n, 1, "{col} {cell:?}");
            }
        }
    }
}

#[test]
fn validity_flags_match_independent_validators() {
    let checked = check_validity(&gen_rows(5, 5000));
    assert!(checked > 20_000, "{checked}");
}

/// Every label with a validator has the validator's verdict; returns how many were checked.
fn check_validity(rows: &[GenRow]) -> usize {
    let mut checked = 0;
    for (loc, cells, labels) in rows {
        for l in labels {
            let v = span(cells, l);
            let ok = match (l.column, l.entity) {
                ("national_id", "DE_TAX_ID") => v_steuer(v),
                ("national_id", "FR_NIR") => v_nir(v),
                ("national_id", "IT_FISCAL_CODE") => v_cf(v),
                ("national_id", "ES_NIF") | ("national_id", "ES_NIE") => v_dni(v),
                ("national_id", "NL_BSN") => v_bsn(v),
                ("national_id", "PL_PESEL") => v_pesel(v),
                ("national_id", "SE_PERSONNUMMER") => v_personnummer(v),
                ("national_id", "UK_NINO") => v_nino(v),
                ("national_id", "US_SSN") => v_ssn(v),
                (_, "IBAN_CODE") => v_iban(v),
                (_, "CREDIT_CARD") => {
                    let d = nums(v);
                    (14..=16).contains(&d.len()) && v_luhn(&d)
                }
                (_, "EMAIL_ADDRESS") => v_email(v),
                (_, "PHONE_NUMBER") => phone_len_ok(loc, nsn_len(loc, v)),
                _ => continue,
            };
            assert_eq!(ok, l.valid, "{loc} {l:?}: {v:?}");
            checked += 1;
        }
    }
    checked
}

#[test]
fn dates_are_real_calendar_dates() {
    check_dates(&gen_rows(11, 3000));
}

fn check_dates(rows: &[GenRow]) {
    let n = |a: &[u32]| a.iter().fold(0, |acc, &x| acc * 10 + x);
    for (loc, cells, labels) in rows {
        for l in labels.iter().filter(|l| l.entity == "DATE_TIME") {
            let v = span(cells, l);
            let d = nums(&v[..10]);
            assert_eq!(d.len(), 8, "{v}");
            let (y, m, dd) = if v.as_bytes()[4] == b'-' {
                (n(&d[..4]), n(&d[4..6]), n(&d[6..]))
            } else if *loc == "US" {
                (n(&d[4..]), n(&d[..2]), n(&d[2..4]))
            } else {
                (n(&d[4..]), n(&d[2..4]), n(&d[..2]))
            };
            let back = civil_from_days(days_from_civil(i64::from(y), m, dd));
            assert_eq!(
                back,
                Date {
                    y: i64::from(y),
                    m,
                    d: dd
                },
                "{loc} {v}"
            );
            assert!((1940..=2025).contains(&y), "{v}");
        }
    }
}

#[test]
fn bank_codes_pass_national_checks() {
    let mut rng = Rng::new(3);
    for _ in 0..500 {
        let fr = bban("FR", &mut rng);
        let (bank, branch, acct, key) = (&fr[..5], &fr[5..10], &fr[10..21], &fr[21..]);
        let v = (89 * bank.parse::<u128>().unwrap()
            + 15 * branch.parse::<u128>().unwrap()
            + 3 * acct.parse::<u128>().unwrap()
            + key.parse::<u128>().unwrap())
            % 97;
        assert_eq!(v, 0, "RIB {fr}");

        let it = bban("IT", &mut rng);
        assert_eq!(it.len(), 23);
        assert_eq!(it_check_letter(&it.as_bytes()[1..]), it.as_bytes()[0]);

        let es = bban("ES", &mut rng);
        let w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
        let dc = |s: &str| {
            let r = 11 - nums(s).iter().zip(w).map(|(d, w)| d * w).sum::<u32>() % 11;
            [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 0][r as usize]
        };
        assert_eq!(dc(&format!("00{}", &es[..8])), nums(&es[8..9])[0], "{es}");
        assert_eq!(dc(&es[10..]), nums(&es[9..10])[0], "{es}");

        let nl = bban("NL", &mut rng);
        let s: u32 = nums(&nl[4..])
            .iter()
            .zip((1..=10).rev())
            .map(|(d, w)| d * w)
            .sum();
        assert_eq!(s % 11, 0, "{nl}");

        let pl = bban("PL", &mut rng);
        let s: u32 = nums(&pl[..8])
            .iter()
            .zip([3, 9, 7, 1, 3, 9, 7, 1])
            .map(|(d, w)| d * w)
            .sum();
        assert_eq!(s % 10, 0, "{pl}");
    }
}

#[test]
fn rates_locales_and_notes() {
    let rows = gen_rows(12345, 5000);
    let mut locs: Vec<&str> = Vec::new();
    let mut stats: Vec<(&str, usize, usize)> = Vec::new(); // (column, total, invalid)
    let (mut notes_nonnull, mut notes_with_entity, mut notes_empty) = (0, 0, 0);
    let (mut ws, mut nonnull_cells, mut nulls) = (0, 0, [0usize; 20]);
    for (loc, cells, labels) in &rows {
        if !locs.contains(loc) {
            locs.push(loc);
        }
        for l in labels.iter().filter(|l| l.column != "notes") {
            match stats.iter_mut().find(|s| s.0 == l.column) {
                Some(s) => {
                    s.1 += 1;
                    s.2 += usize::from(!l.valid);
                }
                None => stats.push((l.column, 1, usize::from(!l.valid))),
            }
        }
        for (i, c) in cells.iter().enumerate() {
            match c {
                None => nulls[i] += 1,
                Some(c) => {
                    nonnull_cells += 1;
                    ws += usize::from(c.trim() != c);
                }
            }
        }
        if let Some(n) = &cells[col_index("notes")] {
            notes_nonnull += 1;
            notes_empty += usize::from(n.is_empty());
            notes_with_entity += usize::from(labels.iter().any(|l| l.column == "notes"));
        }
    }
    locs.sort();
    println!("locales: {locs:?}");
    assert_eq!(locs.len(), LOCALES.len());
    let stat = |col: &str| *stats.iter().find(|s| s.0 == col).unwrap();
    let rate = |col: &str| {
        let s = stat(col);
        s.2 as f64 / s.1 as f64
    };
    for (col, lo, hi) in [
        ("email", 0.008, 0.035),
        ("phone", 0.015, 0.05),
        ("national_id", 0.025, 0.06),
        ("iban", 0.015, 0.05),
        ("card_number", 0.01, 0.06),
    ] {
        let r = rate(col);
        println!("invalid share {col}: {:.2}%", r * 100.0);
        assert!(r > lo && r < hi, "{col}: {r}");
    }
    for col in ["first_name", "city", "birth_date", "ip_address"] {
        assert_eq!(stat(col).2, 0, "{col}");
    }
    let null_share = |c: &str| nulls[col_index(c)] as f64 / rows.len() as f64;
    println!(
        "NULL shares: email {:.3} card {:.3} website {:.3} notes {:.3}",
        null_share("email"),
        null_share("card_number"),
        null_share("website"),
        null_share("notes")
    );
    assert!((0.55..0.65).contains(&null_share("card_number")));
    assert!((0.65..0.75).contains(&null_share("website")));
    assert!((0.11..0.19).contains(&null_share("notes")));
    assert!((0.03..0.07).contains(&null_share("phone")));
    assert_eq!(nulls[col_index("customer_id")], 0);
    let ws_share = ws as f64 / nonnull_cells as f64;
    println!("stray whitespace share: {:.2}%", ws_share * 100.0);
    assert!((0.01..0.03).contains(&ws_share));
    let share = notes_with_entity as f64 / notes_nonnull as f64;
    println!(
        "notes with >=1 entity: {:.1}% of {notes_nonnull} non-null ({notes_empty} empty)",
        share * 100.0
    );
    assert!(share > 0.5);
    assert!(notes_empty > 0);
}

#[test]
fn note_templates_use_known_placeholders() {
    const KNOWN: &[&str] = &[
        "name", "first", "city", "street", "email", "phone", "iban", "card", "ip", "url", "date",
        "ticket", "invoice", "amount", "version", "sku", "time", "order",
    ];
    for t in LOCALES.iter().flat_map(|l| l.notes.iter()).chain(EN_NOTES) {
        let mut rest = *t;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').expect(t) + open;
            assert!(KNOWN.contains(&&rest[open + 1..close]), "{t}");
            rest = &rest[close + 1..];
        }
        assert!(!rest.contains('}'), "{t}");
    }
}

#[test]
fn notes_distractors_are_not_labelled() {
    for (_, cells, labels) in gen_rows(77, 3000) {
        let Some(n) = cells[col_index("notes")].as_deref() else {
            continue;
        };
        for marker in ["Ticket #", "SKU-", "ORD-", "INV/"] {
            if let Some(pos) = n.find(marker) {
                assert!(
                    !labels.iter().any(|l| l.column == "notes"
                        && (l.start as usize) <= pos
                        && pos < l.end as usize),
                    "{n}"
                );
            }
        }
    }
}

#[test]
fn order_numbers_and_login_ms_look_like_pii_but_are_not() {
    let rows = gen_rows(8, 3000);
    let mut bare = 0;
    for (_, cells, _) in &rows {
        if let Some(v) = cells[col_index("last_login_ms")].as_deref() {
            let v = v.trim();
            assert_eq!(v.len(), 13, "{v}");
            assert!(v.bytes().all(|b| b.is_ascii_digit()));
        }
        if let Some(v) = cells[col_index("order_number")].as_deref() {
            let v = v.trim();
            if v.bytes().all(|b| b.is_ascii_digit()) {
                assert!(v.len() == 9 || v.len() == 11);
                bare += 1;
            }
        }
    }
    assert!(bare > 500);
}

#[test]
fn speed_100k_rows() {
    let g = Generator::new(1);
    let t = Instant::now();
    let mut labels = Vec::new();
    let mut bytes = 0usize;
    for r in 0..100_000 {
        labels.clear();
        for c in g.row(r, &mut labels).into_iter().flatten() {
            bytes += c.len();
        }
    }
    println!(
        "100k rows in {:?} ({} MB of cell text)",
        t.elapsed(),
        bytes / 1_000_000
    );
}

#[test]
fn print_examples() {
    let g = Generator::new(42);
    for r in 0..3 {
        let mut labels = Vec::new();
        let cells = g.row(r, &mut labels);
        println!("--- row {r}");
        for (c, v) in COLUMNS.iter().zip(&cells) {
            println!("  {c:15} {v:?}");
        }
        for l in &labels {
            println!(
                "  label {:13} {:16} [{:3},{:3}) valid={} {:?}",
                l.column,
                l.entity,
                l.start,
                l.end,
                l.valid,
                span(&cells, l)
            );
        }
    }
}

// --- planted duplicates -----------------------------------------------------

/// Lowercase ASCII letters only: "  Müller " and "MUELLER" both give "muller"/"mueller".
fn fold_name(s: &str) -> String {
    fold_lower(s, false)
}

#[test]
fn no_duplicates_is_the_plain_generator() {
    let plain = Generator::new(31);
    let g = Generator::with_duplicates(31, 0.0);
    assert_eq!(g, plain);
    for r in 0..2000 {
        let (mut l1, mut l2) = (Vec::new(), Vec::new());
        let (cells, truth) = g.row_with_truth(r, &mut l1);
        assert_eq!(cells, plain.row(r, &mut l2));
        assert_eq!(l1, l2);
        assert_eq!(
            truth,
            Truth {
                cluster: r,
                edits: vec![]
            }
        );
    }
    // The snapshot seed, through the duplicate-aware entry point.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let g = Generator::with_duplicates(2024, 0.0);
    for r in 0..200 {
        for c in g.row_with_truth(r, &mut Vec::new()).0 {
            for b in c.as_deref().unwrap_or("\u{0}NULL").bytes().chain([0xff]) {
                h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    assert_eq!(h, SNAPSHOT);
}

#[test]
fn duplicates_are_deterministic_in_any_order() {
    let g = Generator::with_duplicates(5, 0.3);
    let (rows, truths) = gen_truth_rows(g, 3000);
    assert!(truths.iter().filter(|t| t.cluster != 0).count() > 100);
    let again = Generator::with_duplicates(5, 0.3);
    for r in (0..3000u64).rev().step_by(7) {
        let mut l = Vec::new();
        let (cells, truth) = again.row_with_truth(r, &mut l);
        let i = r as usize;
        assert_eq!(cells, rows[i].1);
        assert_eq!(l, rows[i].2);
        assert_eq!(truth, truths[i]);
        assert_eq!(again.row(r, &mut Vec::new()), cells);
    }
    // Another seed, another table; another share, other duplicates.
    let (other, _) = gen_truth_rows(Generator::with_duplicates(6, 0.3), 100);
    assert!(other.iter().zip(&rows).all(|(a, b)| a.1 != b.1));
    let (_, t2) = gen_truth_rows(Generator::with_duplicates(5, 0.2), 3000);
    assert_ne!(t2, truths);
}

#[test]
fn duplicate_share_and_cluster_structure() {
    let n = 20_000;
    let g = Generator::with_duplicates(77, 0.3);
    let truths: Vec<Truth> = (0..n)
        .map(|r| g.row_with_truth(r, &mut Vec::new()).1)
        .collect();
    let dups = truths
        .iter()
        .enumerate()
        .filter(|(r, t)| t.cluster != *r as u64)
        .count();
    let share = dups as f64 / n as f64;
    println!("duplicate share at 0.3: {share:.4}");
    assert!((0.285..0.315).contains(&share), "{share}");
    assert_eq!(truths[0].cluster, 0);
    let mut sizes = vec![0usize; n as usize];
    for (r, t) in truths.iter().enumerate() {
        let r = r as u64;
        // Clusters point backwards, to an original.
        assert!(t.cluster <= r);
        assert_eq!(truths[t.cluster as usize].cluster, t.cluster);
        assert_eq!(g.cluster_of(r), t.cluster);
        if t.cluster == r {
            assert!(t.edits.is_empty());
        }
        sizes[t.cluster as usize] += 1;
    }
    // Spread over the table, not only near their root.
    let far = truths
        .iter()
        .enumerate()
        .filter(|(r, t)| *r as u64 - t.cluster > 1000)
        .count();
    assert!(far as f64 > 0.5 * dups as f64, "{far} of {dups}");
    let clusters = sizes.iter().filter(|&&s| s > 0).count();
    let pairs = sizes.iter().filter(|&&s| s == 2).count();
    let max = sizes.iter().max().unwrap();
    println!("{clusters} clusters, {pairs} of size 2, largest {max}");
    assert_eq!(clusters, n as usize - dups);
    assert!(pairs > dups / 4);
    // A smaller share keeps a subset of the duplicates, with the same sources.
    let g2 = Generator::with_duplicates(77, 0.2);
    for r in 0..n {
        if let Some((s2, _)) = g2.duplicate_source(r) {
            assert_eq!(g.duplicate_source(r).map(|x| x.0), Some(s2));
        }
    }
}

#[test]
fn duplicates_resemble_their_root() {
    let (rows, truths) = gen_truth_rows(Generator::with_duplicates(123, 0.3), 6000);
    let cell = |r: usize, c: &str| rows[r].1[col_index(c)].as_deref().map(str::trim);
    let (mut dups, mut alike, mut copies, mut same_surname, mut same_birth) = (0, 0, 0, 0, 0);
    for (r, t) in truths.iter().enumerate() {
        let root = t.cluster as usize;
        if root == r {
            continue;
        }
        dups += 1;
        assert_eq!(rows[r].0, rows[root].0, "locale of row {r}");
        let surname = match (cell(r, "last_name"), cell(root, "last_name")) {
            (Some(a), Some(b)) => fold_name(a) == fold_name(b),
            _ => false,
        };
        let birth = match (cell(r, "birth_date"), cell(root, "birth_date")) {
            (Some(a), Some(b)) => {
                let mut a = nums(a);
                let mut b = nums(b);
                a.sort_unstable();
                b.sort_unstable();
                a == b
            }
            _ => false,
        };
        same_surname += usize::from(surname);
        same_birth += usize::from(birth);
        alike += usize::from(surname || birth);
        copies += usize::from(
            COLUMNS[IDENTITY_COLUMNS]
                .iter()
                .all(|c| cell(r, c) == cell(root, c)),
        );
    }
    let pct = |x: usize| 100.0 * x as f64 / dups as f64;
    println!(
        "{dups} duplicates: surname agrees {:.1}%, birth date {:.1}%, either {:.1}%, identity copied exactly {:.1}%",
        pct(same_surname),
        pct(same_birth),
        pct(alike),
        pct(copies)
    );
    assert!(pct(alike) > 90.0);
    assert!(pct(same_surname) > 75.0);
    assert!(pct(copies) < 10.0);
}

#[test]
fn duplicate_edits_are_honest() {
    let g = Generator::with_duplicates(9, 0.4);
    let (rows, truths) = gen_truth_rows(g, 4000);
    let mut seen: Vec<&str> = Vec::new();
    for (r, t) in truths.iter().enumerate() {
        if t.cluster == r as u64 {
            continue;
        }
        let id = g.identity(t.cluster);
        let cells = &rows[r].1;
        let cell = |c: &str| cells[col_index(c)].as_deref().map(str::trim);
        let edited = |prefix: &str| t.edits.iter().any(|e| e.starts_with(prefix));
        for e in &t.edits {
            if !seen.contains(e) {
                seen.push(e);
            }
            if let Some(col) = e.strip_suffix("_missing") {
                assert_eq!(cell(col), None, "{e} in row {r}");
            }
        }
        let clean: [(&str, &str, Option<String>); 11] = [
            ("name_", "first_name", Some(id.p.first.to_string())),
            ("name_", "last_name", Some(id.p.last.clone())),
            ("email", "email", Some(id.email.clone())),
            ("phone", "phone", Some(id.phone.clone())),
            ("country", "country", Some(id.p.loc.code.to_string())),
            ("city", "city", Some(id.p.city.name.to_string())),
            ("street", "street", Some(id.street.clone())),
            ("postcode", "postcode", Some(id.postcode.clone())),
            (
                "birth_date",
                "birth_date",
                Some(fmt_date(id.p.birth, id.birth_style)),
            ),
            ("national_id", "national_id", Some(id.national_id.clone())),
            (
                "iban",
                "iban",
                Some(if id.iban_grouped {
                    group_every(&id.iban, 4, ' ')
                } else {
                    id.iban.clone()
                }),
            ),
        ];
        for (prefix, col, want) in clean {
            let moved = matches!(col, "city" | "street" | "postcode") && edited("moved");
            let missing = edited(&format!("{col}_missing"));
            if !edited(prefix) && !moved && !missing {
                assert_eq!(
                    cell(col),
                    want.as_deref(),
                    "{col} of row {r}: {:?}",
                    t.edits
                );
            }
        }
    }
    seen.sort_unstable();
    println!("edits seen: {seen:?}");
    assert_eq!(seen.len(), 31, "{seen:?}");
}

#[test]
fn duplicate_rows_are_labelled_correctly() {
    let (rows, truths) = gen_truth_rows(Generator::with_duplicates(2, 0.5), 6000);
    check_spans(&rows);
    check_dates(&rows);
    let dup_rows: Vec<GenRow> = rows
        .iter()
        .zip(&truths)
        .filter(|(_, t)| !t.edits.is_empty())
        .map(|(r, _)| r.clone())
        .collect();
    assert!(dup_rows.len() > 2000);
    let checked = check_validity(&dup_rows);
    assert!(checked > 8000, "{checked}");
    // Replaced cells still carry exactly one whole-cell label; invalid only for broken e-mails.
    for ((_, _, labels), t) in rows.iter().zip(&truths) {
        for l in labels.iter().filter(|l| !l.valid) {
            if t.cluster != l.row && COLUMNS[IDENTITY_COLUMNS].contains(&l.column) {
                assert_eq!(l.column, "email");
                assert!(t.edits.contains(&"email_malformed"));
            }
        }
    }
}

/// Optimal string alignment distance (edits: substitute, insert, delete, transpose).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[test]
fn perturbation_helpers() {
    assert_eq!(strip_accents("Jürgen Weiß", true), "Juergen Weiss");
    assert_eq!(strip_accents("Ångström Łukasz", false), "Angstrom Lukasz");
    assert_eq!(strip_accents("Über", true), "Ueber");
    let mut rng = Rng::new(1);
    for name in ["Müller", "García López", "Anna", "Jean-Pierre"] {
        for _ in 0..200 {
            let t = typo(name, &mut rng).unwrap();
            // one substitution, insertion, deletion or transposition (up to the initial's case)
            let d = edit_distance(&name.to_lowercase(), &t.to_lowercase());
            assert!(d == 1 || (d == 0 && t != name), "{name} -> {t}");
        }
    }
    assert_eq!(typo("Li", &mut rng), None);
    let de = LOCALES.iter().find(|l| l.code == "DE").unwrap();
    let it = LOCALES.iter().find(|l| l.code == "IT").unwrap();
    let pl = LOCALES.iter().find(|l| l.code == "PL").unwrap();
    let us = LOCALES.iter().find(|l| l.code == "US").unwrap();
    let variants = |loc: &'static Locale, s: &str| -> Vec<String> {
        let mut rng = Rng::new(7);
        let mut v: Vec<String> = (0..200)
            .filter_map(|_| respell_street(loc, s, &mut rng))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(
        variants(de, "Hauptstraße 12a"),
        ["Hauptstr. 12a", "Hauptstrasse 12a", "Hauptstraße 12 a"]
    );
    assert_eq!(variants(it, "Via Roma, 5"), ["V. Roma, 5", "Via Roma 5"]);
    assert_eq!(
        variants(pl, "ul. Długa 12/5"),
        ["Długa 12/5", "ul. Długa 12 m. 5", "ulica Długa 12/5"]
    );
    assert_eq!(
        variants(us, "120 Main St, Apt 4B"),
        ["120 Main St, Apt 4 B", "120 Main Street, Apt 4B"]
    );
    assert_eq!(
        regroup_id("ES_NIF", "12345678Z").as_deref(),
        Some("12345678-Z")
    );
    assert_eq!(
        regroup_id("UK_NINO", "AB123456C").as_deref(),
        Some("AB 12 34 56 C")
    );
    assert_eq!(
        regroup_id("SE_PERSONNUMMER", "811228-9874").as_deref(),
        Some("8112289874")
    );
    assert_eq!(regroup_id("PL_PESEL", "44051401359"), None);
    assert_eq!(
        reformat_postcode(us, "12345-6789").as_deref(),
        Some("12345")
    );
    assert_eq!(reformat_postcode(de, "10115"), None);
    // Reformatted phones keep the number.
    let mut rng = Rng::new(3);
    for loc in LOCALES {
        let city = &loc.cities[0];
        for _ in 0..300 {
            let p = phone(loc, city, &mut rng, false);
            let f = reformat_phone(loc, &p, &mut rng).unwrap();
            assert_ne!(f, p);
            let core = |s: &str| nums(s).into_iter().rev().take(8).collect::<Vec<_>>();
            assert_eq!(core(&f), core(&p), "{} {p} -> {f}", loc.code);
            assert!(
                phone_len_ok(loc.code, nsn_len(loc.code, &f)),
                "{} {p} -> {f}",
                loc.code
            );
        }
    }
    for _ in 0..2000 {
        let d = civil_from_days(random_day(&mut rng, (1940, 1, 1), (2006, 12, 31)));
        let m = mistype_date(d, &mut rng);
        assert_ne!(m, d);
        assert!(is_real_date(m.y, m.m, m.d) && (1940..=2009).contains(&m.y));
    }
}
