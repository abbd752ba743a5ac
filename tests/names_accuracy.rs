//! Precision and recall of PERSON and LOCATION on the generator's labelled rows, per shipped
//! language, in notes and in the name, city and street columns. A label counts as found when a
//! finding of its entity overlaps it; a finding is correct when it overlaps a label of its
//! entity (one address span may cover a street and a city label).

use std::collections::BTreeMap;

use scour::classify::name_hint;
use scour::detect::{phone, CellContext, Detector, DetectorConfig};
use scour::entity::Entity;
use scour::generate::{Generator, Label, COLUMNS};

#[derive(Default, Clone, Copy)]
struct Tally {
    labels: u32,
    found: u32,
    findings: u32,
    correct: u32,
}

impl Tally {
    fn recall(&self) -> f64 {
        self.found as f64 / self.labels.max(1) as f64
    }
    fn precision(&self) -> f64 {
        self.correct as f64 / self.findings.max(1) as f64
    }
}

/// (locale, entity, "notes" | "columns") → tally.
fn measure(
    rows: u64,
    with_column_names: bool,
) -> BTreeMap<(&'static str, &'static str, &'static str), Tally> {
    let detector = Detector::new(&DetectorConfig::default()).unwrap();
    let generator = Generator::new(20261124);
    let country = COLUMNS.iter().position(|c| *c == "country").unwrap();
    let hints: Vec<_> = COLUMNS
        .iter()
        .map(|c| {
            if with_column_names {
                name_hint(c)
            } else {
                None
            }
        })
        .collect();
    let mut out = BTreeMap::new();
    let mut labels: Vec<Label> = Vec::new();
    let mut found = Vec::new();
    for row in 0..rows {
        labels.clear();
        let (locale, cells) = generator.row_with_locale(row, &mut labels);
        let region = cells[country].as_deref().and_then(phone::region);
        for (col, cell) in cells.iter().enumerate() {
            let Some(text) = cell else { continue };
            let part = if COLUMNS[col] == "notes" {
                "notes"
            } else {
                "columns"
            };
            found.clear();
            detector.detect(
                text,
                &CellContext {
                    hint: hints[col],
                    region,
                },
                &mut found,
            );
            for entity in [Entity::Person, Entity::Location] {
                let want: Vec<_> = labels
                    .iter()
                    .filter(|l| l.column == COLUMNS[col] && l.entity == entity.name())
                    .map(|l| (l.start, l.end))
                    .collect();
                let got: Vec<_> = found
                    .iter()
                    .filter(|f| f.entity == entity)
                    .map(|f| (f.start, f.end))
                    .collect();
                let overlaps = |a: (u32, u32), b: (u32, u32)| a.0 < b.1 && b.0 < a.1;
                let t: &mut Tally = out.entry((locale, entity.name(), part)).or_default();
                t.labels += want.len() as u32;
                t.found += want
                    .iter()
                    .filter(|w| got.iter().any(|g| overlaps(**w, *g)))
                    .count() as u32;
                t.findings += got.len() as u32;
                t.correct += got
                    .iter()
                    .filter(|g| want.iter().any(|w| overlaps(*w, **g)))
                    .count() as u32;
            }
        }
    }
    out
}

fn print(title: &str, m: &BTreeMap<(&str, &str, &str), Tally>) {
    eprintln!("{title}");
    eprintln!("locale entity   part     labels recall precision");
    for ((locale, entity, part), t) in m {
        eprintln!(
            "{locale:6} {entity:8} {part:8} {:6} {:.3}  {:.3}",
            t.labels,
            t.recall(),
            t.precision()
        );
    }
}

#[test]
fn names_and_places_meet_the_targets_in_every_language() {
    let m = measure(6000, true);
    print("with column names", &m);
    let mut failures = Vec::new();
    let mut locales = std::collections::BTreeSet::new();
    for ((locale, entity, part), t) in &m {
        if t.labels < 30 {
            continue;
        }
        locales.insert(*locale);
        if t.recall() < 0.85 || t.precision() < 0.90 {
            failures.push(format!(
                "{locale} {entity} {part}: recall {:.3}, precision {:.3}",
                t.recall(),
                t.precision()
            ));
        }
    }
    assert!(locales.len() >= 9, "too few locales measured: {locales:?}");
    assert!(
        failures.is_empty(),
        "below 0.85 recall / 0.90 precision:\n{}",
        failures.join("\n")
    );
}

#[test]
fn names_and_places_without_column_names() {
    // The same rows with every column renamed to nothing: only values and the text decide.
    // Reported, and held to a lower bar: the column name is real evidence and is gone here.
    let m = measure(3000, false);
    print("without column names", &m);
    let mut total = Tally::default();
    for t in m.values() {
        total.labels += t.labels;
        total.found += t.found;
        total.findings += t.findings;
        total.correct += t.correct;
    }
    eprintln!(
        "overall: recall {:.3}, precision {:.3}",
        total.recall(),
        total.precision()
    );
    assert!(total.recall() >= 0.80 && total.precision() >= 0.90);
}
