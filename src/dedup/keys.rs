//! Where deduplication reads the data: one pass over the comparison columns that keeps, per
//! row and field, only a `u32` id of the normalized value. Equal normalized values share an
//! id, so "exact agreement" is an integer comparison, blocking keys are integers, and the term
//! frequency of a value is its id's count. Per row this is 4 bytes a field; the distinct
//! values are held once, in one buffer per field.

use std::collections::HashMap;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use super::compare::{self, Kind};
use super::model::Field;
use crate::error::{Error, Result};
use crate::input::{ReadOptions, Table, TextColumn};

/// The id of a missing (null, empty or unparseable) value.
pub const NULL: u32 = u32::MAX;

/// Deterministic hashing (the same ids whatever the process).
pub type Hasher = ahash::RandomState;

pub fn hasher() -> Hasher {
    ahash::RandomState::with_seeds(0x5c0u64, 0x0d5, 0xdedu64, 0x1157)
}

/// One field's normalized values.
#[derive(Debug, Default)]
pub struct FieldValues {
    /// Per row: the value's id, or [`NULL`].
    pub ids: Vec<u32>,
    /// Distinct normalized values, concatenated in id order (first seen first).
    text: String,
    /// End of each value in `text`, by id.
    ends: Vec<usize>,
    /// Rows holding each value, by id.
    pub counts: Vec<u32>,
    /// Rows with a value.
    pub non_null: u64,
    /// For names and cities: rows holding each value per region, and rows with a value per
    /// region (see [`FieldValues::frequency_in`]).
    by_region: HashMap<(u32, u16), u32, Hasher>,
    region_non_null: Vec<u64>,
}

impl FieldValues {
    /// From per-row values (for tests and small tables).
    pub fn from_rows<'a>(rows: impl IntoIterator<Item = Option<&'a str>>) -> FieldValues {
        let mut i = Interner::new();
        for v in rows {
            i.push(v);
        }
        i.out
    }

    #[inline]
    pub fn value(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.text[start..self.ends[id]]
    }

    /// Number of distinct values.
    pub fn distinct(&self) -> usize {
        self.ends.len()
    }

    /// Share of non-null rows holding value `id` (its term frequency).
    #[inline]
    pub fn frequency(&self, id: u32) -> f64 {
        self.counts[id as usize] as f64 / self.non_null.max(1) as f64
    }

    /// Share of the non-null rows of `region` holding value `id`, when the field counts per
    /// region: a first name common in one country is common among that country's rows,
    /// whatever its share of the whole table.
    #[inline]
    pub fn frequency_in(&self, id: u32, region: u16) -> Option<f64> {
        let n = *self.region_non_null.get(region as usize)?;
        let c = *self.by_region.get(&(id, region))?;
        (n > 0).then(|| c as f64 / n as f64)
    }

    /// Probability that two random non-null rows agree exactly: Σ (count / non-null)².
    pub fn agreement_chance(&self) -> f64 {
        let n = self.non_null.max(1) as f64;
        self.counts.iter().map(|&c| (c as f64 / n).powi(2)).sum()
    }
}

/// Every field's values for every row.
#[derive(Debug, Default)]
pub struct Keys {
    pub rows: usize,
    pub fields: Vec<FieldValues>,
    /// Per row: its region's number (0: none), from the country column or the default region.
    pub region: Vec<u16>,
}

/// Whether term frequencies of a kind are counted per region.
pub fn per_region(kind: Kind) -> bool {
    matches!(kind, Kind::Name | Kind::City)
}

impl Keys {
    #[inline]
    pub fn id(&self, field: usize, row: u32) -> u32 {
        self.fields[field].ids[row as usize]
    }
}

/// Interns values into one text buffer: the map holds a 64-bit hash and an id per distinct
/// value, not the value; the rare values whose hash another value already took are kept in a
/// small map of their own.
struct Interner {
    hasher: Hasher,
    by_hash: HashMap<u64, u32, Hasher>,
    collided: HashMap<Box<str>, u32, Hasher>,
    out: FieldValues,
}

impl Interner {
    fn new() -> Interner {
        Interner {
            hasher: hasher(),
            by_hash: HashMap::with_hasher(hasher()),
            collided: HashMap::with_hasher(hasher()),
            out: FieldValues {
                by_region: HashMap::with_hasher(hasher()),
                ..FieldValues::default()
            },
        }
    }

    fn add(&mut self, v: &str) -> u32 {
        let id = self.out.ends.len() as u32;
        self.out.text.push_str(v);
        self.out.ends.push(self.out.text.len());
        self.out.counts.push(0);
        id
    }

    fn push_in(&mut self, value: Option<&str>, region: u16) {
        self.push(value);
        let id = *self.out.ids.last().expect("pushed");
        if id != NULL {
            let r = region as usize;
            if self.out.region_non_null.len() <= r {
                self.out.region_non_null.resize(r + 1, 0);
            }
            self.out.region_non_null[r] += 1;
            *self.out.by_region.entry((id, region)).or_insert(0) += 1;
        }
    }

    fn push(&mut self, value: Option<&str>) {
        let Some(v) = value else {
            self.out.ids.push(NULL);
            return;
        };
        self.out.non_null += 1;
        let h = self.hasher.hash_one(v);
        let id = match self.by_hash.get(&h) {
            Some(&id) if self.out.value(id) == v => id,
            Some(_) => match self.collided.get(v) {
                Some(&id) => id,
                None => {
                    let id = self.add(v);
                    self.collided.insert(v.into(), id);
                    id
                }
            },
            None => {
                let id = self.add(v);
                self.by_hash.insert(h, id);
                id
            }
        };
        self.out.counts[id as usize] += 1;
        self.out.ids.push(id);
    }
}

/// Reads the comparison columns of `table` and interns their normalized values.
/// `country_column`: gives each row's region; `default_region`: for rows without one.
pub fn read(
    table: &Table,
    read: &ReadOptions,
    fields: &[Field],
    country_column: Option<usize>,
    default_region: Option<&str>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Keys> {
    // Read only the columns the model needs.
    let mut projected = table.clone();
    for (i, c) in projected.columns.iter_mut().enumerate() {
        let needed = fields.iter().any(|f| f.column == i) || country_column == Some(i);
        if needed && !c.scanned {
            return Err(Error::usage(format!(
                "dedup: column '{}' has type {}, which cannot be compared as text",
                c.name, c.data_type
            )));
        }
        c.scanned = needed;
    }
    let options = ReadOptions {
        whole_rows: false,
        batch_rows: read.batch_rows.max(32_768),
        ..read.clone()
    };
    let mut interners: Vec<Interner> = fields.iter().map(|_| Interner::new()).collect();
    let mut rows = 0usize;
    let mut rows_per_file = vec![0u64; table.files.len()];
    let mut region_names: Vec<String> = vec![String::new()];
    let mut region_of_row: Vec<u16> = Vec::new();
    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = sync_channel(2);
        let projected = &projected;
        let options = &options;
        scope.spawn(move || {
            for batch in projected.batches(options) {
                let stop = batch.is_err();
                if tx.send(batch).is_err() || stop {
                    break;
                }
            }
        });
        for batch in rx {
            let batch = batch?;
            let n = batch.num_rows;
            let regions: Vec<Option<&str>> =
                match country_column.and_then(|c| batch.columns[c].as_ref()) {
                    Some(col) => (0..n)
                        .map(|r| {
                            col.value(r)
                                .and_then(crate::pipeline::normalize::country_alpha2)
                                .or(default_region)
                        })
                        .collect(),
                    None => vec![default_region; n],
                };
            let region_ids: Vec<u16> = regions
                .iter()
                .map(|r| match r {
                    None => 0,
                    Some(name) => match region_names.iter().position(|n| n == name) {
                        Some(i) => i as u16,
                        None if region_names.len() < u16::MAX as usize => {
                            region_names.push(name.to_string());
                            (region_names.len() - 1) as u16
                        }
                        None => 0,
                    },
                })
                .collect();
            region_of_row.extend_from_slice(&region_ids);
            let columns: Vec<Option<&TextColumn>> = fields
                .iter()
                .map(|f| batch.columns[f.column].as_ref())
                .collect();
            interners
                .par_iter_mut()
                .zip(fields.par_iter().zip(columns.par_iter()))
                .for_each(|(interner, (field, column))| {
                    // Normalize in parallel chunks, intern in order.
                    let values: Vec<Option<String>> = (0..n)
                        .into_par_iter()
                        .with_min_len(4096)
                        .map(|r| {
                            column
                                .and_then(|c| c.value(r))
                                .and_then(|v| compare::normalize(field.kind, v, regions[r]))
                        })
                        .collect();
                    if per_region(field.kind) {
                        for (v, &r) in values.iter().zip(&region_ids) {
                            interner.push_in(v.as_deref(), r);
                        }
                    } else {
                        for v in &values {
                            interner.push(v.as_deref());
                        }
                    }
                });
            rows += n;
            rows_per_file[batch.file_index] += n as u64;
            progress(rows as u64);
        }
        Ok(())
    })?;
    for (file, &got) in table.files.iter().zip(&rows_per_file) {
        if let Some(want) = file.rows {
            if want != got {
                return Err(Error::bad_input(
                    &file.path,
                    format!("read {got} rows, the footer says {want}"),
                ));
            }
        }
    }
    if rows >= NULL as usize {
        return Err(Error::usage(format!(
            "dedup: {rows} rows; deduplication handles fewer than {} rows per run",
            NULL
        )));
    }
    Ok(Keys {
        rows,
        fields: interners.into_iter().map(|i| i.out).collect(),
        region: region_of_row,
    })
}

/// The kind a column is compared as, from its scan verdict and its name; `None` for columns
/// that do not identify a person (free text, card numbers, IP addresses, timestamps, ...).
pub fn kind_for(
    name: &str,
    verdict: Option<crate::entity::Verdict>,
    sample_has_digits: bool,
) -> Option<Kind> {
    use crate::entity::{Entity, Verdict};
    let toks = crate::classify::tokens(name);
    let has = |words: &[&str]| toks.iter().any(|t| words.contains(&t.as_str()));
    let joined = toks.concat();
    if has(&[
        "postcode",
        "zip",
        "zipcode",
        "postal",
        "plz",
        "postleitzahl",
        "cp",
        "postcodes",
    ]) || joined.contains("postcode")
        || joined.contains("zipcode")
    {
        return Some(Kind::Postcode);
    }
    match verdict? {
        Verdict::NationalId => Some(Kind::Identifier),
        Verdict::Entity(e) => match e {
            Entity::Person => Some(Kind::Name),
            Entity::EmailAddress => Some(Kind::Email),
            Entity::PhoneNumber => Some(Kind::Phone),
            Entity::Location => {
                if has(&[
                    "city",
                    "town",
                    "ort",
                    "stadt",
                    "ville",
                    "ciudad",
                    "citta",
                    "locality",
                    "municipality",
                    "place",
                ]) {
                    Some(Kind::City)
                } else if has(&[
                    "street", "address", "addr", "strasse", "rue", "road", "line", "calle", "via",
                ]) || sample_has_digits
                {
                    Some(Kind::Street)
                } else {
                    Some(Kind::City)
                }
            }
            Entity::DateTime => has(&[
                "birth",
                "dob",
                "born",
                "geburt",
                "geburtsdatum",
                "naissance",
                "nacimiento",
                "birthday",
                "bday",
            ])
            .then_some(Kind::Date),
            Entity::IbanCode | Entity::VatNumber => Some(Kind::Identifier),
            e if e.is_national_id() => Some(Kind::Identifier),
            _ => None,
        },
    }
}
