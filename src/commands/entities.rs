//! `scour entities`: the catalogue of what scour detects, as text or as the README's table.

use crate::detect::ids::{self, Strength};
use crate::entity::Entity;

/// Whether a valid value is reported without context (column name, keyword, row country).
fn alone(e: Entity) -> &'static str {
    match ids::identifier(e) {
        Some(id) => match (id.strength, id.evidence.is_empty()) {
            (Strength::Strong, _) => "yes",
            (_, false) => "in its dashed layout",
            (Strength::Weak, true) => "no: check digit only",
            (Strength::Structural, true) => "no: no check digit",
        },
        None => match e {
            Entity::VatNumber => "with its country prefix",
            Entity::Person | Entity::Location => {
                "with a title, a first name + surname, a street + number; lone names need context"
            }
            _ => "yes",
        },
    }
}

/// The table of entities: one line each (`markdown`: the README's Markdown table).
pub fn table(markdown: bool) -> String {
    let mut out = String::new();
    if markdown {
        out.push_str("| entity | country | format | validation | reported without context |\n");
        out.push_str("|---|---|---|---|---|\n");
    }
    for &e in Entity::ALL {
        let countries = match e {
            Entity::PhoneNumber => "all",
            Entity::IbanCode => "80+",
            _ if e.countries().is_empty() => "–",
            _ => e.countries(),
        };
        if markdown {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} | {} |\n",
                e.name(),
                countries,
                e.format(),
                e.validation(),
                alone(e)
            ));
        } else {
            out.push_str(&format!(
                "{:<26} {:<8} {}\n{:<26} {:<8} format: {}; reported without context: {}\n",
                e.name(),
                if countries.len() > 8 {
                    "EU+"
                } else {
                    countries
                },
                e.validation(),
                "",
                "",
                e.format(),
                alone(e)
            ));
        }
    }
    out
}
