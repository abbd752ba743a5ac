//! The validators accept exactly what an independent implementation accepts: every vector in
//! `testdata/vectors/` (python-stdnum's verdicts, see its README) is checked, and where scour
//! deliberately disagrees the row is listed in `testdata/vectors/divergences.csv` with the reason.

use std::collections::HashMap;
use std::path::Path;

use scour::detect::ids;

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

/// `(key, value)` -> reason, for the rows where scour deliberately differs from stdnum.
fn divergences(dir: &Path) -> HashMap<(String, String), String> {
    read_csv(&dir.join("divergences.csv"))
        .into_iter()
        .map(|r| ((r[0].clone(), r[1].clone()), r[3].clone()))
        .collect()
}

#[test]
fn validators_agree_with_stdnum_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/vectors");
    let allowed = divergences(&dir);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .filter(|p| p.file_stem().is_some_and(|s| s != "divergences"))
        .collect();
    files.sort();
    assert!(files.len() >= 60, "only {} vector files", files.len());
    let (mut rows, mut valid_rows, mut diverged) = (0, 0, 0);
    let mut failures = Vec::new();
    for path in &files {
        let key = path.file_stem().unwrap().to_str().unwrap().to_string();
        let f = ids::validator(&key).unwrap_or_else(|| panic!("no validator for {key}"));
        for r in read_csv(path) {
            let (value, want) = (&r[0], r[1] == "true");
            rows += 1;
            valid_rows += want as usize;
            if f(value) == want {
                continue;
            }
            if allowed.contains_key(&(key.clone(), value.clone())) {
                diverged += 1;
            } else {
                failures.push(format!("{key}: {value} stdnum={want}"));
            }
        }
    }
    eprintln!(
        "{} files, {rows} vectors ({valid_rows} valid), {diverged} documented divergences",
        files.len()
    );
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every documented divergence still is one (the list does not go stale).
    for ((key, value), why) in &allowed {
        let f = ids::validator(key).unwrap();
        let path = dir.join(format!("{key}.csv"));
        let row = read_csv(&path).into_iter().find(|r| &r[0] == value);
        let row = row.unwrap_or_else(|| panic!("{key} {value} not in the vectors"));
        assert_ne!(f(value), row[1] == "true", "{key} {value}: {why}");
    }
}
