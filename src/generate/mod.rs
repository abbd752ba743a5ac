//! Synthetic, seeded CRM customer tables with ground-truth PII labels.
//!
//! The scanner needs data that looks like what it meets in real CRM exports
//! (several European locales, accented names, national formats, dirty cells,
//! free-text notes and numeric look-alikes that are *not* personal data), and
//! it needs to know the right answer for every cell so precision and recall can
//! be measured. Real customer data can never ship in the repository, so this
//! module fabricates it: every row is a pure function of `(seed, row)`, built
//! from a self-contained xoshiro256** PRNG and static tables, so a sample, a
//! test and a 1M-row benchmark all see byte-identical output on every platform
//! and Rust version, and rows can be produced in any order or in parallel.
//!
//! The trade-off is realism versus control. Values come from small curated
//! tables (a few dozen names and ~15 cities per country, hand-picked phone,
//! bank and card ranges) and every identifier is built with its real check
//! digit, so the ground truth is exact and cheap to produce (~0.5 s per 100k
//! rows), but the distribution is narrower than real life: frequencies are
//! flat, only the formats listed here occur, "invalid" values are only the
//! kinds injected here (wrong check digits, truncated phones, malformed
//! emails, impossible SSN areas / NINO prefixes), and "valid" means valid by
//! the published rules (check digits, libphonenumber ranges), not issued to
//! anyone. Changing any table or draw changes the byte stream; the snapshot
//! test pins it so such changes are deliberate.
//!
//! # Planted duplicates
//!
//! Record linkage needs tables whose true clusters are known. With
//! [`Generator::with_duplicates`]`(seed, share)` each row `r > 0` is, with
//! probability `share`, another record of the person of an earlier row `s`,
//! drawn uniformly from `0..r` by a second stream of `(seed, row)`; with
//! `share == 0` ([`Generator::new`]) no row is and the output is exactly that
//! of the plain generator. Since `s` may itself be a duplicate, the cluster of
//! `r` is found by following sources back to an original row, the *root*
//! ([`Truth::cluster`]); every hop goes to a smaller row, so this ends, after
//! about `share * ln r` hops. Duplicates are thus spread over the whole table,
//! and clusters grow like a Chinese restaurant process (a cluster of k rows
//! attracts the next duplicate with probability proportional to k): early
//! people collect more records, and the tail of cluster sizes gets heavier
//! with `share`. In 100k rows at 0.2, 71% of the clusters with more than one
//! record are pairs and the largest has about 25 records; at 0.9 the first
//! rows gather tens of thousands. For a seed, the duplicates of a smaller
//! share are a subset of those of a larger one, with the same sources.
//!
//! A duplicate row is drawn like any row from its own `(seed, row)` stream
//! (fresh customer id, order number, dates, card, IP, loyalty points, notes),
//! but about the root's person, in the root's locale; then its identity
//! columns, `first_name` to `iban`, are replaced by the root's *clean* values
//! (what the root drew before its own cell noise: the e-mail before case
//! changes or breakage, the phone before truncation, the national ID and IBAN
//! with correct check digits, postcode and ID as the root formats them even
//! where its cell is NULL), each perturbed independently. Per cell, in this
//! order, with rates in per cent (later rates apply to cells not missing):
//!
//! | edit | rate | what |
//! |---|---|---|
//! | `first_name_missing`, `last_name_missing` | 3, 3 | NULL |
//! | `name_typo` | 15 | one letter substituted (QWERTY neighbour), inserted (doubled or neighbour), deleted or transposed, in the first or last name; the initial is kept 90% of the time |
//! | `name_accents` | 15 of names with any | accents dropped in both names (é→e, ł→l, ß→ss; ü→ue or u in DE) |
//! | `name_case` | 5 | surname upper-case, or both upper- or lower-case |
//! | `name_swap` | 2 | first and last name swapped |
//! | `email_missing` | 8 | NULL |
//! | `email_other` | 20 | another address of the person (new local part and/or provider) |
//! | `email_malformed` | 2 | broken as in plain rows (label `valid = false`) |
//! | `email_case` | 5 | mixed case, as in plain rows |
//! | `phone_missing` | 8 | NULL |
//! | `phone_other` | 12 | another valid number of the locale |
//! | `phone_format` | 25 | the same number written differently (+CC or national, spaces, dashes) |
//! | `country_missing` | 1 | NULL |
//! | `country_format` | 16 | lower-case code or country name instead of the code (plain-row rates) |
//! | `moved` | 8 | new city, street and postcode from the same locale |
//! | `city_missing`, `street_missing`, `postcode_missing` | 4, 5, 5 | NULL |
//! | `city_accents` | 10 of cities with any | accents dropped |
//! | `street_spelling` | 10 | abbreviated or expanded (Straße/Str./Strasse, Street/St, Via/V., Calle/C/, ul./ulica or dropped...), house-number spacing (12a/12 a, "Via Roma, 5"/"Via Roma 5", 12/5 vs 12 m. 5) |
//! | `postcode_format` | 5 | separator dropped or added (1234 AB/1234AB, 12-345/12345, ZIP+4 cut) |
//! | `birth_date_missing` | 5 | NULL |
//! | `birth_date_swap` | 5 of dates with day ≤ 12 | day and month swapped |
//! | `birth_date_typo` | 4 | one digit of year, month or day mistyped (still a real date) |
//! | `birth_date_format` | 15 | another format of the date (ISO, dotted, slashed, dashed) |
//! | `national_id_missing` | 25 | NULL |
//! | `national_id_format` | 10 | grouping or separators changed (same value; never mistyped, so always valid) |
//! | `iban_missing` | 15 | NULL |
//! | `iban_other` | 5 | another valid account in the same country |
//! | `iban_format` | 10 | 4-character grouping added or removed |
//!
//! [`Truth::edits`] lists the edits applied to a duplicate (those whose effect
//! is visible), empty for originals; about 6.5% of duplicates have none and
//! differ from the root's clean values only by stray whitespace. Between a
//! duplicate's cells and its root's cells there is also the root's own noise
//! (NULLs, bad check digits, mixed case, its date and IBAN formats...), which
//! is not listed. Labels of replaced cells are whole-cell labels with the
//! entity the plain generator gives the column; the stray whitespace of plain
//! rows applies too. Limits: edits are independent and their rates flat;
//! typos are single edits; notes of a duplicate speak about the root's person
//! but may quote contact details the record doesn't hold; there are no
//! relatives or households, though the small name tables make distinct people
//! with the same name, city and even birth year common, which are hard
//! negatives of their own.

// Hand-laid-out data tables; rustfmt would put every name on its own line.
#[rustfmt::skip]
mod locale;

use locale::{City, DateStyle, Locale, StreetStyle, EN_NOTES, GENERIC_EMAIL_DOMAINS, LOCALES};
use std::fmt::Write as _;

pub const COLUMNS: &[&str] = &[
    "customer_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "country",
    "city",
    "street",
    "postcode",
    "birth_date",
    "national_id",
    "iban",
    "card_number",
    "ip_address",
    "website",
    "order_number",
    "created_at",
    "last_login_ms",
    "loyalty_points",
    "notes",
];

/// Expected column verdict for the scanner (entity name), None when the column holds no personal data.
pub fn expected_verdict(column: &str) -> Option<&'static str> {
    match column {
        "first_name" | "last_name" => Some("PERSON"),
        "email" => Some("EMAIL_ADDRESS"),
        "phone" => Some("PHONE_NUMBER"),
        "city" | "street" => Some("LOCATION"),
        "birth_date" | "created_at" => Some("DATE_TIME"),
        "national_id" => Some("NATIONAL_ID"),
        "iban" => Some("IBAN_CODE"),
        "card_number" => Some("CREDIT_CARD"),
        "ip_address" => Some("IP_ADDRESS"),
        "website" => Some("URL"),
        // customer_id, country, postcode, order_number, last_login_ms,
        // loyalty_points: not personal data; notes: free text, mixed.
        _ => None,
    }
}

/// One ground-truth span: `&cell[start..end]` (UTF-8 byte offsets, end
/// exclusive) of column `column` in row `row` holds an `entity`; `valid` is
/// false when the value is deliberately broken (bad check digit, too short...).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub row: u64,
    pub column: &'static str,
    pub entity: &'static str,
    pub start: u32,
    pub end: u32,
    pub valid: bool,
}

/// Largest share of duplicate rows [`Generator::with_duplicates`] accepts.
pub const MAX_DUPLICATE_SHARE: f64 = 0.9;

/// The columns a duplicate takes from its root's person, `first_name` to `iban`.
const IDENTITY_COLUMNS: std::ops::Range<usize> = 1..12;

/// Record-linkage ground truth of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Truth {
    /// The person's original row (the cluster's root); the row itself for originals.
    pub cluster: u64,
    /// The perturbations applied to the root's identity values (names in the
    /// module doc), in the order applied, column by column; empty for originals.
    pub edits: Vec<&'static str>,
}

/// Deterministic row generator. Cheap to construct and `Sync`; share one
/// across threads and call [`Generator::row`] with any row numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generator {
    seed: u64,
    /// Probability that a row is a duplicate, in millionths.
    dup_ppm: u32,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        Generator { seed, dup_ppm: 0 }
    }

    /// A generator that plants duplicates: each row but row 0 is, with
    /// probability `share`, a perturbed record of an earlier row's person (see
    /// the module doc). `share` 0 gives the rows of [`Generator::new`].
    ///
    /// # Panics
    /// If `share` is not within `0..=MAX_DUPLICATE_SHARE`.
    pub fn with_duplicates(seed: u64, share: f64) -> Self {
        assert!(
            (0.0..=MAX_DUPLICATE_SHARE).contains(&share),
            "duplicate share {share} is not within 0..={MAX_DUPLICATE_SHARE}"
        );
        Generator {
            seed,
            dup_ppm: (share * 1e6).round() as u32,
        }
    }

    /// Row `row` (0-based). Depends only on (seed, duplicate share, row), so rows can be generated in any order or in parallel.
    /// Returns one cell per COLUMNS entry (None = NULL) and appends this row's labels to `labels`.
    pub fn row(&self, row: u64, labels: &mut Vec<Label>) -> Vec<Option<String>> {
        self.generate(row, labels).1
    }

    /// Like [`Generator::row`] but also reports the locale code the row was drawn from
    /// (for a duplicate, its root's).
    pub fn row_with_locale(
        &self,
        row: u64,
        labels: &mut Vec<Label>,
    ) -> (&'static str, Vec<Option<String>>) {
        let (loc, cells, _) = self.generate(row, labels);
        (loc, cells)
    }

    /// Like [`Generator::row`] but also reports the row's cluster and edits.
    pub fn row_with_truth(
        &self,
        row: u64,
        labels: &mut Vec<Label>,
    ) -> (Vec<Option<String>>, Truth) {
        let (_, cells, truth) = self.generate(row, labels);
        (cells, truth)
    }

    /// The cluster (root row) of `row`, without generating any cells.
    pub fn cluster_of(&self, row: u64) -> u64 {
        let mut r = row;
        // Sources are strictly smaller rows and row 0 is never a duplicate.
        while let Some((source, _)) = self.duplicate_source(r) {
            r = source;
        }
        r
    }

    /// The row `row` duplicates, if it is a duplicate, and the row's
    /// duplicate stream positioned after that decision (it goes on to draw the
    /// perturbations). The first draw alone decides, so a larger share keeps
    /// the duplicates of a smaller one.
    fn duplicate_source(&self, row: u64) -> Option<(u64, Rng)> {
        if self.dup_ppm == 0 || row == 0 {
            return None;
        }
        let mut rng = Rng::new(row_seed(self.seed ^ DUPLICATE_STREAM, row));
        if rng.below(1_000_000) >= u64::from(self.dup_ppm) {
            return None;
        }
        let source = rng.below(row);
        Some((source, rng))
    }

    fn generate(
        &self,
        row: u64,
        labels: &mut Vec<Label>,
    ) -> (&'static str, Vec<Option<String>>, Truth) {
        let Some((source, mut dup_rng)) = self.duplicate_source(row) else {
            let mut rng = Rng::new(row_seed(self.seed, row));
            let loc = pick_locale(&mut rng);
            let cells = build_row(loc, row, &mut rng, labels);
            let truth = Truth {
                cluster: row,
                edits: Vec::new(),
            };
            return (loc.code, cells, truth);
        };
        let root = self.cluster_of(source);
        let id = self.identity(root);
        let mut rng = Rng::new(row_seed(self.seed, row));
        let (cells, edits) = duplicate_row(&id, row, &mut rng, &mut dup_rng, labels);
        let truth = Truth {
            cluster: root,
            edits,
        };
        (id.p.loc.code, cells, truth)
    }

    /// The clean identity values of row `root`, replayed from its stream.
    fn identity(&self, root: u64) -> Identity {
        let mut rng = Rng::new(row_seed(self.seed, root));
        let loc = pick_locale(&mut rng);
        let p = make_person(loc, &mut rng);
        let mut id = Identity::new(p.clone());
        assemble_row(p, root, &mut rng, &mut Vec::new(), Some(&mut id));
        id
    }
}

/// Salt of the per-row stream that decides duplicates and draws their edits.
const DUPLICATE_STREAM: u64 = 0x6475_706c_6963_6174; // "duplicat"

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

fn splitmix64(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Bijective in `row` for a fixed seed, well mixed in both.
fn row_seed(seed: u64, row: u64) -> u64 {
    let mut s = seed;
    let k = splitmix64(&mut s);
    let mut x = k ^ row.wrapping_mul(0xD1B5_4A32_D192_ED03);
    splitmix64(&mut x)
}

/// xoshiro256** seeded through SplitMix64.
#[derive(Clone)]
struct Rng {
    s: [u64; 4],
}

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut x = seed;
        let s = [
            splitmix64(&mut x),
            splitmix64(&mut x),
            splitmix64(&mut x),
            splitmix64(&mut x),
        ];
        Rng { s }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform-ish in `0..n` (multiply-shift; bias < n / 2^64).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Inclusive range.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p / 1000`.
    fn per_mille(&mut self, p: u64) -> bool {
        self.below(1000) < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }

    fn digit(&mut self) -> u8 {
        self.below(10) as u8
    }

    fn push_digits(&mut self, out: &mut String, n: usize) {
        for _ in 0..n {
            out.push(char::from(b'0' + self.digit()));
        }
    }

    /// A digit in 0..=9 different from `d`.
    fn other_digit(&mut self, d: u8) -> u8 {
        (d + 1 + self.below(9) as u8) % 10
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

fn pick_locale(rng: &mut Rng) -> &'static Locale {
    let total: u32 = LOCALES.iter().map(|l| l.weight).sum();
    let mut r = rng.below(u64::from(total)) as u32;
    for l in LOCALES {
        if r < l.weight {
            return l;
        }
        r -= l.weight;
    }
    &LOCALES[0]
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Date {
    y: i64,
    m: u32,
    d: u32,
}

/// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date { y, m, d }
}

fn random_day(rng: &mut Rng, from: (i64, u32, u32), to: (i64, u32, u32)) -> i64 {
    let a = days_from_civil(from.0, from.1, from.2);
    let b = days_from_civil(to.0, to.1, to.2);
    a + rng.below((b - a + 1) as u64) as i64
}

fn fmt_date(d: Date, style: DateStyle) -> String {
    match style {
        DateStyle::Iso => format!("{:04}-{:02}-{:02}", d.y, d.m, d.d),
        DateStyle::Dot => format!("{:02}.{:02}.{:04}", d.d, d.m, d.y),
        DateStyle::SlashDmy => format!("{:02}/{:02}/{:04}", d.d, d.m, d.y),
        DateStyle::SlashMdy => format!("{:02}/{:02}/{:04}", d.m, d.d, d.y),
        DateStyle::DashDmy => format!("{:02}-{:02}-{:04}", d.d, d.m, d.y),
    }
}

// ---------------------------------------------------------------------------
// Text helpers
// ---------------------------------------------------------------------------

/// ASCII for a lowercase accented letter (ä → "ae" when `german`, else "a"),
/// None for anything else.
fn ascii_fold(ch: char, german: bool) -> Option<&'static str> {
    Some(match ch {
        'ä' if german => "ae",
        'ö' if german => "oe",
        'ü' if german => "ue",
        'ä' => "a",
        'ö' => "o",
        'ü' => "u",
        'ß' => "ss",
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ą' => "a",
        'ç' | 'ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ł' => "l",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
        'ś' => "s",
        'ù' | 'ú' | 'û' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' => "z",
        _ => return None,
    })
}

/// Lowercase ASCII transliteration for e-mail local parts, slugs and the
/// Italian fiscal code. Spaces, apostrophes and hyphens are dropped.
fn fold_lower(s: &str, german: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for ch in s.chars().flat_map(char::to_lowercase) {
        match ch {
            'a'..='z' | '0'..='9' => out.push(ch),
            _ => out.push_str(ascii_fold(ch, german).unwrap_or("")),
        }
    }
    out
}

/// Drop accents, keep case and everything else ("Jürgen Weiß" → "Jurgen
/// Weiss", or "Juergen Weiss" when `german`).
fn strip_accents(s: &str, german: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for ch in s.chars() {
        let lower = ch.to_lowercase().next().unwrap_or(ch);
        match ascii_fold(lower, german) {
            Some(rep) if lower != ch => out.push_str(&capitalize(rep)),
            Some(rep) => out.push_str(rep),
            None => out.push(ch),
        }
    }
    out
}

/// Lowercase, keep accents, drop spaces and apostrophes ("josé", "müller").
fn plain_lower(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
    }
    out.push_str(chars.as_str());
    out
}

/// Join groups of `sizes` characters of ASCII `s` with `sep`. The last group
/// takes whatever is left.
fn group(s: &str, sizes: &[usize], sep: &str) -> String {
    let mut out = String::with_capacity(s.len() + sizes.len() * sep.len());
    let mut pos = 0;
    for (i, &n) in sizes.iter().enumerate() {
        if pos >= s.len() {
            break;
        }
        if i > 0 {
            out.push_str(sep);
        }
        let end = if i + 1 == sizes.len() {
            s.len()
        } else {
            (pos + n).min(s.len())
        };
        out.push_str(&s[pos..end]);
        pos = end;
    }
    out
}

fn group_every(s: &str, n: usize, sep: char) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / n);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && i % n == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn group_thousands(mut n: u64, sep: char) -> String {
    let mut parts = Vec::new();
    loop {
        if n < 1000 {
            parts.push(n.to_string());
            break;
        }
        parts.push(format!("{:03}", n % 1000));
        n /= 1000;
    }
    parts.reverse();
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        out.push_str(p);
    }
    out
}

fn digits_of(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

fn push_digit(out: &mut String, d: u8) {
    out.push(char::from(b'0' + d));
}

// ---------------------------------------------------------------------------
// Check digits
// ---------------------------------------------------------------------------

/// Luhn check digit for `payload` (the digits before the check digit).
fn luhn_check_digit(payload: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, &d) in payload.iter().rev().enumerate() {
        let mut v = u32::from(d);
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    ((10 - sum % 10) % 10) as u8
}

/// German Steuer-IdNr check digit (ISO 7064 MOD 11,10) over the first 10 digits.
fn steuer_check(d: &[u8]) -> u8 {
    let mut product = 10u32;
    for &x in d {
        let mut sum = (u32::from(x) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    let c = 11 - product;
    if c == 10 {
        0
    } else {
        c as u8
    }
}

const CF_ODD: [u32; 26] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/// Italian check letter: codice fiscale (over 15 chars) and bank CIN (over 22).
fn it_check_letter(s: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, &c) in s.iter().enumerate() {
        let idx = if c.is_ascii_digit() {
            c - b'0'
        } else {
            c.to_ascii_uppercase() - b'A'
        } as usize;
        sum += if i % 2 == 0 { CF_ODD[idx] } else { idx as u32 };
    }
    b'A' + (sum % 26) as u8
}

const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// IBAN check digits (98 - mod97 of BBAN + country + "00").
fn iban_check_digits(country: &str, bban: &str) -> u32 {
    let mut rem = 0u32;
    for b in bban.bytes().chain(country.bytes()).chain(*b"00") {
        if b.is_ascii_digit() {
            rem = (rem * 10 + u32::from(b - b'0')) % 97;
        } else {
            rem = (rem * 100 + u32::from(b.to_ascii_uppercase() - b'A') + 10) % 97;
        }
    }
    98 - rem
}

/// Decimal string modulo m.
fn mod_str(s: &str, m: u64) -> u64 {
    s.bytes()
        .fold(0, |acc, b| (acc * 10 + u64::from(b - b'0')) % m)
}

// ---------------------------------------------------------------------------
// Person and per-column value builders
// ---------------------------------------------------------------------------

#[derive(Clone)]
struct Person {
    loc: &'static Locale,
    female: bool,
    first: &'static str,
    last: String,
    birth: Date,
    city: &'static City,
}

fn feminine_pl(surname: &str) -> String {
    if surname.ends_with("ski") || surname.ends_with("cki") || surname.ends_with("dzki") {
        let mut s = surname[..surname.len() - 1].to_string();
        s.push('a');
        s
    } else {
        surname.to_string()
    }
}

fn make_person(loc: &'static Locale, rng: &mut Rng) -> Person {
    let female = rng.per_mille(500);
    let first = if female {
        rng.pick(loc.female)
    } else {
        rng.pick(loc.male)
    };
    let mut last = rng.pick(loc.surnames).to_string();
    match loc.code {
        "PL" if female => last = feminine_pl(&last),
        "ES" if rng.per_mille(500) => {
            let second = rng.pick(loc.surnames);
            if second != last {
                last.push(' ');
                last.push_str(second);
            }
        }
        _ => {}
    }
    let birth = civil_from_days(random_day(rng, (1940, 1, 1), (2006, 12, 31)));
    let city = &loc.cities[rng.index(loc.cities.len())];
    Person {
        loc,
        female,
        first,
        last,
        birth,
        city,
    }
}

fn company_slug(loc: &Locale, last: &str, rng: &mut Rng) -> String {
    let l = fold_lower(last, loc.code == "DE");
    let w = rng.pick(loc.company_words);
    match rng.below(3) {
        0 => format!("{l}-{w}"),
        1 => format!("{w}-{l}"),
        _ => format!("{l}{w}"),
    }
}

fn website(loc: &Locale, last: &str, rng: &mut Rng) -> String {
    let slug = company_slug(loc, last, rng);
    let scheme = match rng.below(10) {
        0 => "http://www.",
        1 => "https://",
        _ => "https://www.",
    };
    let path = rng.pick(loc.web_paths);
    format!("{scheme}{slug}.{}{path}", loc.tld)
}

/// A well-formed, lowercase e-mail address for the person.
fn email(p: &Person, rng: &mut Rng) -> String {
    let keep_accents = rng.per_mille(30);
    let german = p.loc.code == "DE" && rng.per_mille(750);
    let (f, l) = if keep_accents {
        (plain_lower(p.first), plain_lower(&p.last))
    } else {
        (fold_lower(p.first, german), fold_lower(&p.last, german))
    };
    let initial: String = f.chars().take(1).collect();
    let mut out = match rng.below(9) {
        0..=2 => format!("{f}.{l}"),
        3 => format!("{initial}.{l}"),
        4 => format!("{f}{l}"),
        5 => format!("{l}.{f}"),
        6 => format!("{f}_{l}"),
        7 => format!("{f}.{l}{:02}", p.birth.y % 100),
        _ => format!("{f}{}", rng.range(1, 999)),
    };
    out.push('@');
    let r = rng.below(100);
    if r < 45 {
        out.push_str(rng.pick(p.loc.email_domains));
    } else if r < 85 {
        out.push_str(rng.pick(GENERIC_EMAIL_DOMAINS));
    } else {
        out.push_str(&company_slug(p.loc, &p.last, rng));
        out.push('.');
        out.push_str(p.loc.tld);
    }
    out
}

fn mixed_case_email(e: &str, rng: &mut Rng) -> String {
    if rng.per_mille(300) {
        return e.to_uppercase();
    }
    // "Anna.Mueller@GMX.de"
    let (local, domain) = e.split_once('@').unwrap_or((e, ""));
    let local: Vec<String> = local.split('.').map(capitalize).collect();
    let domain = match domain.split_once('.') {
        Some((name, tld)) if rng.per_mille(500) => format!("{}.{tld}", name.to_uppercase()),
        _ => domain.to_string(),
    };
    format!("{}@{domain}", local.join("."))
}

fn malformed_email(e: &str, rng: &mut Rng) -> String {
    let at = e.find('@').unwrap_or(0);
    match rng.below(4) {
        0 => format!("{}{}", &e[..at], &e[at + 1..]), // missing '@'
        1 => format!("{} {}", &e[..at], &e[at..]),    // space before '@'
        2 => format!("{}@ {}", &e[..at], &e[at + 1..]), // space after '@'
        _ => format!("{}@@{}", &e[..at], &e[at + 1..]), // doubled '@'
    }
}

/// A phone number that libphonenumber considers valid for the locale.
/// `mobile_only` restricts to mobile ranges (used as the base of invalid,
/// truncated numbers, since short landlines can still be valid).
fn phone(loc: &Locale, city: &City, rng: &mut Rng, mobile_only: bool) -> String {
    let landline = !mobile_only && rng.per_mille(250);
    let fmt = rng.below(6);
    match loc.code {
        "DE" => {
            if landline {
                let area = rng.pick(city.area);
                let mut sub = String::new();
                push_digit(&mut sub, rng.range(2, 9) as u8);
                let n = if area.len() == 2 { 7 } else { 6 + rng.index(2) };
                rng.push_digits(&mut sub, n);
                match fmt {
                    0 | 1 => format!("0{area} {sub}"),
                    2 => format!("0{area}/{sub}"),
                    3 => format!("0{area}-{sub}"),
                    _ => format!("+49 {area} {sub}"),
                }
            } else {
                let p = rng.pick(locale::DE_MOBILE);
                let mut sub = String::new();
                rng.push_digits(&mut sub, 8);
                match fmt {
                    0 => format!("+49{p}{sub}"),
                    1 => format!("+49 {p} {sub}"),
                    2 => format!("0{p} {sub}"),
                    3 => format!("0{p}/{sub}"),
                    4 => format!("0{p}-{sub}"),
                    _ => format!("0{p}{sub}"),
                }
            }
        }
        "FR" => {
            let mut nsn = String::new();
            if landline {
                nsn.push_str(rng.pick(city.area));
                push_digit(&mut nsn, rng.range(1, 5) as u8);
            } else if rng.per_mille(850) {
                nsn.push('6');
                nsn.push(char::from(rng.pick(b"01245678")));
            } else {
                nsn.push('7');
                nsn.push(char::from(rng.pick(b"3456789")));
            }
            rng.push_digits(&mut nsn, 7);
            let national = format!("0{nsn}");
            match fmt {
                0 | 1 => format!("+33 {}", group(&nsn, &[1, 2, 2, 2, 2], " ")),
                2 => group(&national, &[2, 2, 2, 2, 2], " "),
                3 => group(&national, &[2, 2, 2, 2, 2], "."),
                4 => format!("+33{nsn}"),
                _ => national,
            }
        }
        "IT" => {
            if landline {
                let area = rng.pick(city.area);
                let mut sub = String::new();
                push_digit(&mut sub, rng.range(2, 9) as u8);
                rng.push_digits(&mut sub, 9 - area.len());
                match fmt {
                    0 | 1 => format!("{area} {sub}"),
                    2 => format!("+39 {area} {sub}"),
                    3 => format!("{area}/{sub}"),
                    _ => format!("+39{area}{sub}"),
                }
            } else {
                let p = rng.pick(locale::IT_MOBILE);
                let mut nsn = p.to_string();
                rng.push_digits(&mut nsn, 7);
                match fmt {
                    0 => format!("+39 {}", group(&nsn, &[3, 3, 4], " ")),
                    1 => group(&nsn, &[3, 3, 4], " "),
                    2 => format!("+39{nsn}"),
                    3 => group(&nsn, &[3, 7], "-"),
                    4 => group(&nsn, &[3, 7], " "),
                    _ => nsn,
                }
            }
        }
        "ES" => {
            if landline {
                let area = rng.pick(city.area);
                let mut nsn = area.to_string();
                push_digit(&mut nsn, rng.range(2, 9) as u8);
                rng.push_digits(&mut nsn, 8 - area.len());
                let g: &[usize] = if area.len() == 2 {
                    &[2, 3, 2, 2]
                } else {
                    &[3, 2, 2, 2]
                };
                match fmt {
                    0..=2 => group(&nsn, g, " "),
                    3 => format!("+34 {}", group(&nsn, g, " ")),
                    _ => nsn,
                }
            } else {
                let mut nsn = String::from("6");
                rng.push_digits(&mut nsn, 8);
                match fmt {
                    0 => format!("+34 {}", group(&nsn, &[3, 3, 3], " ")),
                    1 => group(&nsn, &[3, 3, 3], " "),
                    2 => group(&nsn, &[3, 2, 2, 2], " "),
                    3 => format!("+34{nsn}"),
                    _ => nsn,
                }
            }
        }
        "NL" => {
            if landline {
                let area = rng.pick(city.area);
                let mut sub = String::new();
                push_digit(&mut sub, rng.range(2, 9) as u8);
                rng.push_digits(&mut sub, 6);
                match fmt {
                    0 | 1 => format!("0{area}-{sub}"),
                    2 => format!("0{area} {}", group(&sub, &[3, 4], " ")),
                    _ => format!("+31 {area} {}", group(&sub, &[3, 4], " ")),
                }
            } else {
                let mut sub = String::new();
                push_digit(&mut sub, rng.pick(&[1u8, 2, 3, 4, 5, 8]));
                rng.push_digits(&mut sub, 7);
                match fmt {
                    0 => format!("+31 6 {sub}"),
                    1 => format!("06-{sub}"),
                    2 => format!("06 {sub}"),
                    3 => format!("+316{sub}"),
                    4 => format!("06 {}", group(&sub, &[4, 4], " ")),
                    _ => format!("06{sub}"),
                }
            }
        }
        "PL" => {
            let mut nsn = String::new();
            if landline {
                nsn.push_str(rng.pick(city.area));
                push_digit(&mut nsn, rng.range(2, 9) as u8);
                rng.push_digits(&mut nsn, 6);
            } else {
                nsn.push_str(rng.pick(locale::PL_MOBILE));
                rng.push_digits(&mut nsn, 7);
            }
            let g: &[usize] = if landline { &[2, 3, 2, 2] } else { &[3, 3, 3] };
            match fmt {
                0 | 1 => group(&nsn, g, " "),
                2 => format!("+48 {}", group(&nsn, g, " ")),
                3 => group(&nsn, g, "-"),
                4 => format!("+48{nsn}"),
                _ => nsn,
            }
        }
        "SE" => {
            let (area, sub_len) = if landline {
                let a = rng.pick(city.area);
                (a, if a.len() == 1 { 8 } else { 7 })
            } else {
                (rng.pick(locale::SE_MOBILE), 7)
            };
            let mut sub = String::new();
            push_digit(&mut sub, rng.range(2, 9) as u8);
            rng.push_digits(&mut sub, sub_len - 1);
            let g: &[usize] = if sub_len == 8 { &[3, 3, 2] } else { &[3, 2, 2] };
            match fmt {
                0 | 1 => format!("0{area}-{}", group(&sub, g, " ")),
                2 => format!("+46 {area} {}", group(&sub, g, " ")),
                3 => format!("+46{area}{sub}"),
                4 => format!("0{area} {}", group(&sub, g, " ")),
                _ => format!("0{area}{sub}"),
            }
        }
        "GB" => {
            if landline {
                // Never 4 or 9 next: Ofcom's drama ranges (0113 496 0xxx, 020 7946 0xxx...).
                let a = rng.pick(city.area);
                let (area, next) = a.split_once('/').unwrap_or((a, "235678"));
                let mut nsn = area.to_string();
                nsn.push(char::from(rng.pick(next.as_bytes())));
                let n = 10 - nsn.len();
                rng.push_digits(&mut nsn, n);
                let b = nsn.as_bytes();
                let g: &[usize] = if b[0] == b'2' {
                    &[2, 4, 4]
                } else if b[1] == b'1' || b[2] == b'1' {
                    &[3, 3, 4]
                } else {
                    &[4, 6]
                };
                match fmt {
                    0..=2 => format!("0{}", group(&nsn, g, " ")),
                    3 => format!("+44 {}", group(&nsn, g, " ")),
                    _ => format!("0{nsn}"),
                }
            } else {
                let p = rng.pick(locale::GB_MOBILE);
                let mut sub = String::new();
                rng.push_digits(&mut sub, 6);
                match fmt {
                    0 => format!("+44 {p} {sub}"),
                    1 | 2 => format!("0{p} {sub}"),
                    3 => format!("+44{p}{sub}"),
                    4 => format!("0{p} {}", group(&sub, &[3, 3], " ")),
                    _ => format!("0{p}{sub}"),
                }
            }
        }
        _ => {
            // US: real area code of the city, exchange 2-9XX, never 555 / N11.
            let area = rng.pick(city.area);
            let exch = loop {
                let e = rng.range(200, 999);
                if e != 555 && e % 100 != 11 {
                    break e;
                }
            };
            let line = rng.range(0, 9999);
            match rng.below(7) {
                0 | 1 => format!("+1 {area} {exch} {line:04}"),
                2 | 3 => format!("({area}) {exch}-{line:04}"),
                4 => format!("{area}-{exch}-{line:04}"),
                5 => format!("+1{area}{exch}{line:04}"),
                _ => format!("{area}.{exch}.{line:04}"),
            }
        }
    }
}

/// Drop the last three digits (and any separator left dangling).
fn truncate_phone(p: &str) -> String {
    let mut s = p.to_string();
    let mut dropped = 0;
    while dropped < 3 {
        match s.pop() {
            Some(c) if c.is_ascii_digit() => dropped += 1,
            Some(_) => {}
            None => break,
        }
    }
    while s.ends_with(|c: char| !c.is_ascii_digit()) {
        s.pop();
    }
    s
}

fn postcode(loc: &Locale, city: &City, rng: &mut Rng) -> String {
    let mut out = rng.pick(city.postal).to_string();
    match loc.code {
        "DE" => rng.push_digits(&mut out, 3),
        "FR" => {
            let _ = write!(out, "0{:02}", rng.range(1, 20));
        }
        "IT" => rng.push_digits(&mut out, 2),
        "ES" => {
            let _ = write!(out, "0{:02}", rng.range(1, 50));
        }
        "NL" => {
            rng.push_digits(&mut out, 2);
            if rng.per_mille(800) {
                out.push(' ');
            }
            out.push(char::from(rng.pick(b"ABCDEGHJKLMNPRTVWXZ")));
            out.push(char::from(rng.pick(b"ABCDEGHJKLMNPRSTVWXZ")));
        }
        "PL" => {
            out.push('-');
            rng.push_digits(&mut out, 3);
        }
        "SE" => {
            out.push(' ');
            rng.push_digits(&mut out, 2);
        }
        "GB" => {
            out.push(' ');
            push_digit(&mut out, rng.digit());
            out.push(char::from(rng.pick(b"ABDEFGHJLNPQRSTUWXYZ")));
            out.push(char::from(rng.pick(b"ABDEFGHJLNPQRSTUWXYZ")));
        }
        _ => {
            rng.push_digits(&mut out, 2);
            if rng.per_mille(150) {
                out.push('-');
                rng.push_digits(&mut out, 4);
            }
        }
    }
    out
}

fn street(loc: &Locale, rng: &mut Rng) -> String {
    let name = rng.pick(loc.streets);
    let num = if rng.per_mille(800) {
        rng.range(1, 60)
    } else {
        rng.range(61, 240)
    };
    match loc.street_style {
        StreetStyle::After => {
            let mut s = format!("{name} {num}");
            match loc.code {
                "DE" if rng.per_mille(100) => s.push(char::from(rng.pick(b"abc"))),
                "PL" if rng.per_mille(350) => {
                    let _ = write!(s, "/{}", rng.range(1, 80));
                }
                "NL" if rng.per_mille(80) => s.push_str(rng.pick(&["A", "B", "-II", "-hs"])),
                _ => {}
            }
            s
        }
        StreetStyle::Before => match loc.code {
            "GB" if rng.per_mille(60) => format!("{num}{} {name}", char::from(rng.pick(b"AB"))),
            "GB" if rng.per_mille(60) => format!("Flat {}, {num} {name}", rng.range(1, 12)),
            "FR" if rng.per_mille(50) => format!("{num} bis {name}"),
            "US" => {
                let n = rng.range(1, 9899);
                if rng.per_mille(120) {
                    format!(
                        "{n} {name}, Apt {}{}",
                        rng.range(1, 20),
                        char::from(rng.pick(b"ABCD"))
                    )
                } else {
                    format!("{n} {name}")
                }
            }
            _ => format!("{num} {name}"),
        },
        StreetStyle::AfterComma => {
            if rng.per_mille(500) {
                format!("{name}, {num}")
            } else {
                format!("{name} {num}")
            }
        }
    }
}

// --- national identifiers ---------------------------------------------------

fn de_tax_id(rng: &mut Rng, valid: bool) -> String {
    let missing = rng.digit();
    let mut dup = rng.below(9) as u8;
    if dup >= missing {
        dup += 1;
    }
    let mut d: Vec<u8> = (0..10u8).filter(|&x| x != missing).collect();
    d.push(dup);
    rng.shuffle(&mut d);
    while d[0] == 0 {
        let j = 1 + rng.index(9);
        d.swap(0, j);
    }
    let check = steuer_check(&d);
    d.push(if valid { check } else { rng.other_digit(check) });
    let s: String = d.iter().map(|&x| char::from(b'0' + x)).collect();
    if rng.per_mille(300) {
        group(&s, &[2, 3, 3, 3], " ")
    } else {
        s
    }
}

fn fr_nir(p: &Person, rng: &mut Rng, valid: bool) -> String {
    let mut n = String::with_capacity(15);
    n.push(if p.female { '2' } else { '1' });
    let _ = write!(n, "{:02}{:02}", p.birth.y % 100, p.birth.m);
    if rng.per_mille(800) {
        n.push_str(p.city.postal[0]);
    } else {
        let dept = loop {
            let d = rng.range(1, 95);
            if d != 20 {
                break d;
            }
        };
        let _ = write!(n, "{dept:02}");
    }
    let _ = write!(n, "{:03}{:03}", rng.range(1, 999), rng.range(1, 999));
    let key = 97 - mod_str(&n, 97);
    let key = if valid {
        key
    } else {
        (key + rng.range(1, 95)) % 97 + 1
    };
    let _ = write!(n, "{key:02}");
    if rng.per_mille(450) {
        group(&n, &[1, 2, 2, 2, 3, 3, 2], " ")
    } else {
        n
    }
}

fn cf_name_part(name: &str, is_first: bool) -> String {
    let up: Vec<u8> = fold_lower(name, false)
        .bytes()
        .map(|b| b.to_ascii_uppercase())
        .collect();
    let cons: Vec<u8> = up
        .iter()
        .copied()
        .filter(|b| !b"AEIOU".contains(b))
        .collect();
    let vow: Vec<u8> = up
        .iter()
        .copied()
        .filter(|b| b"AEIOU".contains(b))
        .collect();
    let mut out: Vec<u8> = if is_first && cons.len() >= 4 {
        vec![cons[0], cons[2], cons[3]]
    } else {
        cons.iter().chain(vow.iter()).copied().take(3).collect()
    };
    while out.len() < 3 {
        out.push(b'X');
    }
    String::from_utf8(out).unwrap_or_default()
}

fn it_fiscal_code(p: &Person, rng: &mut Rng, valid: bool) -> String {
    let mut s = cf_name_part(&p.last, false);
    s.push_str(&cf_name_part(p.first, true));
    let _ = write!(s, "{:02}", p.birth.y % 100);
    s.push(char::from(b"ABCDEHLMPRST"[p.birth.m as usize - 1]));
    let _ = write!(s, "{:02}", p.birth.d + if p.female { 40 } else { 0 });
    let code = if p.city.code.is_empty() || rng.per_mille(250) {
        let it = LOCALES
            .iter()
            .find(|l| l.code == "IT")
            .map(|l| l.cities)
            .unwrap_or(&[]);
        if it.is_empty() {
            "H501"
        } else {
            it[rng.index(it.len())].code
        }
    } else {
        p.city.code
    };
    s.push_str(code);
    let check = it_check_letter(s.as_bytes());
    let check = if valid {
        check
    } else {
        b'A' + (check - b'A' + 1 + rng.below(25) as u8) % 26
    };
    s.push(char::from(check));
    s
}

fn es_id(rng: &mut Rng, valid: bool) -> (String, &'static str) {
    if rng.per_mille(200) {
        let prefix = rng.below(3);
        let body = rng.range(0, 9_999_999);
        let mut li = ((prefix * 10_000_000 + body) % 23) as usize;
        if !valid {
            li = (li + 1 + rng.index(22)) % 23;
        }
        let pc = char::from(b"XYZ"[prefix as usize]);
        let letter = char::from(DNI_LETTERS[li]);
        let s = if rng.per_mille(150) {
            format!("{pc}-{body:07}-{letter}")
        } else {
            format!("{pc}{body:07}{letter}")
        };
        (s, "ES_NIE")
    } else {
        let n = rng.range(1_000_000, 79_999_999);
        let mut li = (n % 23) as usize;
        if !valid {
            li = (li + 1 + rng.index(22)) % 23;
        }
        let letter = char::from(DNI_LETTERS[li]);
        let s = if rng.per_mille(150) {
            format!("{n:08}-{letter}")
        } else {
            format!("{n:08}{letter}")
        };
        (s, "ES_NIF")
    }
}

fn nl_bsn(rng: &mut Rng, valid: bool) -> String {
    let mut d = [0u8; 9];
    loop {
        d[0] = rng.range(1, 6) as u8;
        for x in d.iter_mut().take(8).skip(1) {
            *x = rng.digit();
        }
        let s: u32 = (0..8).map(|i| (9 - i as u32) * u32::from(d[i])).sum();
        let c = (s % 11) as u8;
        if c < 10 {
            d[8] = if valid { c } else { rng.other_digit(c) };
            break;
        }
    }
    let s: String = d.iter().map(|&x| char::from(b'0' + x)).collect();
    if rng.per_mille(200) {
        group(&s, &[4, 2, 3], ".")
    } else {
        s
    }
}

fn pl_pesel(p: &Person, rng: &mut Rng, valid: bool) -> String {
    let month = p.birth.m + if p.birth.y >= 2000 { 20 } else { 0 };
    let mut s = format!("{:02}{:02}{:02}", p.birth.y % 100, month, p.birth.d);
    rng.push_digits(&mut s, 3);
    let sex = rng.below(5) as u8 * 2 + u8::from(!p.female);
    push_digit(&mut s, sex);
    const W: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
    let sum: u32 = s.bytes().zip(W).map(|(b, w)| u32::from(b - b'0') * w).sum();
    let check = ((10 - sum % 10) % 10) as u8;
    push_digit(&mut s, if valid { check } else { rng.other_digit(check) });
    s
}

fn se_personnummer(p: &Person, rng: &mut Rng, valid: bool) -> String {
    let mut s = format!("{:02}{:02}{:02}", p.birth.y % 100, p.birth.m, p.birth.d);
    rng.push_digits(&mut s, 2);
    push_digit(&mut s, rng.below(5) as u8 * 2 + u8::from(!p.female));
    let check = luhn_check_digit(&digits_of(&s));
    push_digit(&mut s, if valid { check } else { rng.other_digit(check) });
    let (date, num) = s.split_at(6);
    match rng.below(20) {
        0 | 1 => s,
        2..=4 => format!("{}{date}-{num}", p.birth.y / 100),
        _ => format!("{date}-{num}"),
    }
}

const NINO_BAD_PREFIXES: &[&str] = &["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"];

fn uk_nino(rng: &mut Rng, valid: bool) -> String {
    let prefix = if valid {
        loop {
            let a = char::from(rng.pick(b"ABCEGHJKLMNOPRSTWXYZ"));
            let b = char::from(rng.pick(b"ABCEGHJKLMNPRSTWXYZ"));
            let pre: String = [a, b].iter().collect();
            if !NINO_BAD_PREFIXES.contains(&pre.as_str()) {
                break pre;
            }
        }
    } else if rng.per_mille(600) {
        "BG".to_string()
    } else {
        rng.pick(NINO_BAD_PREFIXES).to_string()
    };
    let mut digits = String::new();
    rng.push_digits(&mut digits, 6);
    let suffix = char::from(rng.pick(b"ABCD"));
    if rng.per_mille(300) {
        format!("{prefix} {} {suffix}", group(&digits, &[2, 2, 2], " "))
    } else {
        format!("{prefix}{digits}{suffix}")
    }
}

fn us_ssn(rng: &mut Rng, valid: bool) -> String {
    let area = if valid {
        loop {
            let a = rng.range(1, 899);
            if a != 666 {
                break a;
            }
        }
    } else if rng.per_mille(500) {
        0
    } else {
        666
    };
    let g = rng.range(1, 99);
    let serial = rng.range(1, 9999);
    match rng.below(20) {
        0 | 1 => format!("{area:03} {g:02} {serial:04}"),
        2 => format!("{area:03}{g:02}{serial:04}"),
        _ => format!("{area:03}-{g:02}-{serial:04}"),
    }
}

/// (value, entity label) for the person's national identifier.
fn national_id(p: &Person, rng: &mut Rng, valid: bool) -> (String, &'static str) {
    match p.loc.code {
        "DE" => (de_tax_id(rng, valid), "DE_TAX_ID"),
        "FR" => (fr_nir(p, rng, valid), "FR_NIR"),
        "IT" => (it_fiscal_code(p, rng, valid), "IT_FISCAL_CODE"),
        "ES" => es_id(rng, valid),
        "NL" => (nl_bsn(rng, valid), "NL_BSN"),
        "PL" => (pl_pesel(p, rng, valid), "PL_PESEL"),
        "SE" => (se_personnummer(p, rng, valid), "SE_PERSONNUMMER"),
        "GB" => (uk_nino(rng, valid), "UK_NINO"),
        _ => (us_ssn(rng, valid), "US_SSN"),
    }
}

// --- bank accounts and cards -----------------------------------------------

fn bban(country: &str, rng: &mut Rng) -> String {
    let mut b = String::with_capacity(30);
    match country {
        "DE" => {
            b.push_str(rng.pick(locale::DE_BLZ));
            rng.push_digits(&mut b, 10);
        }
        "FR" => {
            let bank = rng.pick(locale::FR_BANKS);
            let mut branch = String::new();
            rng.push_digits(&mut branch, 5);
            let mut acct = String::new();
            rng.push_digits(&mut acct, 11);
            let v = 89 * mod_str(bank, 97) + 15 * mod_str(&branch, 97) + 3 * mod_str(&acct, 97);
            let key = 97 - v % 97;
            let _ = write!(b, "{bank}{branch}{acct}{key:02}");
        }
        "IT" => {
            let mut rest = rng.pick(locale::IT_ABI).to_string();
            rng.push_digits(&mut rest, 5);
            rest.push_str("0000");
            rng.push_digits(&mut rest, 8);
            b.push(char::from(it_check_letter(rest.as_bytes())));
            b.push_str(&rest);
        }
        "ES" => {
            const W: [u32; 10] = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
            let dc = |s: &str| -> u8 {
                let sum: u32 = s.bytes().zip(W).map(|(c, w)| u32::from(c - b'0') * w).sum();
                match 11 - sum % 11 {
                    11 => 0,
                    10 => 1,
                    x => x as u8,
                }
            };
            let mut entity = rng.pick(locale::ES_BANKS).to_string();
            rng.push_digits(&mut entity, 4);
            let mut acct = String::new();
            rng.push_digits(&mut acct, 10);
            let d1 = dc(&format!("00{entity}"));
            let d2 = dc(&acct);
            let _ = write!(b, "{entity}{d1}{d2}{acct}");
        }
        "NL" => {
            b.push_str(rng.pick(locale::NL_BANKS));
            // 9-digit account passing the old Dutch 11-test, zero-padded to 10.
            let d = loop {
                let mut d = [0u8; 9];
                d[0] = rng.range(1, 9) as u8;
                for x in d.iter_mut().take(8).skip(1) {
                    *x = rng.digit();
                }
                let s: u32 = (0..8).map(|i| (9 - i as u32) * u32::from(d[i])).sum();
                let need = (11 - s % 11) % 11;
                if need < 10 {
                    d[8] = need as u8;
                    break d;
                }
            };
            b.push('0');
            for x in d {
                push_digit(&mut b, x);
            }
        }
        "PL" => {
            let mut sort = rng.pick(locale::PL_BANKS).to_string();
            rng.push_digits(&mut sort, 4);
            const W: [u32; 7] = [3, 9, 7, 1, 3, 9, 7];
            let sum: u32 = sort
                .bytes()
                .zip(W)
                .map(|(c, w)| u32::from(c - b'0') * w)
                .sum();
            push_digit(&mut sort, ((10 - sum % 10) % 10) as u8);
            b.push_str(&sort);
            rng.push_digits(&mut b, 16);
        }
        "SE" => {
            b.push_str(rng.pick(locale::SE_BANKS));
            rng.push_digits(&mut b, 17);
        }
        _ => {
            let (bank, sort) = rng.pick(locale::GB_BANKS);
            b.push_str(bank);
            b.push_str(sort);
            rng.push_digits(&mut b, 12);
        }
    }
    b
}

/// Compact IBAN; `valid == false` gives wrong check digits.
fn iban(country: &str, rng: &mut Rng, valid: bool) -> String {
    let b = bban(country, rng);
    let mut check = iban_check_digits(country, &b);
    if !valid {
        // Any other value in 2..=98 fails mod 97.
        check = 2 + (check - 2 + 1 + rng.below(96) as u32) % 97;
    }
    format!("{country}{check:02}{b}")
}

fn iban_country(loc: &Locale, rng: &mut Rng) -> &'static str {
    match loc.code {
        "US" => {
            if rng.per_mille(500) {
                "DE"
            } else {
                "GB"
            }
        }
        c => c,
    }
}

/// Card digits (Luhn-valid unless `valid` is false).
fn card_digits(rng: &mut Rng, valid: bool) -> Vec<u8> {
    let r = rng.below(100);
    let (prefix, len): (String, usize) = if r < 45 {
        ("4".into(), 16)
    } else if r < 75 {
        if rng.per_mille(700) {
            (rng.range(51, 55).to_string(), 16)
        } else {
            (rng.range(2221, 2720).to_string(), 16)
        }
    } else if r < 83 {
        (rng.pick(&["34", "37"]).into(), 15)
    } else if r < 87 {
        (rng.pick(&["6011", "65"]).into(), 16)
    } else if r < 90 {
        (rng.range(3528, 3589).to_string(), 16)
    } else if r < 93 {
        (rng.pick(&["6759", "5018"]).into(), 16)
    } else if r < 97 {
        ("62".into(), 16)
    } else {
        ("36".into(), 14)
    };
    let mut d = digits_of(&prefix);
    while d.len() < len - 1 {
        d.push(rng.digit());
    }
    let check = luhn_check_digit(&d);
    d.push(if valid { check } else { rng.other_digit(check) });
    d
}

fn fmt_card(d: &[u8], sep: &str) -> String {
    let s: String = d.iter().map(|&x| char::from(b'0' + x)).collect();
    let g: &[usize] = match d.len() {
        15 => &[4, 6, 5],
        14 => &[4, 6, 4],
        _ => &[4, 4, 4, 4],
    };
    group(&s, g, sep)
}

// --- misc -------------------------------------------------------------------

fn ipv4(rng: &mut Rng) -> String {
    if rng.per_mille(120) {
        return if rng.per_mille(600) {
            format!("192.168.{}.{}", rng.range(0, 255), rng.range(1, 254))
        } else {
            format!(
                "10.{}.{}.{}",
                rng.range(0, 255),
                rng.range(0, 255),
                rng.range(1, 254)
            )
        };
    }
    let a = loop {
        let a = rng.range(2, 223);
        if !matches!(a, 10 | 100 | 127 | 169 | 172 | 192 | 198) {
            break a;
        }
    };
    format!(
        "{a}.{}.{}.{}",
        rng.range(0, 255),
        rng.range(0, 255),
        rng.range(1, 254)
    )
}

fn ipv6(rng: &mut Rng) -> String {
    let mut g = [0u16; 8];
    let (p0, p1) = match rng.below(5) {
        0 | 1 => (0x2001, 0x0db8),
        2 => (0x2a02, rng.below(0x10000) as u16),
        3 => (0x2003, rng.below(0x10000) as u16),
        _ => (0x2a01, rng.below(0x10000) as u16),
    };
    g[0] = p0;
    g[1] = p1;
    for x in g.iter_mut().skip(2) {
        *x = rng.below(0x10000) as u16;
    }
    if rng.per_mille(700) {
        // a run of zero groups, as in most real addresses
        let start = rng.range(2, 5) as usize;
        let len = rng.range(1, 4) as usize;
        for x in g.iter_mut().skip(start).take(len) {
            *x = 0;
        }
    }
    let mut out = String::with_capacity(40);
    if rng.per_mille(300) {
        for (i, v) in g.iter().enumerate() {
            if i > 0 {
                out.push(':');
            }
            let _ = write!(out, "{v:04x}");
        }
        return out;
    }
    // RFC 5952: longest run (>= 2) of zero groups becomes "::", leftmost on ties.
    let (mut best_s, mut best_l) = (0, 0);
    let mut i = 0;
    while i < 8 {
        if g[i] == 0 {
            let s = i;
            while i < 8 && g[i] == 0 {
                i += 1;
            }
            if i - s > best_l {
                best_s = s;
                best_l = i - s;
            }
        } else {
            i += 1;
        }
    }
    let join = |out: &mut String, part: &[u16]| {
        for (k, v) in part.iter().enumerate() {
            if k > 0 {
                out.push(':');
            }
            let _ = write!(out, "{v:x}");
        }
    };
    if best_l >= 2 {
        join(&mut out, &g[..best_s]);
        out.push_str("::");
        join(&mut out, &g[best_s + best_l..]);
    } else {
        join(&mut out, &g);
    }
    out
}

fn ip_address(rng: &mut Rng) -> String {
    if rng.per_mille(850) {
        ipv4(rng)
    } else {
        ipv6(rng)
    }
}

/// Numbers that look like identifiers but are not personal data.
fn order_number(rng: &mut Rng) -> String {
    let year = rng.range(2018, 2025);
    match rng.below(10) {
        0..=2 => format!("ORD-{year}-{:07}", rng.range(1, 999_999)),
        3 | 4 => rng.range(100_000_000, 999_999_999).to_string(),
        5 | 6 => rng.range(10_000_000_000, 99_999_999_999).to_string(),
        7 => format!("INV/{year}/{:05}", rng.range(1, 99_999)),
        8 => format!("SO{:08}", rng.range(1, 99_999_999)),
        _ => format!("{year}-{:06}", rng.range(1, 999_999)),
    }
}

fn amount(loc: &Locale, rng: &mut Rng) -> String {
    let cents = if rng.per_mille(700) {
        rng.range(500, 99_999)
    } else {
        rng.range(100_000, 2_500_000)
    };
    let (units, c) = (cents / 100, cents % 100);
    match loc.code {
        "FR" => format!("{},{c:02} €", group_thousands(units, ' ')),
        "NL" => format!("€ {},{c:02}", group_thousands(units, '.')),
        "PL" => format!("{},{c:02} zł", group_thousands(units, ' ')),
        "SE" => format!("{},{c:02} kr", group_thousands(units, ' ')),
        "GB" => format!("£{}.{c:02}", group_thousands(units, ',')),
        "US" => format!("${}.{c:02}", group_thousands(units, ',')),
        _ => format!("{},{c:02} €", group_thousands(units, '.')),
    }
}

// ---------------------------------------------------------------------------
// Row assembly
// ---------------------------------------------------------------------------

/// (start, end, entity, valid) relative to the unpadded cell value.
type Span = (usize, usize, &'static str, bool);

struct RowOut<'a> {
    row: u64,
    cells: Vec<Option<String>>,
    labels: &'a mut Vec<Label>,
}

impl RowOut<'_> {
    fn null(&mut self) {
        self.cells.push(None);
    }

    fn plain(&mut self, rng: &mut Rng, value: String) {
        self.spans(rng, value, &[]);
    }

    fn whole(&mut self, rng: &mut Rng, value: String, entity: &'static str, valid: bool) {
        let len = value.len();
        self.spans(rng, value, &[(0, len, entity, valid)]);
    }

    /// Push a cell, maybe with stray surrounding whitespace (~2%), and its
    /// labels shifted past that whitespace.
    fn spans(&mut self, rng: &mut Rng, value: String, spans: &[Span]) {
        let column = COLUMNS[self.cells.len()];
        let (lead, trail) = if column != "customer_id" && rng.per_mille(20) {
            match rng.below(5) {
                0 => (" ", ""),
                1 => ("", " "),
                2 => (" ", " "),
                3 => ("", "\t"),
                _ => ("  ", ""),
            }
        } else {
            ("", "")
        };
        for &(s, e, entity, valid) in spans {
            if e > s {
                self.labels.push(Label {
                    row: self.row,
                    column,
                    entity,
                    start: (lead.len() + s) as u32,
                    end: (lead.len() + e) as u32,
                    valid,
                });
            }
        }
        let cell = if lead.is_empty() && trail.is_empty() {
            value
        } else {
            let mut c = String::with_capacity(lead.len() + value.len() + trail.len());
            c.push_str(lead);
            c.push_str(&value);
            c.push_str(trail);
            c
        };
        self.cells.push(Some(cell));
    }
}

/// Everything a note may mention about the row, in clean valid form.
struct NoteCtx<'a> {
    p: &'a Person,
    street: &'a str,
    email: &'a str,
    phone: &'a str,
    iban: &'a str,
    card: &'a str,
    ip: &'a str,
    url: &'a str,
}

fn render_template(
    tpl: &str,
    ctx: &NoteCtx,
    english: bool,
    rng: &mut Rng,
    out: &mut String,
    spans: &mut Vec<Span>,
) {
    let loc = ctx.p.loc;
    let mut rest = tpl;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let key = &rest[open + 1..close];
        rest = rest.get(close + 1..).unwrap_or("");
        let start = out.len();
        let entity = match key {
            "name" => {
                out.push_str(ctx.p.first);
                out.push(' ');
                out.push_str(&ctx.p.last);
                Some("PERSON")
            }
            "first" => {
                out.push_str(ctx.p.first);
                Some("PERSON")
            }
            "city" => {
                out.push_str(ctx.p.city.name);
                Some("LOCATION")
            }
            "street" => {
                out.push_str(ctx.street);
                Some("LOCATION")
            }
            "email" => {
                out.push_str(ctx.email);
                Some("EMAIL_ADDRESS")
            }
            "phone" => {
                out.push_str(ctx.phone);
                Some("PHONE_NUMBER")
            }
            "iban" => {
                if rng.per_mille(400) {
                    out.push_str(&group_every(ctx.iban, 4, ' '));
                } else {
                    out.push_str(ctx.iban);
                }
                Some("IBAN_CODE")
            }
            "card" => {
                out.push_str(ctx.card);
                Some("CREDIT_CARD")
            }
            "ip" => {
                out.push_str(ctx.ip);
                Some("IP_ADDRESS")
            }
            "url" => {
                out.push_str(ctx.url);
                Some("URL")
            }
            "date" => {
                let d = civil_from_days(random_day(rng, (2019, 1, 1), (2025, 12, 31)));
                let style = if rng.per_mille(150) {
                    DateStyle::Iso
                } else if english && loc.code != "US" {
                    DateStyle::SlashDmy
                } else {
                    loc.date_style
                };
                out.push_str(&fmt_date(d, style));
                Some("DATE_TIME")
            }
            // Distractors: never labelled.
            "ticket" => {
                let _ = write!(out, "#{}", rng.range(100, 99_999));
                None
            }
            "invoice" => {
                let sep = if loc.invoice_prefix.ends_with('/') {
                    '/'
                } else {
                    '-'
                };
                let _ = write!(
                    out,
                    "{}{}{sep}{:05}",
                    loc.invoice_prefix,
                    rng.range(2019, 2025),
                    rng.range(1, 99_999)
                );
                None
            }
            "amount" => {
                out.push_str(&amount(loc, rng));
                None
            }
            "version" => {
                let _ = write!(
                    out,
                    "v{}.{}.{}",
                    rng.range(1, 9),
                    rng.range(0, 20),
                    rng.range(0, 30)
                );
                None
            }
            "sku" => {
                let _ = write!(
                    out,
                    "SKU-{:05}-{}",
                    rng.range(10_000, 99_999),
                    char::from(rng.pick(b"ABCDEFGH"))
                );
                None
            }
            "time" => {
                let _ = write!(out, "{:02}:{:02}", rng.range(8, 18), rng.below(4) * 15);
                None
            }
            "order" => {
                out.push_str(&order_number(rng));
                None
            }
            _ => None,
        };
        if let Some(e) = entity {
            spans.push((start, out.len(), e, true));
        }
    }
    out.push_str(rest);
}

fn notes(ctx: &NoteCtx, rng: &mut Rng) -> (String, Vec<Span>) {
    let mut out = String::new();
    let mut spans = Vec::new();
    if rng.per_mille(40) {
        return (out, spans);
    }
    let english = matches!(ctx.p.loc.code, "GB" | "US") || rng.per_mille(250);
    let templates = if english { EN_NOTES } else { ctx.p.loc.notes };
    let n = match rng.below(20) {
        0..=9 => 1,
        10..=16 => 2,
        _ => 3,
    };
    let mut used = [usize::MAX; 3];
    for slot in 0..n {
        let t = loop {
            let t = rng.index(templates.len());
            if !used.contains(&t) {
                break t;
            }
        };
        used[slot] = t;
        if !out.is_empty() {
            out.push(' ');
        }
        render_template(templates[t], ctx, english, rng, &mut out, &mut spans);
    }
    (out, spans)
}

fn build_row(
    loc: &'static Locale,
    row: u64,
    rng: &mut Rng,
    labels: &mut Vec<Label>,
) -> Vec<Option<String>> {
    let p = make_person(loc, rng);
    assemble_row(p, row, rng, labels, None)
}

/// A person's clean identity values as their row drew them, before cell
/// noise: what a duplicate record of the person starts from.
struct Identity {
    p: Person,
    email: String,
    phone: String,
    street: String,
    /// As the row formats it, also when its cell is NULL.
    postcode: String,
    birth_style: DateStyle,
    /// Valid, formatted as the row formats it, also when its cell is NULL or broken.
    national_id: String,
    id_entity: &'static str,
    iban_country: &'static str,
    /// Compact and valid.
    iban: String,
    iban_grouped: bool,
}

impl Identity {
    fn new(p: Person) -> Identity {
        Identity {
            p,
            email: String::new(),
            phone: String::new(),
            street: String::new(),
            postcode: String::new(),
            birth_style: DateStyle::Iso,
            national_id: String::new(),
            id_entity: "",
            iban_country: "",
            iban: String::new(),
            iban_grouped: false,
        }
    }
}

/// What `f` would draw from `rng` now, leaving `rng` as it is.
fn peek<T>(rng: &Rng, f: impl FnOnce(&mut Rng) -> T) -> T {
    f(&mut rng.clone())
}

fn birth_style(loc: &Locale, rng: &mut Rng) -> DateStyle {
    if rng.per_mille(750) {
        DateStyle::Iso
    } else {
        loc.date_style
    }
}

/// The cells of a row about person `p`, drawn from `rng`. With `capture`,
/// also records the person's clean identity values; that only peeks ahead on
/// clones of `rng`, so the row is the same either way.
fn assemble_row(
    p: Person,
    row: u64,
    rng: &mut Rng,
    labels: &mut Vec<Label>,
    mut capture: Option<&mut Identity>,
) -> Vec<Option<String>> {
    let loc = p.loc;

    // Clean, valid base values; columns may corrupt them, notes reuse them.
    let email_v = email(&p, rng);
    let email_bad = rng.per_mille(20);
    let phone_bad = rng.per_mille(30);
    let phone_v = phone(loc, p.city, rng, phone_bad);
    let street_v = street(loc, rng);
    let id_bad = rng.per_mille(40);
    let iban_c = iban_country(loc, rng);
    let iban_v = iban(iban_c, rng, true);
    let iban_bad = rng.per_mille(30);
    let card_bad = rng.per_mille(30);
    let card_d = card_digits(rng, true);
    let ip_v = ip_address(rng);
    let url_v = website(loc, &p.last, rng);
    if let Some(id) = capture.as_deref_mut() {
        id.email = email_v.clone();
        id.phone = phone_v.clone();
        id.street = street_v.clone();
        id.iban_country = iban_c;
        id.iban = iban_v.clone();
    }

    let mut out = RowOut {
        row,
        cells: Vec::with_capacity(COLUMNS.len()),
        labels,
    };

    // customer_id
    out.plain(rng, format!("C-{:08}", row.wrapping_add(1)));

    // first_name, last_name
    for name in [p.first.to_string(), p.last.clone()] {
        if rng.per_mille(30) {
            out.null();
        } else {
            out.whole(rng, name, "PERSON", true);
        }
    }

    // email
    if rng.per_mille(50) {
        out.null();
    } else if email_bad {
        let v = malformed_email(&email_v, rng);
        out.whole(rng, v, "EMAIL_ADDRESS", false);
    } else {
        let v = if rng.per_mille(60) {
            mixed_case_email(&email_v, rng)
        } else {
            email_v.clone()
        };
        out.whole(rng, v, "EMAIL_ADDRESS", true);
    }

    // phone
    if rng.per_mille(50) {
        out.null();
    } else if phone_bad {
        out.whole(rng, truncate_phone(&phone_v), "PHONE_NUMBER", false);
    } else {
        out.whole(rng, phone_v.clone(), "PHONE_NUMBER", true);
    }

    // country (not PII)
    if rng.per_mille(10) {
        out.null();
    } else {
        let v = match rng.below(100) {
            0..=83 => loc.code.to_string(),
            84..=85 => loc.code.to_ascii_lowercase(),
            _ => rng.pick(loc.names).to_string(),
        };
        out.plain(rng, v);
    }

    // city, street
    if rng.per_mille(40) {
        out.null();
    } else {
        out.whole(rng, p.city.name.to_string(), "LOCATION", true);
    }
    if rng.per_mille(50) {
        out.null();
    } else {
        out.whole(rng, street_v.clone(), "LOCATION", true);
    }

    // postcode (not labelled)
    let null = rng.per_mille(50);
    if let Some(id) = capture.as_deref_mut() {
        id.postcode = peek(rng, |r| postcode(loc, p.city, r));
    }
    if null {
        out.null();
    } else {
        let v = postcode(loc, p.city, rng);
        out.plain(rng, v);
    }

    // birth_date
    let null = rng.per_mille(50);
    if let Some(id) = capture.as_deref_mut() {
        id.birth_style = peek(rng, |r| birth_style(loc, r));
    }
    if null {
        out.null();
    } else {
        let style = birth_style(loc, rng);
        out.whole(rng, fmt_date(p.birth, style), "DATE_TIME", true);
    }

    // national_id
    let null = rng.per_mille(50);
    if let Some(id) = capture.as_deref_mut() {
        (id.national_id, id.id_entity) = peek(rng, |r| national_id(&p, r, true));
    }
    if null {
        out.null();
    } else {
        let (v, entity) = national_id(&p, rng, !id_bad);
        out.whole(rng, v, entity, !id_bad);
    }

    // iban
    let null = rng.per_mille(50);
    if let Some(id) = capture {
        // the grouping draw of the cell below
        id.iban_grouped = peek(rng, |r| {
            if iban_bad {
                iban(iban_c, r, false);
            }
            r.per_mille(450)
        });
    }
    if null {
        out.null();
    } else {
        let compact = if iban_bad {
            iban(iban_c, rng, false)
        } else {
            iban_v.clone()
        };
        let v = if rng.per_mille(450) {
            group_every(&compact, 4, ' ')
        } else {
            compact
        };
        out.whole(rng, v, "IBAN_CODE", !iban_bad);
    }

    // card_number
    if rng.per_mille(600) {
        out.null();
    } else {
        let d = if card_bad {
            card_digits(rng, false)
        } else {
            card_d.clone()
        };
        let sep = match rng.below(20) {
            0..=8 => " ",
            9..=11 => "-",
            _ => "",
        };
        out.whole(rng, fmt_card(&d, sep), "CREDIT_CARD", !card_bad);
    }

    // ip_address
    if rng.per_mille(50) {
        out.null();
    } else {
        out.whole(rng, ip_v.clone(), "IP_ADDRESS", true);
    }

    // website
    if rng.per_mille(700) {
        out.null();
    } else {
        out.whole(rng, url_v.clone(), "URL", true);
    }

    // order_number (look-alikes, not PII)
    if rng.per_mille(30) {
        out.null();
    } else {
        let v = order_number(rng);
        out.plain(rng, v);
    }

    // created_at
    let created_day = random_day(rng, (2018, 1, 1), (2025, 6, 30));
    let secs = rng.below(86_400) as i64;
    let cd = civil_from_days(created_day);
    let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let created = match rng.below(20) {
        0 => format!("{:04}-{:02}-{:02} {h:02}:{mi:02}:{s:02}", cd.y, cd.m, cd.d),
        1 => format!(
            "{:04}-{:02}-{:02}T{h:02}:{mi:02}:{s:02}.{:03}Z",
            cd.y,
            cd.m,
            cd.d,
            rng.below(1000)
        ),
        _ => format!("{:04}-{:02}-{:02}T{h:02}:{mi:02}:{s:02}Z", cd.y, cd.m, cd.d),
    };
    out.whole(rng, created, "DATE_TIME", true);

    // last_login_ms: 13-digit epoch milliseconds, after creation
    if rng.per_mille(80) {
        out.null();
    } else {
        let created_ms = (created_day * 86_400 + secs) as u64 * 1000;
        let v = created_ms + rng.below(400 * 86_400_000);
        out.plain(rng, v.to_string());
    }

    // loyalty_points
    if rng.per_mille(50) {
        out.null();
    } else {
        let v = match rng.below(10) {
            0..=5 => rng.range(0, 500),
            6..=8 => rng.range(500, 5000),
            _ => rng.range(5000, 50_000),
        };
        out.plain(rng, v.to_string());
    }

    // notes
    if rng.per_mille(150) {
        out.null();
    } else {
        let card_s = fmt_card(&card_d, " ");
        let ctx = NoteCtx {
            p: &p,
            street: &street_v,
            email: &email_v,
            phone: &phone_v,
            iban: &iban_v,
            card: &card_s,
            ip: &ip_v,
            url: &url_v,
        };
        let (text, spans) = notes(&ctx, rng);
        out.spans(rng, text, &spans);
    }

    out.cells
}

// ---------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------

/// Duplicate row `row` of the person `id`: the row's own stream `rng` draws
/// the row about that person, then `dup` replaces its identity columns with
/// perturbed copies of `id`'s values. Returns the cells and the edits made.
fn duplicate_row(
    id: &Identity,
    row: u64,
    rng: &mut Rng,
    dup: &mut Rng,
    labels: &mut Vec<Label>,
) -> (Vec<Option<String>>, Vec<&'static str>) {
    let start = labels.len();
    let fresh = assemble_row(id.p.clone(), row, rng, labels, None);
    let fresh_labels = labels.split_off(start);
    let mut fresh = fresh.into_iter();
    let mut out = RowOut {
        row,
        cells: Vec::with_capacity(COLUMNS.len()),
        labels,
    };
    out.cells
        .extend(fresh.by_ref().take(IDENTITY_COLUMNS.start));
    let mut edits = Vec::new();
    perturb_identity(id, dup, &mut out, &mut edits);
    debug_assert_eq!(out.cells.len(), IDENTITY_COLUMNS.end);
    let mut cells = out.cells;
    cells.extend(fresh.skip(IDENTITY_COLUMNS.len()));
    let identity = &COLUMNS[IDENTITY_COLUMNS];
    labels.extend(
        fresh_labels
            .into_iter()
            .filter(|l| !identity.contains(&l.column)),
    );
    (cells, edits)
}

/// Push the identity cells (`first_name` to `iban`) of a duplicate of `id`,
/// each perturbed as the module doc describes, and note the edits.
fn perturb_identity(id: &Identity, rng: &mut Rng, out: &mut RowOut, edits: &mut Vec<&'static str>) {
    let p = &id.p;
    let loc = p.loc;

    // first_name, last_name
    let first_missing = rng.per_mille(30);
    let last_missing = rng.per_mille(30);
    let mut first = (!first_missing).then(|| p.first.to_string());
    let mut last = (!last_missing).then(|| p.last.clone());
    if rng.per_mille(150) {
        let name = if rng.per_mille(500) {
            first.as_mut().or(last.as_mut())
        } else {
            last.as_mut().or(first.as_mut())
        };
        if let Some(n) = name {
            if let Some(t) = typo(n, rng) {
                *n = t;
                edits.push("name_typo");
            }
        }
    }
    let accented = |n: &Option<String>| n.as_deref().is_some_and(|n| !n.is_ascii());
    if (accented(&first) || accented(&last)) && rng.per_mille(150) {
        let german = loc.code == "DE" && rng.per_mille(500);
        for n in [&mut first, &mut last].into_iter().flatten() {
            *n = strip_accents(n, german);
        }
        edits.push("name_accents");
    }
    if (first.is_some() || last.is_some()) && rng.per_mille(50) {
        match (rng.below(3), last.as_mut()) {
            (0, Some(l)) => *l = l.to_uppercase(),
            (0 | 1, _) => {
                for n in [&mut first, &mut last].into_iter().flatten() {
                    *n = n.to_uppercase();
                }
            }
            _ => {
                for n in [&mut first, &mut last].into_iter().flatten() {
                    *n = n.to_lowercase();
                }
            }
        }
        edits.push("name_case");
    }
    if first.is_some() && last.is_some() && rng.per_mille(20) {
        std::mem::swap(&mut first, &mut last);
        edits.push("name_swap");
    }
    for (name, missing) in [(first, "first_name_missing"), (last, "last_name_missing")] {
        match name {
            Some(n) => out.whole(rng, n, "PERSON", true),
            None => {
                out.null();
                edits.push(missing);
            }
        }
    }

    // email
    if rng.per_mille(80) {
        out.null();
        edits.push("email_missing");
    } else {
        let mut v = id.email.clone();
        if rng.per_mille(200) {
            v = other_email(p, &id.email, rng);
            edits.push("email_other");
        }
        let bad = rng.per_mille(20);
        if bad {
            v = malformed_email(&v, rng);
            edits.push("email_malformed");
        } else if rng.per_mille(50) {
            let m = mixed_case_email(&v, rng);
            if m != v {
                v = m;
                edits.push("email_case");
            }
        }
        out.whole(rng, v, "EMAIL_ADDRESS", !bad);
    }

    // phone
    if rng.per_mille(80) {
        out.null();
        edits.push("phone_missing");
    } else {
        let mut v = id.phone.clone();
        if rng.per_mille(120) {
            for _ in 0..8 {
                v = phone(loc, p.city, rng, false);
                if v != id.phone {
                    edits.push("phone_other");
                    break;
                }
            }
        }
        if rng.per_mille(250) {
            if let Some(f) = reformat_phone(loc, &v, rng) {
                v = f;
                edits.push("phone_format");
            }
        }
        out.whole(rng, v, "PHONE_NUMBER", true);
    }

    // country (not PII): the plain rows' representations
    if rng.per_mille(10) {
        out.null();
        edits.push("country_missing");
    } else {
        let v = match rng.below(100) {
            0..=83 => loc.code.to_string(),
            84..=85 => loc.code.to_ascii_lowercase(),
            _ => rng.pick(loc.names).to_string(),
        };
        if v != loc.code {
            edits.push("country_format");
        }
        out.plain(rng, v);
    }

    // city, street, postcode
    let city_missing = rng.per_mille(40);
    let street_missing = rng.per_mille(50);
    let postcode_missing = rng.per_mille(50);
    let (mut city, mut street_v, mut postcode_v) = (p.city, id.street.clone(), id.postcode.clone());
    if !(city_missing && street_missing && postcode_missing)
        && loc.cities.len() > 1
        && rng.per_mille(80)
    {
        let here = loc
            .cities
            .iter()
            .position(|c| std::ptr::eq(c, p.city))
            .unwrap_or(0);
        let i = rng.index(loc.cities.len() - 1);
        city = &loc.cities[if i >= here { i + 1 } else { i }];
        street_v = street(loc, rng);
        postcode_v = postcode(loc, city, rng);
        edits.push("moved");
    }
    if city_missing {
        out.null();
        edits.push("city_missing");
    } else {
        let mut v = city.name.to_string();
        if !v.is_ascii() && rng.per_mille(100) {
            v = strip_accents(&v, loc.code == "DE" && rng.per_mille(500));
            edits.push("city_accents");
        }
        out.whole(rng, v, "LOCATION", true);
    }
    if street_missing {
        out.null();
        edits.push("street_missing");
    } else {
        if rng.per_mille(100) {
            if let Some(v) = respell_street(loc, &street_v, rng) {
                street_v = v;
                edits.push("street_spelling");
            }
        }
        out.whole(rng, street_v, "LOCATION", true);
    }
    if postcode_missing {
        out.null();
        edits.push("postcode_missing");
    } else {
        if rng.per_mille(50) {
            if let Some(v) = reformat_postcode(loc, &postcode_v) {
                postcode_v = v;
                edits.push("postcode_format");
            }
        }
        out.plain(rng, postcode_v);
    }

    // birth_date
    if rng.per_mille(50) {
        out.null();
        edits.push("birth_date_missing");
    } else {
        let mut d = p.birth;
        if d.d <= 12 && d.d != d.m && rng.per_mille(50) {
            (d.d, d.m) = (d.m, d.d);
            edits.push("birth_date_swap");
        }
        if rng.per_mille(40) {
            d = mistype_date(d, rng);
            edits.push("birth_date_typo");
        }
        let mut style = id.birth_style;
        if rng.per_mille(150) {
            let styles: &[DateStyle] = if loc.code == "US" {
                &[DateStyle::Iso, DateStyle::SlashMdy]
            } else {
                &[
                    DateStyle::Iso,
                    DateStyle::Dot,
                    DateStyle::SlashDmy,
                    DateStyle::DashDmy,
                ]
            };
            let others: Vec<DateStyle> = styles.iter().copied().filter(|&s| s != style).collect();
            style = rng.pick(&others);
            edits.push("birth_date_format");
        }
        out.whole(rng, fmt_date(d, style), "DATE_TIME", true);
    }

    // national_id: never mistyped, so always valid
    if rng.per_mille(250) {
        out.null();
        edits.push("national_id_missing");
    } else {
        let mut v = id.national_id.clone();
        if rng.per_mille(100) {
            if let Some(g) = regroup_id(id.id_entity, &v) {
                v = g;
                edits.push("national_id_format");
            }
        }
        out.whole(rng, v, id.id_entity, true);
    }

    // iban
    if rng.per_mille(150) {
        out.null();
        edits.push("iban_missing");
    } else {
        let mut compact = id.iban.clone();
        if rng.per_mille(50) {
            for _ in 0..8 {
                compact = iban(id.iban_country, rng, true);
                if compact != id.iban {
                    edits.push("iban_other");
                    break;
                }
            }
        }
        let mut grouped = id.iban_grouped;
        if rng.per_mille(100) {
            grouped = !grouped;
            edits.push("iban_format");
        }
        let v = if grouped {
            group_every(&compact, 4, ' ')
        } else {
            compact
        };
        out.whole(rng, v, "IBAN_CODE", true);
    }
}

/// QWERTY neighbours of each lowercase letter.
const NEAR_KEYS: [&str; 26] = [
    "qwsz", "vghn", "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko", "huikmn",
    "jiolm", "kop", "njk", "bhjm", "iklp", "ol", "wa", "edft", "awedxz", "rfgy", "yhji", "cfgb",
    "qase", "zsdc", "tghu", "asx",
];

/// A letter a hurried typist might hit instead of `c`, in `c`'s case.
fn near_key(c: char, rng: &mut Rng) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    let base = ascii_fold(lower, false)
        .and_then(|s| s.chars().next())
        .unwrap_or(lower);
    let k = if base.is_ascii_lowercase() {
        char::from(rng.pick(NEAR_KEYS[usize::from(base as u8 - b'a')].as_bytes()))
    } else {
        char::from(b'a' + rng.below(26) as u8)
    };
    if c.is_uppercase() {
        k.to_ascii_uppercase()
    } else {
        k
    }
}

/// `name` with one letter substituted, inserted, deleted or transposed; the
/// initial stays 90% of the time. None for names under three letters.
fn typo(name: &str, rng: &mut Rng) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_alphabetic())
        .collect();
    if letters.len() < 3 {
        return None;
    }
    for _ in 0..8 {
        let mut c = chars.clone();
        let k = if rng.per_mille(900) {
            1 + rng.index(letters.len() - 1)
        } else {
            0
        };
        let i = letters[k];
        match rng.below(4) {
            0 => c[i] = near_key(c[i], rng),
            1 => {
                // a doubled letter or a neighbour's, after position i
                let lower = c[i].to_lowercase().next().unwrap_or(c[i]);
                let extra = if rng.per_mille(500) {
                    lower
                } else {
                    near_key(lower, rng)
                };
                c.insert(i + 1, extra);
            }
            2 => {
                c.remove(i);
                if k == 0 {
                    c[i] = c[i].to_uppercase().next().unwrap_or(c[i]);
                }
            }
            _ => {
                // not across a word break or a capital
                if i + 1 >= c.len()
                    || !c[i + 1].is_alphabetic()
                    || (k > 0 && (c[i].is_uppercase() || c[i + 1].is_uppercase()))
                {
                    continue;
                }
                c.swap(i, i + 1);
                if k == 0 {
                    c[i] = c[i].to_uppercase().next().unwrap_or(c[i]);
                    c[i + 1] = c[i + 1].to_lowercase().next().unwrap_or(c[i + 1]);
                }
            }
        }
        let s: String = c.into_iter().collect();
        if s != name {
            return Some(s);
        }
    }
    None
}

/// Another e-mail address of the person than `clean`.
fn other_email(p: &Person, clean: &str, rng: &mut Rng) -> String {
    for _ in 0..8 {
        let e = email(p, rng);
        if e != clean {
            return e;
        }
    }
    let (local, domain) = clean.split_once('@').unwrap_or((clean, "example.com"));
    format!("{local}{}@{domain}", rng.range(1, 99))
}

fn dialling_code(loc: &Locale) -> &'static str {
    match loc.code {
        "DE" => "49",
        "FR" => "33",
        "IT" => "39",
        "ES" => "34",
        "NL" => "31",
        "PL" => "48",
        "SE" => "46",
        "GB" => "44",
        _ => "1",
    }
}

/// The same number as `phone` (a valid one of `loc`, as [`phone`] writes
/// them) in another format: international or national, grouped differently.
fn reformat_phone(loc: &Locale, phone: &str, rng: &mut Rng) -> Option<String> {
    let cc = dialling_code(loc);
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let trunk = !matches!(loc.code, "IT" | "ES" | "PL" | "US");
    let nsn = if phone.starts_with('+') {
        digits.get(cc.len()..)?
    } else if loc.code == "US" && digits.len() == 11 {
        &digits[1..]
    } else if trunk {
        digits.get(1..)?
    } else {
        &digits
    };
    let national = if trunk {
        format!("0{nsn}")
    } else {
        nsn.to_string()
    };
    let candidates: Vec<String> = match loc.code {
        "US" => {
            let (a, e, l) = (nsn.get(..3)?, nsn.get(3..6)?, nsn.get(6..)?);
            vec![
                format!("+1 {a} {e} {l}"),
                format!("({a}) {e}-{l}"),
                format!("{a}-{e}-{l}"),
                format!("+1{nsn}"),
                format!("{a}.{e}.{l}"),
                nsn.to_string(),
            ]
        }
        "FR" => vec![
            format!("+33 {}", group(nsn, &[1, 2, 2, 2, 2], " ")),
            format!("+33{nsn}"),
            group(&national, &[2, 2, 2, 2, 2], " "),
            group(&national, &[2, 2, 2, 2, 2], "."),
            national.clone(),
        ],
        _ => vec![
            format!("+{cc}{nsn}"),
            format!("+{cc} {}", group(nsn, &[3, 3, 9], " ")),
            national.clone(),
            group(&national, &[4, 9], " "),
            group(&national, &[4, 3, 9], " "),
            group(&national, &[4, 9], "-"),
        ],
    };
    let others: Vec<&String> = candidates.iter().filter(|c| *c != phone).collect();
    (!others.is_empty()).then(|| others[rng.index(others.len())].clone())
}

/// Street words and their other spellings, matched as whole words in either
/// direction; "" drops the word.
const STREET_WORDS: &[(&str, &str)] = &[
    ("Street", "St"),
    ("Street", "St."),
    ("Road", "Rd"),
    ("Lane", "Ln"),
    ("Avenue", "Ave"),
    ("Boulevard", "Blvd"),
    ("Drive", "Dr"),
    ("Crescent", "Cres"),
    ("rue", "r."),
    ("avenue", "av."),
    ("boulevard", "bd"),
    ("place", "pl."),
    ("allée", "allee"),
    ("chemin", "ch."),
    ("Via", "V."),
    ("Piazza", "P.zza"),
    ("Corso", "C.so"),
    ("Viale", "V.le"),
    ("Calle", "C/"),
    ("Avenida", "Avda."),
    ("Plaza", "Pza."),
    ("Paseo", "P.º"),
    ("ul.", ""),
    ("ul.", "ulica"),
    ("al.", "aleja"),
    ("pl.", "plac"),
];

/// Street-name endings and their other spellings, either direction.
const STREET_SUFFIXES: &[(&str, &str)] = &[
    ("straße", "str."),
    ("straße", "strasse"),
    ("platz", "pl."),
    ("straat", "str."),
    ("gatan", "g."),
    ("vägen", "v."),
    ("vägen", "vagen"),
];

/// `s` spelled differently: a word abbreviated or expanded, or the house
/// number spaced differently. None when no variant applies.
fn respell_street(loc: &Locale, s: &str, rng: &mut Rng) -> Option<String> {
    let tokens: Vec<&str> = s.split(' ').collect();
    let mut variants: Vec<String> = Vec::new();
    let with = |i: usize, t: &str| -> String {
        let mut parts: Vec<&str> = tokens.clone();
        if t.is_empty() {
            parts.remove(i);
        } else {
            parts[i] = t;
        }
        parts.join(" ")
    };
    for (i, tok) in tokens.iter().enumerate() {
        let (word, comma) = tok.strip_suffix(',').map_or((*tok, ""), |w| (w, ","));
        for &(a, b) in STREET_WORDS {
            for (from, to) in [(a, b), (b, a)] {
                if word == from && !(to.is_empty() && tokens.len() < 3) {
                    variants.push(with(i, &format!("{to}{comma}")));
                }
            }
        }
        for &(a, b) in STREET_SUFFIXES {
            for (from, to) in [(a, b), (b, a)] {
                if word.len() > from.len() && word.ends_with(from) {
                    let stem = &word[..word.len() - from.len()];
                    variants.push(with(i, &format!("{stem}{to}{comma}")));
                }
            }
        }
        let digits = tok.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &tok[digits..];
        if digits > 0 && rest.len() == 1 && rest.bytes().all(|b| b.is_ascii_alphabetic()) {
            // "12a" → "12 a"
            variants.push(with(i, &format!("{} {rest}", &tok[..digits])));
        }
        if let Some((house, flat)) = tok.split_once('/') {
            // Polish "12/5" → "12 m. 5"
            variants.push(with(i, &format!("{house} m. {flat}")));
        }
    }
    if let Some((name, num)) = s.rsplit_once(", ") {
        if num.starts_with(|c: char| c.is_ascii_digit()) {
            variants.push(format!("{name} {num}"));
        }
    } else if let Some((name, num)) = s.rsplit_once(' ') {
        if matches!(loc.code, "IT" | "ES") && num.starts_with(|c: char| c.is_ascii_digit()) {
            variants.push(format!("{name}, {num}"));
        }
    }
    if loc.code == "FR" {
        if let Some((num, name)) = s.split_once(' ') {
            if num.bytes().all(|b| b.is_ascii_digit()) {
                variants.push(format!("{num}, {name}"));
            }
        }
    }
    variants.retain(|v| v != s);
    (!variants.is_empty()).then(|| variants.swap_remove(rng.index(variants.len())))
}

/// `pc` with its separator dropped or added (ZIP+4 cut to five digits).
fn reformat_postcode(loc: &Locale, pc: &str) -> Option<String> {
    match loc.code {
        "US" => pc.get(..5).filter(|_| pc.len() > 5).map(str::to_string),
        "NL" if !pc.contains(' ') => Some(format!("{} {}", pc.get(..4)?, pc.get(4..)?)),
        "SE" if !pc.contains(' ') => Some(format!("{} {}", pc.get(..3)?, pc.get(3..)?)),
        _ if pc.contains([' ', '-']) => Some(pc.replace([' ', '-'], "")),
        _ => None,
    }
}

fn is_real_date(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && civil_from_days(days_from_civil(y, m, d)) == Date { y, m, d }
}

/// `d` with one digit of its year (last two), month or day mistyped; always a
/// real date between 1940 and 2009.
fn mistype_date(d: Date, rng: &mut Rng) -> Date {
    for _ in 0..32 {
        let (mut y, mut m, mut dd) = (d.y, d.m, d.d);
        match rng.below(6) {
            0 | 1 => y = y - y % 10 + i64::from(rng.other_digit((y % 10) as u8)),
            2 => y = y - y % 100 + 10 * i64::from(rng.other_digit((y / 10 % 10) as u8)) + y % 10,
            3 => m = m - m % 10 + u32::from(rng.other_digit((m % 10) as u8)),
            4 => dd = dd - dd % 10 + u32::from(rng.other_digit((dd % 10) as u8)),
            _ => dd = dd % 10 + 10 * u32::from(rng.other_digit((dd / 10) as u8)),
        }
        if (1940..=2009).contains(&y) && is_real_date(y, m, dd) {
            return Date { y, m, d: dd };
        }
    }
    // Practically unreachable; a day off by one is a typo too.
    civil_from_days(days_from_civil(d.y, d.m, d.d) + 1)
}

/// The national identifier `v` with its separators removed, or added when it
/// has none (same value). None for entities written one way only.
fn regroup_id(entity: &str, v: &str) -> Option<String> {
    let compact: String = v
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .collect();
    if compact != v {
        return Some(compact);
    }
    let c = compact.as_str();
    Some(match entity {
        "DE_TAX_ID" => group(c, &[2, 3, 3, 3], " "),
        "FR_NIR" => group(c, &[1, 2, 2, 2, 3, 3, 2], " "),
        "ES_NIF" => format!("{}-{}", c.get(..8)?, c.get(8..)?),
        "ES_NIE" => format!("{}-{}-{}", c.get(..1)?, c.get(1..8)?, c.get(8..)?),
        "NL_BSN" => group(c, &[4, 2, 3], "."),
        "SE_PERSONNUMMER" => {
            let at = c.len().checked_sub(4)?;
            format!("{}-{}", &c[..at], &c[at..])
        }
        "UK_NINO" => format!(
            "{} {} {}",
            c.get(..2)?,
            group(c.get(2..8)?, &[2, 2, 2], " "),
            c.get(8..)?
        ),
        "US_SSN" => group(c, &[3, 2, 4], "-"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
