//! Context words: the few words before a candidate that make a weak format believable
//! ("BSN 111222333") or unbelievable ("Bestellung 123456782").
//!
//! Short digit strings pass weak checksums by chance (one in eleven 9-digit numbers is a valid
//! BSN), so those entities are reported only with supporting context: the column's name or a
//! keyword in the text just before the value. The window is small and the lists are short, so
//! this costs nothing on cells without candidates.

use crate::entity::Entity;

/// How far back (bytes) to look for a keyword.
const WINDOW: usize = 48;

/// Words that name the entity, lowercase; matched at a word start within the window. The words
/// of national identifiers live with their validators in [`super::ids`].
fn keywords(entity: Entity) -> &'static [&'static str] {
    use Entity::*;
    if let Some(id) = super::ids::identifier(entity) {
        return id.keywords;
    }
    match entity {
        VatNumber => super::ids::VAT_KEYWORDS,
        PhoneNumber => &[
            "tel",
            "phone",
            "telefon",
            "téléphone",
            "telefono",
            "teléfono",
            "mobil",
            "móvil",
            "movil",
            "handy",
            "cell",
            "cellulare",
            "fax",
            "whatsapp",
            "rückruf",
            "ruf ",
            "appel",
            "portable",
            "komórk",
            "komork",
            "telefoon",
            "gsm",
            "call",
            "ring",
            "rappeler",
            "appeler",
            "joindre",
            "chiamare",
            "richiamare",
            "chiamato",
            "llamar",
            "volver a llamar",
            "bellen",
            "terugbellen",
            "zadzwoń",
            "oddzwoń",
            "ringa",
            "ring upp",
            "nummer",
            "numéro",
            "numero",
            "número",
            "numer",
        ],
        CreditCard => &[
            "card",
            "karte",
            "carte",
            "carta",
            "tarjeta",
            "kaart",
            "kort",
            "karty",
            "karta",
            "visa",
            "mastercard",
            "amex",
            "maestro",
            "kreditkarte",
            "cc",
        ],
        IbanCode => &[
            "iban", "konto", "account", "compte", "conto", "cuenta", "rekening",
        ],
        _ => &[],
    }
}

/// Words that say the number next to them is *not* personal data.
const NEGATIVE: &[&str] = &[
    "order",
    "bestell",
    "auftrag",
    "invoice",
    "rechnung",
    "ticket",
    "commande",
    "facture",
    "ordine",
    "fattura",
    "pedido",
    "factura",
    "bestelling",
    "factuur",
    "zamówien",
    "faktur",
    "sku",
    "ref",
    "version",
    "art.-nr",
    "artikel",
    "tracking",
    "sendung",
    "colis",
];

/// All keywords in one automaton: pattern `i` belongs to `owners[i]` (`None`: negative).
struct Words {
    automaton: aho_corasick::AhoCorasick,
    owners: Vec<Option<Entity>>,
}

fn words() -> &'static Words {
    static WORDS: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for &e in Entity::ALL {
            for w in keywords(e) {
                // The automaton folds ASCII case only: add the upper-case and capitalised forms
                // of words in other scripts ("ЕГН", "ΑΜΚΑ", "EMŠO", "Téléphone").
                let mut forms = vec![w.to_string()];
                if !w.is_ascii() {
                    let mut chars = w.chars();
                    let first: String = chars
                        .next()
                        .into_iter()
                        .flat_map(char::to_uppercase)
                        .collect();
                    forms.push(w.to_uppercase());
                    forms.push(first + chars.as_str());
                }
                forms.dedup();
                for f in forms {
                    patterns.push(f);
                    owners.push(Some(e));
                }
            }
        }
        for w in NEGATIVE {
            patterns.push(w.to_string());
            owners.push(None);
        }
        let automaton = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // A full DFA: a few hundred short words, scanned in 48-byte windows many times per
            // cell, where the NFA's per-byte cost would dominate.
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("context keywords compile");
        Words { automaton, owners }
    })
}

/// The keywords found just before one candidate: for each entity, where its nearest
/// supporting word ends, and where the nearest negative word ends.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    support: [u16; Entity::SLOTS],
    /// The nearest supporting word of any entity.
    any_support: u16,
    against: u16,
}

/// Scans the words before `start` once; ask [`Window::context`] per entity.
pub fn window(text: &str, start: usize) -> Window {
    let mut w = Window {
        support: [0; Entity::SLOTS],
        any_support: 0,
        against: 0,
    };
    let mut from = start.saturating_sub(WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let hay = &text.as_bytes()[from..start];
    let words = words();
    // Keywords that count: (start, end, owner). A word inside a longer keyword of another
    // entity does not count on its own ("nummer" in "CPR-nummer" is no phone word).
    let mut found: [(u16, u16, Option<Entity>); 16] = [(0, 0, None); 16];
    let mut n = 0;
    for m in words.automaton.find_overlapping_iter(hay) {
        // A keyword counts at the start of a word: "tel" in "Hotel" does not.
        let boundary = !text[..from + m.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if !boundary {
            continue;
        }
        // A short identifier keyword must also end a word: "nie" is not "niemals", "tin" not
        // "Tina". (Negative words are stems: "ref" stands for "Referenz" too.)
        let owner = words.owners[m.pattern().as_usize()];
        let word = &hay[m.start()..m.end()];
        let ends_word = !text[from + m.end()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        let short = word.len() <= 4 && word.last().is_some_and(u8::is_ascii_alphanumeric);
        // Identifier abbreviations only; the phone and card words are stems ("kort" in
        // "Kortbetalning").
        let abbreviation = owner.is_some_and(|e| e.is_national_id() || e == Entity::VatNumber);
        if abbreviation && short && !ends_word {
            continue;
        }
        if n < found.len() {
            found[n] = (m.start() as u16, m.end() as u16, owner);
            n += 1;
        }
    }
    let found = &found[..n];
    for &(s, e, owner) in found {
        let inside_longer = found
            .iter()
            .any(|&(s2, e2, o2)| o2 != owner && s2 <= s && e <= e2 && e2 - s2 > e - s);
        if inside_longer {
            continue;
        }
        let end = e + 1; // +1 so that 0 means "none"
        match owner {
            Some(x) => {
                w.support[x.index()] = w.support[x.index()].max(end);
                w.any_support = w.any_support.max(end);
            }
            None => w.against = w.against.max(end),
        }
    }
    w
}

impl Window {
    /// Whether any word before the candidate names an entity.
    pub fn names_any(&self) -> bool {
        self.any_support > 0
    }

    /// Whether the nearest word naming an entity names `entity`.
    pub fn is_nearest(&self, entity: Entity) -> bool {
        self.any_support > 0 && self.support[entity.index()] == self.any_support
    }

    /// What the words say about `entity`; the nearer of a supporting and a negative word wins
    /// ("Rückruf ... Auftrag 23039963659" is an order; "Ticket 4711: BSN 111222333" a BSN).
    /// A word naming only other entities speaks against it ("Tel. 555-123-4567" is no NHS
    /// number).
    pub fn context(&self, entity: Entity) -> Context {
        let s = self.support[entity.index()];
        match (s, self.against) {
            (0, 0) if self.any_support > 0 => Context::Against,
            (0, 0) => Context::Neutral,
            (0, _) => Context::Against,
            (s, a) if a > s => Context::Against,
            _ => Context::Supports,
        }
    }
}

/// What the text before a candidate says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Supports,
    Neutral,
    Against,
}

/// Looks at the words before `start` for `entity` (one-off form of [`window`]).
pub fn context_for(entity: Entity, text: &str, start: usize) -> Context {
    window(text, start).context(entity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_before_candidate_supports_it() {
        let t = "Kunde hat BSN 111222333";
        assert_eq!(
            context_for(Entity::NlBsn, t, t.find("111").unwrap()),
            Context::Supports
        );
    }

    #[test]
    fn keyword_inside_another_word_does_not_count() {
        // "tel" inside "Hotel" is not a phone keyword.
        let t = "Hotel 0301234567";
        assert_eq!(context_for(Entity::PhoneNumber, t, 6), Context::Neutral);
    }

    #[test]
    fn order_words_count_against() {
        let t = "Bestellung Nr. 111222333";
        assert_eq!(
            context_for(Entity::NlBsn, t, t.find("111").unwrap()),
            Context::Against
        );
    }

    #[test]
    fn the_nearer_word_wins() {
        let t = "Bitte Rückruf um 12:45 Uhr. Reklamation zu Auftrag 23039963659";
        assert_eq!(
            context_for(Entity::PhoneNumber, t, t.find("2303").unwrap()),
            Context::Against
        );
        let t = "Ticket 4711: BSN 111222333";
        assert_eq!(
            context_for(Entity::NlBsn, t, t.find("1112").unwrap()),
            Context::Supports
        );
    }

    #[test]
    fn window_respects_char_boundaries() {
        let t = "ééééééééééééééééééééééééééééééé téléphone 0612345678";
        let at = t.find("0612").unwrap();
        assert_eq!(context_for(Entity::PhoneNumber, t, at), Context::Supports);
    }
}
