//! Runs every case in `testdata/detect/*.toml` against the real detector.

use std::path::Path;

use scour::detect::{phone, CellContext, Detector, DetectorConfig};
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
    #[serde(default)]
    region: Option<String>,
    expect: Vec<Expect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    entity: String,
    #[serde(rename = "match")]
    matched: String,
    #[serde(default = "yes")]
    validated: bool,
    #[serde(default = "one")]
    occurrence: usize,
}

fn yes() -> bool {
    true
}
fn one() -> usize {
    1
}

#[test]
fn detection_cases() {
    let detector = Detector::new(&DetectorConfig::default()).unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/detect");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    paths.sort();
    assert!(!paths.is_empty());
    let mut failures = Vec::new();
    let mut count = 0;
    for path in paths {
        let file: File = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for case in file.case {
            count += 1;
            let hint = case.column.as_deref().and_then(scour::classify::name_hint);
            let region = case
                .region
                .as_deref()
                .map(|r| phone::region(r).expect("known region"));
            let mut found = Vec::new();
            detector.detect(&case.text, &CellContext { hint, region }, &mut found);
            // Names and places have cases of their own (testdata/names/, tests/names.rs).
            found.retain(|f| !matches!(f.entity, Entity::Person | Entity::Location));
            let got: Vec<(String, usize, usize, bool)> = found
                .iter()
                .map(|f| {
                    (
                        f.entity.name().to_string(),
                        f.start as usize,
                        f.end as usize,
                        f.validated,
                    )
                })
                .collect();
            let want: Vec<(String, usize, usize, bool)> = case
                .expect
                .iter()
                .map(|e| {
                    assert!(
                        Entity::from_name(&e.entity).is_some(),
                        "{}: unknown entity {}",
                        case.name,
                        e.entity
                    );
                    let start = case
                        .text
                        .match_indices(&e.matched)
                        .nth(e.occurrence - 1)
                        .unwrap_or_else(|| panic!("{}: '{}' not in text", case.name, e.matched))
                        .0;
                    (
                        e.entity.clone(),
                        start,
                        start + e.matched.len(),
                        e.validated,
                    )
                })
                .collect();
            if got != want {
                failures.push(format!(
                    "{} ({}):\n  want {:?}\n  got  {:?}",
                    case.name,
                    path.display(),
                    want,
                    got
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
