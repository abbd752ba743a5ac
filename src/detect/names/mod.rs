//! Names and places: PERSON and LOCATION from dictionaries, capitalisation, titles, neighbouring
//! tokens and context words.
//!
//! A cell is cut into tokens (runs of letters and digits, with their byte offsets into the
//! original text) and folded token by token into `" a  b  c "`; one aho-corasick pass over
//! that string marks each token with the lists it starts an entry of ([`Flags`]). Spans are then
//! assembled from the tokens:
//!
//! - PERSON: a title and the capitalised words after it ("Frau Anna Schmidt", "M. Dupont"); a
//!   known first name and the capitalised words after it ("Anna Schmidt", "Jean-Pierre de la
//!   Tour"); an initial and a known surname ("J. Dupont"); a lone first or last name, which
//!   needs more support.
//! - LOCATION: a street (a street word or a compound street name, "rue de la Paix", "High
//!   Street", "Hauptstraße") next to a house number, extended over a postcode and a city; a known
//!   city, believed more after "in", "nach", "à" or a postcode.
//!
//! Every score is a sum of named reasons, so `scour scan --explain` can print why.

pub(crate) mod fold;
mod gazetteer;

pub use fold::fold;
pub use gazetteer::{read_user_list, Flags, Gazetteer, UserList};

use crate::entity::{Entity, Hint};

/// Why a span scored what it did: up to eight named contributions.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Reasons {
    items: [(&'static str, f32); 8],
    len: usize,
}

impl Reasons {
    fn add(&mut self, why: &'static str, delta: f32) {
        if self.len < self.items.len() {
            self.items[self.len] = (why, delta);
            self.len += 1;
        }
    }
    pub fn score(&self) -> f32 {
        self.items[..self.len]
            .iter()
            .map(|&(_, d)| d)
            .sum::<f32>()
            .clamp(0.0, 1.0)
    }
    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, f32)> {
        self.items[..self.len].iter()
    }
}

/// A PERSON or LOCATION span with its reasons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NameSpan {
    pub entity: Entity,
    pub start: usize,
    pub end: usize,
    pub reasons: Reasons,
}

impl NameSpan {
    pub fn score(&self) -> f32 {
        self.reasons.score()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Mixed,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
    /// First letter upper case.
    cap: bool,
    /// Every letter upper case.
    caps: bool,
    /// Lists an entry starting at this token belongs to.
    flags: Flags,
    /// Last token of that entry (itself for one-word entries).
    last: usize,
    /// Inside another detector's finding (an e-mail, a URL, a date): not a word of a name.
    blocked: bool,
    /// Start of this token in the folded string.
    folded: usize,
}

impl Tok {
    fn has(&self, bit: u32) -> bool {
        self.flags.has(bit)
    }
    fn is_word(&self) -> bool {
        self.kind == Kind::Word && !self.blocked
    }
    /// Written like a name: capitalised, and not a short all-caps code ("IBAN", "SKU").
    fn name_like(&self) -> bool {
        self.is_word() && self.cap && !(self.caps && self.end - self.start <= 4)
    }
}

/// Reusable buffers for one thread.
#[derive(Default)]
pub struct Scratch {
    toks: Vec<Tok>,
    folded: String,
    spans: Vec<NameSpan>,
}

/// Title words of one or two letters count only with their dot ("M. Dupont", not "M Dupont").
const MIN_UNDOTTED_TITLE: usize = 3;

/// Finds PERSON and LOCATION spans in `text`. `blocked` are byte ranges other detectors
/// claimed. `whole_hint` is the column's hint. Spans come out sorted by start, not overlapping.
/// `custom` are the custom recognizers' dictionaries: (flag bit, entity, score).
pub fn find(
    gaz: &Gazetteer,
    text: &str,
    hint: Option<Hint>,
    blocked: &[(usize, usize)],
    custom: &[(u32, Entity, f32)],
    scratch: &mut Scratch,
    out: &mut Vec<NameSpan>,
) {
    let Scratch {
        toks,
        folded,
        spans,
    } = scratch;
    tokenize(text, toks, folded);
    if toks.is_empty() {
        return;
    }
    for t in toks.iter_mut() {
        t.blocked = blocked.iter().any(|&(s, e)| t.start < e && s < t.end);
    }
    // Mark each token with the entries that start at it.
    gaz.find(folded, |s, e, f| {
        if let Ok(i) = toks.binary_search_by_key(&s, |t| t.folded) {
            let j = toks
                .partition_point(|t| t.folded < e.saturating_sub(1))
                .max(1)
                - 1;
            toks[i].flags.0 |= f.0;
            toks[i].last = j.max(i);
        }
    });
    let cell = Cell {
        text,
        toks,
        gaz,
        hint,
    };
    spans.clear();
    cell.addresses(spans);
    cell.people(spans);
    cell.cities(spans);
    cell.by_column(spans);
    cell.custom(custom, spans);
    // Best first; a span overlapping a better one is dropped.
    spans.sort_by(|a, b| {
        b.score()
            .total_cmp(&a.score())
            .then(a.start.cmp(&b.start))
            .then(b.end.cmp(&a.end))
    });
    let first = out.len();
    for s in spans.iter() {
        if out[first..]
            .iter()
            .all(|o| s.end <= o.start || o.end <= s.start)
        {
            out.push(*s);
        }
    }
    out[first..].sort_by_key(|s| s.start);
}

fn tokenize(text: &str, toks: &mut Vec<Tok>, folded: &mut String) {
    toks.clear();
    folded.clear();
    let mut start: Option<usize> = None;
    let (mut letters, mut digits, mut upper, mut first_upper) = (0usize, 0usize, 0usize, false);
    let mut push = |s: usize, e: usize, letters: usize, digits: usize, upper: usize, fu: bool| {
        let kind = match (letters, digits) {
            (_, 0) => Kind::Word,
            (0, _) => Kind::Number,
            _ => Kind::Mixed,
        };
        let at = folded.len();
        folded.push(' ');
        fold::fold_into(&text[s..e], folded);
        folded.push(' ');
        toks.push(Tok {
            start: s,
            end: e,
            kind,
            cap: fu,
            caps: letters > 0 && upper == letters,
            flags: Flags::default(),
            last: toks.len(),
            blocked: false,
            folded: at,
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
                letters = 0;
                digits = 0;
                upper = 0;
                first_upper = c.is_uppercase();
            }
            if c.is_ascii_digit() || c.is_numeric() {
                digits += 1;
            } else {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                }
            }
        } else if let Some(s) = start.take() {
            push(s, i, letters, digits, upper, first_upper);
        }
    }
    if let Some(s) = start {
        push(s, text.len(), letters, digits, upper, first_upper);
    }
}

struct Cell<'a> {
    text: &'a str,
    toks: &'a [Tok],
    gaz: &'a Gazetteer,
    hint: Option<Hint>,
}

impl Cell<'_> {
    /// The text between token `i` and the next one.
    fn gap(&self, i: usize) -> &str {
        match self.toks.get(i + 1) {
            Some(n) => &self.text[self.toks[i].end..n.start],
            None => &self.text[self.toks[i].end..],
        }
    }
    /// Tokens `i` and `i + 1` are parts of one name: a space, a hyphen or an apostrophe apart
    /// (or a dot after an initial: "J. R. Smith", "J.-P. Sartre").
    fn joined(&self, i: usize) -> bool {
        match self.gap(i) {
            " " | "-" | "'" | "’" => true,
            ". " | ".-" => self.toks[i].end - self.toks[i].start == 1,
            _ => false,
        }
    }
    /// Like [`Cell::joined`], and an abbreviated street word's dot ("ul. Długa", "Str. 5").
    fn street_joined(&self, i: usize) -> bool {
        self.joined(i) || (self.gap(i) == ". " && self.toks[i].has(Flags::STREET))
    }
    /// A sentence or clause ends after token `i`.
    fn boundary(&self, i: usize) -> bool {
        let g = self.gap(i).trim_end();
        (g.ends_with(['.', '!', '?', ';', '\n']) && self.toks[i].end - self.toks[i].start > 1)
            || self.gap(i).contains('\n')
    }
    fn initial(&self, i: usize) -> bool {
        let t = &self.toks[i];
        t.is_word() && t.cap && t.end - t.start == 1 && self.gap(i).starts_with('.')
    }
    /// Whole cell: the span covers the trimmed text.
    fn whole(&self, start: usize, end: usize) -> bool {
        let lead = self.text.len() - self.text.trim_start().len();
        start == lead && end == self.text.trim_end().len()
    }

    /// The last token of a run of name words starting at `i`: capitalised words, initials,
    /// particles between them, at most `max` words. None if `i` does not start one.
    fn name_run(&self, i: usize, max: usize) -> Option<usize> {
        let mut last = None;
        let mut j = i;
        let mut words = 0;
        while j < self.toks.len() && words < max {
            let t = &self.toks[j];
            let particle = t.is_word() && !t.cap && t.has(Flags::PARTICLE);
            let name = t.name_like()
                && !t.has(Flags::CTX_PERSON | Flags::CTX_NEGATIVE | Flags::TITLE | Flags::COUNTRY)
                && !(t.has(Flags::STREET) && t.last == j && !t.has(Flags::LAST));
            if name {
                last = Some(j);
                words += 1;
            } else if !particle {
                break;
            }
            if !self.joined(j) {
                break;
            }
            j += 1;
        }
        last
    }

    /// Context words within four tokens before token `i`, and the column's name.
    fn context(&self, i: usize, entity: Entity, r: &mut Reasons) {
        let (want, why) = match entity {
            Entity::Person => (Flags::CTX_PERSON, "a person word before it"),
            _ => (Flags::CTX_LOCATION, "a place word just before it"),
        };
        let reach = if entity == Entity::Person { 4 } else { 2 };
        if self.before(i, reach).any(|t| t.has(want)) {
            r.add(why, if entity == Entity::Person { 0.25 } else { 0.3 });
        }
        if self.before(i, 2).any(|t| t.has(Flags::CTX_NEGATIVE)) {
            r.add(
                "a not-personal word before it (order, invoice, product ...)",
                -0.4,
            );
        }
        if self.hint.is_some_and(|h| h.supports(entity)) {
            r.add("the column's name", 0.3);
        }
        if self.hint == Some(Hint::NotPersonal) {
            r.add("the column's name says it is not personal data", -0.5);
        }
    }

    /// Up to `reach` words before token `i` in the same sentence, nearest first (numbers and
    /// other detectors' findings are skipped, not counted).
    fn before(&self, i: usize, reach: usize) -> impl Iterator<Item = &Tok> {
        let mut k = i;
        std::iter::from_fn(move || {
            while k > 0 {
                k -= 1;
                if self.boundary(k) {
                    k = 0;
                    return None;
                }
                if self.toks[k].is_word() {
                    return Some(&self.toks[k]);
                }
            }
            None
        })
        .take(reach)
    }

    fn push(&self, spans: &mut Vec<NameSpan>, entity: Entity, i: usize, j: usize, mut r: Reasons) {
        debug_assert!(matches!(entity, Entity::Person | Entity::Location));
        let (start, end) = (self.toks[i].start, self.toks[j].end);
        if self.whole(start, end) {
            r.add("the whole cell", 0.15);
        }
        self.context(i, entity, &mut r);
        spans.push(NameSpan {
            entity,
            start,
            end,
            reasons: r,
        });
    }

    fn people(&self, spans: &mut Vec<NameSpan>) {
        let toks = self.toks;
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            if !t.is_word() || t.has(Flags::COUNTRY) {
                i += 1;
                continue;
            }
            let mut r = Reasons::default();
            // A title, then the name.
            if t.has(Flags::TITLE) && t.last == i && t.cap {
                let dotted = self.gap(i).starts_with('.');
                if dotted || t.end - t.start >= MIN_UNDOTTED_TITLE {
                    if let Some(end) = self.name_run(i + 1, 4).filter(|_| self.joined(i)) {
                        r.add("a title before it (Herr, Mme, Dr. ...)", 0.65);
                        self.dictionary_support(i + 1, end, &mut r);
                        self.push(spans, Entity::Person, i + 1, end, r);
                        i = end + 1;
                        continue;
                    }
                }
            }
            if t.has(Flags::FIRST) && t.name_like() {
                let common = t.has(Flags::COMMON);
                let rest = if self.joined(t.last) {
                    self.name_run(t.last + 1, 3)
                } else {
                    None
                };
                match rest {
                    Some(end) => {
                        let surname = (t.last + 1..=end).any(|k| toks[k].has(Flags::LAST));
                        let plain = (t.last + 1..=end).all(|k| {
                            !toks[k].has(Flags::COMMON | Flags::CITY | Flags::STREET)
                                || toks[k].has(Flags::LAST | Flags::FIRST)
                        });
                        if surname || (plain && !common) {
                            r.add("a first name from the dictionary", 0.45);
                            r.add(
                                if surname {
                                    "followed by a surname from the dictionary"
                                } else {
                                    "followed by a capitalised word"
                                },
                                if surname { 0.35 } else { 0.2 },
                            );
                            if common {
                                r.add("the first name is also an ordinary word", -0.15);
                            }
                            self.push(spans, Entity::Person, i, end, r);
                            i = end + 1;
                            continue;
                        }
                    }
                    None => {
                        r.add("a first name from the dictionary", 0.5);
                        if common {
                            r.add("also an ordinary word", -0.3);
                        }
                        self.push(spans, Entity::Person, i, t.last, r);
                        i = t.last + 1;
                        continue;
                    }
                }
            }
            // "J. Dupont"
            if self.initial(i) && i + 1 < toks.len() && toks[i + 1].has(Flags::LAST) {
                if let Some(end) = self.name_run(i + 1, 2) {
                    r.add("an initial and a surname from the dictionary", 0.55);
                    self.push(spans, Entity::Person, i, end, r);
                    i = end + 1;
                    continue;
                }
            }
            if t.has(Flags::LAST) && t.name_like() && !t.has(Flags::FIRST) {
                r.add("a surname from the dictionary", 0.35);
                // A cell that is just "Smith" or "Rossi" is a name far more often than the
                // word.
                if t.has(Flags::COMMON) && !self.whole(t.start, toks[t.last].end) {
                    r.add("also an ordinary word", -0.25);
                }
                self.push(spans, Entity::Person, i, t.last, r);
                i = t.last + 1;
                continue;
            }
            i += 1;
        }
    }

    fn dictionary_support(&self, i: usize, j: usize, r: &mut Reasons) {
        if (i..=j).any(|k| self.toks[k].has(Flags::FIRST)) {
            r.add("a first name from the dictionary", 0.1);
        }
        if (i..=j).any(|k| self.toks[k].has(Flags::LAST)) {
            r.add("a surname from the dictionary", 0.1);
        }
    }

    /// A house number: 1–4 digits (not a year), optionally with a letter ("12a", "12 bis").
    fn house_number(&self, i: usize) -> bool {
        let t = &self.toks[i];
        if t.blocked {
            return false;
        }
        let s = &self.text[t.start..t.end];
        // Not part of a decimal, a time or a range: "1 834,14", "12:45", "3.5".
        let number_side = |gap: &str, other: Option<&Tok>| {
            other.is_some_and(|o| o.kind == Kind::Number) && matches!(gap, "," | "." | ":")
        };
        if (i > 0 && number_side(self.gap(i - 1), self.toks.get(i - 1)))
            || number_side(self.gap(i), self.toks.get(i + 1))
        {
            return false;
        }
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 4 || !s[digits..].chars().all(char::is_alphabetic) {
            return false;
        }
        s.len() - digits <= 1 && !(digits == 4 && (s.starts_with("19") || s.starts_with("20")))
    }

    fn street_word(&self, i: usize) -> bool {
        let t = &self.toks[i];
        t.is_word() && (t.has(Flags::STREET) || self.compound_street(i))
    }

    fn compound_street(&self, i: usize) -> bool {
        let t = &self.toks[i];
        t.is_word() && t.cap && {
            let mut f = String::new();
            fold::fold_into(&self.text[t.start..t.end], &mut f);
            self.gaz.is_compound_street(&f)
        }
    }

    /// Tokens that may be part of a street name.
    fn street_part(&self, i: usize) -> bool {
        let t = &self.toks[i];
        t.is_word()
            && (t.cap || t.has(Flags::STREET) || t.has(Flags::PARTICLE))
            && !t.has(Flags::CTX_NEGATIVE | Flags::CTX_PERSON)
    }

    fn addresses(&self, spans: &mut Vec<NameSpan>) {
        let toks = self.toks;
        let n = toks.len();
        let mut from = 0;
        for num in 0..n {
            if num < from || !self.house_number(num) {
                continue;
            }
            // "12 rue de la Paix", "12 High Street": the street after the number.
            let mut street = None;
            if num + 1 < n && matches!(self.gap(num), " " | ", " | " bis " | " b ") {
                let mut j = num + 1;
                let mut last = None;
                let mut evidence = false;
                while j < n && j <= num + 6 && self.street_part(j) {
                    evidence |= self.street_word(j);
                    if toks[j].cap || toks[j].has(Flags::STREET) {
                        last = Some(j);
                    }
                    if !self.street_joined(j) {
                        break;
                    }
                    j += 1;
                }
                if let (true, Some(last)) = (evidence, last) {
                    street = Some((num, last));
                }
            }
            // "Hauptstraße 12", "Via Roma, 5", "High Street 5": the street before it.
            if street.is_none() && num > 0 && matches!(self.gap(num - 1), " " | ", ") {
                let mut j = num - 1;
                let mut first = None;
                loop {
                    if j < from || !self.street_part(j) || num - j > 6 {
                        break;
                    }
                    if j < num - 1 && !self.street_joined(j) {
                        break;
                    }
                    if self.street_word(j) {
                        first = Some(j);
                    } else if first.is_some() && toks[j].cap {
                        // A capitalised word before a street word: "High Street", "Berliner
                        // Straße" (only words written against it).
                        let type_after = toks[j + 1].has(Flags::STREET);
                        if type_after && !toks[j].has(Flags::CTX_LOCATION) {
                            first = Some(j);
                        } else {
                            break;
                        }
                    }
                    if j == 0 {
                        break;
                    }
                    j -= 1;
                }
                if let Some(first) = first {
                    // "13/40": house and flat.
                    let flat = self.gap(num) == "/"
                        && toks.get(num + 1).is_some_and(|t| t.kind == Kind::Number);
                    street = Some((first, num + usize::from(flat)));
                }
            }
            let Some((s, mut e)) = street else { continue };
            if !(s..=e).any(|k| toks[k].name_like()) {
                continue;
            }
            let mut r = Reasons::default();
            r.add("a street name next to a house number", 0.75);
            // ", 10115 Berlin", " 75001 Paris", ", Berlin"
            if let Some(end) = self.postcode_and_city(e) {
                r.add("followed by a postcode or city", 0.1);
                e = end;
            }
            self.push(spans, Entity::Location, s, e, r);
            from = e + 1;
        }
    }

    /// After token `e`: an optional postcode and a city. Returns the new last token.
    fn postcode_and_city(&self, e: usize) -> Option<usize> {
        let toks = self.toks;
        let n = toks.len();
        let mut k = e + 1;
        if k >= n || !matches!(self.gap(e), ", " | " " | " - " | ",") {
            return None;
        }
        let mut postcode = false;
        if k < n && self.postcode(k) {
            postcode = true;
            // "00-950" (PL), "1234 AB" (NL), "SW1A 1AA" (GB) span two tokens.
            if k + 1 < n
                && matches!(self.gap(k), "-" | " ")
                && (toks[k + 1].kind != Kind::Word
                    || (toks[k + 1].caps && toks[k + 1].end - toks[k + 1].start == 2))
                && !toks[k + 1].blocked
                && toks[k + 1].end - toks[k + 1].start <= 4
            {
                k += 1;
            }
            if k + 1 >= n || !matches!(self.gap(k), " " | ", ") {
                return Some(k);
            }
            k += 1;
        }
        let t = &toks[k];
        if t.name_like() && (postcode || t.has(Flags::CITY)) {
            let end = if t.has(Flags::CITY) {
                t.last
            } else {
                self.name_run(k, 3).unwrap_or(k)
            };
            return Some(end);
        }
        postcode.then_some(k - 1)
    }

    fn postcode(&self, i: usize) -> bool {
        let t = &self.toks[i];
        let len = t.end - t.start;
        !t.blocked
            && match t.kind {
                Kind::Number => (2..=6).contains(&len),
                Kind::Mixed => (2..=4).contains(&len) && t.caps,
                Kind::Word => false,
            }
    }

    fn cities(&self, spans: &mut Vec<NameSpan>) {
        let toks = self.toks;
        for (i, t) in toks.iter().enumerate() {
            if !t.has(Flags::CITY) || !t.is_word() || t.has(Flags::COUNTRY | Flags::TITLE) {
                continue;
            }
            if !t.cap && !self.hint.is_some_and(|h| h.supports(Entity::Location)) {
                continue;
            }
            let mut r = Reasons::default();
            r.add("a city from the dictionary", 0.4);
            if !t.has(Flags::COMMON) {
                r.add("not an ordinary word", 0.1);
            }
            if t.has(Flags::FIRST | Flags::LAST) {
                r.add("also a name", -0.1);
                if self.before(i, 4).any(|b| b.has(Flags::CTX_PERSON)) {
                    r.add("a person word before it", -0.3);
                }
            }
            if i > 0 && self.postcode(i - 1) && matches!(self.gap(i - 1), " ") {
                r.add("after a postcode", 0.3);
            }
            self.push(spans, Entity::Location, i, t.last, r);
        }
    }

    /// Entries of the custom recognizers' dictionaries.
    fn custom(&self, custom: &[(u32, Entity, f32)], spans: &mut Vec<NameSpan>) {
        for t in self.toks {
            if t.flags.0 >> Flags::CUSTOM_SHIFT == 0 || t.blocked {
                continue;
            }
            for &(bit, entity, score) in custom {
                if t.has(1 << bit) {
                    let mut r = Reasons::default();
                    r.add("in the recognizer's dictionary", score);
                    spans.push(NameSpan {
                        entity,
                        start: t.start,
                        end: self.toks[t.last].end,
                        reasons: r,
                    });
                }
            }
        }
    }

    /// Structured columns: a column whose name says PERSON or LOCATION makes a short value of
    /// words a name or place even when no dictionary knows it.
    fn by_column(&self, spans: &mut Vec<NameSpan>) {
        let Some(Hint::Entity(entity @ (Entity::Person | Entity::Location))) = self.hint else {
            return;
        };
        let toks = self.toks;
        let words = toks.iter().filter(|t| t.kind == Kind::Word).count();
        let ok = (1..=5).contains(&words)
            && toks.iter().all(|t| !t.blocked)
            && match entity {
                Entity::Person => words == toks.len(),
                _ => toks.len() <= words + 2,
            };
        if !ok {
            return;
        }
        let mut r = Reasons::default();
        r.add("a short value of words", 0.35);
        self.push(spans, entity, 0, toks.len() - 1, r);
    }
}
