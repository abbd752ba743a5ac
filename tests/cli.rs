//! Runs the real `scour` binary: on the shipped sample (checked against its labels), on
//! hand-made bad inputs, and for the guarantees users rely on (exit codes, determinism, no raw
//! values in output).

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ArrowWriter;

fn scour(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scour"))
        .args(args)
        .output()
        .expect("run scour")
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/sample")
        .join(name)
        .display()
        .to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// (row, column, entity, start, end) -> validated
type Spans = HashMap<(u64, String, String, u32, u32), bool>;

fn read_findings(path: &Path) -> Spans {
    let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let mut out = HashMap::new();
    for batch in reader {
        let b = batch.unwrap();
        let row = b.column(0).as_primitive::<arrow::datatypes::UInt64Type>();
        let col = b.column(1).as_string::<i32>();
        let ent = b.column(2).as_string::<i32>();
        let start = b.column(3).as_primitive::<arrow::datatypes::UInt32Type>();
        let end = b.column(4).as_primitive::<arrow::datatypes::UInt32Type>();
        let valid = b.column(6).as_boolean();
        for i in 0..b.num_rows() {
            out.insert(
                (
                    row.value(i),
                    col.value(i).to_string(),
                    ent.value(i).to_string(),
                    start.value(i),
                    end.value(i),
                ),
                valid.value(i),
            );
        }
    }
    out
}

fn read_labels(path: &str) -> Spans {
    let mut r = csv::Reader::from_path(path).unwrap();
    let mut out = HashMap::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        out.insert(
            (
                rec[0].parse().unwrap(),
                rec[1].to_string(),
                rec[2].to_string(),
                rec[3].parse().unwrap(),
                rec[4].parse().unwrap(),
            ),
            &rec[5] == "true",
        );
    }
    out
}

/// Entities the value detectors find in this version (names and places come with dictionaries).
fn detectable(entity: &str) -> bool {
    entity != "PERSON" && entity != "LOCATION"
}

#[test]
fn sample_columns_are_classified_as_the_generator_says() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("inventory.json");
    for input in ["customers.parquet", "customers.csv"] {
        let out = scour(&[
            "scan",
            &sample(input),
            "--quiet",
            "--report",
            report.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let inv = json(&report);
        assert_eq!(inv["rows"], 1000);
        for col in inv["columns"].as_array().unwrap() {
            let name = col["name"].as_str().unwrap();
            let want = scour::generate::expected_verdict(name);
            assert_eq!(
                col["verdict"].as_str(),
                want,
                "{input}: column {name}: {col}"
            );
        }
    }
}

#[test]
fn sample_findings_match_the_labels() {
    let dir = tempfile::tempdir().unwrap();
    let findings = dir.path().join("findings.parquet");
    let out = scour(&[
        "scan",
        &sample("customers.parquet"),
        "--quiet",
        "--findings",
        findings.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got = read_findings(&findings);
    let labels = read_labels(&sample("labels.csv"));

    // Recall: valid labelled values of the detectable entities that were found and validated.
    let valid: Vec<_> = labels
        .iter()
        .filter(|(k, v)| **v && detectable(&k.2))
        .collect();
    let found = valid
        .iter()
        .filter(|(k, _)| got.get(*k) == Some(&true))
        .count();
    let recall = found as f64 / valid.len() as f64;
    // Precision: validated findings that are labelled values of that entity at that span.
    let validated: Vec<_> = got.iter().filter(|(_, v)| **v).collect();
    let correct = validated
        .iter()
        .filter(|(k, _)| labels.contains_key(*k))
        .count();
    let precision = correct as f64 / validated.len() as f64;
    // Invalid values: labelled invalid and reported (validated or not) at their span.
    let invalid: Vec<_> = labels
        .iter()
        .filter(|(k, v)| !**v && detectable(&k.2))
        .collect();
    let flagged = invalid
        .iter()
        .filter(|(k, _)| got.get(*k) == Some(&false))
        .count();
    eprintln!(
        "recall {recall:.4} ({found}/{}), precision {precision:.4} ({correct}/{}), invalid flagged {flagged}/{}",
        valid.len(),
        validated.len(),
        invalid.len()
    );
    assert!(
        valid.len() > 3000,
        "the sample has too few labels: {}",
        valid.len()
    );
    assert!(recall >= 0.97, "recall {recall}");
    assert!(precision >= 0.98, "precision {precision}");
    assert!(
        flagged as f64 >= 0.6 * invalid.len() as f64,
        "invalid flagged {flagged}/{}",
        invalid.len()
    );
}

#[test]
fn fail_on_exits_1_only_when_the_entity_is_found() {
    let out = scour(&[
        "scan",
        &sample("customers.csv"),
        "--quiet",
        "--fail-on",
        "CREDIT_CARD,US_SSN",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("CREDIT_CARD"));
    let out = scour(&[
        "scan",
        &sample("customers.csv"),
        "--quiet",
        "--entities",
        "EMAIL_ADDRESS",
        "--fail-on",
        "CREDIT_CARD",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn unknown_entity_is_a_usage_error() {
    let out = scour(&["scan", &sample("customers.csv"), "--fail-on", "CREDIT_KARD"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown entity 'CREDIT_KARD'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for threads in ["1", "2", "2"] {
        let f = dir.path().join(format!("f{}.parquet", files.len()));
        let out = scour(&[
            "scan",
            &sample("customers.parquet"),
            "--quiet",
            "--threads",
            threads,
            "--batch-rows",
            "300",
            "--findings",
            f.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        files.push(std::fs::read(&f).unwrap());
    }
    assert!(files.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn no_raw_value_reaches_stdout_or_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.json");
    let out = scour(&[
        "scan",
        &sample("customers.csv"),
        "--quiet",
        "--report",
        report.to_str().unwrap(),
    ]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        std::fs::read_to_string(&report).unwrap()
    );
    // Every labelled value in the sample (emails, IBANs, cards, ids, phones...) must not appear.
    let mut reader = csv::Reader::from_path(sample("customers.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let cells: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let labels = read_labels(&sample("labels.csv"));
    let mut checked = 0;
    for (row, column, entity, start, end) in labels.keys() {
        if !detectable(entity) || entity == "DATE_TIME" {
            continue;
        }
        let c = headers.iter().position(|h| h == column).unwrap();
        let value = &cells[*row as usize][c][*start as usize..*end as usize];
        if value.len() >= 8 {
            assert!(
                !text.contains(value),
                "raw {entity} value leaked into output"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000);
}

#[test]
fn several_files_form_one_table_with_rows_numbered_across_them() {
    let dir = tempfile::tempdir().unwrap();
    // Split by records, not lines (notes may contain quoted newlines): use the csv crate.
    let mut reader = csv::Reader::from_path(sample("customers.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let parts_dir = dir.path().join("parts");
    std::fs::create_dir(&parts_dir).unwrap();
    for (part, chunk) in records.chunks(400).enumerate() {
        let mut w = csv::Writer::from_path(parts_dir.join(format!("part-{part}.csv"))).unwrap();
        w.write_record(&header).unwrap();
        for r in chunk {
            w.write_record(r).unwrap();
        }
        w.flush().unwrap();
    }
    let whole = dir.path().join("whole.parquet");
    let parts = dir.path().join("parts.parquet");
    let out = scour(&[
        "scan",
        &sample("customers.csv"),
        "--quiet",
        "--findings",
        whole.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let glob = format!("{}/part-*.csv", parts_dir.display());
    let out = scour(&[
        "scan",
        &glob,
        "--quiet",
        "--findings",
        parts.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(read_findings(&whole), read_findings(&parts));
    // A directory works too.
    let out = scour(&["scan", parts_dir.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// Writes a one-batch Parquet file with the given (name, column) pairs, all nullable.
fn write_parquet(dir: &Path, name: &str, columns: Vec<(&str, ArrayRef)>) -> PathBuf {
    let p = dir.join(name);
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    let mut w = ArrowWriter::try_new(File::create(&p).unwrap(), schema.clone(), None).unwrap();
    w.write(&RecordBatch::try_new(schema, arrays).unwrap())
        .unwrap();
    w.close().unwrap();
    p
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn assert_bad_input(path: &Path, extra: &[&str], must_contain: &[&str]) {
    let mut args = vec!["scan", path.to_str().unwrap(), "--quiet"];
    args.extend_from_slice(extra);
    let out = scour(&args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        err.trim().lines().count(),
        1,
        "one-line error expected: {err}"
    );
    for s in must_contain {
        assert!(err.contains(s), "'{s}' not in: {err}");
    }
}

#[test]
fn bad_inputs_get_one_line_errors_naming_file_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let p = write(d, "utf8.csv", b"id,email\n1,a@b.de\n2,caf\xe9@b.de\n");
    assert_bad_input(&p, &[], &["utf8.csv", "row 2", "column 'email'", "UTF-8"]);
    let p = write(d, "ragged.csv", b"id,email\n1,a@b.de\n2,b@c.de,extra\n");
    assert_bad_input(
        &p,
        &[],
        &["ragged.csv", "row 2", "3 fields", "header has 2"],
    );
    let p = write(d, "empty.csv", b"");
    assert_bad_input(&p, &[], &["empty.csv", "empty file"]);
    let p = write(d, "header.csv", b"id,email\n");
    assert_bad_input(&p, &[], &["header.csv", "no data rows"]);
    let p = write(
        d,
        "garbage.parquet",
        b"PAR1 this is not really parquet PAR1",
    );
    assert_bad_input(&p, &[], &["garbage.parquet", "Parquet"]);
    let sample_bytes = std::fs::read(sample("customers.parquet")).unwrap();
    let p = write(
        d,
        "truncated.parquet",
        &sample_bytes[..sample_bytes.len() / 2],
    );
    assert_bad_input(&p, &[], &["truncated.parquet", "Parquet"]);
    // A corrupt page in the middle: flip bytes of the data, keep the footer.
    let mut corrupt = sample_bytes.clone();
    for b in &mut corrupt[200..2000] {
        *b = !*b;
    }
    let p = write(d, "corrupt.parquet", &corrupt);
    assert_bad_input(&p, &[], &["corrupt.parquet"]);
    let missing = d.join("nope.csv");
    assert_bad_input(&missing, &[], &["nope.csv"]);
}

#[test]
fn files_whose_columns_differ_are_rejected_naming_file_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.csv",
        b"id,email,phone\n1,a@b.de,+4915123456789\n",
    );
    let b = write(dir.path(), "b.csv", b"id,email\n2,b@c.de\n");
    let out = scour(&["scan", a.to_str().unwrap(), b.to_str().unwrap(), "--quiet"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("b.csv") && err.contains("column 'phone'") && err.contains("missing"),
        "{err}"
    );
}

#[test]
fn gzip_bom_and_semicolons_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("export.csv.gz");
    let mut gz =
        flate2::write::GzEncoder::new(File::create(&p).unwrap(), flate2::Compression::default());
    gz.write_all(
        b"\xEF\xBB\xBFkunde;e_mail;notiz\n1;anna@web.de;\"Ruf an; Karte 4111 1111 1111 1111\"\n",
    )
    .unwrap();
    gz.finish().unwrap();
    let report = dir.path().join("r.json");
    let out = scour(&[
        "scan",
        p.to_str().unwrap(),
        "--quiet",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let inv = json(&report);
    assert_eq!(inv["columns"][0]["name"], "kunde");
    assert_eq!(inv["columns"][1]["verdict"], "EMAIL_ADDRESS");
    assert_eq!(inv["columns"][2]["entities"]["CREDIT_CARD"]["validated"], 1);
}

#[test]
fn integer_columns_are_scanned_in_decimal_form() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_parquet(
        dir.path(),
        "ints.parquet",
        vec![
            (
                "card_number",
                Arc::new(Int64Array::from(vec![
                    Some(4111111111111111),
                    Some(5555555555554444),
                    None,
                ])),
            ),
            (
                "name",
                Arc::new(StringArray::from(vec![Some("A"), Some("B"), Some("C")])),
            ),
        ],
    );
    let report = dir.path().join("r.json");
    let out = scour(&[
        "scan",
        p.to_str().unwrap(),
        "--quiet",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let inv = json(&report);
    assert_eq!(inv["columns"][0]["verdict"], "CREDIT_CARD");
    assert_eq!(inv["columns"][0]["non_null"], 2);
}

#[test]
fn findings_file_has_exactly_the_documented_schema() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f.parquet");
    let out = scour(&[
        "scan",
        &sample("customers.csv"),
        "--quiet",
        "--findings",
        f.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let b = ParquetRecordBatchReaderBuilder::try_new(File::open(&f).unwrap()).unwrap();
    let fields: Vec<(String, DataType)> = b
        .schema()
        .fields()
        .iter()
        .map(|f| (f.name().clone(), f.data_type().clone()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("row".into(), DataType::UInt64),
            ("column".into(), DataType::Utf8),
            ("entity".into(), DataType::Utf8),
            ("start".into(), DataType::UInt32),
            ("end".into(), DataType::UInt32),
            ("score".into(), DataType::Float32),
            ("validated".into(), DataType::Boolean),
        ]
    );
    // Rows are in input order.
    let rows: Vec<u64> = b
        .build()
        .unwrap()
        .flat_map(|batch| {
            batch
                .unwrap()
                .column(0)
                .as_primitive::<arrow::datatypes::UInt64Type>()
                .values()
                .to_vec()
        })
        .collect();
    assert!(rows.windows(2).all(|w| w[0] <= w[1]));
    let distinct: HashSet<u64> = rows.iter().copied().collect();
    assert!(distinct.len() > 900);
}

#[test]
fn generate_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.csv");
    let b = dir.path().join("b.csv");
    for p in [&a, &b] {
        let out = scour(&[
            "generate",
            "--rows",
            "500",
            "--seed",
            "9",
            "--out",
            p.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn help_and_version_work_for_every_subcommand() {
    for args in [
        vec!["--help"],
        vec!["--version"],
        vec!["scan", "--help"],
        vec!["generate", "--help"],
        vec!["entities"],
    ] {
        let out = scour(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(!out.stdout.is_empty());
    }
}

#[test]
fn readme_entity_table_is_what_scour_entities_prints() {
    let out = scour(&["entities", "--markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).unwrap();
    // One row per entity, every national identifier with its country.
    assert_eq!(table.lines().count(), 2 + scour::entity::Entity::COUNT);
    assert!(table.contains("| `DK_CPR` | DK |"));
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "README's entity table is stale: paste `scour entities --markdown`"
    );
}

#[test]
fn a_failed_scan_leaves_no_findings_file() {
    let dir = tempfile::tempdir().unwrap();
    // The second file is ragged halfway through: the scan fails after findings were produced.
    let good = write(dir.path(), "a.csv", b"id,email\n1,a@b.de\n2,c@d.de\n");
    let bad = write(dir.path(), "b.csv", b"id,email\n3,e@f.de\n4,g@h.de,extra\n");
    let f = dir.path().join("out").join("f.parquet");
    std::fs::create_dir(f.parent().unwrap()).unwrap();
    let out = scour(&[
        "scan",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        "--quiet",
        "--findings",
        f.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(f.parent().unwrap()).unwrap().collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn a_csv_without_header_is_refused_without_echoing_its_first_row() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "noheader.csv",
        b"1,anna.schmidt@web.de,+4915123456789\n2,b@c.de,+4915123456780\n",
    );
    let out = scour(&["scan", p.to_str().unwrap(), "--quiet"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("header row missing"), "{err}");
    assert!(!err.contains("anna") && !String::from_utf8_lossy(&out.stdout).contains("anna"));
}

#[test]
fn parquet_with_duplicate_column_names_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_parquet(
        dir.path(),
        "dup.parquet",
        vec![
            ("email", Arc::new(StringArray::from(vec!["a@b.de"]))),
            ("email", Arc::new(StringArray::from(vec!["c@d.de"]))),
        ],
    );
    assert_bad_input(&p, &[], &["dup.parquet", "column 'email'", "twice"]);
}

/// A user adds a recognizer by editing a TOML file and sees it in the next scan: a new entity
/// from a pattern with context, a dictionary, an allow list on a built-in entity.
#[test]
fn custom_recognizers_from_a_toml_file() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("notes.csv");
    std::fs::write(
        &csv,
        "id,notes\n\
         1,Kunde CUST-123456 hat angerufen\n\
         2,Referenz CUST-654321 ohne Kontext\n\
         3,customer CUST-000000 test account\n\
         4,Frau Mercedes Wagner fragt nach dem Zephyr Max\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("products.txt"),
        "# our products\nZephyr Max\n",
    )
    .unwrap();
    let rec = dir.path().join("recognizers.toml");
    std::fs::write(
        &rec,
        r#"
[[recognizer]]
entity = "CUSTOMER_CODE"
patterns = [{ regex = '\bCUST-[0-9]{6}\b', score = 0.4 }]
context = ["kunde", "customer"]
allow = ["CUST-000000"]

[[recognizer]]
entity = "PRODUCT"
dictionary = "products.txt"

[[recognizer]]
entity = "PERSON"
allow = ["Mercedes Wagner"]
"#,
    )
    .unwrap();
    let report = dir.path().join("r.json");
    let findings = dir.path().join("f.parquet");
    let out = scour(&[
        "scan",
        csv.to_str().unwrap(),
        "--quiet",
        "--recognizers",
        rec.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--findings",
        findings.to_str().unwrap(),
        "--fail-on",
        "CUSTOMER_CODE",
    ]);
    // --fail-on accepts the custom entity and trips on it.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let got = read_findings(&findings);
    let at = |row: u64, entity: &str| -> Vec<(u32, u32)> {
        let mut v: Vec<_> = got
            .keys()
            .filter(|k| k.0 == row && k.2 == entity)
            .map(|k| (k.3, k.4))
            .collect();
        v.sort();
        v
    };
    // Context lifts row 0 over the threshold; row 1 has none; row 2 is allowed.
    assert_eq!(at(0, "CUSTOMER_CODE"), vec![(6, 17)]);
    assert!(at(1, "CUSTOMER_CODE").is_empty());
    assert!(at(2, "CUSTOMER_CODE").is_empty());
    assert_eq!(at(3, "PRODUCT").len(), 1);
    assert!(at(3, "PERSON").is_empty(), "the allow list silences PERSON");
    let inv = json(&report);
    assert_eq!(
        inv["totals"]["CUSTOMER_CODE"]["validated"], 1,
        "{}",
        inv["totals"]
    );
}

#[test]
fn recognizer_errors_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    std::fs::write(&csv, "id,notes\n1,hello\n").unwrap();
    let cases = [
        (
            "[[recognizer]]\nentity = \"X_CODE\"\npatterns = [{ regex = 'X[0-9]+', score = 0.6 }]\nvalidator = \"lunh\"\n",
            ":4: validator: unknown validator 'lunh'",
        ),
        ("[[recognizer]]\nentity = \"X\"\npatern = 1\n", ":3: unknown field `patern`"),
        (
            "[[recognizer]]\nentity = \"X\"\npatterns = [{ regex = 'X[0-9]+', score = 0.3 }]\n",
            ":3: patterns.score: score 0.3 (no context words) stays below the reporting threshold",
        ),
        ("[[recognizer]]\nentity = \"X\"\n", "it would never match"),
        (
            "[[recognizer]]\nentity = \"X\"\npatterns = [{ regex = 'a*', score = 0.9 }]\n",
            ":3: patterns.regex: matches the empty string",
        ),
        ("[[recognizer]]\nentity = \"lower case\"\ndeny = [\"x\"]\n", ":2: entity:"),
    ];
    for (i, (toml, want)) in cases.iter().enumerate() {
        let rec = dir.path().join(format!("r{i}.toml"));
        std::fs::write(&rec, toml).unwrap();
        let out = scour(&[
            "scan",
            csv.to_str().unwrap(),
            "--quiet",
            "--recognizers",
            rec.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{toml}");
        let err = stderr(&out);
        assert!(
            err.contains(&format!("r{i}.toml")) && err.contains(want),
            "{toml}\n{err}"
        );
    }
}

#[test]
fn explain_gives_reasons_and_masked_values_only() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    std::fs::write(
        &csv,
        "id,notes\n1,x\n2,Kunde Annegret Schwarzkopf wohnt in der Hauptstraße 12 in Leipzig\n",
    )
    .unwrap();
    let out = scour(&["scan", csv.to_str().unwrap(), "--explain", "1:notes"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    for raw in ["Annegret", "Schwarzkopf", "Hauptstraße", "Leipzig"] {
        assert!(!text.contains(raw), "raw value {raw} printed:\n{text}");
    }
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let person = findings
        .iter()
        .find(|f| f["entity"] == "PERSON")
        .expect("a person");
    let reasons: Vec<&str> = person["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["why"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"a person word before it"), "{reasons:?}");
    let sum: f64 = person["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["score"].as_f64().unwrap())
        .sum();
    assert!((sum.min(1.0) - person["score"].as_f64().unwrap()).abs() < 0.01);
    assert!(findings.iter().any(|f| f["entity"] == "LOCATION"));
    let bad = scour(&["scan", csv.to_str().unwrap(), "--explain", "9:notes"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// Name, city and street columns renamed to meaningless names are still classified from
/// their values (dictionary hit share).
#[test]
fn name_and_place_columns_are_classified_by_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("anon.csv");
    let mut rows = String::from("c1,c2,c3,c4\n");
    let data = [
        ("Anna", "Schmidt", "Berlin", "Hauptstraße 12"),
        ("Jean", "Dubois", "Lyon", "12 rue Victor Hugo"),
        ("Giulia", "Rossi", "Bologna", "Via Roma 5"),
        ("Piotr", "Kowalski", "Gdańsk", "ul. Długa 47"),
        ("Emma", "Jansen", "Utrecht", "Kerkstraat 7"),
        ("Lucía", "García", "Sevilla", "Calle Mayor 3"),
        ("Oliver", "Smith", "Leeds", "14 High Street"),
        ("Astrid", "Lindqvist", "Uppsala", "Storgatan 3"),
    ];
    for (a, b, c, d) in data {
        rows.push_str(&format!("{a},{b},{c},\"{d}\"\n"));
    }
    std::fs::write(&csv, rows).unwrap();
    let report = dir.path().join("r.json");
    let out = scour(&[
        "scan",
        csv.to_str().unwrap(),
        "--quiet",
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let inv = json(&report);
    let verdicts: Vec<&str> = inv["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["verdict"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(verdicts, ["PERSON", "PERSON", "LOCATION", "LOCATION"]);
}
