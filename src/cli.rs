//! Command-line arguments (clap derive). Raw values only: turning them into compiled objects
//! (detector, readers, writers) happens in each command before any data is read.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const ABOUT: &str = "Find, validate and account for personal data in CRM tables (Parquet, CSV).";

const AFTER_HELP: &str = "\
Exit codes: 0 success; 1 a --fail-on entity was found; 2 bad usage or bad input.
Personal data is never printed: reports show counts and masked samples only.";

#[derive(Debug, Parser)]
#[command(name = "scour", version, about = ABOUT, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan tables for personal data: classify every column, report findings.
    #[command(after_help = SCAN_AFTER_HELP)]
    Scan(ScanArgs),
    /// Generate a synthetic CRM table with ground-truth labels (deterministic for a seed).
    Generate(GenerateArgs),
    /// List the entities scour detects: country, format, validation, whether context is needed.
    Entities(EntitiesArgs),
    /// Run a pipeline file: validate, normalize, de-identify, write cleansed Parquet and reports.
    #[command(after_help = RUN_AFTER_HELP)]
    Run(RunArgs),
    /// Check a pipeline file without reading data: every key, rule, regex, SQL rule and the key.
    Check(CheckArgs),
    /// Reverse the `tokenize` transform of a pipeline's columns (needs the same key).
    Detokenize(DetokenizeArgs),
    /// Find duplicate customers (record linkage configured from the data) and merge them into
    /// golden records.
    #[command(after_help = DEDUP_AFTER_HELP)]
    Dedup(DedupArgs),
}

const DEDUP_AFTER_HELP: &str = "\
Examples:
  scour dedup customers.parquet --out dedup/
  scour dedup customers.csv --id-column customer_id --threshold 0.95 --out dedup/
  scour dedup customers.parquet --out dedup/ --truth truth.parquet     # accuracy vs known duplicates

With no configuration, the comparison fields come from the columns' classification (names,
date of birth, e-mail, phone, postcode, city, street, identifiers) and the blocking rules from
the data. The chosen model is printed as a [dedup] section to paste into a pipeline file and
edit (format: pipelines/README.md); `scour run` with that section does the same as a stage.

Outputs in --out: cleansed.parquet (rows that have no duplicate, then one golden record per
cluster, with _scour_cluster_id and _scour_cluster_size), clusters.parquet (row, cluster_id,
cluster_size, best_link_probability), pairs.parquet (candidate pairs at or above the floor with
every field's comparison level and weight), survivorship.parquet (the source row of every
golden field), discrepancies.parquet and .csv (one `merge` row per merged row), report.html
and manifest.json (rows_in = rows_out + rows_quarantined + rows_merged).

Exit codes: 0 success; 2 bad usage or bad input (nothing committed).";

#[derive(Debug, Args)]
pub struct DedupArgs {
    /// Input files, directories or globs (Parquet or CSV), read as one table.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,

    /// Output directory.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The record identifier column: never compared, kept from each cluster's earliest row.
    #[arg(long, value_name = "COLUMN")]
    pub id_column: Option<String>,

    /// Match probability at and above which two rows are merged (default 0.9).
    #[arg(long, value_name = "P")]
    pub threshold: Option<f64>,

    /// A column never to compare (repeatable), e.g. to measure without a national ID.
    #[arg(long, value_name = "COLUMN")]
    pub ignore: Vec<String>,

    /// Report clusters without merging: every row is written, with its cluster id and size.
    #[arg(long)]
    pub no_golden: bool,

    /// Use the [dedup] section of this pipeline file as the model instead of choosing one.
    #[arg(long, value_name = "PIPELINE")]
    pub model: Option<PathBuf>,

    /// Score the clusters against known duplicates: a CSV or Parquet file with columns `row`
    /// and `cluster` (as `scour generate --truth` writes); prints pairwise and cluster
    /// precision, recall and F1.
    #[arg(long, value_name = "FILE")]
    pub truth: Option<PathBuf>,

    /// Phone region (two letters) for rows without a country.
    #[arg(long, value_name = "REGION")]
    pub default_region: Option<String>,

    /// CSV delimiter (one character or "tab"); sniffed when absent.
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,

    /// Replace the outputs of a previous run in a non-empty --out directory.
    #[arg(long)]
    pub overwrite: bool,

    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// No progress bar and no summary on stderr (the model is still printed).
    #[arg(long, short)]
    pub quiet: bool,
}

const RUN_AFTER_HELP: &str = "\
Examples:
  scour check pipelines/nightly-crm.toml
  SCOUR_KEY=$(cat /etc/scour/key) scour run pipelines/nightly-crm.toml --out out/2026-11-22/

Outputs in --out: cleansed.parquet, quarantine.parquet, discrepancies.parquet and .csv,
report.html, manifest.json; with a [dedup] section also clusters.parquet, pairs.parquet and
survivorship.parquet (see scour dedup --help). They are written under temporary names and renamed only when all
are complete; an existing non-empty directory is replaced only with --overwrite.
The pipeline file format is documented in pipelines/README.md.

Exit codes: 0 success; 1 a [fail_if] threshold was broken (all outputs written);
2 bad usage, bad pipeline file or bad input (nothing committed).";

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The pipeline file (TOML).
    #[arg(value_name = "PIPELINE")]
    pub pipeline: PathBuf,

    /// Output directory.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Read these inputs instead of the pipeline's `input.paths` (files, directories, globs).
    #[arg(long, value_name = "PATH")]
    pub input: Vec<String>,

    /// Replace the outputs of a previous run in a non-empty --out directory.
    #[arg(long)]
    pub overwrite: bool,

    /// Read the key from FILE (64 hex characters) instead of the environment variable the
    /// pipeline names (default SCOUR_KEY).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,

    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// No progress bar and no summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The pipeline file (TOML).
    #[arg(value_name = "PIPELINE")]
    pub pipeline: PathBuf,

    /// Check against these inputs' columns instead of the pipeline's `input.paths`.
    #[arg(long, value_name = "PATH")]
    pub input: Vec<String>,

    /// Read the key from FILE instead of the environment variable.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DetokenizeArgs {
    /// The pipeline file whose `tokenize` transforms produced the tokens.
    #[arg(value_name = "PIPELINE")]
    pub pipeline: PathBuf,

    /// A table written by that pipeline (Parquet or CSV), e.g. out/cleansed.parquet.
    #[arg(value_name = "TABLE")]
    pub table: PathBuf,

    /// Where to write the table with the tokenized columns restored (Parquet).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    /// Restore only these columns (default: every tokenized column of the pipeline).
    #[arg(long, value_name = "COLUMNS", value_delimiter = ',')]
    pub columns: Vec<String>,

    /// Read the key from FILE instead of the environment variable.
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Print a Markdown table (the one in the README).
    #[arg(long)]
    pub markdown: bool,
}

const SCAN_AFTER_HELP: &str = "\
Examples:
  scour scan customers.parquet
  scour scan 'exports/*.csv' --report inventory.json --findings findings.parquet
  scour scan crm/ --fail-on CREDIT_CARD,US_SSN

Several files form one table when their columns agree (same names, same order).
Rows are numbered from 0 across all files in the order given (directories and globs sorted).

Exit codes: 0 success; 1 a --fail-on entity was found; 2 bad usage or bad input.";

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Input files, directories (searched for .csv, .tsv, .csv.gz, .parquet) or glob patterns.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,

    /// Write the inventory as JSON to FILE (schema in the README).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Write one row per finding to FILE (Parquet: row, column, entity, start, end, score, validated).
    #[arg(long, value_name = "FILE")]
    pub findings: Option<PathBuf>,

    /// Exit with code 1 if any of these entities is found (validated), e.g. CREDIT_CARD,US_SSN.
    /// "any" means every entity.
    #[arg(long, value_name = "ENTITIES", value_delimiter = ',')]
    pub fail_on: Vec<String>,

    /// Only look for these entities (default: all; see `scour entities`).
    #[arg(long, value_name = "ENTITIES", value_delimiter = ',')]
    pub entities: Vec<String>,

    /// Phone region (ISO 3166-1 alpha-2, e.g. DE) for national-format numbers in rows without a
    /// recognisable country column value.
    #[arg(long, value_name = "CC")]
    pub default_region: Option<String>,

    /// CSV delimiter: a single character, or "tab". Sniffed from the first lines when omitted.
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,

    /// Report validated findings scoring at least this (0..1). Invalid values (right shape,
    /// failed check) are always reported, with validated=false.
    #[arg(long, value_name = "SCORE", default_value_t = crate::detect::DEFAULT_MIN_SCORE)]
    pub min_score: f32,

    /// Custom recognizers: a TOML file of entities, patterns, validators, context words,
    /// dictionaries and allow/deny lists (format in the README).
    #[arg(long, value_name = "FILE")]
    pub recognizers: Option<PathBuf>,

    /// Explain one cell instead of scanning: ROW (0-based) and COLUMN (name or 0-based index),
    /// e.g. `--explain 12:notes`. Prints JSON: each finding's span, masked value, score and the
    /// reasons that add up to it.
    #[arg(long, value_name = "ROW:COLUMN")]
    pub explain: Option<String>,

    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Rows per batch read from the input (memory grows with it).
    #[arg(long, value_name = "N", default_value_t = 8192)]
    pub batch_rows: usize,

    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of rows.
    #[arg(long, default_value_t = 1000)]
    pub rows: u64,

    /// Random seed: the same seed gives byte-identical output.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,

    /// Output table: .csv, .csv.gz or .parquet (repeat to write several formats of one table).
    #[arg(long, value_name = "FILE", required = true)]
    pub out: Vec<PathBuf>,

    /// Ground-truth labels: .csv or .parquet with row, column, entity, start, end, valid.
    #[arg(long, value_name = "FILE")]
    pub labels: Option<PathBuf>,

    /// Plant duplicate records for record-linkage tests: every row after the first is, with
    /// probability SHARE (0 to 0.9), another record of an earlier row's person, its identity
    /// columns (names, e-mail, phone, address, birth date, national ID, IBAN) perturbed the way
    /// real CRM duplicates differ: typos, dropped accents, other formats, new contact details,
    /// moves, missing values. 0 writes the same table as without the flag.
    #[arg(long, value_name = "SHARE", default_value_t = 0.0)]
    pub duplicates: f64,

    /// Duplicate ground truth: .csv or .parquet with one row per generated row: row, cluster
    /// (the row of the person's original record, equal to row for originals) and edits (the
    /// comma-separated perturbations of a duplicate, empty for originals).
    #[arg(long, value_name = "FILE")]
    pub truth: Option<PathBuf>,
}
