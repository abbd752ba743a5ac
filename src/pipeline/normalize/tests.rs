use super::*;

/// What a case expects.
#[derive(Debug, Clone, Copy)]
enum W {
    /// Unchanged.
    U,
    /// Changed to this.
    C(&'static str),
    /// Invalid for this reason.
    I(&'static str),
}
use W::{C, I, U};

/// A normalizer from its pipeline form, written as a TOML value.
fn norm(spec: &str) -> Normalizer {
    let t: toml::Table = toml::from_str(&format!("n = {spec}")).expect("test spec is TOML");
    Normalizer::parse(&t["n"]).unwrap_or_else(|e| panic!("{spec}: {e}"))
}

fn parse_err(spec: &str) -> String {
    let t: toml::Table = toml::from_str(&format!("n = {spec}")).expect("test spec is TOML");
    Normalizer::parse(&t["n"]).expect_err(spec)
}

fn check_in(spec: &str, cases: &[(&str, Option<&str>, W)]) {
    let n = norm(spec);
    let mut failures = Vec::new();
    for &(input, country, want) in cases {
        let got = n.apply(input, &RowContext { country });
        let ok = match (want, &got) {
            (U, Outcome::Unchanged) => true,
            (C(s), Outcome::Changed(g)) => s == g,
            (I(r), Outcome::Invalid(g)) => r == *g,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{spec} {input:?} (country {country:?}): want {want:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check(spec: &str, cases: &[(&str, W)]) {
    let with_ctx: Vec<_> = cases.iter().map(|&(i, w)| (i, None, w)).collect();
    check_in(spec, &with_ctx);
}

#[test]
fn trim() {
    check(
        r#""trim""#,
        &[
            ("anna", U),
            ("", U),
            ("an na", U),
            (" anna ", C("anna")),
            ("\tanna\n", C("anna")),
            ("\u{a0}anna\u{3000}", C("anna")),
            ("\u{feff}anna\u{200b}", C("anna")),
            ("   ", C("")),
            // The generator's stray tab.
            ("Bergstraße 33\t", C("Bergstraße 33")),
            ("  Müller", C("Müller")),
        ],
    );
}

#[test]
fn collapse_whitespace() {
    check(
        r#""collapse_whitespace""#,
        &[
            ("a b c", U),
            ("", U),
            ("Straße", U),
            ("a  b", C("a b")),
            (" a\t\nb\u{a0}c ", C("a b c")),
            ("a\u{a0}b", C("a b")),
            ("a\r\nb", C("a b")),
            ("   ", C("")),
            ("Jean  de la   Fontaine", C("Jean de la Fontaine")),
        ],
    );
}

#[test]
fn nfc() {
    check(
        r#""nfc""#,
        &[
            ("José", U),
            ("Straße", U),
            ("", U),
            ("plain ascii", U),
            ("Jose\u{301}", C("José")),
            ("Mu\u{308}ller", C("Müller")),
            ("A\u{30a}sa", C("Åsa")),
            ("\u{212b}", C("Å")),
            ("c\u{327}a", C("ça")),
        ],
    );
}

#[test]
fn lowercase_and_uppercase() {
    check(
        r#""lowercase""#,
        &[
            ("anna", U),
            ("", U),
            ("123-x", U),
            ("straße", U),
            ("ANNA", C("anna")),
            ("ÉLODIE", C("élodie")),
            ("STRAẞE", C("straße")),
            ("ΟΔΟΣ", C("οδος")),
            ("Anna.Mueller@GMX.de", C("anna.mueller@gmx.de")),
        ],
    );
    check(
        r#""uppercase""#,
        &[
            ("ANNA", U),
            ("", U),
            ("123-X", U),
            ("anna", C("ANNA")),
            ("élodie", C("ÉLODIE")),
            ("straße", C("STRASSE")),
            ("sw1a 1aa", C("SW1A 1AA")),
        ],
    );
}

#[test]
fn titlecase() {
    check(
        r#""titlecase""#,
        &[
            ("anna-maria o'neill", C("Anna-Maria O'Neill")),
            ("JEAN DE LA FONTAINE", C("Jean de la Fontaine")),
            ("LUDWIG VAN BEETHOVEN", C("Ludwig van Beethoven")),
            ("maria da silva", C("Maria da Silva")),
            ("PIETER TEN BRINK", C("Pieter ten Brink")),
            ("ÓSCAR DEL RÍO", C("Óscar del Río")),
            ("VAN DIJK", C("Van Dijk")),
            ("MÜLLER-LÜDENSCHEIDT", C("Müller-Lüdenscheidt")),
            ("élodie dupré", C("Élodie Dupré")),
            ("d'angelo", C("D'Angelo")),
            ("O’NEILL", C("O’Neill")),
            ("john's bakery", C("John's Bakery")),
            ("  anna  maria ", C("  Anna  Maria ")),
            ("3rd floor", C("3rd Floor")),
            ("großmann", C("Großmann")),
            ("ß", C("Ss")),
            // Mixed case was cased on purpose.
            ("McDonald", U),
            ("van Dijk", U),
            ("JÜRGEN GROß", U),
            ("Anna", U),
            ("", U),
            ("123 45", U),
            ("A", U),
        ],
    );
}

#[test]
fn email() {
    check(
        r#""email""#,
        &[
            ("daniel.davies@gmail.com", U),
            ("", U),
            ("   ", C("")),
            // The generator's mixed-case forms: the local part keeps its case.
            ("Anna.Mueller@GMX.de", C("Anna.Mueller@gmx.de")),
            ("ANNA.MUELLER@GMX.DE", C("ANNA.MUELLER@gmx.de")),
            (" anna@web.de\t", C("anna@web.de")),
            ("mailto:anna@web.de", C("anna@web.de")),
            ("MAILTO:anna@web.de", C("anna@web.de")),
            ("<anna@web.de>", C("anna@web.de")),
            ("<mailto:Anna@Web.DE>", C("Anna@web.de")),
            ("jürgen@MÜLLER.de", C("jürgen@müller.de")),
            ("o'neill+crm@Example.CO.UK", C("o'neill+crm@example.co.uk")),
            // The generator's malformed forms.
            ("annaweb.de", I("not exactly one @")),
            ("anna @web.de", I("contains whitespace")),
            ("anna@ web.de", I("contains whitespace")),
            ("anna@@web.de", I("not exactly one @")),
            ("@web.de", I("empty local part")),
            ("anna@", I("empty domain")),
            ("anna@localhost", I("domain without a dot")),
            ("anna@web..de", I("empty label in the domain")),
            ("anna@web.de.", I("empty label in the domain")),
            (
                "anna@-web.de",
                I("domain label starts or ends with a hyphen"),
            ),
            ("anna@web_site.de", I("character not allowed in the domain")),
            ("a..b@web.de", I("misplaced dot in the local part")),
            (".ab@web.de", I("misplaced dot in the local part")),
            ("Anna <anna@web.de>", I("contains whitespace")),
            (
                "anna,b@web.de",
                I("character not allowed in the local part"),
            ),
        ],
    );
}

#[test]
fn phone_with_the_row_country() {
    let de = Some("DE");
    check_in(
        r#""phone""#,
        &[
            ("+4915123456789", de, U),
            ("", de, U),
            ("  ", de, C("")),
            // The generator's German forms.
            ("0151 23456789", de, C("+4915123456789")),
            ("0151/23456789", de, C("+4915123456789")),
            ("0151-23456789", Some("de"), C("+4915123456789")),
            ("015123456789", Some("Deutschland"), C("+4915123456789")),
            ("+49 151 23456789", None, C("+4915123456789")),
            ("+49 (0)30 1234567", None, C("+49301234567")),
            ("030 1234567", de, C("+49301234567")),
            ("0049 151 23456789", None, C("+4915123456789")),
            ("tel:+49-151-23456789", None, C("+4915123456789")),
            // Other countries, their national forms.
            ("06 12 34 56 78", Some("France"), C("+33612345678")),
            ("06.12.34.56.78", Some("FR"), C("+33612345678")),
            ("06 4567 8901", Some("Italia"), C("+390645678901")),
            ("06-12345678", Some("NL"), C("+31612345678")),
            ("07747 828700", Some("UK"), C("+447747828700")),
            ("(201) 234-5678", Some("USA"), C("+12012345678")),
            ("201.234.5678", Some("us"), C("+12012345678")),
            // International numbers ignore the row's country.
            ("+33 6 12 34 56 78", de, C("+33612345678")),
            ("+54 9 11 2345 6789", None, C("+5491123456789")),
            // Invalid.
            ("0151 2345", de, I("not a valid phone number")),
            ("+49 151", None, I("not a valid phone number")),
            ("(212) 123-4567", Some("US"), I("not a valid phone number")),
            (
                "0151 23456789",
                None,
                I("national number and no country to read it in"),
            ),
            (
                "0151 23456789",
                Some("Atlantis"),
                I("national number and no country to read it in"),
            ),
            (
                "0151 23456789 ext. 12",
                de,
                I("characters other than digits and separators"),
            ),
            (
                "0151+23456789",
                de,
                I("characters other than digits and separators"),
            ),
            ("--", de, I("no digits")),
        ],
    );
}

#[test]
fn phone_with_a_default_region() {
    check_in(
        r#"{ phone = { default_region = "DE" } }"#,
        &[
            ("0151 23456789", None, C("+4915123456789")),
            ("0151 23456789", Some("Atlantis"), C("+4915123456789")),
            ("0151 23456789", Some(""), C("+4915123456789")),
            // The row's country wins.
            ("06 12 34 56 78", Some("FR"), C("+33612345678")),
            ("0151 2345", None, I("not a valid phone number")),
        ],
    );
    assert_eq!(
        norm(r#"{ phone = { default_region = "Österreich" } }"#),
        Normalizer::Phone(PhoneOptions {
            default_region: Some("AT")
        })
    );
}

#[test]
fn dates_sniffed() {
    check(
        r#""date""#,
        &[
            ("1987-08-09", U),
            ("", U),
            ("  ", C("")),
            // The generator's styles (Iso, Dot, SlashDmy, SlashMdy, DashDmy).
            ("22.03.2005", C("2005-03-22")),
            ("07/12/1959", C("1959-12-07")),
            ("12/31/2020", C("2020-12-31")),
            ("31/12/2020", C("2020-12-31")),
            ("09-08-1987", C("1987-08-09")),
            ("1.2.2020", C("2020-02-01")),
            ("1987/08/09", C("1987-08-09")),
            ("1987.08.09", C("1987-08-09")),
            (" 1987-08-09 ", C("1987-08-09")),
            // Timestamps keep their date part as written.
            ("2021-02-27T23:28:28Z", C("2021-02-27")),
            ("2021-02-27T23:28:28.123Z", C("2021-02-27")),
            ("2021-02-27 23:28:28", C("2021-02-27")),
            ("2021-02-27T23:28:28-05:00", C("2021-02-27")),
            ("27.02.2021 23:28", C("2021-02-27")),
            // Month names.
            ("3 March 2021", C("2021-03-03")),
            ("March 3, 2021", C("2021-03-03")),
            ("3rd of March 2021", C("2021-03-03")),
            ("Wednesday, 3 March 2021", C("2021-03-03")),
            ("3 Mar 2021", C("2021-03-03")),
            ("Sept. 30, 2021", C("2021-09-30")),
            ("3. März 2021", C("2021-03-03")),
            ("3. MÄRZ 2021", C("2021-03-03")),
            ("1er mars 2021", C("2021-03-01")),
            ("15 août 2021", C("2021-08-15")),
            ("3 de marzo de 2021", C("2021-03-03")),
            ("1º de enero de 2020", C("2020-01-01")),
            ("1 gennaio 2020", C("2020-01-01")),
            ("12 oktober 2020", C("2020-10-12")),
            ("2020 Dec 24", C("2020-12-24")),
            // Invalid.
            ("31.02.2021", I("impossible date")),
            ("29.02.2021", I("impossible date")),
            ("13/13/2020", I("impossible date")),
            ("2021-13-01", I("impossible date")),
            ("31 April 2021", I("impossible date")),
            ("01.02.85", I("two-digit year (set century_pivot)")),
            ("3 Foo 2021", I("unrecognised date format")),
            ("March 2021", I("unrecognised date format")),
            ("3 March 21", I("unrecognised date format")),
            ("20210227", I("unrecognised date format")),
            ("01/02-2020", I("unrecognised date format")),
            ("hello", I("unrecognised date format")),
            ("2021-02-27T25:00:00Z", I("unrecognised time")),
            ("2021-02-27T23:28:28+1", I("unrecognised time")),
            ("2021-02-27Tfoo", I("unrecognised time")),
            ("2021-02-27x", I("unrecognised date format")),
        ],
    );
    check(
        r#"{ date = { day_first = true } }"#,
        &[("29.02.2020", C("2020-02-29"))],
    );
    check(
        r#"{ date = { day_first = false } }"#,
        &[
            ("07/12/1959", C("1959-07-12")),
            ("07-12-1959", C("1959-07-12")),
            // Unambiguous values decide; dotted dates stay day first.
            ("31/12/2020", C("2020-12-31")),
            ("07.12.1959", C("1959-12-07")),
        ],
    );
    check(
        r#"{ date = { century_pivot = 30 } }"#,
        &[
            ("01.02.85", C("1985-02-01")),
            ("01.02.05", C("2005-02-01")),
            ("01/02/30", C("1930-02-01")),
            ("29.02.00", C("2000-02-29")),
        ],
    );
    check(
        r#"{ date = { century_pivot = 0 } }"#,
        &[
            ("01.02.05", C("1905-02-01")),
            ("29.02.00", I("impossible date")),
        ],
    );
}

#[test]
fn dates_keep_time() {
    check(
        r#"{ date = { keep_time = true } }"#,
        &[
            ("2021-02-27T23:28:28Z", U),
            ("2021-02-27T23:28:28.123Z", U),
            ("2021-02-27T23:28:28+01:00", U),
            ("2021-02-27", U),
            ("2021-02-27 23:28:28", C("2021-02-27T23:28:28")),
            ("2021-02-27t23:28:28z", C("2021-02-27T23:28:28Z")),
            ("2021-02-27T23:28:28+0100", C("2021-02-27T23:28:28+01:00")),
            ("2021-02-27T23:28:28 -05", C("2021-02-27T23:28:28-05:00")),
            ("2021-02-27T23:28", C("2021-02-27T23:28:00")),
            ("2021-02-27 23:28:28,5", C("2021-02-27T23:28:28.5")),
            ("27.02.2021 23:28", C("2021-02-27T23:28:00")),
            ("27.02.2021", C("2021-02-27")),
        ],
    );
}

#[test]
fn dates_with_formats() {
    check(
        r#"{ date = { formats = ["%d.%m.%Y"] } }"#,
        &[
            ("22.03.2005", C("2005-03-22")),
            ("1.2.2005", C("2005-02-01")),
            ("31.02.2021", I("impossible date")),
            ("2005-03-22", I("matches none of the given formats")),
        ],
    );
    check(
        r#"{ date = { formats = ["%m/%d/%Y", "%Y%m%d", "%B %d, %Y"] } }"#,
        &[
            ("12/31/2020", C("2020-12-31")),
            ("20201231", C("2020-12-31")),
            ("March 3, 2021", C("2021-03-03")),
            ("2020-12-31", I("matches none of the given formats")),
        ],
    );
    check(
        r#"{ date = { formats = ["%d.%m.%y"], century_pivot = 30 } }"#,
        &[("01.02.85", C("1985-02-01")), ("01.02.05", C("2005-02-01"))],
    );
    check(
        r#"{ date = { formats = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M %z"], keep_time = true } }"#,
        &[
            ("27/02/2021 23:28", C("2021-02-27T23:28:00")),
            ("27/02/2021 23:28 +0100", C("2021-02-27T23:28:00+01:00")),
        ],
    );
}

#[test]
fn countries() {
    check(
        r#""country""#,
        &[
            ("DE", U),
            ("", U),
            ("de", C("DE")),
            (" FR ", C("FR")),
            ("Deutschland", C("DE")),
            ("Germany", C("DE")),
            ("DEU", C("DE")),
            ("deu", C("DE")),
            ("Niemcy", C("DE")),
            ("UK", C("GB")),
            ("Great Britain", C("GB")),
            ("Royaume-Uni", C("GB")),
            ("EL", C("GR")),
            ("Ελλάδα", C("GR")),
            ("Holland", C("NL")),
            ("The Netherlands", C("NL")),
            ("Nederland", C("NL")),
            ("the gambia", C("GM")),
            ("España", C("ES")),
            ("ESPAÑA", C("ES")),
            ("espana", C("ES")),
            ("Österreich", C("AT")),
            ("Suíça", C("CH")),
            ("Côte d'Ivoire", C("CI")),
            ("cote divoire", C("CI")),
            ("Polska", C("PL")),
            ("Sverige", C("SE")),
            ("Danmark", C("DK")),
            ("Italië", C("IT")),
            ("U.S.A.", C("US")),
            ("Vereinigte Staaten von Amerika", C("US")),
            ("Korea, Republic of", C("KR")),
            ("Åland", C("AX")),
            ("Atlantis", I("unknown country")),
            ("XX", I("unknown country")),
            ("D", I("unknown country")),
        ],
    );
    assert_eq!(country_alpha2("gbr"), Some("GB"));
    assert_eq!(country_alpha2("Schweiz"), Some("CH"));
    assert_eq!(country_alpha2("theland"), None);
    assert_eq!(country_alpha2(""), None);
}

/// Every ISO code and every name in the data maps back to its own country, and no key is
/// claimed by two countries.
#[test]
fn country_data_is_consistent() {
    let c = super::countries();
    assert!(c.conflicts.is_empty(), "{:#?}", c.conflicts);
    let mut codes = std::collections::BTreeSet::new();
    for line in COUNTRY_CODES.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line}");
        let (a2, a3) = (cols[0], cols[1]);
        assert!(
            a2.len() == 2 && a2.bytes().all(|b| b.is_ascii_uppercase()),
            "{line}"
        );
        assert!(
            a3.len() == 3 && a3.bytes().all(|b| b.is_ascii_uppercase()),
            "{line}"
        );
        assert!(codes.insert(a2), "{a2} twice");
        assert_eq!(country_alpha2(a2), Some(a2));
        assert_eq!(country_alpha2(a3), Some(a2));
        assert_eq!(country_alpha2(&a2.to_lowercase()), Some(a2));
        for name in cols[2].split('|') {
            assert_eq!(country_alpha2(name), Some(a2), "{name}");
        }
    }
    assert_eq!(codes.len(), 249);
    // Every country in the phone detector's list resolves the same way.
    for cc in POSTCODE_COUNTRIES {
        assert!(codes.contains(cc), "{cc}");
    }
}

#[test]
fn postcodes_by_row_country() {
    let de = Some("DE");
    check_in(
        r#""postcode""#,
        &[
            ("70975", de, U),
            ("", de, U),
            ("D-70975", de, C("70975")),
            ("DE 70975", Some("Deutschland"), C("70975")),
            ("70975 ", de, C("70975")),
            ("7097", de, I("not a valid postcode for the country")),
            ("1067", de, I("not a valid postcode for the country")),
            ("00123", de, I("not a valid postcode for the country")),
            ("7O975", de, I("not a valid postcode for the country")),
            ("７０９７５", de, I("not a valid postcode for the country")),
            // Country unknown or without rules: cannot judge.
            ("70975", None, U),
            ("anything", Some("Atlantis"), U),
            ("100-0001", Some("JP"), U),
            ("1010", Some("AT"), U),
            ("A-1010", Some("Österreich"), C("1010")),
            (
                "0100",
                Some("AT"),
                I("not a valid postcode for the country"),
            ),
            ("8001", Some("Schweiz"), U),
            ("75008", Some("FR"), U),
            ("75 008", Some("FR"), C("75008")),
            ("00184", Some("IT"), U),
            ("28013", Some("ES"), U),
            (
                "99001",
                Some("ES"),
                I("not a valid postcode for the country"),
            ),
            ("1234AB", Some("NL"), C("1234 AB")),
            ("1234 ab", Some("NL"), C("1234 AB")),
            ("NL-1234 AB", Some("NL"), C("1234 AB")),
            ("1234 AB", Some("NL"), U),
            (
                "0123 AB",
                Some("NL"),
                I("not a valid postcode for the country"),
            ),
            (
                "1234 SS",
                Some("NL"),
                I("not a valid postcode for the country"),
            ),
            (
                "1234",
                Some("NL"),
                I("not a valid postcode for the country"),
            ),
            ("1000", Some("BE"), U),
            ("L-1234", Some("LU"), C("1234")),
            ("00-950", Some("PL"), U),
            ("00950", Some("PL"), C("00-950")),
            ("00 950", Some("Polska"), C("00-950")),
            ("12345", Some("SE"), C("123 45")),
            ("SE-123 45", Some("SE"), C("123 45")),
            ("S-123 45", Some("SE"), C("123 45")),
            ("123 45", Some("SE"), U),
            ("2100", Some("DK"), U),
            ("0150", Some("NO"), U),
            ("00100", Some("FI"), U),
            ("1234-567", Some("PT"), U),
            ("1234567", Some("PT"), C("1234-567")),
            (
                "1234",
                Some("PT"),
                I("not a valid postcode for the country"),
            ),
            ("D02 X285", Some("IE"), U),
            ("d02x285", Some("IE"), C("D02 X285")),
            ("A65F4E2", Some("Ireland"), C("A65 F4E2")),
            ("D6W 1234", Some("IE"), U),
            (
                "B12 3456",
                Some("IE"),
                I("not a valid postcode for the country"),
            ),
            ("SW1A 1AA", Some("GB"), U),
            ("sw1a1aa", Some("UK"), C("SW1A 1AA")),
            ("SW1A  1AA", Some("GB"), C("SW1A 1AA")),
            ("M1 1AE", Some("GB"), U),
            ("B33 8TH", Some("GB"), U),
            ("CR2 6XH", Some("GB"), U),
            ("DN55 1PT", Some("GB"), U),
            ("W1A 0AX", Some("GB"), U),
            ("EC1A 1BB", Some("GB"), U),
            ("GIR 0AA", Some("GB"), U),
            (
                "QA1 1AA",
                Some("GB"),
                I("not a valid postcode for the country"),
            ),
            (
                "SW1A 1AI",
                Some("GB"),
                I("not a valid postcode for the country"),
            ),
            (
                "12345",
                Some("GB"),
                I("not a valid postcode for the country"),
            ),
            ("90210", Some("US"), U),
            ("90210-1234", Some("USA"), U),
            ("902101234", Some("US"), C("90210-1234")),
            (
                "9021",
                Some("US"),
                I("not a valid postcode for the country"),
            ),
            ("K1A 0B1", Some("CA"), U),
            ("k1a0b1", Some("Canada"), C("K1A 0B1")),
            (
                "W1A 0B1",
                Some("CA"),
                I("not a valid postcode for the country"),
            ),
            (
                "K1D 0B1",
                Some("CA"),
                I("not a valid postcode for the country"),
            ),
            ("1050", Some("LV"), C("LV-1050")),
            ("LV-1050", Some("LV"), U),
            ("LT-01100", Some("LT"), U),
            ("VLT 1117", Some("MT"), U),
            ("11000", Some("CZ"), C("110 00")),
            ("10431", Some("GR"), C("104 31")),
        ],
    );
}

#[test]
fn postcodes_with_a_country_option() {
    check_in(
        r#"{ postcode = { country = "GB" } }"#,
        &[
            ("sw1a1aa", None, C("SW1A 1AA")),
            ("sw1a1aa", Some("Atlantis"), C("SW1A 1AA")),
            // The row's country wins.
            ("70975", Some("DE"), U),
        ],
    );
}

#[test]
fn parse_forms_and_errors() {
    for name in NAMES {
        let n = norm(&format!("{name:?}"));
        assert_eq!(n.name(), *name);
        assert_eq!(n.needs_country(), matches!(*name, "phone" | "postcode"));
    }
    assert_eq!(norm(r#"{ trim = {} }"#), Normalizer::Trim);
    assert_eq!(
        norm(r#"{ date = { formats = ["%d.%m.%Y"], day_first = false, keep_time = true } }"#),
        Normalizer::Date(DateOptions {
            formats: vec!["%d.%m.%Y".into()],
            day_first: false,
            keep_time: true,
            century_pivot: None,
        })
    );
    assert_eq!(
        norm(r#"{ postcode = { country = "uk" } }"#),
        Normalizer::Postcode(PostcodeOptions {
            country: Some("GB")
        })
    );
    let cases: &[(&str, &str)] = &[
        (
            r#""trimm""#,
            "unknown normalizer \"trimm\"; valid: trim, collapse_whitespace, nfc, lowercase, \
             uppercase, titlecase, email, phone, date, country, postcode",
        ),
        (
            r#"{ trim = { x = 1 } }"#,
            "normalizer trim takes no options (got \"x\")",
        ),
        (
            r#"{ phone = { region = "DE" } }"#,
            "unknown option \"region\" for normalizer phone; valid: default_region",
        ),
        (
            r#"{ date = { format = "%d" } }"#,
            "unknown option \"format\" for normalizer date; valid: formats, day_first, \
             keep_time, century_pivot",
        ),
        (
            r#"{ phone = { default_region = "Atlantis" } }"#,
            "phone.default_region: unknown country \"Atlantis\"; use an ISO code like \"DE\"",
        ),
        (
            r#"{ phone = { default_region = "AQ" } }"#,
            "phone.default_region: no phone numbering plan for AQ",
        ),
        (
            r#"{ phone = { default_region = 49 } }"#,
            "phone.default_region must be a string",
        ),
        (
            r#"{ postcode = { country = "JP" } }"#,
            "postcode.country: no postcode rules for JP; supported: AT, AU, BE, BG, CA, CH, CY, \
             CZ, DE, DK, EE, ES, FI, FR, GB, GR, HR, HU, IE, IS, IT, LI, LT, LU, LV, MC, MT, NL, \
             NO, NZ, PL, PT, RO, SE, SI, SK, SM, US, VA",
        ),
        (
            r#"{ date = { formats = ["%d.%m.%y"] } }"#,
            "date.formats: \"%d.%m.%y\" has a two-digit year (%y); set century_pivot (e.g. 30: \
             00-29 are 20xx, 30-99 are 19xx)",
        ),
        (
            r#"{ date = { formats = ["%m.%Y"] } }"#,
            "date.formats: \"%m.%Y\" needs a year, a month and a day (e.g. \"%d.%m.%Y\")",
        ),
        (
            r#"{ date = { formats = ["%d.%m.%Y %Q"] } }"#,
            "date.formats: \"%d.%m.%Y %Q\" is not a valid chrono format",
        ),
        (
            r#"{ date = { formats = [] } }"#,
            "date.formats must not be empty (leave it out to sniff)",
        ),
        (
            r#"{ date = { formats = "%d.%m.%Y" } }"#,
            "date.formats must be an array of strings, e.g. [\"%d.%m.%Y\"]",
        ),
        (
            r#"{ date = { century_pivot = 100 } }"#,
            "date.century_pivot must be an integer from 0 to 99",
        ),
        (
            r#"{ date = { day_first = "yes" } }"#,
            "date.day_first must be true or false",
        ),
        (
            r#"{ date = "x" }"#,
            "the options of normalizer \"date\" must be a table, e.g. { date = { ... } }",
        ),
        (
            r#"{ trim = {}, nfc = {} }"#,
            "a normalizer is a name (\"trim\") or a table with one key, its name, and its \
             options ({ phone = { default_region = \"DE\" } }); names: trim, \
             collapse_whitespace, nfc, lowercase, uppercase, titlecase, email, phone, date, \
             country, postcode",
        ),
    ];
    for (spec, want) in cases {
        assert_eq!(parse_err(spec), *want, "{spec}");
    }
    assert!(parse_err("42").starts_with("a normalizer is a name"));
}

/// Small deterministic PRNG for the robustness test.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn all_normalizers() -> Vec<(Normalizer, bool)> {
    // (normalizer, whether its output must come back Unchanged)
    let mut v: Vec<(Normalizer, bool)> = NAMES
        .iter()
        .map(|n| (norm(&format!("{n:?}")), true))
        .collect();
    v.push((
        norm(r#"{ date = { keep_time = true, century_pivot = 50 } }"#),
        true,
    ));
    v.push((norm(r#"{ date = { day_first = false } }"#), true));
    v.push((
        norm(r#"{ date = { formats = ["%d.%m.%Y", "%Y%m%d %H:%M %z"], keep_time = true } }"#),
        false,
    ));
    v.push((norm(r#"{ phone = { default_region = "DE" } }"#), true));
    v.push((norm(r#"{ postcode = { country = "GB" } }"#), true));
    v
}

/// No input makes a normalizer panic; `Changed` always differs from the input; normalizing
/// the output again changes nothing.
#[test]
fn never_panics_and_is_idempotent() {
    const PIECES: &[&str] = &[
        "0",
        "1",
        "2",
        "9",
        "12",
        "31",
        "2021",
        "85",
        "-",
        ".",
        "/",
        ":",
        "+",
        "00",
        " ",
        "\t",
        "\u{a0}",
        "\u{200b}",
        "\u{feff}",
        "T",
        "Z",
        "@",
        "@@",
        "<",
        ">",
        "mailto:",
        "tel:",
        "(",
        ")",
        "a",
        "Z",
        "ß",
        "ẞ",
        "é",
        "e\u{301}",
        "\u{308}",
        "ǅ",
        "ﬁ",
        "İ",
        "Σ",
        "ς",
        "Ω",
        "中",
        "\u{0}",
        "\u{10ffff}",
        "March",
        "mars",
        "1er",
        "de",
        "VAN",
        "o'",
        "'",
        "’",
        "GB",
        "SW1A",
        "1AA",
        "DE",
        "+49",
        "151",
        "23456789",
        "06",
        ".de",
        "gmx",
        "Ελλάδα",
        "👍",
        "\u{202e}",
        ",",
        "º",
        "\n",
    ];
    let normalizers = all_normalizers();
    let countries = [
        None,
        Some("DE"),
        Some("GB"),
        Some("Atlantis"),
        Some("nl"),
        Some("é"),
    ];
    let mut rng = Xorshift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..6000 {
        let mut s = String::new();
        for _ in 0..rng.below(9) {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
        let row = RowContext {
            country: countries[rng.below(countries.len())],
        };
        for (n, idempotent) in &normalizers {
            match n.apply(&s, &row) {
                Outcome::Changed(out) => {
                    assert_ne!(out, s, "{} {s:?}", n.name());
                    if *idempotent {
                        assert_eq!(
                            n.apply(&out, &row),
                            Outcome::Unchanged,
                            "{} {s:?} -> {out:?}",
                            n.name()
                        );
                    }
                }
                Outcome::Unchanged | Outcome::Invalid(_) => {}
            }
        }
    }
    // Huge values.
    let huge = [
        "a ".repeat(500_000),
        "9".repeat(1_000_000),
        format!("{}@{}.de", "x".repeat(300_000), "y".repeat(300_000)),
        "é".repeat(300_000),
        "1.".repeat(300_000),
    ];
    for s in &huge {
        for (n, _) in &normalizers {
            let _ = n.apply(
                s,
                &RowContext {
                    country: Some("DE"),
                },
            );
        }
    }
}

/// The generated sample table: countries, postcodes and dates all normalize; e-mails and
/// phone numbers are Invalid exactly where the ground truth says they are invalid.
#[test]
fn the_generated_sample_normalizes_as_labelled() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut invalid_cells = std::collections::HashSet::new();
    let mut labels = csv::Reader::from_path(format!("{root}/testdata/sample/labels.csv")).unwrap();
    for rec in labels.records() {
        let rec = rec.unwrap();
        if &rec[5] == "false" {
            invalid_cells.insert((rec[0].parse::<usize>().unwrap(), rec[1].to_string()));
        }
    }
    let mut table =
        csv::Reader::from_path(format!("{root}/testdata/sample/customers.csv")).unwrap();
    let headers = table.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (email_c, phone_c, country_c, postcode_c) =
        (col("email"), col("phone"), col("country"), col("postcode"));
    let (birth_c, created_c) = (col("birth_date"), col("created_at"));
    let email = norm(r#""email""#);
    let phone = norm(r#""phone""#);
    let country = norm(r#""country""#);
    let postcode = norm(r#""postcode""#);
    let date = norm(r#""date""#);
    let mut counts = [0usize; 4];
    let mut failures = Vec::new();
    for (row, rec) in table.records().enumerate() {
        let rec = rec.unwrap();
        let ctx = RowContext {
            country: Some(&rec[country_c]).filter(|c| !c.is_empty()),
        };
        for (c, n) in [(email_c, &email), (phone_c, &phone)] {
            let v = &rec[c];
            if v.is_empty() {
                continue;
            }
            let out = n.apply(v, &ctx);
            let labelled_invalid = invalid_cells.contains(&(row, headers[c].to_string()));
            if c == phone_c && ctx.country.is_none() && !v.trim_start().starts_with('+') {
                // A national number in a row without a country cannot be read.
                let want = Outcome::Invalid("national number and no country to read it in");
                if out != want {
                    failures.push(format!("row {row} phone without a country: {out:?}"));
                }
                continue;
            }
            if matches!(out, Outcome::Invalid(_)) != labelled_invalid {
                failures.push(format!("row {row} {}: {out:?}", &headers[c]));
            }
            counts[usize::from(labelled_invalid)] += 1;
        }
        for (c, n) in [
            (country_c, &country),
            (postcode_c, &postcode),
            (birth_c, &date),
            (created_c, &date),
        ] {
            let v = &rec[c];
            if v.is_empty() {
                continue;
            }
            match n.apply(v, &ctx) {
                Outcome::Invalid(r) => failures.push(format!("row {row} {}: {r}", &headers[c])),
                Outcome::Changed(_) => counts[2] += 1,
                Outcome::Unchanged => counts[3] += 1,
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Enough of each to mean something.
    assert!(
        counts[0] > 1500 && counts[1] > 20 && counts[2] > 500,
        "{counts:?}"
    );
}
