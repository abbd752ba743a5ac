//! `scour scan` on a table with one column per national identifier (named the way a CRM would
//! name it) classifies every column as that identifier; a VAT column of many countries is
//! VAT_NUMBER; and no column is mistaken for another identifier.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use scour::detect::ids::{self, IDENTIFIERS};

const ROWS: usize = 60;

/// Values for `key` that python-stdnum and scour both call valid (the vectors minus the
/// documented divergences).
fn vector_values(key: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/vectors");
    let Ok(mut r) = csv::Reader::from_path(dir.join(format!("{key}.csv"))) else {
        return Vec::new();
    };
    let mut d = csv::Reader::from_path(dir.join("divergences.csv")).unwrap();
    let diverging: Vec<String> = d
        .records()
        .map(|rec| rec.unwrap())
        .filter(|rec| &rec[0] == key)
        .map(|rec| rec[1].to_string())
        .collect();
    r.records()
        .map(|rec| rec.unwrap())
        .filter(|rec| &rec[1] == "true" && !diverging.iter().any(|v| v == &rec[0]))
        .map(|rec| rec[0].to_string())
        .collect()
}

/// Values for identifiers stdnum has no module for: random bodies in the published shape,
/// completed by trying every check character (the validator is the oracle here; this test is
/// about classification, the validators have their own tests).
fn generated_values(key: &str) -> Vec<String> {
    let f = ids::validator(key).unwrap();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D ^ key.len() as u64;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut out = Vec::new();
    let mut tries = 0;
    while out.len() < ROWS && tries < 100_000 {
        tries += 1;
        let d = |n: u64| (b'0' + n as u8) as char;
        const DOC: &[u8] = b"CFGHJKLMNPRTVWXYZ0123456789";
        let body: String = match key {
            "hu.adoazonosito" => format!("8{:05}{:03}", 30_000 + next(20_000), next(1000)),
            "lu.matricule" => format!(
                "19{:02}{:02}{:02}{:03}",
                next(100),
                1 + next(12),
                1 + next(28),
                next(1000)
            ),
            "mt.id_card" => format!(
                "{}{}",
                1000 + next(8_999_000),
                ["M", "G", "A"][next(3) as usize]
            ),
            "de.rvnr" => format!(
                "{}{:02}{:02}{:02}{}{:02}",
                ["12", "15", "65", "53"][next(4) as usize],
                1 + next(28),
                1 + next(12),
                next(100),
                (b'A' + next(26) as u8) as char,
                next(50)
            ),
            "de.kvnr" => format!(
                "{}{:08}",
                (b'A' + next(26) as u8) as char,
                next(100_000_000)
            ),
            "de.id_card" | "de.passport" => {
                let first = if key == "de.passport" {
                    b"CFGHJK"[next(6) as usize]
                } else {
                    DOC[next(17) as usize]
                };
                let rest: String = (0..8)
                    .map(|_| DOC[next(DOC.len() as u64) as usize] as char)
                    .collect();
                format!("{}{rest}", first as char)
            }
            "gb.nino" => format!(
                "{}{:06}{}",
                ["AB", "CE", "JH", "PR", "WT"][next(5) as usize],
                next(1_000_000),
                ["A", "B", "C", "D"][next(4) as usize]
            ),
            other => panic!("no generator for {other}"),
        };
        if key == "mt.id_card" || key == "gb.nino" {
            if f(&body) {
                out.push(body);
            }
            continue;
        }
        let checks: Vec<String> = if key == "lu.matricule" {
            (0..100).map(|c| format!("{c:02}")).collect()
        } else {
            (0..10).map(|c| d(c).to_string()).collect()
        };
        if let Some(v) = checks.iter().map(|c| format!("{body}{c}")).find(|v| f(v)) {
            out.push(v);
        }
    }
    assert_eq!(out.len(), ROWS, "{key}: could not generate values");
    out
}

fn cycle(values: &[String]) -> Vec<String> {
    assert!(!values.is_empty());
    values.iter().cycle().take(ROWS).cloned().collect()
}

#[test]
fn a_column_per_identifier_is_classified_as_that_identifier() {
    // column name -> (expected verdict, values)
    let mut columns: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for id in IDENTIFIERS {
        // The Cyprus TIC shares the VAT number's rule; as a TIC it is written without "CY".
        let mut values: Vec<String> = vector_values(id.key)
            .into_iter()
            .filter(|v| !v.starts_with("CY"))
            .collect();
        if values.is_empty() {
            values = generated_values(id.key);
        }
        columns.insert(
            id.columns[0].to_string(),
            (id.entity.name().to_string(), cycle(&values)),
        );
    }
    // VAT numbers of every country in one column, with and without their prefix.
    let mut vat = Vec::new();
    for &(_, country, _) in ids::VAT {
        vat.extend(
            vector_values(&format!("{}.vat", country.to_lowercase()))
                .into_iter()
                .take(2),
        );
    }
    columns.insert("vat_number".into(), ("VAT_NUMBER".into(), cycle(&vat)));

    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("ids.csv");
    let mut w = csv::Writer::from_path(&table).unwrap();
    w.write_record(columns.keys()).unwrap();
    for row in 0..ROWS {
        w.write_record(columns.values().map(|(_, v)| v[row].as_str()))
            .unwrap();
    }
    w.flush().unwrap();
    let report = dir.path().join("report.json");
    let out = Command::new(env!("CARGO_BIN_EXE_scour"))
        .args([
            "scan",
            table.to_str().unwrap(),
            "--quiet",
            "--report",
            report.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let inv: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let mut wrong = Vec::new();
    for col in inv["columns"].as_array().unwrap() {
        let name = col["name"].as_str().unwrap();
        let want = &columns[name].0;
        let got = col["verdict"].as_str().unwrap_or("none");
        let valid = col["valid_share"].as_f64().unwrap_or(0.0);
        if got != want || valid < 1.0 {
            wrong.push(format!(
                "{name}: want {want}, got {got} (valid share {valid})"
            ));
        }
    }
    assert_eq!(columns.len(), inv["columns"].as_array().unwrap().len());
    // Only masked samples reach the terminal and the report.
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report_text = std::fs::read_to_string(&report).unwrap();
    for (name, (_, values)) in &columns {
        for v in values {
            assert!(
                !stdout.contains(v.as_str()) && !report_text.contains(v.as_str()),
                "a raw {name} value reached the output"
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "{} columns misclassified:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
