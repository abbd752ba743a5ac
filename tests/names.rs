//! Runs every case in `testdata/names/*.toml`: the PERSON and LOCATION findings of one cell,
//! with the shipped dictionaries.

use std::path::Path;

use scour::detect::{CellContext, Detector, DetectorConfig};
use scour::entity::Entity;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    #[serde(default)]
    column: Option<String>,
    expect: Vec<Expect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    entity: String,
    #[serde(rename = "match")]
    matched: String,
    #[serde(default = "one")]
    occurrence: usize,
}

fn one() -> usize {
    1
}

#[test]
fn name_and_place_cases() {
    let detector = Detector::new(&DetectorConfig::default()).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/names");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let (mut count, mut negatives, mut failures) = (0, 0, Vec::new());
    for path in paths {
        let file: File = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in file.case {
            count += 1;
            negatives += usize::from(case.expect.is_empty());
            let hint = case.column.as_deref().and_then(scour::classify::name_hint);
            let mut found = Vec::new();
            let ctx = CellContext { hint, region: None };
            detector.detect(&case.text, &ctx, &mut found);
            let got: Vec<(&str, &str)> = found
                .iter()
                .filter(|f| matches!(f.entity, Entity::Person | Entity::Location))
                .map(|f| {
                    (
                        f.entity.name(),
                        &case.text[f.start as usize..f.end as usize],
                    )
                })
                .collect();
            let want: Vec<(&str, &str)> = case
                .expect
                .iter()
                .map(|e| {
                    let at = case
                        .text
                        .match_indices(&e.matched)
                        .nth(e.occurrence - 1)
                        .unwrap_or_else(|| panic!("{}: '{}' not in text", case.name, e.matched))
                        .0;
                    (e.entity.as_str(), &case.text[at..at + e.matched.len()])
                })
                .collect();
            if got != want {
                failures.push(format!(
                    "{} ({}):\n  want {want:?}\n  got  {got:?}",
                    case.name,
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(
        count >= 30 && negatives >= 8,
        "{count} cases, {negatives} negative"
    );
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
