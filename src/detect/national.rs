//! Scoring national identifiers and VAT numbers: which candidates a shape stands for, what a
//! passing check is worth given the context, and when a failing one is still worth reporting.
//!
//! The validators live in [`super::ids`], one file per country; this module only decides.
//! A candidate's score depends on the identifier's [`Strength`] and on context: the column's
//! name, the words before the value, and the row's country.
//!
//! | strength     | context supports | no context | context against |
//! |--------------|------------------|------------|-----------------|
//! | strong       | 0.95             | 0.85       | 0.1             |
//! | weak         | 0.85             | 0.4        | 0.1             |
//! | structural   | 0.85             | 0.3        | 0.1             |
//!
//! A value written in a layout that is evidence on its own (an SSN's `123-45-6789`) scores 0.8
//! without context. With the default threshold of 0.5, weak and structural formats are
//! reported only with context: a bare 11-digit number passes some identifier's check far too
//! often to be called personal data by itself.

use super::context::{Context, Window};
use super::ids::{self, Form, Identifier, Strength};
use super::{CellContext, Detector, Finding, INVALID_SCORE};
use crate::entity::{Entity, Hint};

/// The best finding for one span so far, by rank.
#[derive(Default)]
pub(super) struct Best {
    finding: Option<(Finding, f32)>,
}

impl Best {
    /// A validated finding of the row's country that the column supports: nothing from
    /// another country can outrank it.
    fn is_settled(&self, c: &Candidate) -> bool {
        self.finding.as_ref().is_some_and(|(f, _)| {
            f.validated && c.ctx.supports(f.entity) && c.ctx.same_country(f.entity)
        })
    }

    pub(super) fn into_finding(self) -> Option<Finding> {
        self.finding.map(|(f, _)| f)
    }
}

/// One candidate span and what is known around it.
pub(super) struct Candidate<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub ctx: &'a CellContext,
    pub words: Window,
}

impl Candidate<'_> {
    fn value(&self) -> &str {
        &self.text[self.start..self.end]
    }

    /// What the column name and the words before the value say about `e`. A structural format
    /// (no check digit) needs context naming it specifically: a generic "national id" column
    /// supports it only in a row of its own country.
    pub fn context(&self, e: Entity, strength: Strength) -> Context {
        let hint = self.ctx.hint;
        let hinted = match strength {
            Strength::Structural => {
                hint == Some(Hint::Entity(e))
                    || (hint.is_some_and(|h| h.supports(e)) && self.ctx.same_country(e))
            }
            _ => hint.is_some_and(|h| h.supports(e)),
        };
        if hinted {
            return Context::Supports;
        }
        // A column named for something else speaks against it, unless a word in the text
        // supports it.
        match self.words.context(e) {
            Context::Neutral if hint.is_some() => Context::Against,
            c => c,
        }
    }
}

/// The score of a value whose check passed.
pub(super) fn score(strength: Strength, c: Context, evidence: bool) -> f32 {
    match (c, strength) {
        (Context::Against, _) => 0.1,
        (Context::Supports, Strength::Strong) => 0.95,
        (Context::Supports, _) => 0.85,
        (Context::Neutral, Strength::Strong) => 0.85,
        (Context::Neutral, _) if evidence => 0.8,
        (Context::Neutral, Strength::Weak) => 0.4,
        (Context::Neutral, Strength::Structural) => 0.3,
    }
}

/// Forms whose shape alone says "this is that identifier", so that a failing check is worth
/// reporting as an invalid value without context.
fn distinctive(form: Form, value: &str) -> bool {
    match form {
        Form::Nino | Form::ItFiscal | Form::EsNie | Form::Rvnr | Form::CorsicanNir => true,
        // Century letters and check letters; `131052-3081` could as well be a Danish CPR.
        Form::Hetu => value.bytes().any(|b| b.is_ascii_alphabetic()),
        _ => false,
    }
}

impl Detector {
    /// Ranks `entity` at `score` against the best so far: validated beats invalid, then the
    /// column's hint, the row's country, the score, the nearest keyword.
    pub(super) fn consider(
        &self,
        best: &mut Best,
        c: &Candidate,
        entity: Entity,
        score: f32,
        validated: bool,
    ) {
        if !self.enabled[entity.index()] || (validated && score < self.min_score) {
            return;
        }
        let rank = score
            + if validated { 1.0 } else { 0.0 }
            + if c.ctx.supports(entity) { 0.2 } else { 0.0 }
            + if c.ctx.same_country(entity) { 0.1 } else { 0.0 }
            + if c.words.is_nearest(entity) {
                0.05
            } else {
                0.0
            };
        if best.finding.as_ref().is_none_or(|&(_, r)| rank > r) {
            let f = Finding {
                entity,
                start: c.start as u32,
                end: c.end as u32,
                score,
                validated,
            };
            best.finding = Some((f, rank));
        }
    }

    /// Tries one identifier on the candidate. `evidence`: the value is written in a layout
    /// that identifies it on its own; `shown`: a failing check is worth reporting.
    fn try_identifier(
        &self,
        best: &mut Best,
        c: &Candidate,
        id: &Identifier,
        evidence: bool,
        shown: bool,
    ) {
        if !self.enabled[id.entity.index()] {
            return;
        }
        let context = c.context(id.entity, id.strength);
        let if_valid = score(id.strength, context, evidence);
        let report_invalid = (context == Context::Supports
            || (shown && context != Context::Against))
            && ids::plausible_length(id, c.value());
        // Skip the check when neither outcome could be reported.
        if if_valid < self.min_score && !report_invalid {
            return;
        }
        if (id.validate)(c.value()) {
            self.consider(best, c, id.entity, if_valid, true);
        } else if report_invalid {
            self.consider(best, c, id.entity, INVALID_SCORE, false);
        }
    }

    /// Identifiers written as a digit run with `n` digits in `groups`.
    pub(super) fn consider_digit_identifiers(
        &self,
        best: &mut Best,
        c: &Candidate,
        n: usize,
        groups: &[u8],
    ) {
        let Some(candidates) = self.by_digit_count.get(n) else {
            return;
        };
        // Without a word naming an entity, a column named for something else speaks against
        // every identifier: nothing to check.
        let hint = c.ctx.hint;
        if !c.words.names_any()
            && hint.is_some_and(|h| {
                !h.supports_any_national_id() && h != Hint::Entity(Entity::VatNumber)
            })
        {
            return;
        }
        // With no context at all, only identifiers that stand on their own can be reported.
        let no_context = hint.is_none() && !c.words.names_any() && self.min_score > 0.4;
        let fitting = candidates.iter().copied().filter_map(|id| {
            if groups.len() > 1 && !id.layouts.contains(&groups) {
                return None;
            }
            let evidence = groups.len() > 1 && id.evidence.contains(&groups);
            if no_context && id.strength != Strength::Strong && !evidence {
                return None;
            }
            Some((id, evidence, evidence))
        });
        self.try_home_first(best, c, fitting);
        if !no_context {
            self.consider_vat(best, c);
        }
    }

    /// Identifiers with a shape of their own in the pattern stage.
    pub(super) fn consider_form(&self, best: &mut Best, c: &Candidate, form: Form) {
        let shown = distinctive(form, c.value());
        // The Swedish shape with its separator is evidence on its own.
        let evidence = form == Form::SePersonnummer;
        let written_so = self
            .by_form
            .iter()
            .find(|(f, _)| *f == form)
            .map_or(&[][..], |(_, ids)| ids);
        let fitting = written_so.iter().map(|&id| (id, evidence, shown));
        self.try_home_first(best, c, fitting);
        if matches!(form, Form::DigitsLetter | Form::LetterDigits) {
            self.consider_vat(best, c);
        }
    }

    /// Tries `(identifier, evidence, shown)` candidates, the row's own country's first. Once one
    /// of them validates with the column's support, no other country's can outrank it. In a
    /// generic national-ID column, a row whose country has an identifier of this shape is not
    /// searched for other countries' ones: a Spanish DNI with a typo that happens to pass the
    /// Cyprus check letter is an invalid DNI, not a Cypriot TIC.
    fn try_home_first<'a>(
        &self,
        best: &mut Best,
        c: &Candidate,
        fitting: impl Iterator<Item = (&'a Identifier, bool, bool)> + Clone,
    ) {
        let mut home_tried = false;
        for (id, evidence, shown) in fitting.clone() {
            if c.ctx.same_country(id.entity) {
                home_tried = true;
                self.try_identifier(best, c, id, evidence, shown);
            }
        }
        if best.is_settled(c) || (home_tried && c.ctx.hint == Some(Hint::NationalId)) {
            return;
        }
        for (id, evidence, shown) in fitting {
            if !c.ctx.same_country(id.entity) {
                self.try_identifier(best, c, id, evidence, shown);
            }
        }
    }

    /// A VAT number written without its country prefix: only with VAT context, checked against
    /// the row's country first, then every country's rule.
    fn consider_vat(&self, best: &mut Best, c: &Candidate) {
        let e = Entity::VatNumber;
        if !self.enabled[e.index()] {
            return;
        }
        let context = c.context(e, Strength::Weak);
        if context != Context::Supports {
            return;
        }
        let s = c.value();
        let valid = match c.ctx.region {
            Some(r) if ids::vat_of(r.as_ref(), s) => true,
            _ => ids::VAT.iter().any(|&(_, _, f)| f(s)),
        };
        let score = if valid { 0.85 } else { INVALID_SCORE };
        self.consider(best, c, e, score, valid);
    }

    /// A VAT number with its country prefix ("DE136695976", "CHE-116.281.710 MWST").
    pub(super) fn judge_vat(&self, c: &Candidate, out: &mut Vec<Finding>) {
        let s = c.value();
        if s.bytes().filter(u8::is_ascii_digit).count() < 5 {
            return;
        }
        match ids::vat_with_prefix(s) {
            Some(true) => self.push(out, Entity::VatNumber, c.start, c.end, 0.95, true),
            Some(false) if c.context(Entity::VatNumber, Strength::Weak) == Context::Supports => {
                self.push(out, Entity::VatNumber, c.start, c.end, INVALID_SCORE, false)
            }
            _ => {}
        }
    }
}
