use super::*;

/// A small deterministic generator (xorshift64*), so the property tests need no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A random string of up to `max_len` characters over `alphabet`.
    fn string(&mut self, alphabet: &[char], max_len: usize) -> String {
        let n = self.below(max_len + 1);
        (0..n).map(|_| *self.pick(alphabet)).collect()
    }

    /// `s` with one or two random edits (substitution, insertion, deletion, transposition).
    fn mutate(&mut self, s: &str, alphabet: &[char]) -> String {
        let mut c: Vec<char> = s.chars().collect();
        for _ in 0..1 + self.below(2) {
            let i = if c.is_empty() { 0 } else { self.below(c.len()) };
            match self.below(4) {
                0 if !c.is_empty() => c[i] = *self.pick(alphabet),
                1 => c.insert(i, *self.pick(alphabet)),
                2 if !c.is_empty() => {
                    c.remove(i);
                }
                _ if i + 1 < c.len() => c.swap(i, i + 1),
                _ => {}
            }
        }
        c.into_iter().collect()
    }
}

// ----- reference implementations, straight from the definitions -----------------------------

fn naive_osa(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
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
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn naive_jaro(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut fa = vec![false; a.len()];
    let mut fb = vec![false; b.len()];
    let mut m = 0.0;
    for i in 0..a.len() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !fb[j] && a[i] == b[j] {
                fa[i] = true;
                fb[j] = true;
                m += 1.0;
                break;
            }
        }
    }
    if m == 0.0 {
        return 0.0;
    }
    let ma: Vec<char> = (0..a.len()).filter(|&i| fa[i]).map(|i| a[i]).collect();
    let mb: Vec<char> = (0..b.len()).filter(|&j| fb[j]).map(|j| b[j]).collect();
    let t = (ma.iter().zip(&mb).filter(|(x, y)| x != y).count() / 2) as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - t) / m) / 3.0
}

fn close(x: f64, y: f64, eps: f64) -> bool {
    (x - y).abs() < eps
}

// ----- primitives --------------------------------------------------------------------------------

#[test]
fn jaro_winkler_known_values() {
    let cases = [
        ("MARTHA", "MARHTA", 0.944, 0.961),
        ("DWAYNE", "DUANE", 0.822, 0.840),
        ("DIXON", "DICKSONX", 0.767, 0.813),
        ("JELLYFISH", "SMELLYFISH", 0.896, 0.896),
        ("CRATE", "TRACE", 0.733, 0.733),
        ("abc", "xyz", 0.0, 0.0),
        ("", "", 1.0, 1.0),
        ("", "a", 0.0, 0.0),
        ("a", "a", 1.0, 1.0),
        ("Müller", "Müller", 1.0, 1.0),
        ("Friedrich Nietzsche", "Jean-Paul Sartre", 0.392, 0.392),
    ];
    for (a, b, j, jw) in cases {
        assert!(
            close(jaro(a, b), j, 5e-4),
            "jaro({a}, {b}) = {}",
            jaro(a, b)
        );
        assert!(
            close(jaro_winkler(a, b), jw, 5e-4),
            "jaro_winkler({a}, {b}) = {}",
            jaro_winkler(a, b)
        );
        assert_eq!(jaro_winkler(a, b), jaro_winkler(b, a));
    }
    // Characters, not bytes: one differing letter of six.
    assert!(close(
        jaro("müller", "muller"),
        naive_jaro("müller", "muller"),
        1e-12
    ));
    assert!(close(jaro_winkler("müller", "muller"), 0.9, 1e-9));
}

#[test]
fn jaro_matches_naive_on_random_strings() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let ascii: Vec<char> = "abcde".chars().collect();
    let wide: Vec<char> = "aäbßcé".chars().collect();
    for round in 0..3000 {
        let alphabet = if round % 2 == 0 { &ascii } else { &wide };
        // Up to 90 characters: past the 64 of the bit-set path.
        let max_len = if round % 10 == 0 { 90 } else { 12 };
        let a = rng.string(alphabet, max_len);
        let b = if round % 3 == 0 {
            rng.mutate(&a, alphabet)
        } else {
            rng.string(alphabet, max_len)
        };
        let (x, y) = if a <= b { (&a, &b) } else { (&b, &a) };
        assert!(
            close(jaro(&a, &b), naive_jaro(x, y), 1e-12),
            "{a:?} {b:?}: {} vs {}",
            jaro(&a, &b),
            naive_jaro(x, y)
        );
        assert_eq!(jaro_winkler(&a, &b), jaro_winkler(&b, &a));
        let jw = jaro_winkler(&a, &b);
        assert!((0.0..=1.0).contains(&jw));
    }
    // The bit-parallel, the bit-set and the vector paths agree.
    for _ in 0..2000 {
        let a = rng.string(&ascii, 64);
        let b = rng.string(&ascii, 64);
        let (a, b) = (a.as_bytes(), b.as_bytes());
        let w = (a.len().max(b.len()) / 2).saturating_sub(1);
        let large = jaro_matches_large(a, b, w);
        assert_eq!(jaro_matches_small(a, b, w), large);
        assert_eq!(jaro_matches_ascii(a, b, w), large);
    }
}

#[test]
fn damerau_levenshtein_known_values() {
    let cases: &[(&str, &str, usize)] = &[
        ("", "", 0),
        ("", "abc", 3),
        ("abc", "abc", 0),
        ("abc", "acb", 1),
        ("martha", "marhta", 1),
        ("müller", "muller", 1),
        ("muller", "mueller", 1),
        ("kitten", "sitting", 3),
        ("ca", "abc", 3), // optimal string alignment: no edit after a transposition
        ("ac", "cba", 3),
        ("abcdef", "badcfe", 3),
        ("ab", "ba", 1),
        ("aab", "aba", 1),
        ("jean luc", "jeanluc", 1),
        ("σοφία", "σοφια", 1),
    ];
    for &(a, b, d) in cases {
        for max in 0..5 {
            let want = (d <= max).then_some(d);
            assert_eq!(damerau_levenshtein_within(a, b, max), want, "{a} {b} {max}");
            assert_eq!(damerau_levenshtein_within(b, a, max), want, "{b} {a} {max}");
        }
    }
}

#[test]
fn damerau_levenshtein_matches_naive_on_random_strings() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let ascii: Vec<char> = "abc".chars().collect();
    let wide: Vec<char> = "aéøz".chars().collect();
    for round in 0..5000 {
        let alphabet = if round % 2 == 0 { &ascii } else { &wide };
        let max_len = if round % 20 == 0 { 80 } else { 9 };
        let a = rng.string(alphabet, max_len);
        let b = if round % 2 == 0 {
            rng.mutate(&a, alphabet)
        } else {
            rng.string(alphabet, max_len)
        };
        let d = naive_osa(&a, &b);
        for max in [0, 1, 2, 3, 5, 100] {
            assert_eq!(
                damerau_levenshtein_within(&a, &b, max),
                (d <= max).then_some(d),
                "{a:?} {b:?} max {max}"
            );
        }
    }
}

#[test]
fn token_jaccard_counts_distinct_words() {
    assert_eq!(token_jaccard("a b c", "a b c"), 1.0);
    assert_eq!(token_jaccard("a b", "b c"), 1.0 / 3.0);
    assert_eq!(token_jaccard("a a b", "a b b"), 1.0);
    assert_eq!(token_jaccard("x", "y"), 0.0);
    assert_eq!(token_jaccard("", ""), 1.0);
    // Past the 16 words kept on the stack.
    let many: String = (0..40).map(|i| format!("w{i} ")).collect();
    let half: String = (0..20).map(|i| format!("w{i} ")).collect();
    assert_eq!(token_jaccard(&many, &half), 0.5);
    assert_eq!(token_jaccard(&half, &many), 0.5);
}

// ----- kinds -------------------------------------------------------------------------------------

#[test]
fn kinds_names_and_levels() {
    for k in Kind::ALL {
        assert_eq!(Kind::parse(k.as_str()), Some(k));
        assert_eq!(Kind::parse(&k.as_str().to_uppercase()), Some(k));
        let levels = k.levels();
        assert!(levels.len() >= 2 && levels.len() <= 5, "{k:?}");
        assert_eq!(levels[0], "exact");
        assert_eq!(*levels.last().unwrap(), "else");
        assert_eq!(k.level_descriptions().len(), levels.len(), "{k:?}");
        assert_eq!(usize::from(k.else_level()) + 1, levels.len());
    }
    assert_eq!(Kind::parse("surname"), None);
}

// ----- normalization -----------------------------------------------------------------------------

#[test]
fn name_folding() {
    let cases = [
        ("Müller", "muller"),
        ("MULLER", "muller"),
        ("  Jean-Luc  ", "jean luc"),
        ("Jean Luc", "jean luc"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Ærø", "aero"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("François", "francois"),
        ("Đorđević", "dordevic"),
        ("Þórunn", "thorunn"),
        ("Šťastný", "stastny"),
        ("İsmail", "ismail"),
        ("ﬁnn", "finn"),
        ("J.R.R. Tolkien", "j r r tolkien"),
        ("Anna-Lena\tvon  der Heide", "anna lena von der heide"),
        ("Ελένη", "ελενη"),
        ("Пётр", "петр"),
        ("山田 太郎", "山田 太郎"),
        ("Paral·lel", "parallel"),
        ("---", ""),
    ];
    for (raw, want) in cases {
        assert_eq!(fold_name(raw), want, "{raw}");
    }
}

#[test]
fn normalize_names_and_cities() {
    let n = |s| normalize(Kind::Name, s, None);
    assert_eq!(n("Müller"), n("MULLER"));
    assert_eq!(n("Jean-Luc"), n("jean luc"));
    assert_eq!(n("Dr. Hans Müller").as_deref(), Some("hans muller"));
    assert_eq!(n("Prof. Dr. Hans Müller").as_deref(), Some("hans muller"));
    assert_eq!(n("Herr Schmidt").as_deref(), Some("schmidt"));
    assert_eq!(n("Frau").as_deref(), Some("frau"));
    assert_eq!(n("   "), None);
    assert_eq!(n("-"), None);
    let c = |s| normalize(Kind::City, s, None);
    assert_eq!(c("München"), c("MUENCHEN").map(|_| "munchen".to_string()));
    assert_eq!(c("Frankfurt am Main").as_deref(), Some("frankfurt am main"));
    assert_eq!(c("Saint-Étienne"), c("saint etienne"));
    assert_eq!(c(""), None);
}

#[test]
fn normalize_dates() {
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        ("1985-03-27", None, Some("1985-03-27")),
        ("1985-03-27T00:00:00Z", None, Some("1985-03-27")),
        ("1985-03-27 10:15:00", None, Some("1985-03-27")),
        ("27.03.1985", None, Some("1985-03-27")),
        ("7.3.1985", None, Some("1985-03-07")),
        ("27/03/1985", Some("DE"), Some("1985-03-27")),
        ("27-03-1985", None, Some("1985-03-27")),
        ("1985/03/27", None, Some("1985-03-27")),
        ("19850327", None, Some("1985-03-27")),
        ("03/27/1985", Some("US"), Some("1985-03-27")),
        ("03/04/1985", Some("US"), Some("1985-03-04")),
        ("03/04/1985", Some("FR"), Some("1985-04-03")),
        ("03/04/1985", None, Some("1985-04-03")),
        ("03-04-1985", Some("us"), Some("1985-03-04")),
        ("03.04.1985", Some("US"), Some("1985-04-03")),
        ("03/04/1985", Some("United States"), Some("1985-03-04")),
        // The other reading when the preferred one is no date.
        ("27/03/1985", Some("US"), Some("1985-03-27")),
        ("03/27/1985", Some("DE"), Some("1985-03-27")),
        ("29.02.2000", None, Some("2000-02-29")),
        ("29.02.1900", None, None),
        ("31.04.1985", None, None),
        ("1985-13-01", None, None),
        ("0001-01-01", None, None),
        ("27.03.85", None, None),
        ("1985-03", None, None),
        ("1985-03-27-01", None, None),
        ("27 March 1985", None, None),
        ("", None, None),
        ("n/a", None, None),
    ];
    for &(raw, region, want) in cases {
        assert_eq!(
            normalize(Kind::Date, raw, region).as_deref(),
            want,
            "{raw} {region:?}"
        );
    }
}

#[test]
fn normalize_emails() {
    let cases = [
        ("  Anna.Mueller@Web.DE ", Some("anna.mueller@web.de")),
        ("anna.mueller+crm@web.de", Some("anna.mueller@web.de")),
        ("A.N.N.A@gmail.com", Some("anna@gmail.com")),
        ("anna+news@googlemail.com", Some("anna@gmail.com")),
        ("Anna Müller <anna@web.de>", Some("anna@web.de")),
        ("mailto:anna@web.de", Some("anna@web.de")),
        ("anna@web.de.", Some("anna@web.de")),
        ("anna@@web.de", None),
        ("anna@web@de", None),
        ("@web.de", None),
        ("anna@", None),
        ("anna", None),
        ("anna@localhost", None),
        ("anna @web.de", None),
        ("+tag@web.de", None),
        ("", None),
    ];
    for (raw, want) in cases {
        assert_eq!(normalize(Kind::Email, raw, None).as_deref(), want, "{raw}");
    }
}

#[test]
fn normalize_phones() {
    let de = Some("DE");
    let p = |s, r| normalize(Kind::Phone, s, r);
    assert_eq!(p("+49 30 1234567", de).as_deref(), Some("+49301234567"));
    assert_eq!(p("030 1234567", de), p("+49 30 1234567", de));
    assert_eq!(p("0049 30 1234567", None), p("+49 30 1234567", de));
    assert_eq!(p("+49 (0)30 1234567", None), p("+49 30 1234567", de));
    assert_eq!(
        p("0151 23456789", Some("Germany")).as_deref(),
        Some("+4915123456789")
    );
    // No region, or not a valid number: the digits.
    assert_eq!(p("030 1234567", None).as_deref(), Some("0301234567"));
    assert_eq!(p("+99 123 4567 89", None).as_deref(), Some("+99123456789"));
    assert_eq!(
        p("00 99 123 4567 89", None).as_deref(),
        Some("+99123456789")
    );
    assert_eq!(p("12345", de), None);
    assert_eq!(p("1234567890123456", None), None);
    assert_eq!(p("n/a", de), None);
    assert_eq!(p("", de), None);
}

#[test]
fn normalize_postcodes_identifiers_exact() {
    let pc = |s| normalize(Kind::Postcode, s, None);
    assert_eq!(pc(" sw1a 1aa ").as_deref(), Some("SW1A1AA"));
    assert_eq!(pc("10115").as_deref(), Some("10115"));
    assert_eq!(pc("D-10115").as_deref(), Some("10115"));
    assert_eq!(pc("NL-1234 AB").as_deref(), Some("1234AB"));
    assert_eq!(pc("00-950").as_deref(), Some("00950"));
    assert_eq!(pc(" - "), None);
    let id = |s| normalize(Kind::Identifier, s, None);
    assert_eq!(
        id("DE89 3704 0044 0532 0130 00").as_deref(),
        Some("DE89370400440532013000")
    );
    assert_eq!(id("131052-308t").as_deref(), Some("131052308T"));
    assert_eq!(id("--"), None);
    let ex = |s| normalize(Kind::Exact, s, None);
    assert_eq!(ex(" DE ").as_deref(), Some("de"));
    assert_eq!(ex("Ö").as_deref(), Some("ö"));
    assert_eq!(ex("  "), None);
}

#[test]
fn normalize_streets() {
    let cases = [
        ("Hauptstraße 12", "hauptstrasse 12"),
        ("Hauptstr. 12", "hauptstrasse 12"),
        ("Hauptstr 12", "hauptstrasse 12"),
        ("Haupt-Straße 12", "hauptstrasse 12"),
        ("Hauptstraße 12 a", "hauptstrasse 12a"),
        ("Hauptstraße 12A", "hauptstrasse 12a"),
        ("Hauptstr. Nr. 12", "hauptstrasse 12"),
        ("Dr.-Müller-Str. 3", "dr mullerstrasse 3"),
        ("Potsdamer Pl. 1", "potsdamerplatz 1"),
        ("Marktpl. 1", "marktplatz 1"),
        ("12 Main St", "main street 12"),
        ("12 Main Street", "main street 12"),
        ("Main St. 12", "main street 12"),
        ("St John's Rd 5", "saint johns road 5"),
        ("350 5th Ave", "5th avenue 350"),
        ("12 Elm Dr.", "elm drive 12"),
        ("12 r. de la Paix", "rue de la paix 12"),
        ("12, Rue de la Paix", "rue de la paix 12"),
        ("7 bis av. Foch", "avenue foch 7bis"),
        ("Pl. de la Concorde", "platz de la concorde"),
        ("Place de la Concorde", "platz de la concorde"),
        ("V. Roma 10", "via roma 10"),
        ("Via Roma, 10", "via roma 10"),
        ("V.le Europa 3", "viale europa 3"),
        ("P.zza Navona 1", "platz navona 1"),
        ("C/ Mayor 5", "calle mayor 5"),
        ("c/Mayor 5", "calle mayor 5"),
        ("Calle Mayor 5", "calle mayor 5"),
        ("Avda. de América 4", "avenue de america 4"),
        ("ul. Marszałkowska 10", "ulica marszalkowska 10"),
        ("Ulica Marszałkowska 10", "ulica marszalkowska 10"),
        ("Kerkstr. 8", "kerkstrasse 8"),
        ("Kerkstraat 8", "kerkstrasse 8"),
        ("Kungsvägen 3", "kungsvagen 3"),
        ("Kungs väg 3", "kungsvagen 3"),
        ("Drottning g. 2", "drottninggatan 2"),
        ("Drottninggatan 2", "drottninggatan 2"),
        ("   ", ""),
    ];
    for (raw, want) in cases {
        assert_eq!(
            normalize(Kind::Street, raw, None).unwrap_or_default(),
            want,
            "{raw}"
        );
    }
}

// ----- comparison levels -------------------------------------------------------------------------

/// Normalizes both cells (with region DE unless given) and compares them.
fn level(kind: Kind, a: &str, b: &str, region: Option<&str>) -> u8 {
    let region = region.or(Some("DE"));
    let na = normalize(kind, a, region).unwrap_or_else(|| panic!("{a} is null"));
    let nb = normalize(kind, b, region).unwrap_or_else(|| panic!("{b} is null"));
    let l = compare(kind, &na, &nb);
    assert_eq!(l, compare(kind, &nb, &na), "{a} {b}");
    l
}

#[test]
fn levels_on_realistic_pairs() {
    use Kind::*;
    let cases: &[(Kind, &str, &str, &str)] = &[
        (Name, "Müller", "MULLER", "exact"),
        (Name, "Müller", "Mueller", "damerau_levenshtein_1"),
        (Name, "Jean-Luc", "Jean Luc", "exact"),
        (Name, "Jean-Luc", "Jeanluc", "damerau_levenshtein_1"),
        (Name, "Martha", "Marhta", "damerau_levenshtein_1"),
        (Name, "Katharina", "Katarina", "damerau_levenshtein_1"),
        (Name, "Christopher", "Christoph", "jaro_winkler_92"),
        (Name, "Dwayne", "Duane", "jaro_winkler_80"),
        (Name, "Schmidt", "Schmitt", "damerau_levenshtein_1"),
        (Name, "Anna", "Bernd", "else"),
        (Name, "Li", "Lu", "else"),
        (Name, "Jo", "Joe", "jaro_winkler_80"),
        (Name, "Ann", "Anne", "damerau_levenshtein_1"),
        (Name, "Ελένη", "Ελενη", "exact"),
        (Date, "27.03.1985", "1985-03-27", "exact"),
        (Date, "1985-03-04", "1985-04-03", "day_month_swapped"),
        (Date, "04.03.1985", "1985-03-04", "exact"),
        (Date, "04.03.1985", "1985-04-03", "day_month_swapped"),
        (Date, "1985-03-27", "1985-03-28", "one_digit"),
        (Date, "1985-03-27", "1958-03-27", "one_digit"),
        (Date, "1985-03-27", "1987-12-07", "else"),
        (Date, "1985-03-12", "1985-03-21", "one_digit"),
        (Date, "1985-03-27", "1986-03-27", "one_digit"),
        (Date, "1985-03-27", "1985-01-01", "within_1_year"),
        (Date, "1989-12-30", "1990-01-02", "within_1_year"),
        (Date, "1985-03-27", "1970-01-01", "else"),
        (Email, "Anna.Mueller@web.de", "anna.mueller@WEB.de", "exact"),
        (Email, "a.n.n.a@gmail.com", "anna@googlemail.com", "exact"),
        (
            Email,
            "anna.mueller@web.de",
            "anna.mueller@gmx.de",
            "same_local_part",
        ),
        (
            Email,
            "anna.mueller@web.de",
            "anna.muller@web.de",
            "jaro_winkler_92",
        ),
        (Email, "anna.mueller@web.de", "bernd.schulz@gmx.de", "else"),
        (Phone, "+49 30 1234567", "030 1234567", "exact"),
        (Phone, "+49 30 1234567", "030/123 45 67", "exact"),
        (
            Phone,
            "+49 30 1234567",
            "+41 30 1234567",
            "same_last_8_digits",
        ),
        (
            Phone,
            "+49 30 1234567",
            "+49 30 1234576",
            "damerau_levenshtein_1",
        ),
        (Phone, "+49 30 1234567", "+49 40 7654321", "else"),
        (Postcode, "10115", "10 115", "exact"),
        (Postcode, "10115", "10117", "same_first_3"),
        (Postcode, "10115", "80331", "else"),
        (City, "München", "MÜNCHEN", "exact"),
        (
            City,
            "Frankfurt am Main",
            "Frankfurt a. Main",
            "jaro_winkler_90",
        ),
        (City, "Berlin", "Hamburg", "else"),
        (Street, "Hauptstr. 12", "Hauptstraße 12", "exact"),
        (Street, "12 Main St", "12 Main Street", "exact"),
        (
            Street,
            "Hauptstraße 12",
            "Hauptstrase 12",
            "same_number_jaro_winkler_90",
        ),
        (
            Street,
            "12 Main Street",
            "14 Main Street",
            "token_jaccard_50",
        ),
        (Street, "Hauptstraße 12", "Bahnhofstraße 7", "else"),
        (
            Identifier,
            "DE89 3704 0044 0532 0130 00",
            "de89370400440532013000",
            "exact",
        ),
        (
            Identifier,
            "86095742719",
            "86095742791",
            "damerau_levenshtein_1",
        ),
        (Identifier, "86095742719", "12345678901", "else"),
        (Exact, "DE", " de", "exact"),
        (Exact, "DE", "AT", "else"),
    ];
    let mut wrong = Vec::new();
    for &(kind, a, b, want) in cases {
        let got = kind.levels()[usize::from(level(kind, a, b, None))];
        if got != want {
            wrong.push(format!("{kind:?}: {a:?} vs {b:?}: {got}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Month-first dates in the US.
    assert_eq!(level(Date, "03/04/1985", "1985-03-04", Some("US")), 0);
    assert_eq!(level(Date, "03/04/1985", "1985-04-03", Some("US")), 1);
}

#[test]
fn compare_is_reflexive_and_symmetric() {
    let mut rng = Rng(0xA076_1D64_78BD_642F);
    let samples: &[(Kind, &[&str])] = &[
        (
            Kind::Name,
            &[
                "Müller",
                "Anna-Lena",
                "Jean-Luc",
                "O'Brien",
                "Søren",
                "Katharina",
                "Ελένη",
                "Zbigniew",
                "Christopher",
                "Li",
            ],
        ),
        (
            Kind::Date,
            &["1985-03-27", "04.03.1985", "19991231", "2000-02-29"],
        ),
        (
            Kind::Email,
            &["anna.mueller@web.de", "a.b@gmail.com", "jöhn@exämple.org"],
        ),
        (
            Kind::Phone,
            &["+49 30 1234567", "030 1234567", "0151 23456789"],
        ),
        (Kind::Postcode, &["10115", "SW1A 1AA", "75001"]),
        (
            Kind::City,
            &["München", "Frankfurt am Main", "Łódź", "Göteborg"],
        ),
        (
            Kind::Street,
            &[
                "Hauptstr. 12",
                "12 Main St",
                "Rue de la Paix 3",
                "ul. Długa 5a",
            ],
        ),
        (Kind::Identifier, &["DE89370400440532013000", "86095742719"]),
        (Kind::Exact, &["DE", "female"]),
    ];
    let alphabet: Vec<char> = "aeinrstuäöüé0123456789 .-".chars().collect();
    let mut pairs = 0;
    for &(kind, values) in samples {
        for _ in 0..100 {
            let a = rng.pick(values).to_string();
            let b = match rng.below(3) {
                0 => rng.pick(values).to_string(),
                _ => rng.mutate(&a, &alphabet),
            };
            let (Some(na), Some(nb)) = (
                normalize(kind, &a, Some("DE")),
                normalize(kind, &b, Some("DE")),
            ) else {
                continue;
            };
            assert_eq!(compare(kind, &na, &na), 0, "{kind:?} {na}");
            let l = compare(kind, &na, &nb);
            assert_eq!(l, compare(kind, &nb, &na), "{kind:?} {na} {nb}");
            assert!(usize::from(l) < kind.levels().len());
            assert_eq!(l == 0, na == nb, "{kind:?} {na} {nb}");
            pairs += 1;
        }
    }
    assert!(pairs > 600, "{pairs}");
}

#[test]
fn long_values_take_the_heap_path() {
    let a = "ä".repeat(70) + "x";
    let b = "ä".repeat(70) + "y";
    assert_eq!(damerau_levenshtein_within(&a, &b, 1), Some(1));
    assert!(jaro_winkler(&a, &b) > 0.95);
    assert_eq!(compare(Kind::Name, &a, &b), 1);
    let c = "a".repeat(100);
    let d = "b".repeat(100);
    assert_eq!(damerau_levenshtein_within(&c, &d, 3), None);
    assert_eq!(compare(Kind::Street, &c, &d), 3);
}

/// ns per call of `compare` on typical pairs. Run in release:
/// `cargo test --release --lib dedup::compare::tests::timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing() {
    use std::hint::black_box;
    use std::time::Instant;
    type Pairs = &'static [(&'static str, &'static str)];
    let sets: &[(&str, Kind, Pairs)] = &[
        (
            "name",
            Kind::Name,
            &[
                ("muller", "mueller"),
                ("katharina", "katarina"),
                ("christopher", "kristoffer"),
                ("anna", "bernd"),
                ("schmidt", "schmitt"),
                ("jean luc", "jean marc"),
                ("ελενη", "ελενα"),
                ("wojciech", "wojtek"),
            ],
        ),
        (
            "date",
            Kind::Date,
            &[
                ("1985-03-27", "1985-03-28"),
                ("1985-03-04", "1985-04-03"),
                ("1985-03-27", "1972-11-02"),
                ("1985-03-27", "1985-01-01"),
            ],
        ),
        (
            "email",
            Kind::Email,
            &[
                ("anna.mueller@web.de", "anna.muller@web.de"),
                ("anna.mueller@web.de", "anna.mueller@gmx.de"),
                ("jschmidt@gmail.com", "k.weber@t-online.de"),
                ("thomas.meyer@firma.de", "tom.meier@firma.de"),
            ],
        ),
        (
            "street",
            Kind::Street,
            &[
                ("hauptstrasse 12", "hauptstrasse 14"),
                ("main street 12", "oak avenue 3"),
            ],
        ),
        ("phone", Kind::Phone, &[("+49301234567", "+49301234576")]),
    ];
    for &(label, kind, pairs) in sets {
        let rounds = 200_000;
        let start = Instant::now();
        let mut sum = 0u64;
        for _ in 0..rounds {
            for &(a, b) in pairs {
                sum += u64::from(compare(kind, black_box(a), black_box(b)));
            }
        }
        let ns = start.elapsed().as_nanos() as f64 / (rounds * pairs.len()) as f64;
        println!("compare {label}: {ns:.1} ns/call (checksum {sum})");
    }
    let names = [
        ("muller", "mueller"),
        ("katharina", "katarina"),
        ("anna", "bernd"),
    ];
    let rounds = 300_000;
    let start = Instant::now();
    let mut sum = 0.0;
    for _ in 0..rounds {
        for &(a, b) in &names {
            sum += jaro_winkler(black_box(a), black_box(b));
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / (rounds * names.len()) as f64;
    println!("jaro_winkler names: {ns:.1} ns/call ({sum:.0})");
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        for &(a, b) in &names {
            n += damerau_levenshtein_within(black_box(a), black_box(b), 1).unwrap_or(9);
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / (rounds * names.len()) as f64;
    println!("damerau_levenshtein_within(1) names: {ns:.1} ns/call ({n})");
    let cells = [
        "Anna-Lena Müller",
        "Hauptstr. 12",
        "27.03.1985",
        "+49 30 1234567",
    ];
    let kinds = [Kind::Name, Kind::Street, Kind::Date, Kind::Phone];
    for (cell, kind) in cells.iter().zip(kinds) {
        let rounds = 50_000;
        let start = Instant::now();
        let mut len = 0;
        for _ in 0..rounds {
            len += normalize(kind, black_box(cell), Some("DE")).map_or(0, |s| s.len());
        }
        let ns = start.elapsed().as_nanos() as f64 / rounds as f64;
        println!("normalize {kind:?} {cell:?}: {ns:.0} ns/call ({len})");
    }
}
