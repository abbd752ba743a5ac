//! National identifiers and VAT numbers: one file per issuing country holds its validators
//! (named after the identifier, e.g. [`dk::cpr`]), and [`IDENTIFIERS`] tells the detector, for
//! each identifier, its entity, how it is written, how much a passing check is worth, and which
//! words and column names name it.
//!
//! Every validator takes the value as a person writes it (separators included) and returns
//! whether it is well formed: right length and alphabet, embedded dates real, check digits
//! right. None of them proves that a number was ever issued.

pub mod at;
pub mod be;
pub mod bg;
pub mod ch;
pub mod cy;
pub mod cz;
pub mod de;
pub mod dk;
pub mod ee;
pub mod es;
pub mod fi;
pub mod fr;
pub mod gb;
pub mod gr;
pub mod hr;
pub mod hu;
pub mod ie;
pub mod is;
pub mod it;
pub mod lt;
pub mod lu;
pub mod lv;
pub mod mt;
pub mod nl;
pub mod no;
pub mod pl;
pub mod pt;
pub mod ro;
pub mod se;
pub mod si;
pub mod sk;
pub mod us;

use crate::entity::Entity;

/// How much a passing check says on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// A look-alike passes rarely (check letters, two check digits, a fixed prefix, a shape of
    /// its own): reported without context.
    Strong,
    /// One check digit or a date check: about one random number in ten passes, so the value is
    /// reported only with context (the column's name, a keyword before it, the row's country).
    Weak,
    /// No check digit exists: reported only with context that names this identifier itself
    /// (its column name or keyword, or the row's country), never on a generic "ID" column.
    Structural,
}

/// How a value reaches its validator: the shape the detector's pattern stage finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A run of digits (with spaces, dots, dashes or slashes) of one of these digit counts.
    Digits(&'static [u8]),
    /// Digits then one or two letters: `12345678Z`, `1234567TW`, `1234567M`.
    DigitsLetter,
    /// A letter then digits: `A58818501`, `A123456780`.
    LetterDigits,
    /// `DDMMYY` + century sign + 3 digits + check character (Finland).
    Hetu,
    /// `AA DDMMYY L SSC` (Germany's pension insurance number).
    Rvnr,
    /// Nine characters of the German document alphabet, then an optional check digit.
    DeDocument,
    /// Two letters, six digits, a letter A-D (UK NINO).
    Nino,
    /// The 16-character Italian codice fiscale.
    ItFiscal,
    /// `X1234567L` (Spanish NIE).
    EsNie,
    /// `YYMMDD-NNNN` / `YYYYMMDD-NNNN` with `-` or `+` (Sweden).
    SePersonnummer,
    /// A 15-character NIR with a Corsican department (2A/2B).
    CorsicanNir,
}

/// A validator: the value as written in, whether it is well formed out.
pub type Validator = fn(&str) -> bool;

/// One national identifier.
pub struct Identifier {
    pub entity: Entity,
    /// The validator's name in `testdata/vectors/` ("dk.cpr").
    pub key: &'static str,
    pub validate: fn(&str) -> bool,
    pub strength: Strength,
    pub forms: &'static [Form],
    /// Digit groupings the identifier is customarily printed in (e.g. `[3, 2, 4]` for an SSN).
    /// Other groupings (phone-like `030 1234567`) are not candidates; a single group always is.
    pub layouts: &'static [&'static [u8]],
    /// Layouts that identify the value on their own (`123-45-6789`): without context it scores as
    /// a strong format, and a failing check is reported as an invalid value.
    pub evidence: &'static [&'static [u8]],
    /// Words that name it, lowercase, in its own language(s) and English.
    pub keywords: &'static [&'static str],
    /// Column names that mean it (tokens joined by `_`, accents folded).
    pub columns: &'static [&'static str],
}

use Form::*;
use Strength::*;

macro_rules! id {
    ($entity:ident, $key:literal, $f:path, $strength:ident, [$($form:expr),*], [$($layout:expr),*],
     [$($kw:literal),*], [$($col:literal),*] $(, evidence: [$($ev:expr),*])?) => {
        Identifier {
            entity: Entity::$entity,
            key: $key,
            validate: $f,
            strength: $strength,
            forms: &[$($form),*],
            layouts: &[$(&$layout),*],
            evidence: &[$($(&$ev),*)?],
            keywords: &[$($kw),*],
            columns: &[$($col),*],
        }
    };
}

/// Every national identifier, in the order candidates are tried (earlier wins a tie).
pub static IDENTIFIERS: &[Identifier] = &[
    id!(UsSsn, "us.ssn", us::ssn, Structural, [Digits(&[9])], [[3, 2, 4]],
        ["ssn", "social security", "soc. sec"],
        ["ssn", "social_security", "social_security_number", "socsec"],
        evidence: [[3, 2, 4]]),
    id!(UsItin, "us.itin", us::itin, Structural, [Digits(&[9])], [[3, 2, 4]],
        ["itin", "individual taxpayer"],
        ["itin", "individual_taxpayer_identification_number"],
        evidence: [[3, 2, 4]]),
    id!(
        UkNino,
        "gb.nino",
        gb::nino,
        Strong,
        [Nino],
        [],
        ["nino", "national insurance", "ni number", "ni no"],
        [
            "nino",
            "national_insurance",
            "national_insurance_number",
            "ni_number",
            "ni_no"
        ]
    ),
    id!(
        UkNhs,
        "gb.nhs",
        gb::nhs,
        Weak,
        [Digits(&[10])],
        [[3, 3, 4]],
        ["nhs"],
        ["nhs", "nhs_number", "nhs_no"]
    ),
    id!(
        UkUtr,
        "gb.utr",
        gb::utr,
        Weak,
        [Digits(&[10])],
        [[5, 5]],
        ["utr", "unique taxpayer", "self assessment"],
        ["utr", "unique_taxpayer_reference", "sa_utr"]
    ),
    id!(
        AtSocialSecurity,
        "at.svnr",
        at::svnr,
        Weak,
        [Digits(&[10])],
        [[4, 6]],
        [
            "sozialversicherungsnummer",
            "sv-nummer",
            "sv-nr",
            "svnr",
            "versicherungsnummer",
            "social security"
        ],
        [
            "svnr",
            "sv_nummer",
            "sv_nr",
            "sozialversicherungsnummer",
            "versicherungsnummer"
        ]
    ),
    id!(
        BeNationalNumber,
        "be.nn",
        be::nn,
        Weak,
        [Digits(&[11])],
        [[2, 2, 2, 3, 2], [6, 3, 2], [6, 5]],
        [
            "rijksregisternummer",
            "rijksregister",
            "numéro national",
            "numero national",
            "registre national",
            "national number",
            "insz",
            "niss"
        ],
        [
            "rijksregisternummer",
            "rijksregister_nummer",
            "numero_national",
            "registre_national",
            "national_number",
            "insz",
            "niss"
        ]
    ),
    id!(
        BgEgn,
        "bg.egn",
        bg::egn,
        Weak,
        [Digits(&[10])],
        [],
        ["егн", "egn", "единен граждански номер", "personal number"],
        ["egn", "edinen_grazhdanski_nomer"]
    ),
    id!(
        ChAhv,
        "ch.ahv",
        ch::ahv,
        Strong,
        [Digits(&[13])],
        [[3, 4, 4, 2]],
        [
            "ahv",
            "avs",
            "avs-nr",
            "ahv-nr",
            "ahv-nummer",
            "sozialversicherungsnummer",
            "numéro avs",
            "social security"
        ],
        ["ahv", "ahv_nr", "ahv_nummer", "avs", "numero_avs", "ahvn13"]
    ),
    id!(
        CyTic,
        "cy.vat",
        cy::vat,
        Strong,
        [DigitsLetter],
        [],
        [
            "tic",
            "tax identification code",
            "αριθμός φορολογικής ταυτότητας",
            "αφτ"
        ],
        ["tic", "cy_tic", "afm_cy"]
    ),
    id!(
        CzBirthNumber,
        "cz.rc",
        cz::rc,
        Weak,
        [Digits(&[9, 10])],
        [[6, 4], [6, 3]],
        [
            "rodné číslo",
            "rodne cislo",
            "rč",
            "rodné čislo",
            "birth number"
        ],
        ["rodne_cislo", "birth_number_cz"]
    ),
    id!(
        DeTaxId,
        "de.idnr",
        de::idnr,
        Weak,
        [Digits(&[11])],
        [[2, 3, 3, 3]],
        ["steuer", "idnr", "identifikationsnummer", "tax id", "tin"],
        [
            "steuer_id",
            "steuerid",
            "steueridentifikationsnummer",
            "idnr",
            "steuer_idnr",
            "tax_id_de"
        ]
    ),
    id!(
        DeSocialInsurance,
        "de.rvnr",
        de::rvnr,
        Strong,
        [Rvnr],
        [],
        [
            "rentenversicherungsnummer",
            "sozialversicherungsnummer",
            "versicherungsnummer",
            "rvnr",
            "sv-nummer",
            "social security"
        ],
        [
            "rvnr",
            "rentenversicherungsnummer",
            "sozialversicherungsnummer",
            "sv_nummer",
            "versicherungsnummer_rv"
        ]
    ),
    id!(
        DeHealthInsurance,
        "de.kvnr",
        de::kvnr,
        Weak,
        [LetterDigits],
        [],
        [
            "krankenversichertennummer",
            "versichertennummer",
            "kvnr",
            "krankenkasse",
            "egk",
            "health insurance"
        ],
        [
            "kvnr",
            "krankenversichertennummer",
            "versichertennummer",
            "kv_nummer"
        ]
    ),
    id!(
        DeIdCard,
        "de.id_card",
        de::id_card,
        Weak,
        [DeDocument, LetterDigits, Digits(&[10])],
        [],
        [
            "personalausweis",
            "ausweisnummer",
            "ausweis",
            "id card",
            "identity card"
        ],
        [
            "personalausweisnummer",
            "ausweisnummer",
            "personalausweis",
            "ausweis_nr",
            "id_card_number",
            "id_card"
        ]
    ),
    id!(
        DePassport,
        "de.passport",
        de::passport,
        Weak,
        [DeDocument, LetterDigits],
        [],
        ["reisepass", "passnummer", "pass-nr", "passport"],
        [
            "reisepassnummer",
            "passnummer",
            "reisepass",
            "passport_number",
            "passport"
        ]
    ),
    id!(
        DkCpr,
        "dk.cpr",
        dk::cpr,
        Weak,
        [Digits(&[10])],
        [[6, 4]],
        ["cpr", "personnummer", "cpr-nummer", "cpr-nr"],
        ["cpr", "cpr_nummer", "cpr_nr", "cprnr"]
    ),
    id!(
        EePersonalCode,
        "ee.ik",
        ee::ik,
        Weak,
        [Digits(&[11])],
        [],
        ["isikukood", "personal code"],
        ["isikukood"]
    ),
    id!(
        EsNif,
        "es.dni",
        es::dni,
        Strong,
        [DigitsLetter],
        [],
        ["nif", "dni", "d.n.i"],
        ["dni", "documento_nacional_identidad", "numero_dni"]
    ),
    id!(
        EsNie,
        "es.nie",
        es::nie,
        Strong,
        [EsNie],
        [],
        ["nie", "n.i.e"],
        ["nie", "numero_identidad_extranjero"]
    ),
    id!(
        EsCif,
        "es.cif",
        es::cif,
        Weak,
        [LetterDigits],
        [],
        ["cif", "c.i.f", "código de identificación fiscal"],
        ["cif", "codigo_identificacion_fiscal"]
    ),
    id!(
        FiPersonalIdentityCode,
        "fi.hetu",
        fi::hetu,
        Strong,
        [Hetu],
        [],
        [
            "henkilötunnus",
            "henkilotunnus",
            "hetu",
            "personbeteckning",
            "sotu"
        ],
        ["henkilotunnus", "hetu", "personbeteckning", "sotu"]
    ),
    id!(FrNir, "fr.nir", fr::nir, Strong, [Digits(&[15]), CorsicanNir], [[1, 2, 2, 2, 3, 3, 2], [13, 2]],
        ["nir", "sécurité sociale", "securite sociale", "insee", "sécu", "secu"],
        ["nir", "numero_securite_sociale", "securite_sociale", "num_secu", "insee", "numero_insee"],
        evidence: [[1, 2, 2, 2, 3, 3, 2]]),
    id!(
        FrTaxNumber,
        "fr.nif",
        fr::nif,
        Weak,
        [Digits(&[13])],
        [[2, 2, 3, 3, 3]],
        [
            "numéro fiscal",
            "numero fiscal",
            "spi",
            "nif",
            "identifiant fiscal"
        ],
        ["numero_fiscal", "spi", "numero_spi", "identifiant_fiscal"]
    ),
    id!(
        GrAmka,
        "gr.amka",
        gr::amka,
        Weak,
        [Digits(&[11])],
        [],
        ["αμκα", "amka", "αριθμός μητρώου κοινωνικής ασφάλισης"],
        ["amka"]
    ),
    id!(
        HrOib,
        "hr.oib",
        hr::oib,
        Weak,
        [Digits(&[11])],
        [],
        ["oib", "osobni identifikacijski broj"],
        ["oib", "osobni_identifikacijski_broj"]
    ),
    id!(
        HuTaxId,
        "hu.adoazonosito",
        hu::adoazonosito,
        Weak,
        [Digits(&[10])],
        [],
        ["adóazonosító", "adoazonosito", "adóazonosító jel", "tax id"],
        ["adoazonosito", "adoazonosito_jel", "adoszam_magan"]
    ),
    id!(
        IePpsn,
        "ie.pps",
        ie::pps,
        Strong,
        [DigitsLetter],
        [],
        ["pps", "ppsn", "personal public service"],
        ["pps", "ppsn", "pps_number", "ppsn_number"]
    ),
    id!(
        IsKennitala,
        "is.kennitala",
        is::kennitala,
        Weak,
        [Digits(&[10])],
        [[6, 4]],
        ["kennitala", "kt."],
        ["kennitala"]
    ),
    id!(
        ItFiscalCode,
        "it.codice_fiscale",
        it::codice_fiscale,
        Strong,
        [ItFiscal],
        [],
        ["codice fiscale", "cod. fisc", "c.f."],
        ["codice_fiscale", "cod_fiscale", "codicefiscale", "cf"]
    ),
    id!(
        LtPersonalCode,
        "lt.asmens",
        lt::asmens,
        Weak,
        [Digits(&[11])],
        [],
        ["asmens kodas", "asmens", "personal code"],
        ["asmens_kodas"]
    ),
    id!(
        LuNationalId,
        "lu.matricule",
        lu::matricule,
        Weak,
        [Digits(&[13])],
        [[4, 2, 2, 5], [8, 5]],
        [
            "matricule",
            "numéro d'identification",
            "sozialversicherungsnummer",
            "cns"
        ],
        [
            "matricule",
            "numero_identification_national",
            "matricule_cns"
        ]
    ),
    id!(
        LvPersonalCode,
        "lv.personas_kods",
        lv::personas_kods,
        Weak,
        [Digits(&[11])],
        [[6, 5]],
        ["personas kods", "personas", "personal code"],
        ["personas_kods"]
    ),
    id!(
        MtIdCard,
        "mt.id_card",
        mt::id_card,
        Structural,
        [DigitsLetter],
        [],
        ["karta tal-identità", "id card", "identity card"],
        ["karta_tal_identita", "mt_id_card"]
    ),
    id!(
        NlBsn,
        "nl.bsn",
        nl::bsn,
        Weak,
        [Digits(&[9])],
        [[4, 2, 3], [3, 3, 3]],
        ["bsn", "burgerservicenummer", "sofinummer", "sofi"],
        ["bsn", "burgerservicenummer", "sofinummer", "sofi_nummer"]
    ),
    id!(
        NoFodselsnummer,
        "no.fodselsnummer",
        no::fodselsnummer,
        Weak,
        [Digits(&[11])],
        [[6, 5]],
        [
            "fødselsnummer",
            "fodselsnummer",
            "personnummer",
            "d-nummer",
            "fnr"
        ],
        ["fodselsnummer", "fnr", "f_nr", "personnummer_no"]
    ),
    id!(
        PlPesel,
        "pl.pesel",
        pl::pesel,
        Weak,
        [Digits(&[11])],
        [],
        ["pesel", "numer pesel"],
        ["pesel", "numer_pesel"]
    ),
    id!(
        PlNip,
        "pl.nip",
        pl::nip,
        Weak,
        [Digits(&[10])],
        [[3, 3, 2, 2], [3, 2, 2, 3]],
        ["nip", "numer identyfikacji podatkowej"],
        ["nip", "numer_nip"]
    ),
    id!(
        PtNif,
        "pt.nif",
        pt::nif,
        Weak,
        [Digits(&[9])],
        [[3, 3, 3]],
        [
            "nif",
            "contribuinte",
            "número de contribuinte",
            "numero de contribuinte"
        ],
        ["contribuinte", "numero_contribuinte", "nif_pt"]
    ),
    id!(
        RoCnp,
        "ro.cnp",
        ro::cnp,
        Weak,
        [Digits(&[13])],
        [],
        ["cnp", "cod numeric personal"],
        ["cnp", "cod_numeric_personal"]
    ),
    id!(
        SePersonnummer,
        "se.personnummer",
        se::personnummer,
        Weak,
        [Digits(&[10, 12]), SePersonnummer],
        [[6, 4], [8, 4]],
        ["personnummer", "personnr", "samordningsnummer", "pnr"],
        ["personnummer", "personnr", "person_nr", "samordningsnummer"]
    ),
    id!(
        SiEmso,
        "si.emso",
        si::emso,
        Weak,
        [Digits(&[13])],
        [],
        ["emšo", "emso", "enotna matična številka"],
        ["emso"]
    ),
];

/// The identifiers written as a digit run of `n` digits (index: `n`, 0 to 19).
pub fn by_digit_count() -> [Vec<&'static Identifier>; 20] {
    let mut table: [Vec<&'static Identifier>; 20] = Default::default();
    for id in IDENTIFIERS {
        for form in id.forms {
            if let Form::Digits(lens) = form {
                for &n in lens.iter() {
                    table[n as usize].push(id);
                }
            }
        }
    }
    table
}

/// What a column name says, by the identifiers' column names: the identifier whose matching
/// name is longest ("versicherungsnummer_rv" beats "versicherungsnummer"), or `Ambiguous` when
/// identifiers of several countries share it ("sozialversicherungsnummer").
pub enum ColumnMatch {
    One(&'static Identifier),
    Ambiguous,
}

/// Matches a column name with `names(words)` (true when one of `words` names the column).
pub fn column_match(names: impl Fn(&str) -> bool) -> Option<ColumnMatch> {
    let mut best: Option<(usize, &'static Identifier)> = None;
    let mut tie = false;
    for id in IDENTIFIERS {
        let Some(len) = id
            .columns
            .iter()
            .filter(|c| names(c))
            .map(|c| c.len())
            .max()
        else {
            continue;
        };
        match best {
            Some((l, _)) if l > len => {}
            Some((l, b)) if l == len && b.entity != id.entity => tie = true,
            Some((l, _)) if l == len => {}
            _ => {
                best = Some((len, id));
                tie = false;
            }
        }
    }
    best.map(|(_, id)| {
        if tie {
            ColumnMatch::Ambiguous
        } else {
            ColumnMatch::One(id)
        }
    })
}

/// Whether `value` has a length this identifier is ever written in (for shapes several
/// identifiers share: a 6-digit Maltese ID card is not an invalid Cyprus TIC).
pub fn plausible_length(id: &Identifier, value: &str) -> bool {
    let n = value.bytes().filter(u8::is_ascii_alphanumeric).count();
    use Entity::*;
    match id.entity {
        CyTic | EsNif | EsCif | EsNie | UkNino => n == 9,
        IePpsn => n == 8 || n == 9,
        DeHealthInsurance => n == 10,
        DeIdCard | DePassport => n == 9 || n == 10,
        _ => true,
    }
}

/// The identifiers written in each shape of their own (every form but digit runs).
pub fn by_form() -> Vec<(Form, Vec<&'static Identifier>)> {
    let mut table: Vec<(Form, Vec<&'static Identifier>)> = Vec::new();
    for id in IDENTIFIERS {
        for &form in id.forms {
            if matches!(form, Form::Digits(_)) {
                continue;
            }
            match table.iter_mut().find(|(f, _)| *f == form) {
                Some((_, ids)) => ids.push(id),
                None => table.push((form, vec![id])),
            }
        }
    }
    table
}

/// The identifiers, if any, that entity is.
pub fn identifier(entity: Entity) -> Option<&'static Identifier> {
    IDENTIFIERS.iter().find(|i| i.entity == entity)
}

/// A VAT number's country prefix, the country and its validator (which accepts the number with
/// or without the prefix).
pub static VAT: &[(&str, &str, Validator)] = &[
    ("AT", "AT", at::vat),
    ("BE", "BE", be::vat),
    ("BG", "BG", bg::vat),
    ("CHE", "CH", ch::vat),
    ("CY", "CY", cy::vat),
    ("CZ", "CZ", cz::vat),
    ("DE", "DE", de::vat),
    ("DK", "DK", dk::vat),
    ("EE", "EE", ee::vat),
    ("EL", "GR", gr::vat),
    ("ES", "ES", es::vat),
    ("FI", "FI", fi::vat),
    ("FR", "FR", fr::vat),
    ("GR", "GR", gr::vat),
    ("GB", "GB", gb::vat),
    ("HR", "HR", hr::vat),
    ("HU", "HU", hu::vat),
    ("IE", "IE", ie::vat),
    ("IT", "IT", it::vat),
    ("LT", "LT", lt::vat),
    ("LU", "LU", lu::vat),
    ("LV", "LV", lv::vat),
    ("MT", "MT", mt::vat),
    ("NL", "NL", nl::vat),
    ("NO", "NO", no::vat),
    ("PL", "PL", pl::vat),
    ("PT", "PT", pt::vat),
    ("RO", "RO", ro::vat),
    ("SE", "SE", se::vat),
    ("SI", "SI", si::vat),
    ("SK", "SK", sk::vat),
    ("XI", "GB", gb::vat),
];

/// Words that name a VAT number, in the member states' languages and English.
pub const VAT_KEYWORDS: &[&str] = &[
    "vat",
    "ust-id",
    "ustid",
    "ust-idnr",
    "umsatzsteuer",
    "uid",
    "tva",
    "iva",
    "p.iva",
    "p. iva",
    "partita iva",
    "btw",
    "moms",
    "mwst",
    "mva",
    "dph",
    "dič",
    "pvm",
    "pvn",
    "alv",
    "áfa",
    "ddv",
    "φπα",
    "αφμ",
    "nif-iva",
    "cif/nif",
    "kmkr",
    "ддс",
];

/// Column names that mean a VAT number.
pub const VAT_COLUMNS: &[&str] = &[
    "vat",
    "vat_number",
    "vat_id",
    "vat_no",
    "vat_reg",
    "vat_registration",
    "ust_id",
    "ust_idnr",
    "ustid",
    "ustidnr",
    "umsatzsteuer_id",
    "uid_nummer",
    "tva",
    "numero_tva",
    "tva_intracommunautaire",
    "partita_iva",
    "p_iva",
    "piva",
    "btw",
    "btw_nummer",
    "moms_nr",
    "momsnummer",
    "mwst_nr",
    "mva_nummer",
    "dic",
    "ic_dph",
    "nif_iva",
];

/// Splits a known VAT prefix off `s` (after optional spaces): `(country, validator, rest)`.
pub fn vat_prefix(s: &str) -> Option<(&'static str, Validator)> {
    let s = s.trim_start();
    VAT.iter().find_map(|&(prefix, country, f)| {
        let head = s.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix).then_some((country, f))
    })
}

/// Whether `s`, written with its country prefix, is a valid VAT number; `None` when it has no
/// known prefix.
pub fn vat_with_prefix(s: &str) -> Option<bool> {
    vat_prefix(s).map(|(_, f)| f(s))
}

/// Whether `s` (prefix optional) is a valid VAT number of `country` (ISO alpha-2; GR for
/// Greece).
pub fn vat_of(country: &str, s: &str) -> bool {
    VAT.iter()
        .any(|&(_, c, f)| c.eq_ignore_ascii_case(country) && f(s))
}

/// Today's date (UTC) as (year, month, day), for the identifiers whose birth date may not lie
/// in the future (Danish CPR, Belgian national number).
pub(crate) fn today() -> (u32, u32, u32) {
    use chrono::Datelike;
    let d = chrono::Utc::now().date_naive();
    (d.year() as u32, d.month(), d.day())
}

/// The validator named `key` as in `testdata/vectors/` ("dk.cpr", "de.vat"); `sk.rc` is the
/// Czech and Slovak birth number.
pub fn validator(key: &str) -> Option<fn(&str) -> bool> {
    if key == "sk.rc" {
        return Some(cz::rc);
    }
    if let Some(id) = IDENTIFIERS.iter().find(|i| i.key == key) {
        return Some(id.validate);
    }
    let country = key.strip_suffix(".vat")?;
    VAT.iter()
        .find(|&&(_, c, _)| c.eq_ignore_ascii_case(country))
        .map(|&(_, _, f)| f)
}

/// Shared helpers for the validators' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    pub type Validator = fn(&str) -> bool;

    /// Every single-digit substitution at a digit position (from `from` on) must be rejected.
    pub fn assert_mutations_rejected(f: Validator, valid: &str, from: usize) {
        assert!(f(valid), "precondition: {valid} should be valid");
        let bytes = valid.as_bytes();
        let mut checked = 0;
        for (i, &b) in bytes.iter().enumerate().skip(from) {
            if !b.is_ascii_digit() {
                continue;
            }
            for r in (b'0'..=b'9').filter(|&r| r != b) {
                let mut m = bytes.to_vec();
                m[i] = r;
                let m = String::from_utf8(m).unwrap();
                assert!(!f(&m), "mutation {m} of {valid} (pos {i}) accepted");
                checked += 1;
            }
        }
        assert!(checked > 0);
    }

    /// Every substitution of a digit at the byte positions `at` of `valid` (whatever stands
    /// there) must be rejected.
    pub fn assert_mutations_rejected_at<P>(f: Validator, valid: &str, at: P)
    where
        P: IntoIterator,
        P::Item: std::borrow::Borrow<usize>,
    {
        use std::borrow::Borrow;
        assert!(f(valid), "precondition: {valid} should be valid");
        for i in at {
            let i = *i.borrow();
            for r in (b'0'..=b'9').filter(|&r| r != valid.as_bytes()[i]) {
                let mut m = valid.as_bytes().to_vec();
                m[i] = r;
                let m = String::from_utf8(m).unwrap();
                assert!(!f(&m), "mutation {m} of {valid} (pos {i}) accepted");
            }
        }
    }

    /// The single-digit substitutions of `v` that still validate (for checks that do not catch
    /// every one, so that a test can pin exactly which).
    pub fn mutations_accepted(f: Validator, v: &str) -> Vec<String> {
        let mut out = Vec::new();
        for i in 0..v.len() {
            for r in (b'0'..=b'9').filter(|&r| r != v.as_bytes()[i]) {
                let mut m = v.as_bytes().to_vec();
                m[i] = r;
                let m = String::from_utf8(m).unwrap();
                if f(&m) {
                    out.push(m);
                }
            }
        }
        out
    }

    pub fn assert_all_valid_and_mutations(f: Validator, valid: &[&str]) {
        for v in valid {
            assert_mutations_rejected(f, v, 0);
        }
    }

    /// The check digits that complete `body` into a valid value.
    pub fn complete(f: Validator, body: &str) -> Vec<String> {
        (0..10)
            .map(|c| format!("{body}{c}"))
            .filter(|s| f(s))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every validator in the registry and the VAT table, by name.
    fn all() -> Vec<(String, Validator)> {
        let mut v: Vec<(String, Validator)> = IDENTIFIERS
            .iter()
            .map(|i| (i.key.to_string(), i.validate))
            .collect();
        v.extend(VAT.iter().map(|&(p, _, f)| (format!("{p} vat"), f)));
        v
    }

    #[test]
    fn every_entity_has_one_identifier_at_most_and_keys_resolve() {
        for id in IDENTIFIERS {
            assert!(id.entity.is_national_id(), "{}", id.key);
            assert_eq!(identifier(id.entity).map(|i| i.key), Some(id.key));
            assert!(validator(id.key).is_some(), "{}", id.key);
            assert!(
                !id.keywords.is_empty() && !id.columns.is_empty(),
                "{}",
                id.key
            );
            assert!(!id.forms.is_empty(), "{}", id.key);
        }
        for e in crate::entity::Entity::ALL {
            if e.is_national_id() {
                assert!(identifier(*e).is_some(), "{e} has no validator");
            }
        }
        assert!(validator("el.vat").is_none());
        assert!(validator("gr.vat").is_some() && validator("ch.vat").is_some());
    }

    #[test]
    fn adversarial_inputs_are_rejected() {
        let long_digits = "1".repeat(1000);
        let long_alpha = "A1".repeat(500);
        let long_seps = " -./".repeat(250);
        let inputs: [&str; 12] = [
            "",
            " ",
            "----",
            " -./ -./",
            "١٢٣",
            "٤١١١١١١١١١١١١١١١",
            "Ünïcode",
            "4111\u{200b}1111\u{200b}1111\u{200b}1111",
            &long_digits,
            &long_alpha,
            &long_seps,
            "\0\0\0\0\0\0\0\0\0\0\0",
        ];
        for (name, f) in all() {
            for s in inputs {
                let short: String = s.chars().take(20).collect();
                assert!(!f(s), "{name} accepted {short:?}");
            }
        }
    }

    /// Random strings (ASCII from the identifiers' alphabet, and arbitrary bytes) never make a
    /// validator panic, and are overwhelmingly rejected.
    #[test]
    fn fuzz_never_panics() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        const ALPHABET: &[u8] = b"0123456789012345678901234567890123456789ABCDEHLMXYZabqv -./+_<";
        let validators = all();
        let mut accepted = 0usize;
        let mut bytes = Vec::with_capacity(64);
        let rounds = 20_000u32;
        for i in 0..rounds {
            bytes.clear();
            let len = match next() % 16 {
                0 => (next() % 200) as usize,
                _ => (next() % 24) as usize,
            };
            for _ in 0..len {
                let r = next();
                bytes.push(if i % 2 == 0 {
                    ALPHABET[(r % ALPHABET.len() as u64) as usize]
                } else {
                    r as u8
                });
            }
            let s = String::from_utf8_lossy(&bytes);
            accepted += validators.iter().filter(|(_, f)| f(&s)).count();
            let _ = super::super::mrz::find(&s);
        }
        let tries = rounds as usize * validators.len();
        assert!(accepted * 100 < tries, "accepted {accepted} of {tries}");
    }

    /// For the single-check-digit schemes at most one final digit completes a body.
    #[test]
    fn at_most_one_check_digit() {
        use testing::complete;
        let mut state: u64 = 0x0123_4567_89AB_CDEF;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2_000 {
            let body: String = (0..12)
                .map(|_| (b'0' + (next() % 10) as u8) as char)
                .collect();
            assert!(complete(de::idnr, &body[..10]).len() <= 1, "{body}");
            assert!(complete(pl::pesel, &body[..10]).len() <= 1, "{body}");
            assert!(complete(gb::nhs, &body[..9]).len() <= 1, "{body}");
            assert!(complete(nl::bsn, &body[..8]).len() <= 1, "{body}");
            assert!(complete(se::personnummer, &body[..9]).len() <= 1, "{body}");
            assert!(complete(hr::oib, &body[..10]).len() <= 1, "{body}");
            assert!(
                complete(ch::ahv, &format!("756{}", &body[..9])).len() <= 1,
                "{body}"
            );
            assert!(complete(ro::cnp, &body[..12]).len() <= 1, "{body}");
            assert!(complete(pt::nif, &body[..8]).len() <= 1, "{body}");
            assert!(complete(pl::nip, &body[..9]).len() <= 1, "{body}");
        }
    }
}
