//! `scour run`: pipeline files that validate, normalize, de-identify and write a cleansed table.
//!
//! Where things are:
//! - [`config`]: the pipeline file as written (TOML → typed structs, unknown keys rejected).
//! - [`plan`]: the file compiled against the input's schema: rules, normalizers, transforms,
//!   keys, thresholds, all checked before any row is read (`scour check` stops here).
//! - [`stage`]: the row-local stages (normalize, validate, de-identify) a slice of rows goes
//!   through; [`engine`]: reading, parallel slices, the ordered pass (`unique`), writing.
//! - The libraries the stages use: [`normalize`] (normalizers), [`rules`] (checks),
//!   [`sql`] (cross-field rules), [`deid`] (transforms) and [`keys`] (secret keys).
//! - [`summary`]: what a run did, the content of `manifest.json` and `report.html`.

pub mod config;
pub mod deid;
pub mod engine;
pub mod keys;
pub mod normalize;
pub mod plan;
pub mod rules;
pub mod sql;
pub mod stage;
pub mod summary;
