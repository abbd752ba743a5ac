//! `scour run`, `scour check` and `scour detokenize` end to end, on the shipped sample and on
//! small hand-made tables: what a nightly job and an auditor rely on.

mod common;

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use arrow::array::RecordBatch;
use common::{column, json, read_parquet};
use parquet::arrow::arrow_reader::{ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use parquet::encryption::decrypt::FileDecryptionProperties;

/// A fixed test key (not a secret).
const KEY: &str = "6d2f1c9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a49382716051f2e3d4c5b6a798801";

fn scour(args: &[&str]) -> Output {
    scour_with_key(args, Some(KEY))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pipeline(name: &str) -> String {
    root().join("pipelines").join(name).display().to_string()
}

fn sample() -> String {
    root()
        .join("testdata/sample/customers.parquet")
        .display()
        .to_string()
}

/// Runs `scour run ARGS`; a broken `[fail_if]` threshold (exit 1) still writes every output.
fn run_ok(args: &[&str]) {
    let mut all = vec!["run"];
    all.extend_from_slice(args);
    let o = scour(&all);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
}

/// `scour ARGS` with `SCOUR_KEY` set to `key`, or unset.
fn scour_with_key(args: &[&str], key: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scour"));
    command.args(args);
    match key {
        Some(k) => command.env("SCOUR_KEY", k),
        None => command.env_remove("SCOUR_KEY"),
    };
    command.output().expect("run scour")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Reads a file of the nightly pipeline, whose `iban` column is encrypted, with the keys
/// derived from the test key.
fn read_decrypted(path: &Path) -> Vec<RecordBatch> {
    let key = scour::pipeline::keys::Key::parse(KEY.as_bytes(), "test").unwrap();
    let footer = key
        .derive(scour::pipeline::keys::purpose::PARQUET_FOOTER)
        .to_vec();
    let column_key = key
        .derive(&scour::pipeline::keys::purpose::parquet_column("iban"))
        .to_vec();
    let props = FileDecryptionProperties::builder(footer)
        .with_column_key("iban", column_key)
        .build()
        .unwrap();
    let options = ArrowReaderOptions::new().with_file_decryption_properties(props);
    ParquetRecordBatchReaderBuilder::try_new_with_options(File::open(path).unwrap(), options)
        .unwrap()
        .build()
        .unwrap()
        .map(|b| b.unwrap())
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn shipped_pipelines_pass_check() {
    for name in [
        "nightly-crm.toml",
        "audit-only.toml",
        "vendor-export.toml",
        "crm-dedup.toml",
    ] {
        let o = scour(&["check", &pipeline(name)]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains(": ok"));
    }
}

#[test]
fn broken_pipeline_files_are_rejected_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample();
    // (file body after [input], the line the error must name, text the message must contain)
    let cases: &[(&str, usize, &str)] = &[
        ("[outputs]\ncompresion = 'zstd'\n", 4, "compresion"),
        (
            "[[rules]]\ncolumn = 'email'\nregex = '(['\n",
            5,
            "rules[0].regex",
        ),
        (
            "[[rules]]\ncolumn = 'emial'\nrequired = true\n",
            4,
            "no column 'emial'",
        ),
        ("[[rules]]\ncolumn = 'email'\n", 3, "needs one check"),
        (
            "[[rules]]\ncolumn = 'email'\nrequired = true\nunique = true\n",
            6,
            "has one check",
        ),
        (
            "[[rules]]\nsql = \"country = 'DE' AND\"\n",
            4,
            "rules[0].sql",
        ),
        ("[[rules]]\nsql = \"cuntry = 'DE'\"\n", 4, "cuntry"),
        (
            "[[rules]]\ncolumn = 'birth_date'\ntype = 'datum'\n",
            5,
            "rules[0].type",
        ),
        (
            "[[rules]]\ncolumn = 'email'\nvalid = 'EMAIL'\n",
            5,
            "unknown entity",
        ),
        (
            "[[rules]]\ncolumn = 'email'\nrequired = true\naction = 'fix'\n",
            6,
            "rules[0].action",
        ),
        (
            "[columns.phone]\nnormalize = ['phone_e164']\n",
            4,
            "columns.phone.normalize",
        ),
        (
            "[columns.phone]\ntransform = 'encrypt'\n",
            4,
            "columns.phone.transform",
        ),
        (
            "[entities.EMAIL_ADDRESS]\ntransform = 'tokenize'\n",
            4,
            "whole columns only",
        ),
        (
            "[fail_if]\nquarantine_share = 2.0\n",
            4,
            "fail_if.quarantine_share",
        ),
    ];
    for (i, (body, line, needle)) in cases.iter().enumerate() {
        let text = format!("[input]\npaths = ['{input}']\n{body}");
        let path = write(dir.path(), &format!("p{i}.toml"), &text);
        let o = scour(&["check", &path]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "case {i}: {err}");
        assert!(
            err.contains(&format!("p{i}.toml:{line}")),
            "case {i}: wrong line: {err}"
        );
        assert!(err.contains(needle), "case {i}: {err}");
    }
}

#[test]
fn a_missing_key_is_an_error_that_names_the_variable_not_a_value() {
    let o = scour_with_key(&["check", &pipeline("nightly-crm.toml")], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("SCOUR_KEY"), "{}", stderr(&o));

    let o = scour_with_key(
        &["check", &pipeline("nightly-crm.toml")],
        Some("0123456789abcdef-not-a-key"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("0123456789abcdef"), "{}", stderr(&o));
}

#[test]
fn nightly_pipeline_on_the_sample_balances_and_protects_personal_data() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("run");
    run_ok(&[
        &pipeline("nightly-crm.toml"),
        "--out",
        dir.to_str().unwrap(),
        "-q",
    ]);
    for name in [
        "cleansed.parquet",
        "quarantine.parquet",
        "discrepancies.parquet",
        "discrepancies.csv",
        "report.html",
        "manifest.json",
    ] {
        assert!(dir.join(name).exists(), "{name} missing");
    }
    let manifest = json(&dir.join("manifest.json"));
    let a = &manifest["accounting"];
    let (rows_in, rows_out, quarantined) = (
        a["rows_in"].as_u64().unwrap(),
        a["rows_out"].as_u64().unwrap(),
        a["rows_quarantined"].as_u64().unwrap(),
    );
    assert_eq!(rows_in, 1000);
    assert_eq!(rows_in, rows_out + quarantined);
    assert_eq!(a["balanced"], true);
    assert_eq!(manifest["inputs"][0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(manifest["pipeline"]["sha256"].as_str().unwrap().len(), 64);
    // The key is recorded by fingerprint only.
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    assert!(!text.contains(KEY) && !text.contains(&KEY[..16]));
    assert_eq!(manifest["key_fingerprint"].as_str().unwrap().len(), 8);

    let input = read_parquet(Path::new(&sample()));
    let cleansed = read_decrypted(&dir.join("cleansed.parquet"));
    let quarantine = read_decrypted(&dir.join("quarantine.parquet"));
    let n: usize = cleansed.iter().map(|b| b.num_rows()).sum();
    let q: usize = quarantine.iter().map(|b| b.num_rows()).sum();
    assert_eq!((n as u64, q as u64), (rows_out, quarantined));

    // Hashed e-mails, masked cards, no IP addresses, tokenized phones in E.164 shape.
    for e in column(&cleansed, "email").into_iter().flatten() {
        assert!(
            e.len() == 32 && e.bytes().all(|b| b.is_ascii_hexdigit()),
            "email not hashed"
        );
    }
    assert!(column(&cleansed, "ip_address").iter().all(Option::is_none));
    for c in column(&cleansed, "card_number").into_iter().flatten() {
        let digits = c.bytes().filter(u8::is_ascii_digit).count();
        assert!(digits <= 10, "card shows more than first 6 / last 4");
    }
    // No e-mail address, IBAN or card number of the input survives in the notes.
    let notes: Vec<String> = column(&cleansed, "notes").into_iter().flatten().collect();
    for e in column(&input, "email").into_iter().flatten() {
        assert!(
            !notes.iter().any(|n| n.contains(&e)),
            "an e-mail survived in the notes"
        );
    }
    assert!(
        notes.iter().any(|n| n.contains("<")),
        "no finding was tagged"
    );

    // No raw personal value in the discrepancy report or the HTML report.
    let csv = std::fs::read_to_string(dir.join("discrepancies.csv")).unwrap();
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    for col in ["email", "phone", "iban", "national_id", "last_name"] {
        for v in column(&input, col).into_iter().flatten() {
            if v.trim().chars().count() >= 6 {
                assert!(
                    !csv.contains(v.trim()),
                    "raw {col} value in discrepancies.csv"
                );
                assert!(!html.contains(v.trim()), "raw {col} value in report.html");
            }
        }
    }
    assert!(
        csv.lines().count() > 1,
        "the dirty sample must produce discrepancies"
    );
}

#[test]
fn same_input_pipeline_and_key_give_byte_identical_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let p = pipeline("vendor-export.toml");
    run_ok(&[&p, "--out", a.to_str().unwrap(), "-q", "--threads", "1"]);
    run_ok(&[&p, "--out", b.to_str().unwrap(), "-q", "--threads", "2"]);
    for name in [
        "cleansed.parquet",
        "quarantine.parquet",
        "discrepancies.parquet",
        "discrepancies.csv",
    ] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name} differs between runs"
        );
    }
}

#[test]
fn tokenized_columns_come_back_with_detokenize() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("vendor");
    run_ok(&[
        &pipeline("vendor-export.toml"),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let cleansed = out.join("cleansed.parquet");
    let tokens = column(&read_parquet(&cleansed), "customer_id");
    let input_ids: Vec<String> = column(&read_parquet(Path::new(&sample())), "customer_id")
        .into_iter()
        .flatten()
        .collect();
    // Tokens keep the format and hide the value.
    let some: Vec<&String> = tokens.iter().flatten().collect();
    assert!(!some.is_empty());
    let same = some.iter().filter(|t| input_ids.contains(t)).count();
    assert!(
        same * 100 < some.len(),
        "tokens equal to their inputs: {same}"
    );
    for t in &some {
        assert!(
            t.starts_with(|c: char| c.is_ascii_uppercase()) && t.contains('-'),
            "format lost"
        );
    }

    let back = dir.path().join("back.parquet");
    let o = scour(&[
        "detokenize",
        &pipeline("vendor-export.toml"),
        cleansed.to_str().unwrap(),
        "--out",
        back.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let restored: Vec<String> = column(&read_parquet(&back), "customer_id")
        .into_iter()
        .flatten()
        .collect();
    assert_eq!(restored.len(), some.len());
    for id in &restored {
        assert!(
            input_ids.contains(id),
            "detokenized value is not an input id"
        );
    }
    // Another key does not reverse them.
    let wrong_key = KEY.replace('6', "7");
    let o = scour_with_key(
        &[
            "detokenize",
            &pipeline("vendor-export.toml"),
            cleansed.to_str().unwrap(),
            "--out",
            dir.path().join("wrong.parquet").to_str().unwrap(),
        ],
        Some(&wrong_key),
    );
    if o.status.code() == Some(0) {
        let wrong: Vec<String> = column(
            &read_parquet(&dir.path().join("wrong.parquet")),
            "customer_id",
        )
        .into_iter()
        .flatten()
        .collect();
        assert!(wrong.iter().filter(|v| input_ids.contains(v)).count() * 100 < wrong.len());
    }
}

#[test]
fn encrypted_columns_need_the_key_and_decrypt_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    run_ok(&[
        &pipeline("nightly-crm.toml"),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    let path = out.join("cleansed.parquet");

    // Without keys: the plaintext footer opens, other columns read, the IBAN column does not.
    let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap()).unwrap();
    let schema = builder.parquet_schema().clone();
    let country = schema
        .columns()
        .iter()
        .position(|c| c.name() == "country")
        .unwrap();
    let iban = schema
        .columns()
        .iter()
        .position(|c| c.name() == "iban")
        .unwrap();
    let plain = builder
        .with_projection(parquet::arrow::ProjectionMask::leaves(&schema, [country]))
        .build()
        .unwrap()
        .map(|b| b.map(|b| b.num_rows()))
        .collect::<Result<Vec<_>, _>>();
    assert!(plain.is_ok(), "an unencrypted column must stay readable");
    let locked = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap())
        .and_then(|b| {
            let mask = parquet::arrow::ProjectionMask::leaves(&schema, [iban]);
            b.with_projection(mask).build()
        })
        .map(|r| {
            r.map(|b| b.map(|b| b.num_rows()))
                .collect::<Result<Vec<_>, _>>()
        });
    assert!(
        !matches!(locked, Ok(Ok(_))),
        "the encrypted column was readable without its key"
    );

    // With the derived keys: the IBANs are there, as read (the pipeline does not change them).
    let batches = read_decrypted(&path);
    let ibans: Vec<String> = column(&batches, "iban").into_iter().flatten().collect();
    assert!(ibans.len() > 500);
    let input: Vec<String> = column(&read_parquet(Path::new(&sample())), "iban")
        .into_iter()
        .flatten()
        .collect();
    assert!(ibans.iter().all(|v| input.contains(v)));
}

/// A small dirty table and a pipeline with every rule kind and action.
const DIRTY_CSV: &str = "\
id,name,email,country,postcode,age,joined,status
1, anna  schmidt ,Anna@Example.DE,Deutschland,10115,34,2020-01-05,active
2,Jean Dupont,jean.dupont@example.fr,FR,75001,41,05.02.2021,active
2,Duplicate Id,dup@example.com,DE,1234,29,2021-03-01,active
,No Id,noid@example.com,DE,80331,50,2019-12-31,active
5,Bad Mail,not-an-email,DE,80331,200,2022-02-30,closed
6,Lars Berg,lars@example.se,SE,11122,38,2018-07-07,paused
";

const DIRTY_PIPELINE: &str = r#"
[input]
paths = ["dirty.csv"]

[columns.name]
normalize = ["collapse_whitespace", "titlecase"]
[columns.email]
normalize = ["email"]
[columns.country]
normalize = ["country"]
[columns.joined]
normalize = ["date"]

[[rules]]
column = "id"
required = true
action = "quarantine"
[[rules]]
column = "id"
unique = true
action = "quarantine"
[[rules]]
column = "email"
valid = "EMAIL_ADDRESS"
action = "null"
severity = "warning"
[[rules]]
column = "age"
min = 0
max = 120
action = "null"
[[rules]]
column = "status"
allowed = ["active", "closed"]
severity = "info"
[[rules]]
column = "joined"
type = "date"
severity = "warning"
[[rules]]
name = "german postcode"
sql = "country <> 'DE' OR regexp_like(postcode, '^[0-9]{5}$')"
action = "quarantine"

[fail_if]
quarantine_share = 0.2
"#;

#[test]
fn every_rule_kind_and_action_on_a_dirty_table() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dirty.csv", DIRTY_CSV);
    let p = write(dir.path(), "dirty.toml", DIRTY_PIPELINE);
    let out = dir.path().join("out");
    let o = scour(&["run", &p, "--out", out.to_str().unwrap(), "-q"]);
    // 2 of 6 rows quarantined (no id; duplicate id with a short German postcode): above 20%,
    // so exit 1,
    // with every output written.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let manifest = json(&out.join("manifest.json"));
    assert_eq!(manifest["accounting"]["rows_in"], 6);
    assert_eq!(manifest["accounting"]["rows_out"], 4);
    assert_eq!(manifest["accounting"]["rows_quarantined"], 2);
    assert_eq!(manifest["failed"], true);

    let cleansed = read_parquet(&out.join("cleansed.parquet"));
    assert_eq!(
        column(&cleansed, "name"),
        ["Anna Schmidt", "Jean Dupont", "Bad Mail", "Lars Berg"].map(|s| Some(s.to_string()))
    );
    assert_eq!(
        column(&cleansed, "email")[0].as_deref(),
        Some("Anna@example.de")
    );
    assert_eq!(
        column(&cleansed, "email")[2],
        None,
        "invalid e-mail set to NULL"
    );
    assert_eq!(column(&cleansed, "country")[0].as_deref(), Some("DE"));
    assert_eq!(
        column(&cleansed, "joined")[1].as_deref(),
        Some("2021-02-05")
    );
    assert_eq!(column(&cleansed, "age")[2], None, "age 200 set to NULL");

    let quarantine = read_parquet(&out.join("quarantine.parquet"));
    assert_eq!(
        column(&quarantine, "_scour_row"),
        [Some("2".into()), Some("3".into())]
    );
    let reasons = column(&quarantine, "_scour_reasons");
    assert!(reasons[0].as_deref().unwrap().contains("id:unique"));
    assert!(reasons[0].as_deref().unwrap().contains("german postcode"));
    assert!(reasons[1].as_deref().unwrap().contains("id:required"));
    // The quarantine keeps the row as read.
    assert_eq!(
        column(&quarantine, "name")[0].as_deref(),
        Some("Duplicate Id")
    );

    // Per-rule counts.
    let rules: HashMap<String, u64> = manifest["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["failures"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rules["id:required"], 1);
    assert_eq!(rules["id:unique"], 1);
    assert_eq!(rules["email:valid"], 1);
    assert_eq!(rules["age:min"], 1);
    assert_eq!(rules["status:allowed"], 1);
    assert_eq!(rules["joined:type"], 1, "2022-02-30 is not a date");
    assert_eq!(rules["german postcode"], 1);

    let csv = std::fs::read_to_string(out.join("discrepancies.csv")).unwrap();
    assert!(csv.starts_with("row,column,rule,check,severity,action,reason,before,after"));
    assert!(!csv.contains("not-an-email") && !csv.contains("Anna@Example.DE"));
}

#[test]
fn an_existing_output_directory_needs_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "dirty.csv", DIRTY_CSV);
    let p = write(dir.path(), "dirty.toml", DIRTY_PIPELINE);
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "x").unwrap();
    let o = scour(&["run", &p, "--out", out.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--overwrite"));
    assert!(!out.join("manifest.json").exists());
    let o = scour(&[
        "run",
        &p,
        "--out",
        out.to_str().unwrap(),
        "-q",
        "--overwrite",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(out.join("manifest.json").exists());
}

#[test]
fn a_killed_run_leaves_no_output_under_a_final_name() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("big.parquet");
    let o = scour(&[
        "generate",
        "--rows",
        "150000",
        "--out",
        table.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_scour"))
        .args([
            "run",
            &pipeline("nightly-crm.toml"),
            "--input",
            table.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ])
        .env("SCOUR_KEY", KEY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run is writing (a partial file exists), then kill it hard.
    let started = std::time::Instant::now();
    let mut writing = false;
    while started.elapsed().as_secs() < 60 {
        if let Ok(entries) = std::fs::read_dir(&out) {
            if entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".partial"))
            {
                writing = true;
                break;
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().ok();
    let status = child.wait().unwrap();
    assert!(writing, "the run never started writing");
    assert!(
        !status.success(),
        "the run finished before it could be killed"
    );
    for name in [
        "cleansed.parquet",
        "quarantine.parquet",
        "discrepancies.csv",
        "manifest.json",
    ] {
        assert!(!out.join(name).exists(), "{name} exists after a killed run");
    }
}
