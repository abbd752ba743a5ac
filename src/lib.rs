//! scour: find, validate and account for personal data in CRM tables.
//!
//! The pipeline reads from left to right:
//!
//! - [`input`]: where data enters — paths, Parquet and CSV readers, batches of text columns.
//! - [`detect`]: where personal data is found — patterns, validators, phone numbers, context,
//!   and names and places from the dictionaries in `dictionaries/` ([`detect::names`]).
//! - [`recognizers`]: the user's own entities, declared in a TOML file.
//! - [`classify`]: one verdict per column from its name and its values.
//! - [`scan`]: the engine that drives batches through detection in parallel.
//! - [`output`]: findings files, written atomically.
//! - [`report`]: the inventory (JSON) and the human summary; [`mask`] is the only way a value
//!   appears in either.
//! - [`generate`]: synthetic CRM tables with ground-truth labels, for tests and benchmarks.
//! - [`cli`] and [`commands`]: the `scour` binary's arguments and subcommands.

pub mod classify;
pub mod cli;
pub mod commands;
pub mod dedup;
pub mod detect;
pub mod entity;
pub mod error;
pub mod generate;
pub mod input;
pub mod mask;
pub mod output;
pub mod pipeline;
pub mod recognizers;
pub mod report;
pub mod scan;

pub use entity::Entity;
pub use error::{Error, ErrorKind, Result};
