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
