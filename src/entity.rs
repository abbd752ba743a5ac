//! The kinds of personal data scour knows about.
//!
//! Names follow Presidio where Presidio has one (`EMAIL_ADDRESS`, `UK_NHS`, ...) so findings can
//! be compared across tools; the others use the `CC_NAME` style. The table is closed (an enum)
//! because per-entity statistics are kept in fixed arrays on the hot path.

use std::fmt;

macro_rules! entities {
    ($( $variant:ident => $name:literal, $national:literal, $countries:literal, $format:literal, $doc:literal ;)*) => {
        /// One kind of personal data: a built-in one, or one of the slots a custom recognizer
        /// fills at start-up ([`Entity::register_custom`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Entity {
            $( $variant, )*
            Custom0, Custom1, Custom2, Custom3, Custom4, Custom5, Custom6, Custom7,
            Custom8, Custom9, Custom10, Custom11, Custom12, Custom13, Custom14, Custom15,
        }

        impl Entity {
            /// Every built-in entity, in report order.
            pub const ALL: &'static [Entity] = &[ $( Entity::$variant, )* ];
            /// The number of built-in entities.
            pub const COUNT: usize = Self::ALL.len();
            /// The slots for custom recognizers' entities.
            pub const CUSTOM: [Entity; 16] = [
                Entity::Custom0, Entity::Custom1, Entity::Custom2, Entity::Custom3,
                Entity::Custom4, Entity::Custom5, Entity::Custom6, Entity::Custom7,
                Entity::Custom8, Entity::Custom9, Entity::Custom10, Entity::Custom11,
                Entity::Custom12, Entity::Custom13, Entity::Custom14, Entity::Custom15,
            ];
            /// Size of per-entity arrays: built-in entities plus custom slots.
            pub const SLOTS: usize = Self::COUNT + 16;

            /// The stable name used in reports, findings and on the command line.
            pub fn name(self) -> &'static str {
                match self {
                    $( Entity::$variant => $name, )*
                    custom => custom_name(custom),
                }
            }
            /// How the entity is recognised and validated (for `scour entities` and the README).
            pub fn validation(self) -> &'static str {
                match self { $( Entity::$variant => $doc, )* _ => "custom recognizer (`--recognizers`)" }
            }
            /// How values are written (for `scour entities` and the README).
            pub fn format(self) -> &'static str {
                match self { $( Entity::$variant => $format, )* _ => "–" }
            }
            /// The issuing countries (ISO 3166-1 alpha-2, space-separated; empty if none).
            pub fn countries(self) -> &'static str {
                match self { $( Entity::$variant => $countries, )* _ => "" }
            }
            /// A national personal identifier (grouped as `NATIONAL_ID` in column verdicts).
            pub fn is_national_id(self) -> bool {
                match self { $( Entity::$variant => $national, )* _ => false }
            }
            pub fn index(self) -> usize {
                self as usize
            }
            /// Parses a name as written by [`Entity::name`] (case-insensitive), custom ones
            /// included once registered.
            pub fn from_name(name: &str) -> Option<Entity> {
                Self::all().iter().copied().find(|e| e.name().eq_ignore_ascii_case(name.trim()))
            }
        }
    };
}

static CUSTOM_NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
static ACTIVE: std::sync::OnceLock<Vec<Entity>> = std::sync::OnceLock::new();

fn custom_name(e: Entity) -> &'static str {
    let k = e.index() - Entity::COUNT;
    CUSTOM_NAMES
        .get()
        .and_then(|names| names.get(k).copied())
        .unwrap_or("CUSTOM")
}

impl Entity {
    /// Built-in entities plus the registered custom ones, in report order.
    pub fn all() -> &'static [Entity] {
        ACTIVE.get().map_or(Self::ALL, Vec::as_slice)
    }

    /// Gives custom recognizers' entities their slots, once per process (before any scan).
    /// Registering the same names again returns the same slots.
    pub fn register_custom(names: &[String]) -> Result<Vec<Entity>, String> {
        if names.len() > Self::CUSTOM.len() {
            return Err(format!(
                "at most {} custom entities are supported, got {}",
                Self::CUSTOM.len(),
                names.len()
            ));
        }
        let leaked: Vec<&'static str> = names
            .iter()
            .map(|n| &*Box::leak(n.clone().into_boxed_str()))
            .collect();
        let set = CUSTOM_NAMES.get_or_init(|| leaked.clone());
        if *set != leaked {
            return Err("custom entities were already registered in this process".into());
        }
        let customs = &Self::CUSTOM[..names.len()];
        ACTIVE.get_or_init(|| Self::ALL.iter().chain(customs).copied().collect());
        Ok(customs.to_vec())
    }

    /// Whether this is a custom recognizer's entity.
    pub fn is_custom(self) -> bool {
        self.index() >= Self::COUNT
    }
}

// One row per entity: variant => NAME, national identifier?, countries, format, validation.
// "No check digit exists" is said where that is the case: such formats are reported only with
// supporting context (column name, keyword or the row's country).
entities! {
    EmailAddress => "EMAIL_ADDRESS", false, "", "`local@domain.tld`, any script in the local part", "dot-atom rules (no leading, trailing or double dot; local part ≤ 64 and address ≤ 254 characters)";
    PhoneNumber => "PHONE_NUMBER", false, "", "E.164, `00`/`011` international, national with trunk prefix, any grouping", "libphonenumber metadata: general pattern plus a number type within its possible lengths; region from a country column or `--default-region`";
    IbanCode => "IBAN_CODE", false, "", "compact or grouped in fours", "ISO 13616 mod-97 plus per-country BBAN format and length (`iban_validate`)";
    CreditCard => "CREDIT_CARD", false, "", "12–19 digits, spaces or dashes", "Luhn plus the scheme's IIN range and lengths: Visa, Mastercard (incl. 2-series), Maestro, Amex, Discover, JCB, UnionPay, Diners, Mir, RuPay, Troy, Verve, Dankort, Elo, Hipercard, InterPayment, InstaPayment, UATP";
    IpAddress => "IP_ADDRESS", false, "", "IPv4, IPv6 (full and compressed)", "std parser; `1.2.3.4.5` version strings rejected";
    Url => "URL", false, "", "`http(s)://`, `ftp://`, `www.`", "shape";
    DateTime => "DATE_TIME", false, "", "ISO 8601 date / date-time, `d.m.yyyy`, `d/m/yyyy`, `m/d/yyyy`, `27 March 1985` in en/de/fr/it/es/nl/sv/pl", "calendar check (leap years); invalid dates reported invalid";
    VatNumber => "VAT_NUMBER", false, "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK GB CH NO", "country prefix + 8–12 characters (`EL` for Greece, `GB`/`XI`, `CHE-123.456.789 MWST`, `NO 123456789 MVA`)", "each country's published check digits (mod 11, mod 97, mod 89, mod 37, Luhn, ISO 7064 ...); without its prefix only after a VAT word or in a VAT column";
    Mrz => "MRZ", false, "", "ICAO 9303 TD1 (3 × 30), TD2 (2 × 36), TD3 (2 × 44) characters, lines joined by newlines, spaces or nothing", "ICAO 9303 check digits of document number, birth date, expiry date, optional data and the composite";
    UsSsn => "US_SSN", true, "US", "AAA-GG-SSSS", "no check digit exists: area not 000/666/9xx, group not 00, serial not 0000";
    UsItin => "US_ITIN", true, "US", "9XX-XX-XXXX", "no check digit exists: starts with 9, group 50-65, 70-88, 90-92 or 94-99";
    UkNino => "UK_NINO", true, "GB", "AB 12 34 56 C", "no check digit exists: HMRC prefix rules and suffix A-D";
    UkNhs => "UK_NHS", true, "GB", "999 999 9999", "mod-11 check digit";
    UkUtr => "UK_UTR", true, "GB", "10 digits (optional K)", "HMRC weighted mod-11 check digit (first digit)";
    AtSocialSecurity => "AT_SOCIAL_SECURITY", true, "AT", "NNNC DDMMYY", "Sozialversicherungsnummer: weighted mod-11 check digit and embedded birth date";
    BeNationalNumber => "BE_NATIONAL_NUMBER", true, "BE", "YY.MM.DD-SSS.CC", "Rijksregisternummer: 97 - mod 97 (2000+ variant) and embedded birth date";
    BgEgn => "BG_EGN", true, "BG", "YYMMDDSSSC", "ЕГН: weighted mod-11 check digit and embedded birth date (month +20/+40 by century)";
    ChAhv => "CH_AHV", true, "CH", "756.9999.9999.99", "AHV/AVS number: 756 prefix and EAN-13 check digit";
    CyTic => "CY_TIC", true, "CY", "99999999L", "Tax Identification Code: check letter (same rule as the VAT number)";
    CzBirthNumber => "CZ_BIRTH_NUMBER", true, "CZ SK", "YYMMDD/SSSC", "rodné číslo (Czech and Slovak): mod-11 (10 digits) and embedded birth date (women month +50); 9-digit pre-1954 numbers have no check digit";
    DeTaxId => "DE_TAX_ID", true, "DE", "99 999 999 999", "Steuer-ID: ISO 7064 MOD 11,10 check digit and digit-repetition rule";
    DeSocialInsurance => "DE_SOCIAL_INSURANCE", true, "DE", "AA DDMMYY L SSC", "Rentenversicherungsnummer: weighted check digit with the letter's alphabet position, embedded birth date";
    DeHealthInsurance => "DE_HEALTH_INSURANCE", true, "DE", "A999999999", "Krankenversichertennummer: weighted mod-10 check digit with the letter's alphabet position";
    DeIdCard => "DE_ID_CARD", true, "DE", "9 characters + check digit", "Personalausweisnummer: restricted alphabet and ICAO 9303 check digit (when written)";
    DePassport => "DE_PASSPORT", true, "DE", "C/F/G/H/J/K + 8 characters + check digit", "Reisepassnummer: restricted alphabet and ICAO 9303 check digit (when written)";
    DkCpr => "DK_CPR", true, "DK", "DDMMYY-SSSS", "CPR-nummer: no check digit exists since 2007; validates the embedded birth date and century digit";
    EePersonalCode => "EE_PERSONAL_CODE", true, "EE", "GYYMMDDSSSC", "isikukood: two-stage weighted mod-11 check digit and embedded birth date";
    EsNif => "ES_NIF", true, "ES", "99999999-L", "DNI: mod-23 control letter";
    EsNie => "ES_NIE", true, "ES", "X9999999-L", "X/Y/Z prefix + mod-23 control letter";
    EsCif => "ES_CIF", true, "ES", "L9999999C", "CIF: entity letter and check digit or letter";
    FiPersonalIdentityCode => "FI_PERSONAL_IDENTITY_CODE", true, "FI", "DDMMYYCZZZQ", "henkilötunnus: mod-31 check character, century sign and embedded birth date";
    FrNir => "FR_NIR", true, "FR", "S YY MM DD CCC OOO KK", "INSEE number: key = 97 - (number mod 97), Corsica 2A/2B";
    FrTaxNumber => "FR_TAX_NUMBER", true, "FR", "99 99 999 999 999", "numéro fiscal (SPI): check = first 10 digits mod 511";
    GrAmka => "GR_AMKA", true, "GR", "DDMMYYSSSSC", "ΑΜΚΑ: Luhn check digit and embedded birth date";
    HrOib => "HR_OIB", true, "HR", "11 digits", "OIB: ISO 7064 MOD 11,10 check digit";
    HuTaxId => "HU_TAX_ID", true, "HU", "8DDDDDSSSC", "adóazonosító jel: weighted mod-11 check digit and birth date as days since 1867-01-01";
    IePpsn => "IE_PPSN", true, "IE", "9999999L(L)", "PPS number: weighted mod-23 check letter";
    IsKennitala => "IS_KENNITALA", true, "IS", "DDMMYY-SSCM", "kennitala: weighted mod-11 check digit, century digit and embedded date";
    ItFiscalCode => "IT_FISCAL_CODE", true, "IT", "AAAAAA99A99A999A", "codice fiscale check letter, with omocodia substitutions";
    LtPersonalCode => "LT_PERSONAL_CODE", true, "LT", "GYYMMDDSSSC", "asmens kodas: two-stage weighted mod-11 check digit and embedded birth date";
    LuNationalId => "LU_NATIONAL_ID", true, "LU", "YYYYMMDDSSSCC", "matricule: Luhn and Verhoeff check digits and embedded birth date";
    LvPersonalCode => "LV_PERSONAL_CODE", true, "LV", "DDMMYY-CNNNX", "personas kods: weighted check digit and embedded birth date; 32... codes since 2017";
    MtIdCard => "MT_ID_CARD", true, "MT", "9999999L", "no check digit exists: up to 7 digits and a letter M, G, A, P, L, H, B or Z";
    NlBsn => "NL_BSN", true, "NL", "999999999", "11-proof (elfproef)";
    NoFodselsnummer => "NO_FODSELSNUMMER", true, "NO", "DDMMYY IIIKK", "fødselsnummer: two mod-11 check digits and embedded birth date (D- and H-numbers)";
    PlPesel => "PL_PESEL", true, "PL", "YYMMDDSSSSC", "weighted check digit and embedded birth date";
    PlNip => "PL_NIP", true, "PL", "999-999-99-99", "NIP: weighted mod-11 check digit";
    PtNif => "PT_NIF", true, "PT", "999 999 999", "NIF: mod-11 check digit";
    RoCnp => "RO_CNP", true, "RO", "SYYMMDDJJNNNC", "CNP: weighted mod-11 check digit, county code and embedded birth date";
    SePersonnummer => "SE_PERSONNUMMER", true, "SE", "YYMMDD-NNNC", "Luhn over 10 digits and embedded date (samordningsnummer day + 60)";
    SiEmso => "SI_EMSO", true, "SI", "DDMMYYYRRBBBC", "EMŠO: weighted mod-11 check digit and embedded birth date";
    Person => "PERSON", false, "", "–", "first names, surnames and titles from `dictionaries/`, capitalisation, neighbouring words, context words and the column name";
    Location => "LOCATION", false, "", "–", "cities from `dictionaries/`; street + house number (+ postcode + city) by street words and compound endings; place words and the column name";
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A column verdict: one entity, the group of national identifiers, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Entity(Entity),
    /// Several national identifier kinds that together fill the column (e.g. an international
    /// `national_id` column holding Steuer-IDs, NIRs and BSNs).
    NationalId,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Entity(e) => e.name(),
            Verdict::NationalId => "NATIONAL_ID",
        }
    }
}

/// What a column's name says about its cells. It counts as context for every cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    Entity(Entity),
    /// A column of national identifiers of any country ("national_id", "tax_id").
    NationalId,
    /// A column of references that are not personal data ("order_number", "invoice").
    NotPersonal,
}

impl Hint {
    pub fn name(self) -> &'static str {
        match self {
            Hint::Entity(e) => e.name(),
            Hint::NationalId => "NATIONAL_ID",
            Hint::NotPersonal => "NOT_PERSONAL",
        }
    }
    pub fn entity(self) -> Option<Entity> {
        match self {
            Hint::Entity(e) => Some(e),
            _ => None,
        }
    }
    /// Whether the name supports `e` as this column's content.
    pub fn supports(self, e: Entity) -> bool {
        match self {
            Hint::Entity(h) => h == e,
            Hint::NationalId => e.is_national_id(),
            Hint::NotPersonal => false,
        }
    }
    pub fn supports_any_national_id(self) -> bool {
        match self {
            Hint::Entity(h) => h.is_national_id(),
            Hint::NationalId => true,
            Hint::NotPersonal => false,
        }
    }
}

impl Entity {
    /// Whether `country` (ISO 3166-1 alpha-2) issues this entity, for tie-breaking by the row's
    /// country. "UK" is accepted for GB.
    pub fn issued_in(self, country: &str) -> bool {
        let country = if country == "UK" { "GB" } else { country };
        // `countries` is two letters per country, space-separated.
        country.len() == 2
            && self
                .countries()
                .as_bytes()
                .chunks(3)
                .any(|c| &c[..2] == country.as_bytes())
    }
}
