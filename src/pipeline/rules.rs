//! Checking one value against one rule.
//!
//! NULL passes every check except `required` (SQL's convention: a missing value is a
//! completeness problem, reported once, not a format problem of every rule). `unique` is
//! decided by the engine over all rows; here it only gets a key.

use std::hash::{Hash, Hasher};

use super::plan::{Bound, Check, ValueType};
use crate::detect::{CellContext, Detector};

/// What a check may need besides the value.
pub struct CheckContext<'a> {
    pub detector: Option<&'a Detector>,
    pub cell: CellContext,
}

/// `Ok(())` when the value passes; `Err(reason)` when it fails. Reasons never contain the
/// value.
pub fn check(
    check: &Check,
    value: Option<&str>,
    ctx: &CheckContext,
) -> Result<(), Option<&'static str>> {
    let Some(v) = value else {
        return match check {
            Check::Required => Err(Some("missing")),
            _ => Ok(()),
        };
    };
    let fail = |reason: &'static str| Err(Some(reason));
    match check {
        Check::Required => {
            if v.trim().is_empty() {
                fail("blank")
            } else {
                Ok(())
            }
        }
        Check::Type(t) => {
            if is_type(*t, v.trim()) {
                Ok(())
            } else {
                Err(Some(match t {
                    ValueType::String => "not text",
                    ValueType::Integer => "not an integer",
                    ValueType::Decimal => "not a decimal number",
                    ValueType::Boolean => "not a boolean",
                    ValueType::Date => "not an ISO date (YYYY-MM-DD)",
                    ValueType::Timestamp => "not an ISO timestamp",
                }))
            }
        }
        Check::Unique => Ok(()),
        Check::Regex(re) => {
            if re.is_match(v) {
                Ok(())
            } else {
                fail("does not match the pattern")
            }
        }
        Check::Length { min, max } => {
            let n = v.chars().count();
            if min.is_some_and(|m| n < m) {
                fail("too short")
            } else if max.is_some_and(|m| n > m) {
                fail("too long")
            } else {
                Ok(())
            }
        }
        Check::Range { min, max } => range(v.trim(), min.as_ref(), max.as_ref()),
        Check::Allowed { set, ignore_case } => {
            let found = if *ignore_case {
                set.contains(&v.to_lowercase())
            } else {
                set.contains(v)
            };
            if found {
                Ok(())
            } else {
                fail("not an allowed value")
            }
        }
        Check::Valid(entity) => {
            let Some(detector) = ctx.detector else {
                return Ok(());
            };
            let trimmed = v.trim();
            let lead = v.len() - v.trim_start().len();
            let mut findings = Vec::new();
            detector.detect(v, &ctx.cell, &mut findings);
            let whole = findings.iter().any(|f| {
                f.entity == *entity
                    && f.validated
                    && f.start as usize == lead
                    && f.end as usize == lead + trimmed.len()
            });
            if whole {
                Ok(())
            } else if findings.iter().any(|f| f.entity == *entity && !f.validated) {
                fail("fails its check digit or format")
            } else {
                fail("not recognised")
            }
        }
        // SQL rules are evaluated per slice, not per value.
        Check::Sql(_) => Ok(()),
    }
}

fn is_type(t: ValueType, v: &str) -> bool {
    match t {
        ValueType::String => true,
        ValueType::Integer => v.parse::<i64>().is_ok(),
        ValueType::Decimal => v.parse::<f64>().is_ok_and(f64::is_finite),
        ValueType::Boolean => matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "1" | "0" | "t" | "f" | "y" | "n"
        ),
        ValueType::Date => v.len() == 10 && super::plan::parse_date(v).is_some(),
        ValueType::Timestamp => {
            chrono::DateTime::parse_from_rfc3339(v).is_ok()
                || chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
                || chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S%.f").is_ok()
        }
    }
}

fn range(v: &str, min: Option<&Bound>, max: Option<&Bound>) -> Result<(), Option<&'static str>> {
    let kind = min.or(max);
    match kind {
        Some(Bound::Number(_)) => {
            let Ok(x) = v.parse::<f64>() else {
                return Err(Some("not a number"));
            };
            if let Some(Bound::Number(m)) = min {
                if x < *m {
                    return Err(Some("below the minimum"));
                }
            }
            if let Some(Bound::Number(m)) = max {
                if x > *m {
                    return Err(Some("above the maximum"));
                }
            }
            Ok(())
        }
        Some(Bound::Date(_)) => {
            let Some(d) = super::plan::parse_date(v) else {
                return Err(Some("not an ISO date (YYYY-MM-DD)"));
            };
            if let Some(Bound::Date(m)) = min {
                if d < *m {
                    return Err(Some("before the earliest date"));
                }
            }
            if let Some(Bound::Date(m)) = max {
                if d > *m {
                    return Err(Some("after the latest date"));
                }
            }
            Ok(())
        }
        None => Ok(()),
    }
}

/// A 128-bit key of a value for `unique` rules (surrounding whitespace ignored). Two hashes
/// with different seeds make a collision between distinct values practically impossible.
pub fn unique_key(value: &str) -> u128 {
    let v = value.trim();
    let mut a = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut a);
    let mut b = std::collections::hash_map::DefaultHasher::new();
    0x5c0u16.hash(&mut b);
    v.hash(&mut b);
    ((a.finish() as u128) << 64) | b.finish() as u128
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn ctx() -> CheckContext<'static> {
        CheckContext {
            detector: None,
            cell: CellContext::default(),
        }
    }

    #[test]
    fn checks_as_data() {
        let re = Check::Regex(regex::Regex::new("^[0-9]{5}$").unwrap());
        let len = Check::Length {
            min: Some(2),
            max: Some(4),
        };
        let num = Check::Range {
            min: Some(Bound::Number(0.0)),
            max: Some(Bound::Number(120.0)),
        };
        let date = Check::Range {
            min: Some(Bound::Date(
                chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(),
            )),
            max: None,
        };
        let allowed = Check::Allowed {
            set: ["de", "fr"]
                .iter()
                .map(|s| s.to_string())
                .collect::<HashSet<_>>(),
            ignore_case: true,
        };
        type Case<'a> = (&'a Check, Option<&'a str>, Result<(), Option<&'a str>>);
        let cases: Vec<Case> = vec![
            (&Check::Required, None, Err(Some("missing"))),
            (&Check::Required, Some("  "), Err(Some("blank"))),
            (&Check::Required, Some("x"), Ok(())),
            (&re, None, Ok(())),
            (&re, Some("12345"), Ok(())),
            (&re, Some("1234"), Err(Some("does not match the pattern"))),
            (&len, Some("é"), Err(Some("too short"))),
            (&len, Some("éééé"), Ok(())),
            (&len, Some("abcde"), Err(Some("too long"))),
            (&num, Some(" 42 "), Ok(())),
            (&num, Some("-1"), Err(Some("below the minimum"))),
            (&num, Some("121"), Err(Some("above the maximum"))),
            (&num, Some("abc"), Err(Some("not a number"))),
            (
                &date,
                Some("1899-12-31"),
                Err(Some("before the earliest date")),
            ),
            (&date, Some("1987-08-09"), Ok(())),
            (
                &date,
                Some("09.08.1987"),
                Err(Some("not an ISO date (YYYY-MM-DD)")),
            ),
            (&allowed, Some("DE"), Ok(())),
            (&allowed, Some("GB"), Err(Some("not an allowed value"))),
            (
                &Check::Type(ValueType::Integer),
                Some("12a"),
                Err(Some("not an integer")),
            ),
            (&Check::Type(ValueType::Integer), Some("-12"), Ok(())),
            (
                &Check::Type(ValueType::Date),
                Some("2023-02-29"),
                Err(Some("not an ISO date (YYYY-MM-DD)")),
            ),
            (&Check::Type(ValueType::Date), Some("2024-02-29"), Ok(())),
            (
                &Check::Type(ValueType::Timestamp),
                Some("2021-02-27T23:28:28Z"),
                Ok(()),
            ),
            (&Check::Type(ValueType::Boolean), Some("Yes"), Ok(())),
        ];
        for (i, (check, value, want)) in cases.iter().enumerate() {
            assert_eq!(&check_fn(check, *value), want, "case {i}: {:?}", value);
        }
    }

    fn check_fn(c: &Check, v: Option<&str>) -> Result<(), Option<&'static str>> {
        check(c, v, &ctx())
    }

    #[test]
    fn unique_keys_ignore_surrounding_space_only() {
        assert_eq!(unique_key(" a@b.de "), unique_key("a@b.de"));
        assert_ne!(unique_key("a@b.de"), unique_key("A@b.de"));
    }
}
