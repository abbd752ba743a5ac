//! Detection: finding personal data in one cell's text.
//!
//! A [`Detector`] is compiled once (every pattern in one multi-pattern regex) and then shared
//! by all threads. For each cell it runs a cheap byte prefilter (no digit, no `@`, no `://` or
//! `www.` means nothing to find), then one leftmost-first pass of the regex. Each pattern is a
//! *shape* (an e-mail, an IBAN, a run of digits with separators, ...), not an entity: a digit run
//! may be a card, a phone number or one of several national identifiers, so the shape's
//! candidates go to the validators in [`checksum`], [`phone`] and `iban_validate`, and the one
//! that validates decides the entity and its score.
//!
//! Scores: a validated value with a strong check (Luhn + issuer, mod-97, a check letter) scores
//! high on its own. Formats with weak checks (a 9-digit BSN passes one time in eleven by chance)
//! score below the reporting threshold unless the column name or a keyword before the value
//! supports them. A value with a distinctive shape that fails its check is reported with
//! `validated = false` and a low score: an invalid identifier is a data-quality finding.
//!
//! Detectors know nothing about files, columns or rows; they see text and a [`CellContext`].

pub mod card;
pub mod checksum;
pub mod context;
pub mod ids;
pub mod mrz;
pub mod names;
mod national;
pub mod phone;

use std::cell::RefCell;
use std::str::FromStr;

use regex_automata::meta::Regex;

use crate::entity::{Entity, Hint};
use crate::error::{Error, Result};
use context::Context;
use ids::Form;

/// One piece of personal data found in a cell. Offsets are UTF-8 byte offsets into the cell's
/// string form; `end` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finding {
    pub entity: Entity,
    pub start: u32,
    pub end: u32,
    pub score: f32,
    pub validated: bool,
}

/// What the detector may know about a cell besides its text.
#[derive(Debug, Clone, Copy, Default)]
pub struct CellContext {
    /// What the column's name says (acts as a context word for every cell).
    pub hint: Option<Hint>,
    /// The phone region for national-format numbers (from the row's country, or the default).
    pub region: Option<phonenumber::country::Id>,
}

impl CellContext {
    fn supports(&self, e: Entity) -> bool {
        self.hint.is_some_and(|h| h.supports(e))
    }
    fn same_country(&self, e: Entity) -> bool {
        self.region.is_some_and(|r| e.issued_in(r.as_ref()))
    }
}

/// Detector settings, resolved before any data is read.
#[derive(Debug, Clone)]
pub struct DetectorConfig {
    /// Validated findings scoring below this are not reported. Invalid findings (shape without
    /// a passing check) are reported at their own low score regardless: they are data-quality
    /// findings, not claims that the entity is present.
    pub min_score: f32,
    /// Entities to look for; others are never reported.
    pub entities: Vec<Entity>,
    /// Custom recognizers (`--recognizers`).
    pub recognizers: Option<std::sync::Arc<crate::recognizers::Recognizers>>,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        DetectorConfig {
            min_score: DEFAULT_MIN_SCORE,
            entities: Entity::all().to_vec(),
            recognizers: None,
        }
    }
}

/// The default reporting threshold.
pub const DEFAULT_MIN_SCORE: f32 = 0.5;
/// The score of a value that has an identifier's shape but fails its check.
pub const INVALID_SCORE: f32 = 0.3;

/// The shapes the regex recognises, in priority order (earlier wins at the same start).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Url,
    Iban,
    IsoDate,
    NumericDate,
    TextDate,
    Ipv6,
    Ipv4,
    /// An identifier with a shape of its own (letters, century signs).
    Id(Form),
    Vat,
    Digits,
}

const B: &str = r"(?-u:\b)";

fn patterns() -> Vec<(Shape, String)> {
    let month_names = [
        // en, de, fr, it, es, nl, sv, pl (genitive) — full names and common abbreviations.
        "january|february|march|april|may|june|july|august|september|october|november|december",
        "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec",
        "januar|februar|märz|mai|juni|juli|oktober|dezember|jänner",
        "janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre",
        "gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|dicembre",
        "enero|febrero|abril|mayo|junio|julio|septiembre|octubre|noviembre|diciembre",
        "januari|februari|maart|mei|augustus",
        "mars|augusti",
        "stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia",
    ]
    .join("|");
    let vat_prefixes: Vec<&str> = ids::VAT.iter().map(|&(p, _, _)| p).collect();
    let vat_prefixes = vat_prefixes.join("|");
    vec![
        (Shape::Url, r"(?i:(?:https?|ftp)://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+".into()),
        (Shape::Iban, format!(r"{B}[A-Z]{{2}}[0-9]{{2}}(?: ?[A-Z0-9]{{4}}){{2,7}}(?: ?[A-Z0-9]{{1,3}})?{B}")),
        (Shape::IsoDate, format!(r"{B}(?:1[89]|20)[0-9]{{2}}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]{{1,9}})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?)?{B}")),
        (Shape::NumericDate, format!(r"{B}[0-9]{{1,2}}[./\-][0-9]{{1,2}}[./\-](?:1[89]|20)[0-9]{{2}}(?: (?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?)?{B}")),
        (Shape::TextDate, format!(r"{B}(?:[0-3]?[0-9]\.? (?i:{month_names})\.?,? (?:1[89]|20)[0-9]{{2}}|(?i:{month_names})\.? [0-3]?[0-9],? (?:1[89]|20)[0-9]{{2}}){B}")),
        (Shape::Ipv6, r"(?i:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){1,6}(?::[0-9a-f]{1,4}){1,6}|(?:[0-9a-f]{1,4}:){1,7}:|::(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})".into()),
        (Shape::Ipv4, format!(r"{B}(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{{2}}|[1-9]?[0-9])\.){{3}}(?:25[0-5]|2[0-4][0-9]|1[0-9]{{2}}|[1-9]?[0-9]){B}")),
        (Shape::Id(Form::Nino), format!(r"{B}[A-Z]{{2}} ?[0-9]{{2}} ?[0-9]{{2}} ?[0-9]{{2}} ?[A-D]{B}")),
        (Shape::Id(Form::ItFiscal), format!(r"{B}[A-Z]{{6}}[0-9LMNPQRSTUV]{{2}}[ABCDEHLMPRST][0-9LMNPQRSTUV]{{2}}[A-Z][0-9LMNPQRSTUV]{{3}}[A-Z]{B}")),
        (Shape::Id(Form::EsNie), format!(r"{B}[XYZ]-?[0-9]{{7}}-?[A-Z]{B}")),
        (Shape::Id(Form::Hetu), format!(r"{B}[0-9]{{6}}[\-+A-FU-Y][0-9]{{3}}[0-9A-Y]{B}")),
        (Shape::Id(Form::Rvnr), format!(r"{B}[0-9]{{2}} ?[0-9]{{6}} ?[A-Z] ?[0-9]{{3}}{B}")),
        (Shape::Id(Form::CorsicanNir), format!(r"{B}[12378] ?[0-9]{{2}} ?[0-9]{{2}} ?2[AB] ?[0-9]{{3}} ?[0-9]{{3}} ?[0-9]{{2}}{B}")),
        (Shape::Id(Form::DigitsLetter), format!(r"{B}[0-9]{{3,8}}-?[A-Z]{{1,2}}{B}")),
        (Shape::Id(Form::LetterDigits), format!(r"{B}[A-Z][0-9]{{7}}[0-9A-J]{B}|{B}[A-Z][0-9]{{9}}{B}")),
        (Shape::Id(Form::DeDocument), format!(r"{B}[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{{8}}[0-9]?{B}")),
        (Shape::Id(Form::SePersonnummer), format!(r"{B}(?:[0-9]{{2}})?[0-9]{{6}}[\-+][0-9]{{4}}{B}")),
        // A prefix, then a digit within the first three characters ("DELIVERY" is no number).
        (Shape::Vat, format!(r"{B}(?:{vat_prefixes})[ \-]?[A-Z]{{0,2}}[0-9](?:[ .\-]?[0-9A-Z]){{1,14}}{B}")),
        (Shape::Digits, format!(r"(?:\+[0-9]|\([0-9]|{B}[0-9])[0-9 ()./\-]{{3,28}}[0-9]{B}")),
    ]
}

/// The compiled detector. Build once with [`Detector::new`], share across threads.
pub struct Detector {
    regex: Regex,
    shapes: Vec<Shape>,
    enabled: [bool; Entity::SLOTS],
    min_score: f32,
    /// National identifiers by the digit count they are written with.
    by_digit_count: [Vec<&'static ids::Identifier>; 20],
    /// National identifiers by the shape of their own they are written in.
    by_form: Vec<(Form, Vec<&'static ids::Identifier>)>,
    /// Names and places (None when neither PERSON nor LOCATION nor a custom dictionary is
    /// wanted).
    gazetteer: Option<names::Gazetteer>,
    recognizers: Option<std::sync::Arc<crate::recognizers::Recognizers>>,
    /// The custom recognizers' dictionaries: (gazetteer bit, entity, score).
    custom_dictionaries: Vec<(u32, Entity, f32)>,
}

/// One finding with the reasons for its score (`scour scan --explain`).
#[derive(Debug, Clone)]
pub struct Explained {
    pub finding: Finding,
    pub reasons: Vec<(String, f32)>,
}

/// Per-thread buffers of the name matcher: scratch, spans, and byte ranges.
type NameBuffers = (names::Scratch, Vec<names::NameSpan>, Vec<(usize, usize)>);

thread_local! {
    static NAMES: RefCell<NameBuffers> = RefCell::default();
}

impl Detector {
    pub fn new(config: &DetectorConfig) -> Result<Detector> {
        let (shapes, pats): (Vec<Shape>, Vec<String>) = patterns().into_iter().unzip();
        // ASCII semantics keep the lazy DFA small (Unicode classes and case folding multiply its
        // states until its cache thrashes); the few non-ASCII month names match as literals.
        let regex = Regex::builder()
            .syntax(regex_automata::util::syntax::Config::new().unicode(false))
            .configure(Regex::config().hybrid_cache_capacity(8 << 20))
            .build_many(&pats)
            .map_err(|e| Error::usage(format!("internal pattern failed to compile: {e}")))?;
        let mut enabled = [false; Entity::SLOTS];
        for e in &config.entities {
            enabled[e.index()] = true;
        }
        let recognizers = config.recognizers.clone();
        let custom_dictionaries = recognizers
            .as_ref()
            .map(|r| r.dictionaries())
            .unwrap_or_default();
        let gazetteer = if enabled[Entity::Person.index()]
            || enabled[Entity::Location.index()]
            || !custom_dictionaries.is_empty()
        {
            let user = recognizers.as_ref().map_or(&[][..], |r| &r.user_lists[..]);
            Some(names::Gazetteer::load(user)?)
        } else {
            None
        };
        Ok(Detector {
            regex,
            shapes,
            enabled,
            min_score: config.min_score,
            by_digit_count: ids::by_digit_count(),
            by_form: ids::by_form(),
            gazetteer,
            recognizers,
            custom_dictionaries,
        })
    }

    /// The loaded dictionaries, if names and places are wanted.
    pub fn gazetteer(&self) -> Option<&names::Gazetteer> {
        self.gazetteer.as_ref()
    }

    /// Appends the findings in `text` to `out`, in order of their start offset.
    pub fn detect(&self, text: &str, ctx: &CellContext, out: &mut Vec<Finding>) {
        let first = out.len();
        self.detect_values(text, ctx, out);
        self.detect_names(text, ctx, first, out, None);
        self.detect_custom(text, first, out);
    }

    /// Custom recognizers' patterns and deny lists, then their allow lists over everything
    /// found in the cell.
    fn detect_custom(&self, text: &str, first: usize, out: &mut Vec<Finding>) {
        let Some(rs) = &self.recognizers else { return };
        let before = out.len();
        rs.find(text, |entity, start, end, score, validated| {
            self.push(out, entity, start, end, score, validated)
        });
        let mut i = first;
        while i < out.len() {
            let f = out[i];
            // One finding per entity and span: a deny-list hit and a pattern hit on the same
            // value keep the better.
            let twin = (first..i).find(|&k| {
                out[k].entity == f.entity && out[k].start == f.start && out[k].end == f.end
            });
            if let Some(k) = twin {
                if (f.validated, f.score) > (out[k].validated, out[k].score) {
                    out[k] = f;
                }
                out.remove(i);
            } else if rs.allowed(f.entity, &text[f.start as usize..f.end as usize]) {
                out.remove(i);
            } else {
                i += 1;
            }
        }
        if out.len() > first && before != out.len() {
            out[first..].sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        }
    }

    /// Like [`Detector::detect`], with the reasons behind each score.
    pub fn explain(&self, text: &str, ctx: &CellContext) -> Vec<Explained> {
        let mut out = Vec::new();
        self.detect_values(text, ctx, &mut out);
        let mut spans = Vec::new();
        self.detect_names(text, ctx, 0, &mut out, Some(&mut spans));
        self.detect_custom(text, 0, &mut out);
        out.iter()
            .map(|f| {
                let reasons = match spans
                    .iter()
                    .find(|s| s.start == f.start as usize && s.end == f.end as usize)
                {
                    Some(s) => s.reasons.iter().map(|&(w, d)| (w.to_string(), d)).collect(),
                    None => value_reasons(f, text, ctx),
                };
                Explained {
                    finding: *f,
                    reasons,
                }
            })
            .collect()
    }

    /// PERSON and LOCATION spans in the parts of `text` no value finding (from `first` on in
    /// `out`) claimed.
    fn detect_names(
        &self,
        text: &str,
        ctx: &CellContext,
        first: usize,
        out: &mut Vec<Finding>,
        explain: Option<&mut Vec<names::NameSpan>>,
    ) {
        let Some(gaz) = &self.gazetteer else { return };
        // Names and places are written capitalised, except in a column named for them and in
        // the custom dictionaries (matched in any case): no capital, nothing to find.
        let any_case = !self.custom_dictionaries.is_empty()
            || ctx
                .hint
                .is_some_and(|h| h.supports(Entity::Person) || h.supports(Entity::Location));
        let candidate = |b: u8| {
            b >= 0x80
                || if any_case {
                    b.is_ascii_alphabetic()
                } else {
                    b.is_ascii_uppercase()
                }
        };
        if !text.bytes().any(candidate) {
            return;
        }
        let trimmed = (text.len() - text.trim_start().len(), text.trim_end().len());
        if out[first..]
            .iter()
            .any(|f| f.start as usize <= trimmed.0 && f.end as usize >= trimmed.1)
        {
            return;
        }
        let before = out.len();
        NAMES.with(|cell| {
            let (scratch, spans, blocked) = &mut *cell.borrow_mut();
            blocked.clear();
            blocked.extend(
                out[first..]
                    .iter()
                    .map(|f| (f.start as usize, f.end as usize)),
            );
            spans.clear();
            names::find(
                gaz,
                text,
                ctx.hint,
                blocked,
                &self.custom_dictionaries,
                scratch,
                spans,
            );
            for s in spans.iter() {
                self.push(out, s.entity, s.start, s.end, s.score(), true);
            }
            if let Some(x) = explain {
                x.extend_from_slice(spans);
            }
        });
        if out.len() > before && before > first {
            out[first..].sort_by_key(|f| f.start);
        }
    }

    fn detect_values(&self, text: &str, ctx: &CellContext, out: &mut Vec<Finding>) {
        let bytes = text.as_bytes();
        let (digits, at_signs, colons) = census(bytes);
        if at_signs == 0 && digits < 4 && colons < 2 && !has_url_marker(bytes) {
            // Every shape but a URL, an e-mail or an IPv6 address needs at least four digits.
            return;
        }
        // A cell of digits alone (after an optional '+') can only be a digit run: judge it
        // directly, as the regex would match it (5 to 31 characters, whole cell).
        let trimmed = text.trim();
        let lead = text.len() - text.trim_start().len();
        let body = trimmed.strip_prefix('+').unwrap_or(trimmed);
        if at_signs == 0 && !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
            if (5..=31).contains(&trimmed.len()) {
                self.judge_digits(text, lead, lead + trimmed.len(), ctx, out);
            }
            return;
        }
        let first = out.len();
        // Machine-readable zones: '<' fillers are their mark; they also hold letters and
        // digits the regex would otherwise take apart.
        let mut mrz_span = None;
        if memchr::memchr_iter(b'<', bytes).any(|i| bytes.get(i + 1) == Some(&b'<')) {
            if let Some((start, end, valid)) = mrz::find(text) {
                mrz_span = Some((start, end));
                let score = if valid { 1.0 } else { INVALID_SCORE };
                self.push(out, Entity::Mrz, start, end, score, valid);
            }
        }
        // E-mail addresses first, anchored on '@': their local parts may be any letters, which
        // the ASCII regex does not see. Regex matches overlapping an address are skipped.
        let mut emails: Vec<(usize, usize)> = Vec::new();
        for at in memchr::memchr_iter(b'@', bytes).take(if at_signs > 0 { usize::MAX } else { 0 }) {
            if emails.last().is_some_and(|&(_, end)| at < end) {
                continue;
            }
            let floor = emails.last().map_or(0, |&(_, end)| end);
            if let Some((start, end)) = email_span(text, at, floor) {
                emails.push((start, end));
                self.judge_email(&text[start..end], start, end, out);
            }
        }
        for m in self.regex.find_iter(text) {
            let overlaps = |&(s, e): &(usize, usize)| m.start() < e && s < m.end();
            if emails.iter().any(overlaps) || mrz_span.as_ref().is_some_and(overlaps) {
                continue;
            }
            let shape = self.shapes[m.pattern().as_usize()];
            self.judge(shape, text, m.start(), m.end(), ctx, out);
        }
        if !emails.is_empty() || mrz_span.is_some() {
            out[first..].sort_by_key(|f| f.start);
        }
    }

    fn judge_email(&self, s: &str, start: usize, end: usize, out: &mut Vec<Finding>) {
        let (local, _) = s.split_once('@').unwrap_or((s, ""));
        let ok = !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.len() <= 64
            && s.len() <= 254;
        self.push(
            out,
            Entity::EmailAddress,
            start,
            end,
            if ok { 1.0 } else { INVALID_SCORE },
            ok,
        );
    }

    fn push(
        &self,
        out: &mut Vec<Finding>,
        entity: Entity,
        start: usize,
        end: usize,
        score: f32,
        validated: bool,
    ) {
        if !self.enabled[entity.index()] || (validated && score < self.min_score) {
            return;
        }
        out.push(Finding {
            entity,
            start: start as u32,
            end: end as u32,
            score,
            validated,
        });
    }

    fn judge(
        &self,
        shape: Shape,
        text: &str,
        start: usize,
        end: usize,
        ctx: &CellContext,
        out: &mut Vec<Finding>,
    ) {
        let s = &text[start..end];
        match shape {
            Shape::Url => {
                let trimmed = s.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', ']']);
                if trimmed.len() > 4 {
                    self.push(out, Entity::Url, start, start + trimmed.len(), 0.9, true);
                }
            }
            Shape::Iban => self.judge_iban(text, start, end, ctx, out),
            Shape::IsoDate => {
                let ok = iso_date_valid(s);
                self.push(
                    out,
                    Entity::DateTime,
                    start,
                    end,
                    if ok { 0.85 } else { INVALID_SCORE },
                    ok,
                );
            }
            Shape::NumericDate => {
                if let Some(ok) = numeric_date_valid(s) {
                    self.push(
                        out,
                        Entity::DateTime,
                        start,
                        end,
                        if ok { 0.8 } else { INVALID_SCORE },
                        ok,
                    );
                }
            }
            Shape::TextDate => self.push(out, Entity::DateTime, start, end, 0.8, true),
            Shape::Ipv6 => {
                if std::net::Ipv6Addr::from_str(s).is_ok() && s.matches(':').count() >= 2 {
                    self.push(out, Entity::IpAddress, start, end, 0.9, true);
                }
            }
            Shape::Ipv4 => {
                // A version string "1.2.3.4.5" or a dotted number is not an address.
                let before = text[..start].bytes().next_back();
                let after = text.as_bytes().get(end..end + 2);
                let dotted_neighbour = matches!(before, Some(b'.'))
                    || matches!(after, Some([b'.', d]) if d.is_ascii_digit());
                if !dotted_neighbour {
                    self.push(out, Entity::IpAddress, start, end, 0.9, true);
                }
            }
            Shape::Vat => {
                let c = self.candidate(text, start, end, ctx);
                let before = out.len();
                self.judge_vat(&c, out);
                if out.len() == before {
                    // Not a VAT number: the digits after the letters may still be something
                    // ("NO 912 34 567" a phone number written after its country).
                    let rest = s.trim_start_matches(|c: char| {
                        c.is_ascii_alphabetic() || c == ' ' || c == '-'
                    });
                    if rest.starts_with(|c: char| c.is_ascii_digit())
                        && rest
                            .bytes()
                            .all(|b| b.is_ascii_digit() || b" ./-".contains(&b))
                    {
                        self.judge_digits(text, end - rest.len(), end, ctx, out);
                    }
                }
            }
            Shape::Id(form) => {
                let c = self.candidate(text, start, end, ctx);
                let mut best = national::Best::default();
                self.consider_form(&mut best, &c, form);
                // Forms that are also digit runs: `811228-9874` fits the Finnish shape but is
                // Swedish, `010190-1234` may be a Danish CPR.
                if form == Form::Hetu
                    && s.bytes()
                        .all(|b| b.is_ascii_digit() || b == b'-' || b == b'+')
                {
                    self.consider_form(&mut best, &c, Form::SePersonnummer);
                }
                if matches!(form, Form::Hetu | Form::SePersonnummer) {
                    if let Some(f) = self.best_for_digits(text, start, end, ctx) {
                        self.consider(&mut best, &c, f.entity, f.score, f.validated);
                    }
                }
                if let Some(f) = best.into_finding() {
                    self.push(out, f.entity, start, end, f.score, f.validated);
                }
            }
            Shape::Digits => self.judge_digits(text, start, end, ctx, out),
        }
    }

    fn judge_iban(
        &self,
        text: &str,
        start: usize,
        end: usize,
        ctx: &CellContext,
        out: &mut Vec<Finding>,
    ) {
        let s = &text[start..end];
        let parsed = iban::Iban::from_str(s);
        if parsed.is_err() && ids::vat_with_prefix(s) == Some(true) {
            // "NL123456789B01" has an IBAN's shape but is a VAT number.
            self.judge_vat(&self.candidate(text, start, end, ctx), out);
            return;
        }
        match parsed {
            Ok(_) => self.push(out, Entity::IbanCode, start, end, 1.0, true),
            Err(iban::ParseIbanError::InvalidBban(_)) => {
                self.push(out, Entity::IbanCode, start, end, INVALID_SCORE, false)
            }
            Err(iban::ParseIbanError::InvalidBaseIban {
                source: iban::ParseBaseIbanError::InvalidChecksum,
            }) => {
                // Right shape, wrong check digits: only a known IBAN country makes it an IBAN.
                let country_known = iban::Iban::from_str(&with_dummy_check(s)).is_ok()
                    || ctx.supports(Entity::IbanCode);
                if country_known {
                    self.push(out, Entity::IbanCode, start, end, INVALID_SCORE, false);
                }
            }
            Err(_) => {}
        }
    }

    /// A run of digits with separators: try every entity whose layout fits, keep the best.
    fn judge_digits(
        &self,
        text: &str,
        start: usize,
        end: usize,
        ctx: &CellContext,
        out: &mut Vec<Finding>,
    ) {
        if let Some(f) = self.best_for_digits(text, start, end, ctx) {
            self.push(out, f.entity, start, end, f.score, f.validated);
            return;
        }
        // The run may join several values ("0151 2345678 111222333"): retry each
        // whitespace-separated piece on its own.
        let s = &text[start..end];
        if !s.contains(' ') {
            return;
        }
        let mut offset = start;
        for piece in s.split(' ') {
            let (ps, pe) = (offset, offset + piece.len());
            offset = pe + 1;
            if piece.bytes().filter(u8::is_ascii_digit).count() >= 7 {
                if let Some(f) = self.best_for_digits(text, ps, pe, ctx) {
                    self.push(out, f.entity, ps, pe, f.score, f.validated);
                }
            }
        }
    }

    fn candidate<'a>(
        &self,
        text: &'a str,
        start: usize,
        end: usize,
        ctx: &'a CellContext,
    ) -> national::Candidate<'a> {
        national::Candidate {
            text,
            start,
            end,
            ctx,
            words: context::window(text, start),
        }
    }

    fn best_for_digits(
        &self,
        text: &str,
        start: usize,
        end: usize,
        ctx: &CellContext,
    ) -> Option<Finding> {
        let s = &text[start..end];
        if is_code_suffix(text, start) {
            return None;
        }
        let layout = Layout::of(s)?;
        let c = self.candidate(text, start, end, ctx);
        let mut best = national::Best::default();
        let n = layout.digits().len();
        let other = |e: Entity| c.context(e, ids::Strength::Weak);

        // Payment cards: 12-19 digits, spaces or dashes only.
        if (12..=19).contains(&n) && layout.plain_separators && !layout.plus {
            let issuer = card::card_issuer(layout.digits());
            let context = other(Entity::CreditCard);
            if issuer.is_some() && checksum::luhn(layout.digits()) {
                let score = match context {
                    Context::Against => 0.3,
                    _ if layout.grouped_in_fours || context == Context::Supports => 1.0,
                    _ => 0.9,
                };
                self.consider(&mut best, &c, Entity::CreditCard, score, true);
            } else if issuer.is_some() && (layout.grouped_in_fours || context == Context::Supports)
            {
                self.consider(&mut best, &c, Entity::CreditCard, INVALID_SCORE, false);
            }
        }
        // Phone numbers: 7-15 digits.
        if (7..=15).contains(&n) {
            let context = other(Entity::PhoneNumber);
            let international =
                layout.plus || (layout.digits().starts_with(b"00") && layout.digits()[2] != b'0');
            let trunk = layout.digits()[0] == b'0' && !international;
            let formatted = layout.groups().len() > 1 || layout.parens;
            let candidate = international || trunk || formatted || context == Context::Supports;
            if candidate && context != Context::Against {
                if phone::is_valid(s, ctx.region) {
                    let score = if international || context == Context::Supports {
                        0.95
                    } else if trunk && formatted {
                        0.8
                    } else if trunk || formatted {
                        0.6
                    } else {
                        0.4
                    };
                    self.consider(&mut best, &c, Entity::PhoneNumber, score, true);
                } else if international || context == Context::Supports {
                    self.consider(&mut best, &c, Entity::PhoneNumber, INVALID_SCORE, false);
                }
            }
        }
        // National identifiers and unprefixed VAT numbers: never written with '+' or brackets.
        if !layout.plus && !layout.parens {
            self.consider_digit_identifiers(&mut best, &c, n, layout.groups());
        }
        best.into_finding()
    }
}

/// The layout of a digit run: its digits and how they are grouped. Fixed-size, no allocation.
struct Layout {
    digit_buf: [u8; 19],
    n_digits: usize,
    group_buf: [u8; 16],
    n_groups: usize,
    plus: bool,
    parens: bool,
    /// Separators are only spaces and dashes.
    plain_separators: bool,
    grouped_in_fours: bool,
}

impl Layout {
    fn digits(&self) -> &[u8] {
        &self.digit_buf[..self.n_digits]
    }

    fn groups(&self) -> &[u8] {
        &self.group_buf[..self.n_groups]
    }

    /// `None` unless the run has 5 to 19 digits in at most 16 groups.
    fn of(s: &str) -> Option<Layout> {
        let mut l = Layout {
            digit_buf: [0; 19],
            n_digits: 0,
            group_buf: [0; 16],
            n_groups: 0,
            plus: s.starts_with('+'),
            parens: false,
            plain_separators: true,
            grouped_in_fours: false,
        };
        let mut current = 0u8;
        for b in s.bytes() {
            if b.is_ascii_digit() {
                *l.digit_buf.get_mut(l.n_digits)? = b;
                l.n_digits += 1;
                current += 1;
                continue;
            }
            if current > 0 {
                *l.group_buf.get_mut(l.n_groups)? = current;
                l.n_groups += 1;
                current = 0;
            }
            match b {
                b' ' | b'-' => {}
                b'(' | b')' => {
                    l.parens = true;
                    l.plain_separators = false;
                }
                _ => l.plain_separators = false,
            }
        }
        if current > 0 {
            *l.group_buf.get_mut(l.n_groups)? = current;
            l.n_groups += 1;
        }
        if l.n_digits < 5 {
            return None;
        }
        let g = l.groups();
        l.grouped_in_fours = g.len() >= 3
            && g[..g.len() - 1].iter().all(|&x| x == 4)
            && g.last().is_some_and(|&x| (1..=4).contains(&x))
            || g == [4, 6, 5]
            || g == [4, 6, 4];
        Some(l)
    }
}

/// Replaces an IBAN candidate's check digits with ones that make it pass, to tell "known
/// country, wrong check digits" from "not an IBAN at all".
fn with_dummy_check(s: &str) -> String {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 5 || !compact.is_ascii() {
        return compact;
    }
    let rearranged = format!("{}{}00", &compact[4..], &compact[..2]);
    let mut rem: u32 = 0;
    for c in rearranged.chars() {
        let v = match c.to_digit(36) {
            Some(v) => v,
            None => return compact,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("{}{:02}{}", &compact[..2], 98 - rem, &compact[4..])
}

/// A digit run glued to a code prefix ("C-00012345", "SKU-88421", "INV/2023/00981", "#4711")
/// is part of a reference, not a value of its own.
fn is_code_suffix(text: &str, start: usize) -> bool {
    let b = text.as_bytes();
    match start.checked_sub(1).map(|i| b[i]) {
        Some(b'#') => true,
        Some(b'-' | b'_' | b'/') => start >= 2 && b[start - 2].is_ascii_alphanumeric(),
        _ => false,
    }
}

/// The span of the e-mail address around the '@' at `at`: a local part of letters, digits and
/// `._%+-` (any script), a domain of dot-separated labels of letters, digits and `-`, and an
/// alphabetic top-level domain of at least two letters. Returns `None` when there is none.
fn email_span(text: &str, at: usize, floor: usize) -> Option<(usize, usize)> {
    let is_local = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    // An address starts after the previous one ends (`floor`), never inside it.
    let start = floor
        + text[floor..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_local(c))
            .last()
            .map(|(i, _)| i)?;
    let rest = &text[at + 1..];
    // The domain ends at its last letter or digit: a trailing dot ends the sentence.
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        if c.is_alphanumeric() || c == '-' {
            end = i + c.len_utf8();
        } else if c != '.' {
            break;
        }
    }
    let domain = &rest[..end];
    let tld = &domain[domain.rfind('.')? + 1..];
    let bad_domain = domain.starts_with(['.', '-']) || domain.contains("..");
    if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) || bad_domain {
        return None;
    }
    Some((start, at + 1 + end))
}

/// ASCII digits, '@' signs and colons in a cell, in one branch-free pass.
#[inline]
/// Reasons for a value finding's score, for `--explain`.
fn value_reasons(f: &Finding, text: &str, ctx: &CellContext) -> Vec<(String, f32)> {
    let mut out = vec![(
        if f.validated {
            format!("matched and validated: {}", f.entity.validation())
        } else {
            format!(
                "has the shape but fails the check: {}",
                f.entity.validation()
            )
        },
        f.score,
    )];
    if ctx.supports(f.entity) {
        out.push(("the column's name supports it".into(), 0.0));
    }
    match context::context_for(f.entity, text, f.start as usize) {
        context::Context::Supports => out.push(("a keyword before it supports it".into(), 0.0)),
        context::Context::Against => out.push((
            "a not-personal word before it (order, invoice ...)".into(),
            0.0,
        )),
        context::Context::Neutral => {}
    }
    if ctx.same_country(f.entity) {
        out.push(("issued in the row's country".into(), 0.0));
    }
    out
}

fn census(bytes: &[u8]) -> (u32, u32, u32) {
    let (mut digits, mut at, mut colons) = (0u32, 0u32, 0u32);
    for &b in bytes {
        digits += (b.wrapping_sub(b'0') < 10) as u32;
        at += (b == b'@') as u32;
        colons += (b == b':') as u32;
    }
    (digits, at, colons)
}

#[inline]
fn has_url_marker(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"://").is_some() || memchr::memmem::find(bytes, b"www.").is_some()
}

fn iso_date_valid(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) if b.len() >= 10 => checksum::valid_date(y, m, d),
        _ => false,
    }
}

/// `Some(valid)` for d.m.y / d/m/y / m/d/y; `None` when the separators differ (not a date).
fn numeric_date_valid(s: &str) -> Option<bool> {
    let date = s.split(' ').next().unwrap_or(s);
    let sep = date.bytes().find(|b| !b.is_ascii_digit())?;
    let parts: Vec<&str> = date.split(sep as char).collect();
    if parts.len() != 3 {
        return None;
    }
    let (a, b, y) = (
        parts[0].parse::<u32>().ok()?,
        parts[1].parse::<u32>().ok()?,
        parts[2].parse::<u32>().ok()?,
    );
    let dmy = checksum::valid_date(y, b, a);
    let mdy = sep == b'/' && checksum::valid_date(y, a, b);
    Some(dmy || mdy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Vec<(Entity, String, bool)> {
        let d = Detector::new(&DetectorConfig::default()).unwrap();
        let mut out = Vec::new();
        d.detect(
            text,
            &CellContext {
                hint: None,
                region: phone::region("DE"),
            },
            &mut out,
        );
        out.iter()
            .map(|f| {
                (
                    f.entity,
                    text[f.start as usize..f.end as usize].to_string(),
                    f.validated,
                )
            })
            .collect()
    }

    #[test]
    fn dummy_check_digits_make_a_known_country_pass() {
        assert!(iban::Iban::from_str(&with_dummy_check("DE00370400440532013000")).is_ok());
    }

    #[test]
    fn email_spans_cover_unicode_local_parts_and_stop_at_punctuation() {
        let unicode = vec![(
            Entity::EmailAddress,
            "inés_domínguez@icloud.com".to_string(),
            true,
        )];
        assert_eq!(detect("mail: inés_domínguez@icloud.com."), unicode);
        assert_eq!(
            detect("(a.b@c.de)"),
            vec![(Entity::EmailAddress, "a.b@c.de".into(), true)]
        );
        assert!(detect("user@localhost").is_empty());
        assert!(detect("@handle and a@b").is_empty());
        let two = vec![
            (Entity::EmailAddress, "john@x.com".to_string(), true),
            (Entity::EmailAddress, "jane@y.com".to_string(), true),
        ];
        assert_eq!(detect("john@x.com,jane@y.com"), two);
        assert_eq!(
            detect("fe80::dead:beef"),
            vec![(Entity::IpAddress, "fe80::dead:beef".into(), true)]
        );
    }

    #[test]
    fn epoch_millis_are_not_cards() {
        assert!(detect("1700000123456").is_empty());
    }

    #[test]
    fn email_is_not_a_url() {
        assert_eq!(
            detect("mail j.doe@example.com"),
            vec![(Entity::EmailAddress, "j.doe@example.com".into(), true)]
        );
    }
}
