//! The distractor corpus (`testdata/distractors.txt`, written by `scripts/distractors.py`):
//! order and invoice numbers, tracking codes, timestamps, versions, amounts, SKUs, phone numbers,
//! references. None may be reported as a national identifier, VAT number, MRZ or payment card
//! at or above the default threshold, whether the row has no country or a European one.

use std::path::Path;

use scour::detect::{phone, CellContext, Detector, DetectorConfig, DEFAULT_MIN_SCORE};
use scour::entity::Entity;

fn is_identifier(e: Entity) -> bool {
    e.is_national_id() || matches!(e, Entity::VatNumber | Entity::Mrz | Entity::CreditCard)
}

#[test]
fn no_look_alike_is_reported_as_an_identifier() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/distractors.txt");
    let corpus = std::fs::read_to_string(path).unwrap();
    let lines: Vec<&str> = corpus
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert!(lines.len() >= 500, "corpus has only {} lines", lines.len());
    let detector = Detector::new(&DetectorConfig::default()).unwrap();
    let mut reported = Vec::new();
    let mut out = Vec::new();
    for region in [
        None,
        Some("DE"),
        Some("FR"),
        Some("PL"),
        Some("SE"),
        Some("GB"),
    ] {
        let ctx = CellContext {
            hint: None,
            region: region.and_then(phone::region),
        };
        for line in &lines {
            out.clear();
            detector.detect(line, &ctx, &mut out);
            for f in &out {
                if is_identifier(f.entity) && f.validated && f.score >= DEFAULT_MIN_SCORE {
                    let span = &line[f.start as usize..f.end as usize];
                    reported.push(format!("{region:?} {}: {span:?} in {line:?}", f.entity));
                }
            }
        }
    }
    eprintln!("{} distractors checked in 6 row countries", lines.len());
    assert!(
        reported.is_empty(),
        "{} look-alikes reported:\n{}",
        reported.len(),
        reported.join("\n")
    );
}
