//! The kinds of personal data scour knows about.
//!
//! Names follow Presidio where Presidio has one (`EMAIL_ADDRESS`, `UK_NHS`, ...) so findings can
//! be compared across tools; the others use the `CC_NAME` style. The table is closed (an enum)
//! because per-entity statistics are kept in fixed arrays on the hot path.

use std::fmt;

macro_rules! entities {
    ($( $variant:ident => $name:literal, $national:literal, $doc:literal ;)*) => {
        /// One kind of personal data.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Entity { $( $variant, )* }

        impl Entity {
            /// Every entity, in report order.
            pub const ALL: &'static [Entity] = &[ $( Entity::$variant, )* ];
            /// The number of entities (size of per-entity arrays).
            pub const COUNT: usize = Self::ALL.len();

            /// The stable name used in reports, findings and on the command line.
            pub fn name(self) -> &'static str {
                match self { $( Entity::$variant => $name, )* }
            }
            /// How the entity is recognised and validated (for `--help` and the README).
            pub fn validation(self) -> &'static str {
                match self { $( Entity::$variant => $doc, )* }
            }
            /// A national personal identifier (grouped as `NATIONAL_ID` in column verdicts).
            pub fn is_national_id(self) -> bool {
                match self { $( Entity::$variant => $national, )* }
            }
            pub fn index(self) -> usize {
                self as usize
            }
            /// Parses a name as written by [`Entity::name`] (case-insensitive).
            pub fn from_name(name: &str) -> Option<Entity> {
                Self::ALL.iter().copied().find(|e| e.name().eq_ignore_ascii_case(name.trim()))
            }
        }
    };
}

entities! {
    EmailAddress => "EMAIL_ADDRESS", false, "RFC 5322 shape (dot-atom local part, dotted domain, alphabetic TLD)";
    PhoneNumber => "PHONE_NUMBER", false, "libphonenumber metadata (phonenumber crate); region from a country column or --default-region";
    IbanCode => "IBAN_CODE", false, "ISO 13616 mod-97 check digits and per-country BBAN format and length (iban_validate crate)";
    CreditCard => "CREDIT_CARD", false, "Luhn plus issuer IIN ranges and lengths: Visa, Mastercard (incl. 2-series), Maestro, Amex, Discover, JCB, UnionPay, Diners";
    IpAddress => "IP_ADDRESS", false, "IPv4 dotted quad and IPv6 (std::net parser)";
    Url => "URL", false, "http(s)/ftp scheme or www. prefix";
    DateTime => "DATE_TIME", false, "ISO 8601 date/date-time, European d.m.yyyy / d/m/yyyy and US m/d/yyyy; calendar-checked";
    UsSsn => "US_SSN", true, "area not 000/666/9xx, group not 00, serial not 0000 (no checksum exists)";
    UkNino => "UK_NINO", true, "HMRC prefix rules and suffix A-D (no checksum exists)";
    UkNhs => "UK_NHS", true, "mod-11 check digit";
    DeTaxId => "DE_TAX_ID", true, "Steuer-ID: ISO 7064 MOD 11,10 check digit and digit-repetition rule";
    FrNir => "FR_NIR", true, "INSEE number: key = 97 - (number mod 97), Corsica 2A/2B";
    ItFiscalCode => "IT_FISCAL_CODE", true, "codice fiscale check letter, with omocodia substitutions";
    EsNif => "ES_NIF", true, "DNI: mod-23 control letter";
    EsNie => "ES_NIE", true, "X/Y/Z prefix + mod-23 control letter";
    NlBsn => "NL_BSN", true, "11-proof (elfproef)";
    PlPesel => "PL_PESEL", true, "weighted check digit and embedded birth date";
    SePersonnummer => "SE_PERSONNUMMER", true, "Luhn over 10 digits and embedded date (samordningsnummer day + 60)";
    Person => "PERSON", false, "column name only in this version (dictionaries come later)";
    Location => "LOCATION", false, "column name only in this version (dictionaries come later)";
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
    /// The country that issues this identifier (ISO 3166-1 alpha-2), for tie-breaking by the
    /// row's country.
    pub fn country(self) -> Option<&'static str> {
        use Entity::*;
        match self {
            UsSsn => Some("US"),
            UkNino | UkNhs => Some("GB"),
            DeTaxId => Some("DE"),
            FrNir => Some("FR"),
            ItFiscalCode => Some("IT"),
            EsNif | EsNie => Some("ES"),
            NlBsn => Some("NL"),
            PlPesel => Some("PL"),
            SePersonnummer => Some("SE"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for (i, e) in Entity::ALL.iter().enumerate() {
            assert_eq!(e.index(), i);
            assert_eq!(Entity::from_name(e.name()), Some(*e));
            assert_eq!(Entity::from_name(&e.name().to_lowercase()), Some(*e));
        }
        assert_eq!(Entity::from_name("NO_SUCH"), None);
    }
}
