//! Column classification: one verdict per column from its name and its values.
//!
//! Three pieces of evidence: (a) the column's name, matched against hints in en, de, fr, it,
//! es, nl, pl and sv after folding case, accents and camelCase; (b) the share of non-null cells
//! that are entirely one entity; (c) the share of those that validate. Values decide; the name
//! breaks ties, lowers the bar, and is the only evidence for entities the value detectors cannot
//! see yet (PERSON, LOCATION). A free-text column gets no verdict: its per-entity counts say
//! what it contains.

use serde::Serialize;

use crate::detect::ids;
pub use crate::entity::Hint;
use crate::entity::{Entity, Verdict};

/// Counts for one entity in one column.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EntityCounts {
    /// Cells with at least one finding of this entity.
    pub cells: u64,
    /// Cells that are entirely one finding of this entity (structured values).
    pub whole_cells: u64,
    /// Of `whole_cells`, those that validated.
    pub whole_valid: u64,
    pub findings: u64,
    pub validated: u64,
    pub invalid: u64,
    /// Up to three masked samples of validated values, first seen first.
    pub samples: Vec<String>,
    /// Up to three masked samples of invalid values.
    pub invalid_samples: Vec<String>,
}

/// What the scan learned about one column.
#[derive(Debug, Clone)]
pub struct ColumnStats {
    pub non_null: u64,
    pub bytes: u64,
    pub cells_with_findings: u64,
    pub entities: Vec<EntityCounts>,
}

pub const MAX_SAMPLES: usize = 3;

impl Default for ColumnStats {
    fn default() -> Self {
        ColumnStats {
            non_null: 0,
            bytes: 0,
            cells_with_findings: 0,
            entities: vec![EntityCounts::default(); Entity::SLOTS],
        }
    }
}

fn merge_samples(into: &mut Vec<String>, from: Vec<String>) {
    for s in from {
        if into.len() >= MAX_SAMPLES {
            break;
        }
        if !into.contains(&s) {
            into.push(s);
        }
    }
}

impl ColumnStats {
    /// Adds `other`, which covers later rows (samples stay first-seen-first).
    pub fn merge(&mut self, other: ColumnStats) {
        self.non_null += other.non_null;
        self.bytes += other.bytes;
        self.cells_with_findings += other.cells_with_findings;
        for (a, b) in self.entities.iter_mut().zip(other.entities) {
            a.cells += b.cells;
            a.whole_cells += b.whole_cells;
            a.whole_valid += b.whole_valid;
            a.findings += b.findings;
            a.validated += b.validated;
            a.invalid += b.invalid;
            merge_samples(&mut a.samples, b.samples);
            merge_samples(&mut a.invalid_samples, b.invalid_samples);
        }
    }
}

/// Entity hints for column names. Tokens are lowercase ASCII after folding; a hint of several
/// tokens must appear contiguously. Order matters: the first entity whose hint matches wins,
/// so specific identifiers come before generic words ("ip_address" is IP, not an address).
const NAME_HINTS: &[(Hint, &[&str])] = &[
    (
        Hint::Entity(Entity::IpAddress),
        &[
            "ip",
            "ip_address",
            "ip_addr",
            "ipv4",
            "ipv6",
            "ip_adresse",
            "adresse_ip",
            "indirizzo_ip",
            "direccion_ip",
            "ip_adres",
            "adres_ip",
            "remote_addr",
            "client_ip",
        ],
    ),
    (
        Hint::Entity(Entity::EmailAddress),
        &[
            "email",
            "e_mail",
            "mail",
            "mail_address",
            "emailadresse",
            "mailadresse",
            "courriel",
            "adresse_mail",
            "adresse_email",
            "correo",
            "correo_electronico",
            "posta_elettronica",
            "indirizzo_email",
            "emailadres",
            "e_post",
            "epost",
            "epostadress",
            "mejl",
            "adres_email",
            "adres_e_mail",
        ],
    ),
    (
        Hint::Entity(Entity::PhoneNumber),
        &[
            "phone",
            "phone_number",
            "telephone",
            "tel",
            "tel_no",
            "telefon",
            "telefonnummer",
            "handy",
            "handynummer",
            "mobil",
            "mobile",
            "mobilnummer",
            "cell",
            "cellphone",
            "cell_phone",
            "portable",
            "telefono",
            "numero_di_telefono",
            "cellulare",
            "movil",
            "celular",
            "telefoon",
            "telefoonnummer",
            "mobiel",
            "mobiel_nummer",
            "telefon_komorkowy",
            "komorka",
            "nr_telefonu",
            "numer_telefonu",
            "fax",
            "gsm",
            "msisdn",
        ],
    ),
    (
        Hint::Entity(Entity::IbanCode),
        &[
            "iban",
            "bank_account",
            "account_number",
            "kontonummer",
            "bankverbindung",
            "rib",
            "compte_bancaire",
            "conto",
            "conto_corrente",
            "cuenta",
            "cuenta_bancaria",
            "rekeningnummer",
            "rekening",
            "numer_konta",
            "nr_konta",
            "bankkonto",
            "kontonr",
        ],
    ),
    (
        Hint::Entity(Entity::CreditCard),
        &[
            "card",
            "card_number",
            "card_no",
            "credit_card",
            "creditcard",
            "cc_number",
            "ccnum",
            "pan",
            "kreditkarte",
            "kartennummer",
            "carte",
            "carte_bancaire",
            "numero_carte",
            "carta",
            "carta_di_credito",
            "tarjeta",
            "numero_tarjeta",
            "creditcardnummer",
            "kaartnummer",
            "karta",
            "numer_karty",
            "kort",
            "kortnummer",
            "kreditkort",
        ],
    ),
    (
        Hint::Entity(Entity::Url),
        &[
            "url",
            "website",
            "web_site",
            "homepage",
            "home_page",
            "web",
            "webseite",
            "site_web",
            "site",
            "sito",
            "sito_web",
            "sitio_web",
            "pagina_web",
            "strona",
            "strona_www",
            "hemsida",
            "webbplats",
            "link",
        ],
    ),
    (
        Hint::Entity(Entity::DateTime),
        &[
            "dob",
            "date_of_birth",
            "birth_date",
            "birthdate",
            "birthday",
            "geburtsdatum",
            "geburtstag",
            "date_de_naissance",
            "date_naissance",
            "data_di_nascita",
            "data_nascita",
            "fecha_de_nacimiento",
            "fecha_nacimiento",
            "geboortedatum",
            "data_urodzenia",
            "fodelsedatum",
            "fodelsedag",
            "date",
            "datum",
            "fecha",
        ],
    ),
    (
        Hint::NationalId,
        &[
            "national_id",
            "nationalid",
            "national_identifier",
            "national_id_number",
            "id_number",
            "personal_id",
            "personal_number",
            "identity_number",
            "numero_identite",
            "carte_identite",
            "numero_carta_identita",
            "documento",
            "documento_identidad",
            "identiteitsnummer",
            "numer_dowodu",
            "dowod_osobisty",
            "id_nummer",
            "tax_id",
            "tin",
            "nif",
            "personal_code",
            "personal_identity_code",
            "birth_number",
            "tax_number",
            "steuernummer",
            "identification_number",
        ],
    ),
    (
        Hint::Entity(Entity::Location),
        &[
            "address",
            "addr",
            "address_line",
            "address1",
            "address2",
            "street",
            "street_address",
            "city",
            "town",
            "municipality",
            "adresse",
            "anschrift",
            "strasse",
            "ort",
            "wohnort",
            "stadt",
            "gemeinde",
            "rue",
            "ville",
            "commune",
            "indirizzo",
            "via",
            "citta",
            "comune",
            "localita",
            "direccion",
            "calle",
            "ciudad",
            "municipio",
            "localidad",
            "adres",
            "straat",
            "plaats",
            "woonplaats",
            "stad",
            "gemeente",
            "ulica",
            "miasto",
            "miejscowosc",
            "gata",
            "gatuadress",
            "postort",
            "kommun",
        ],
    ),
    (
        Hint::Entity(Entity::Person),
        &[
            "name",
            "full_name",
            "fullname",
            "first_name",
            "firstname",
            "given_name",
            "forename",
            "last_name",
            "lastname",
            "surname",
            "family_name",
            "middle_name",
            "maiden_name",
            "contact_name",
            "customer_name",
            "vorname",
            "nachname",
            "familienname",
            "prenom",
            "nom",
            "nom_de_famille",
            "nome",
            "cognome",
            "nombre",
            "apellido",
            "apellidos",
            "primer_apellido",
            "voornaam",
            "achternaam",
            "naam",
            "imie",
            "nazwisko",
            "fornamn",
            "efternamn",
            "namn",
            "tilltalsnamn",
        ],
    ),
];

/// Words that make a name hint refer to something other than a person ("product_name").
const NOT_PERSONAL: &[&str] = &[
    "company",
    "product",
    "file",
    "filename",
    "domain",
    "host",
    "hostname",
    "brand",
    "item",
    "article",
    "table",
    "column",
    "campaign",
    "firma",
    "produkt",
    "entreprise",
    "societe",
    "produit",
    "azienda",
    "prodotto",
    "empresa",
    "producto",
    "bedrijf",
    "firmy",
    "produkt",
    "foretag",
    "server",
    "email",
    "mac",
    "ip",
    "shop",
    "store",
    "template",
    "event",
    "project",
    "team",
];

/// Column names that say the column holds references, not personal data: weak formats in
/// them (a 9-digit number passing the BSN check) are not reported.
const NOT_PERSONAL_COLUMNS: &[&str] = &[
    "order",
    "order_number",
    "order_no",
    "order_id",
    "invoice",
    "invoice_number",
    "ticket",
    "ticket_number",
    "sku",
    "reference",
    "ref",
    "tracking",
    "tracking_number",
    "shipment",
    "bestellung",
    "bestellnummer",
    "auftrag",
    "auftragsnummer",
    "rechnung",
    "rechnungsnummer",
    "sendungsnummer",
    "commande",
    "numero_commande",
    "facture",
    "numero_facture",
    "ordine",
    "numero_ordine",
    "fattura",
    "pedido",
    "numero_pedido",
    "factura",
    "bestelling",
    "bestelnummer",
    "factuur",
    "zamowienie",
    "faktura",
    "numer_zamowienia",
    "order_nummer",
    "ordernummer",
    "fakturanummer",
    "product",
    "product_id",
    "article",
    "artikel",
    "version",
    "build",
    "transaction",
    "transaction_id",
    "payment_reference",
    "loyalty",
    "points",
    // Postcodes identify an area, not a person, and look like short identifiers.
    "postcode",
    "post_code",
    "postal_code",
    "zip",
    "zip_code",
    "zipcode",
    "plz",
    "postleitzahl",
    "code_postal",
    "cap",
    "codigo_postal",
    "postcode_nl",
    "kod_pocztowy",
    "postnummer",
];

/// Column names that carry a row's country (used as the phone region).
const COUNTRY_HINTS: &[&str] = &[
    "country",
    "country_code",
    "countrycode",
    "country_iso",
    "land",
    "landcode",
    "laenderkennung",
    "pays",
    "code_pays",
    "paese",
    "nazione",
    "pais",
    "codigo_pais",
    "kraj",
    "landskod",
];

fn fold_char(c: char, out: &mut String) {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ę' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ů' => "u",
        'ý' | 'ÿ' => "y",
        'ł' => "l",
        'ś' | 'š' => "s",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        c if c.is_ascii_alphanumeric() => {
            out.push(c.to_ascii_lowercase());
            return;
        }
        _ => "_",
    };
    out.push_str(folded);
}

/// Lowercase ASCII tokens of a column name: camelCase split, accents folded, anything else a
/// separator ("E-Mail-Adresse" → ["e", "mail", "adresse"], "dateOfBirth" → ["date", "of", "birth"]).
pub fn tokens(name: &str) -> Vec<String> {
    let mut s = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_uppercase() && prev_lower {
            s.push('_');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        for lc in c.to_lowercase() {
            fold_char(lc, &mut s);
        }
    }
    s.split('_')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

fn contains_run(tokens: &[String], hint: &str) -> bool {
    let want: Vec<&str> = hint.split('_').collect();
    tokens
        .windows(want.len())
        .any(|w| w.iter().zip(&want).all(|(a, b)| a == b))
}

/// The entity a column's name suggests, if any.
pub fn name_hint(name: &str) -> Option<Hint> {
    let toks = tokens(name);
    if toks.is_empty() {
        return None;
    }
    let joined: String = toks.concat();
    let names = |words: &[&str]| {
        words
            .iter()
            .any(|w| contains_run(&toks, w) || joined == w.replace('_', ""))
    };
    // Identifiers first: their names are the most specific ("nhs_number" is not a phone).
    match ids::column_match(|w| names(&[w])) {
        Some(ids::ColumnMatch::One(id)) => return Some(Hint::Entity(id.entity)),
        Some(ids::ColumnMatch::Ambiguous) => return Some(Hint::NationalId),
        None => {}
    }
    if names(ids::VAT_COLUMNS) {
        return Some(Hint::Entity(Entity::VatNumber));
    }
    for (hint, words) in NAME_HINTS {
        let hit = words
            .iter()
            .any(|w| contains_run(&toks, w) || joined == w.replace('_', ""));
        if !hit {
            continue;
        }
        if matches!(hint, Hint::Entity(Entity::Person))
            && toks.iter().any(|t| NOT_PERSONAL.contains(&t.as_str()))
        {
            continue;
        }
        return Some(*hint);
    }
    if NOT_PERSONAL_COLUMNS
        .iter()
        .any(|w| contains_run(&toks, w) || joined == w.replace('_', ""))
    {
        return Some(Hint::NotPersonal);
    }
    None
}

/// Whether the column's name says it holds the row's country.
pub fn is_country_column(name: &str) -> bool {
    let toks = tokens(name);
    let joined: String = toks.concat();
    COUNTRY_HINTS
        .iter()
        .any(|h| contains_run(&toks, h) || joined == h.replace('_', ""))
}

/// A column's verdict and the evidence behind it.
#[derive(Debug, Clone, Serialize)]
pub struct Classification {
    /// The entity (or `NATIONAL_ID`), or `None`.
    #[serde(serialize_with = "ser_verdict")]
    pub verdict: Option<Verdict>,
    /// 0..1.
    pub confidence: f32,
    /// What decided the verdict: "values", "values+name", "name", or "none".
    pub basis: &'static str,
    /// Share of non-null cells that are entirely the verdict's entity.
    pub match_share: f32,
    /// Share of those matched cells that validate.
    pub valid_share: f32,
}

fn ser_verdict<S: serde::Serializer>(v: &Option<Verdict>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_str(v.name()),
        None => s.serialize_none(),
    }
}

/// Decides a column's verdict.
pub fn classify(stats: &ColumnStats, hint: Option<Hint>) -> Classification {
    let none = Classification {
        verdict: None,
        confidence: 0.0,
        basis: "none",
        match_share: 0.0,
        valid_share: 0.0,
    };
    if stats.non_null == 0 {
        return none;
    }
    let non_null = stats.non_null as f32;
    let confidence = |share: f32, valid: f32, hinted: bool| {
        (0.35 + 0.45 * share + 0.1 * valid + if hinted { 0.1 } else { 0.0 }).min(1.0)
    };

    // (b)+(c): the entity that fills the most cells on its own.
    let (best, counts) = Entity::all()
        .iter()
        .map(|e| (*e, &stats.entities[e.index()]))
        .max_by(|a, b| a.1.whole_cells.cmp(&b.1.whole_cells).then(b.0.cmp(&a.0)))
        .expect("entities");
    let share = counts.whole_cells as f32 / non_null;
    let hinted = hint.is_some_and(|h| h.supports(best));
    let national_whole: u64 = Entity::ALL
        .iter()
        .filter(|e| e.is_national_id())
        .map(|e| stats.entities[e.index()].whole_cells)
        .sum();
    let mixed_ids =
        best.is_national_id() && (counts.whole_cells as f32) < 0.8 * national_whole as f32;
    if counts.whole_cells > 0 && !mixed_ids && (share >= 0.5 || (hinted && share >= 0.1)) {
        let valid = counts.whole_valid as f32 / counts.whole_cells as f32;
        return Classification {
            verdict: Some(Verdict::Entity(best)),
            confidence: confidence(share, valid, hinted),
            basis: if hinted { "values+name" } else { "values" },
            match_share: share,
            valid_share: valid,
        };
    }

    // National identifiers of several kinds sharing one column.
    let (whole, valid): (u64, u64) = Entity::ALL
        .iter()
        .filter(|e| e.is_national_id())
        .map(|e| &stats.entities[e.index()])
        .fold((0, 0), |(w, v), c| (w + c.whole_cells, v + c.whole_valid));
    let group_share = whole as f32 / non_null;
    let group_hinted = hint.is_some_and(|h| h.supports_any_national_id());
    if whole > 0 && (group_share >= 0.5 || (group_hinted && group_share >= 0.1)) {
        let valid_share = valid as f32 / whole as f32;
        return Classification {
            verdict: Some(Verdict::NationalId),
            confidence: confidence(group_share, valid_share, group_hinted),
            basis: if group_hinted {
                "values+name"
            } else {
                "values"
            },
            match_share: group_share,
            valid_share,
        };
    }

    // Entities the value detectors cannot see yet: the name alone decides, unless the values
    // are mostly something else.
    if let Some(Hint::Entity(e @ (Entity::Person | Entity::Location))) = hint {
        let other = stats.cells_with_findings as f32 / non_null;
        if other < 0.5 {
            return Classification {
                verdict: Some(Verdict::Entity(e)),
                confidence: 0.6,
                basis: "name",
                match_share: 0.0,
                valid_share: 0.0,
            };
        }
    }
    none
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_fold_case_accents_and_camel_case() {
        assert_eq!(tokens("E-Mail-Adresse"), ["e", "mail", "adresse"]);
        assert_eq!(tokens("dateOfBirth"), ["date", "of", "birth"]);
        assert_eq!(tokens("Téléphone"), ["telephone"]);
        assert_eq!(tokens("födelsedatum"), ["fodelsedatum"]);
    }

    #[test]
    fn name_hints_in_every_language() {
        let cases = [
            ("email", "EMAIL_ADDRESS"),
            ("e_mail", "EMAIL_ADDRESS"),
            ("courriel", "EMAIL_ADDRESS"),
            ("customer_email", "EMAIL_ADDRESS"),
            ("telefon", "PHONE_NUMBER"),
            ("Téléphone", "PHONE_NUMBER"),
            ("cellulare", "PHONE_NUMBER"),
            ("geburtsdatum", "DATE_TIME"),
            ("fecha_de_nacimiento", "DATE_TIME"),
            ("codice_fiscale", "IT_FISCAL_CODE"),
            ("BSN", "NL_BSN"),
            ("pesel", "PL_PESEL"),
            ("personnummer", "SE_PERSONNUMMER"),
            ("ip_address", "IP_ADDRESS"),
            ("Vorname", "PERSON"),
            ("nazwisko", "PERSON"),
            ("ville", "LOCATION"),
            ("national_id", "NATIONAL_ID"),
            ("numer_telefonu", "PHONE_NUMBER"),
            ("fodelsedatum", "DATE_TIME"),
            ("iban", "IBAN_CODE"),
        ];
        for (name, want) in cases {
            assert_eq!(name_hint(name).map(Hint::name), Some(want), "{name}");
        }
    }

    #[test]
    fn words_inside_other_words_are_not_hints() {
        assert_eq!(name_hint("hotel"), None);
        assert_eq!(name_hint("product_name"), Some(Hint::NotPersonal));
        assert_eq!(name_hint("order_number"), Some(Hint::NotPersonal));
        assert_eq!(name_hint("loyalty_points"), Some(Hint::NotPersonal));
    }

    #[test]
    fn country_columns() {
        assert!(is_country_column("Country"));
        assert!(is_country_column("code_pays"));
        assert!(!is_country_column("county_id"));
    }

    fn stats_with(entity: Entity, whole: u64, valid: u64, non_null: u64) -> ColumnStats {
        let mut s = ColumnStats {
            non_null,
            ..Default::default()
        };
        let c = &mut s.entities[entity.index()];
        c.whole_cells = whole;
        c.whole_valid = valid;
        c.cells = whole;
        s.cells_with_findings = whole;
        s
    }

    #[test]
    fn values_decide_and_the_name_lowers_the_bar() {
        let s = stats_with(Entity::EmailAddress, 95, 94, 100);
        let c = classify(&s, None);
        assert_eq!(c.verdict, Some(Verdict::Entity(Entity::EmailAddress)));
        assert!(c.confidence > 0.8);
        let weak = stats_with(Entity::PhoneNumber, 20, 20, 100);
        assert_eq!(classify(&weak, None).verdict, None);
        assert_eq!(
            classify(&weak, Some(Hint::Entity(Entity::PhoneNumber))).verdict,
            Some(Verdict::Entity(Entity::PhoneNumber))
        );
    }

    #[test]
    fn mixed_national_ids_make_a_national_id_column() {
        let mut s = stats_with(Entity::NlBsn, 30, 30, 100);
        s.entities[Entity::DeTaxId.index()].whole_cells = 40;
        s.entities[Entity::DeTaxId.index()].whole_valid = 38;
        assert_eq!(classify(&s, None).verdict, Some(Verdict::NationalId));
    }
}
