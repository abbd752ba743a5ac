//! `scour dedup` and the `[dedup]` stage of `scour run` end to end: planted duplicates must
//! come out as exactly the planted clusters, golden records follow their survivorship rules,
//! every row is accounted for, and the same input gives the same bytes.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{column, json, read_parquet};

fn scour(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scour"))
        .args(args)
        .output()
        .expect("run scour")
}

fn ok(args: &[&str]) -> Output {
    let o = scour(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

const FIRST: &[&str] = &[
    "Anna", "Lukas", "Marie", "Jonas", "Sofia", "Felix", "Emma", "Paul", "Mia", "Leon", "Hannah",
    "Elias", "Lea", "Noah", "Clara", "Ben", "Lina", "Finn", "Ida", "Emil",
];
const LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
];
const CITIES: &[(&str, &str)] = &[
    ("Berlin", "10115"),
    ("Hamburg", "20095"),
    ("München", "80331"),
    ("Köln", "50667"),
    ("Frankfurt", "60311"),
    ("Stuttgart", "70173"),
    ("Leipzig", "04109"),
    ("Dresden", "01067"),
];

/// A table of 400 distinct people and planted duplicates of some of them; returns the CSV
/// and, per row, the row of the person's first record.
fn planted_table() -> (String, Vec<usize>) {
    let mut csv = String::from(
        "customer_id,first_name,last_name,birth_date,email,phone,city,postcode,updated_at\n",
    );
    let mut people = Vec::new();
    for i in 0..400usize {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i / FIRST.len() + i * 7) % LAST.len()];
        let (city, postcode) = CITIES[(i * 3) % CITIES.len()];
        let birth = format!(
            "{}-{:02}-{:02}",
            1950 + (i * 13) % 50,
            1 + (i * 5) % 12,
            1 + (i * 11) % 28
        );
        let email = format!(
            "{}.{}{}@example.org",
            first.to_lowercase(),
            last.to_lowercase().replace('ü', "ue").replace('ö', "oe"),
            i
        );
        let phone = format!("+49 30 {:07}", 1_000_000 + i * 7919 % 8_999_999);
        people.push([
            first.to_string(),
            last.to_string(),
            birth,
            email,
            phone,
            city.to_string(),
            postcode.to_string(),
        ]);
    }
    let mut truth = Vec::new();
    let mut row = 0usize;
    let mut push =
        |csv: &mut String, truth: &mut Vec<usize>, p: &[String; 7], of: usize, day: u32| {
            csv.push_str(&format!(
                "C{:05},{},{},{},{},{},{},{},2024-01-{:02}\n",
                row, p[0], p[1], p[2], p[3], p[4], p[5], p[6], day
            ));
            truth.push(of);
            row += 1;
        };
    for p in &people {
        let r = truth.len();
        push(&mut csv, &mut truth, p, r, 1);
    }
    // Planted duplicates: (person, edit).
    let edits: &[(usize, &str)] = &[
        (3, "typo"),
        (18, "swap"),
        (42, "accents"),
        (42, "email"),
        (99, "phone_format"),
        (150, "missing_phone"),
        (201, "case"),
        (333, "moved"),
        (377, "typo_first"),
        (5, "new_phone"),
    ];
    for (n, &(person, edit)) in edits.iter().enumerate() {
        let mut p = people[person].clone();
        match edit {
            "typo" => p[1] = format!("{}x", p[1]),
            "swap" => {
                let d: Vec<&str> = p[2].split('-').collect();
                p[2] = format!("{}-{}-{}", d[0], d[2], d[1]);
            }
            "email" => p[3] = format!("{}.new@mail.example", p[0].to_lowercase()),
            "accents" => {
                p[1] = p[1].replace('ü', "u").replace('ö', "o");
                p[5] = p[5].replace('ü', "u").replace('ö', "o");
            }
            "phone_format" => p[4] = p[4].replace("+49 30 ", "030 "),
            "missing_phone" => p[4].clear(),
            "case" => {
                p[0] = p[0].to_uppercase();
                p[1] = p[1].to_uppercase();
            }
            "moved" => {
                p[5] = "Bremen".into();
                p[6] = "28195".into();
            }
            "typo_first" => p[0] = format!("{}a", p[0]),
            "new_phone" => p[4] = "+49 40 5550123".into(),
            _ => unreachable!(),
        }
        push(&mut csv, &mut truth, &p, person, 2 + n as u32);
    }
    (csv, truth)
}

fn dir() -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().to_path_buf();
    (d, p)
}

/// The clusters as sets of rows, from clusters.parquet.
fn clusters(out: &Path) -> BTreeMap<u64, Vec<u64>> {
    let b = read_parquet(&out.join("clusters.parquet"));
    let rows = column(&b, "row");
    let ids = column(&b, "cluster_id");
    let mut m: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for (r, c) in rows.iter().zip(&ids) {
        m.entry(c.as_ref().unwrap().parse().unwrap())
            .or_default()
            .push(r.as_ref().unwrap().parse().unwrap());
    }
    m
}

#[test]
fn planted_duplicates_come_out_as_exactly_the_planted_clusters() {
    let (_d, dir) = dir();
    let (csv, truth) = planted_table();
    let input = dir.join("customers.csv");
    std::fs::write(&input, csv).unwrap();
    let out = dir.join("out");
    let o = ok(&[
        "dedup",
        input.to_str().unwrap(),
        "--id-column",
        "customer_id",
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    // The model is printed as a pipeline section, with the fields the classification found.
    let model = String::from_utf8(o.stdout).unwrap();
    assert!(model.contains("[dedup]"), "{model}");
    for f in [
        "first_name = \"name\"",
        "last_name = \"name\"",
        "birth_date = \"date\"",
        "email = \"email\"",
        "phone = \"phone\"",
        "postcode = \"postcode\"",
    ] {
        assert!(model.contains(f), "{f} missing from\n{model}");
    }
    assert!(
        !model.contains("customer_id = \"identifier\""),
        "the id is not compared:\n{model}"
    );

    let mut want: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for (row, &of) in truth.iter().enumerate() {
        want.entry(of as u64).or_default().push(row as u64);
    }
    assert_eq!(clusters(&out), want);

    // 410 rows: 400 written (391 without a duplicate + 9 golden records), 10 merged.
    let m = json(&out.join("manifest.json"));
    let a = &m["accounting"];
    assert_eq!(a["rows_in"], 410);
    assert_eq!(a["rows_merged"], 10);
    assert_eq!(a["rows_out"], 400);
    assert_eq!(a["balanced"], true);
    assert_eq!(m["dedup"]["clusters"], 9);
    assert_eq!(m["dedup"]["cluster_sizes"]["3"], 1);

    // The cleansed output: singles in input order, then one golden record per cluster.
    let cleansed = read_parquet(&out.join("cleansed.parquet"));
    let ids = column(&cleansed, "_scour_cluster_id");
    let sizes = column(&cleansed, "_scour_cluster_size");
    assert_eq!(ids.len(), 400);
    let golden: Vec<usize> = (0..ids.len())
        .filter(|&i| sizes[i].as_deref() != Some("1"))
        .collect();
    assert_eq!(golden.len(), 9);
    assert_eq!(golden[0], 391, "golden records come after the other rows");
    // The record id survives from the earliest row (rule `first`).
    let customer = column(&cleansed, "customer_id");
    let g42 = golden
        .iter()
        .find(|&&i| ids[i].as_deref() == Some("42"))
        .unwrap();
    assert_eq!(customer[*g42].as_deref(), Some("C00042"));
    assert_eq!(sizes[*g42].as_deref(), Some("3"));
    // E-mail from the most recent row (updated_at): the duplicate with the new address.
    let email = column(&cleansed, "email");
    assert_eq!(email[*g42].as_deref(), Some("marie.new@mail.example"));

    // Lineage: every golden field names its source row.
    let lineage = read_parquet(&out.join("survivorship.parquet"));
    let cl = column(&lineage, "cluster_id");
    let col = column(&lineage, "column");
    let src = column(&lineage, "source_row");
    let rule = column(&lineage, "rule");
    let i = (0..cl.len())
        .find(|&i| cl[i].as_deref() == Some("42") && col[i].as_deref() == Some("email"))
        .unwrap();
    assert_eq!(src[i].as_deref(), Some("403"));
    assert_eq!(rule[i].as_deref(), Some("most_recent"));

    // Merged rows are in the discrepancy report, masked and with their cluster.
    let disc = std::fs::read_to_string(out.join("discrepancies.csv")).unwrap();
    let merges: Vec<&str> = disc.lines().filter(|l| l.contains(",merge,")).collect();
    assert_eq!(merges.len(), 19, "every member of the 9 clusters");
    assert!(
        merges.iter().any(|l| l.contains("cluster 42 (3 rows)")),
        "{disc}"
    );
    assert!(!disc.contains("marie.new@mail.example"));

    // The audit trail: a merged pair with its per-field levels.
    let pairs = read_parquet(&out.join("pairs.parquet"));
    let a = column(&pairs, "row_a");
    let b = column(&pairs, "row_b");
    let level = column(&pairs, "birth_date_level");
    let k = (0..a.len())
        .find(|&k| a[k].as_deref() == Some("18") && b[k].as_deref() == Some("401"))
        .expect("the swapped-date duplicate is a scored pair");
    assert_eq!(level[k].as_deref(), Some("day_month_swapped"));
}

#[test]
fn same_input_gives_the_same_bytes() {
    let (_d, dir) = dir();
    let (csv, _) = planted_table();
    let input = dir.join("customers.csv");
    std::fs::write(&input, csv).unwrap();
    let run = |name: &str| {
        let out = dir.join(name);
        ok(&[
            "dedup",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
            "--threads",
            if name == "a" { "1" } else { "2" },
        ]);
        out
    };
    let (a, b) = (run("a"), run("b"));
    for f in [
        "cleansed.parquet",
        "clusters.parquet",
        "pairs.parquet",
        "survivorship.parquet",
        "discrepancies.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between runs"
        );
    }
}

#[test]
fn generated_duplicates_are_found_with_high_precision_and_recall() {
    let (_d, dir) = dir();
    let table = dir.join("t.parquet");
    let truth = dir.join("truth.csv");
    ok(&[
        "generate",
        "--rows",
        "20000",
        "--duplicates",
        "0.2",
        "--seed",
        "7",
        "--out",
        table.to_str().unwrap(),
        "--truth",
        truth.to_str().unwrap(),
    ]);
    for ignore in [None, Some("national_id")] {
        let out = dir.join(format!("out-{}", ignore.is_some()));
        let mut args = vec![
            "dedup",
            table.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--truth",
            truth.to_str().unwrap(),
            "-q",
        ];
        if let Some(c) = ignore {
            args.extend(["--ignore", c]);
        }
        let o = ok(&args);
        let text = String::from_utf8(o.stdout).unwrap();
        let score = |prefix: &str, what: &str| -> f64 {
            let line = text.lines().find(|l| l.starts_with(prefix)).unwrap();
            let mut it = line.split_whitespace();
            while let Some(w) = it.next() {
                if w == what {
                    return it.next().unwrap().parse().unwrap();
                }
            }
            panic!("{what} not in {line}")
        };
        assert!(score("pairwise:", "precision") >= 0.998, "{text}");
        assert!(score("clusters:", "f1") >= 0.985, "{text}");
    }
}

#[test]
fn the_dedup_stage_of_a_pipeline_quarantines_first_and_balances() {
    let (_d, dir) = dir();
    let (csv, _) = planted_table();
    // Row 3's person has a duplicate (row 400); quarantine the original by an invalid id.
    let csv = csv.replacen("C00003,", ",", 1);
    let input = dir.join("customers.csv");
    std::fs::write(&input, csv).unwrap();
    let pipeline = dir.join("p.toml");
    std::fs::write(
        &pipeline,
        r#"
[input]
paths = ["customers.csv"]

[columns.email]
normalize = ["email"]

[[rules]]
column = "customer_id"
required = true
action = "quarantine"

[dedup]
fields = { first_name = "name", last_name = "name", birth_date = "date", email = "email", phone = "phone", postcode = "postcode" }
blocking = [["email"], ["phone"], ["last_name", "birth_date"], ["first_name", "birth_date"]]
id_column = "customer_id"
threshold = 0.9

[dedup.survivorship]
default = "longest"
columns = { customer_id = "first", email = "most_recent" }
"#,
    )
    .unwrap();
    let out = dir.join("out");
    let o = ok(&[
        "run",
        pipeline.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.stderr.is_empty());
    let m = json(&out.join("manifest.json"));
    let a = &m["accounting"];
    assert_eq!(a["rows_in"], 410);
    assert_eq!(a["rows_quarantined"], 1);
    // Cluster {3, 400}: its only surviving member is row 400, which merges nothing.
    assert_eq!(a["rows_merged"], 9);
    assert_eq!(a["rows_out"], 400);
    assert_eq!(m["dedup"]["fields_inferred"], false);
    assert_eq!(m["dedup"]["blocking"].as_array().unwrap().len(), 4);
    // `longest`: the typo'd surname of the planted duplicate of person 377 is longer.
    let cleansed = read_parquet(&out.join("cleansed.parquet"));
    let first = column(&cleansed, "first_name");
    let ids = column(&cleansed, "_scour_cluster_id");
    let g = (0..ids.len())
        .find(|&i| ids[i].as_deref() == Some("377"))
        .unwrap();
    assert!(
        first[g].as_deref().unwrap().ends_with('a'),
        "{:?}",
        first[g]
    );
    // Outputs listed in the manifest include the linkage files.
    let names: Vec<String> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect();
    for f in ["clusters.parquet", "pairs.parquet", "survivorship.parquet"] {
        assert!(names.iter().any(|n| n == f), "{names:?}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("Deduplication"),
        "the report has a dedup section"
    );
}

#[test]
fn a_bad_dedup_section_names_the_file_line_and_key() {
    let (_d, dir) = dir();
    let (csv, _) = planted_table();
    std::fs::write(dir.join("customers.csv"), csv).unwrap();
    for (section, expect) in [
        (
            "fields = { email = \"mail\" }",
            "'mail' (for email) is not a field kind",
        ),
        (
            "fields = { email = \"email\" }\nblocking = [[\"phone\"]]",
            "'phone' is not one of dedup.fields",
        ),
        ("threshold = 1.5", "dedup.threshold"),
        ("id_column = \"nope\"", "no column 'nope'"),
        (
            "[dedup.survivorship]\ndefault = \"source_priority\"",
            "source_priority needs source_column",
        ),
    ] {
        let pipeline = dir.join("p.toml");
        std::fs::write(
            &pipeline,
            format!("[input]\npaths = [\"customers.csv\"]\n\n[dedup]\n{section}\n"),
        )
        .unwrap();
        let o = scour(&["check", pipeline.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("p.toml:"), "{err}");
        assert!(err.contains(expect), "{expect}: {err}");
    }
}
