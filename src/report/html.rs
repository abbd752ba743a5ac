//! The run report (`report.html`): one self-contained page a data-protection officer can read
//! on screen, print on A4 and hand to an auditor.
//!
//! The page has inline CSS and inline SVG charts only: no scripts, no fonts, no images, no
//! links outside the page. Every chart has a `<title>` and its numbers are also in a table.
//! Every string that comes from the run (column names, masked samples, paths) goes through
//! [`escape`]. The same summary always renders to the same bytes: maps are walked in key
//! order, lists in their order, and decimals have a fixed number of places.

use std::fmt::Write;

use crate::pipeline::summary::{
    Accounting, ColumnSummary, InputInfo, OutputInfo, RuleSummary, RunSummary, ThresholdResult,
};

/// `write!` into a `String`, which cannot fail.
macro_rules! w {
    ($($arg:tt)*) => {{
        let _ = write!($($arg)*);
    }};
}

/// Escapes text for HTML element content and for quoted attribute values:
/// `&`, `<`, `>`, `"` and `'`.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders one self-contained HTML page (inline CSS, inline SVG charts, no scripts, no external resources) from a run summary.
pub fn render(summary: &crate::pipeline::summary::RunSummary) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let pipeline = if summary.pipeline.name.is_empty() {
        "(unnamed pipeline)".to_string()
    } else {
        summary.pipeline.name.clone()
    };
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    w!(
        out,
        "<title>scour run report: {}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        escape(&pipeline),
        CSS
    );
    header(&mut out, summary, &pipeline);
    out.push_str("<nav aria-label=\"Contents\">\n<h2 class=\"toc\">Contents</h2>\n<ol>\n");
    for (id, title) in SECTIONS {
        w!(out, "<li><a href=\"#{id}\">{title}</a></li>\n");
        if id == "transforms" && summary.dedup.is_some() {
            out.push_str("<li><a href=\"#dedup\">Deduplication</a></li>\n");
        }
    }
    out.push_str("</ol>\n</nav>\n<main>\n");
    accounting(&mut out, &summary.accounting);
    inventory(&mut out, &summary.columns);
    rules(&mut out, &summary.rules, &summary.columns);
    normalization(&mut out, &summary.columns);
    transforms(&mut out, &summary.columns);
    if let Some(d) = &summary.dedup {
        dedup(&mut out, d);
    }
    thresholds(&mut out, &summary.thresholds);
    inputs_outputs(&mut out, summary);
    out.push_str("</main>\n<footer>\n<p>");
    w!(
        out,
        "Written by scour {}. This report holds counts and masked samples only; no raw cell \
         value appears in it. The same numbers are in the run&#39;s <code>manifest.json</code>.",
        escape(or_unknown(&summary.scour_version))
    );
    out.push_str("</p>\n</footer>\n</body>\n</html>\n");
    out
}

/// Section ids and headings, in page order (after the header).
const SECTIONS: [(&str, &str); 7] = [
    ("accounting", "Row accounting"),
    ("inventory", "Inventory"),
    ("rules", "Rule failures"),
    ("normalization", "Normalization"),
    ("transforms", "Transforms applied"),
    ("thresholds", "Thresholds"),
    ("files", "Inputs and outputs"),
];

const CSS: &str = r#"body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1a1a1a; background: #fff; max-width: 62rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0.1rem 0 0.8rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #999; padding-bottom: 0.2rem; margin: 2rem 0 0.4rem; break-after: avoid; }
h3 { font-size: 1rem; margin: 1.2rem 0 0.3rem; break-after: avoid; }
.kicker { text-transform: uppercase; letter-spacing: 0.06em; color: #555; font-size: 0.8rem; margin: 0; }
.verdict { border: 2px solid; padding: 0.6rem 0.9rem; margin: 0 0 1rem; }
.verdict p { margin: 0; font-size: 1.2rem; font-weight: 700; }
.verdict ul { margin: 0.4rem 0 0; padding-left: 1.2rem; }
.pass { border-color: #2e7d32; background: #edf7ee; color: #1b5e20; }
.fail { border-color: #b00020; background: #fdecee; color: #8a0019; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0 0 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid #aaa; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #eee; }
tfoot td, tfoot th { font-weight: 700; background: #f6f6f6; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.85em; }
code.hash { word-break: break-all; }
code.sample { background: #f3f3f3; padding: 0 0.2rem; margin-right: 0.3rem; }
.ok { color: #1b5e20; font-weight: 600; }
.bad { color: #b00020; font-weight: 600; }
.none { color: #555; font-style: italic; }
.note { color: #444; font-size: 0.9rem; margin: 0 0 0.5rem; }
.equation { font-size: 1.1rem; margin: 0.6rem 0; }
.equation .n { font-weight: 700; font-variant-numeric: tabular-nums; }
.check { border: 2px solid; padding: 0.4rem 0.7rem; display: inline-block; margin: 0.2rem 0 0.6rem; }
svg.chart { display: block; width: 100%; max-width: 640px; height: auto; margin: 0.5rem 0; }
nav ol { columns: 2; margin: 0.2rem 0; }
h2.toc { border: none; margin-top: 1rem; font-size: 1rem; }
footer { margin-top: 2.5rem; border-top: 1px solid #999; color: #444; font-size: 0.85rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  nav { display: none; }
  tr, svg, .verdict, .check, dl.meta { break-inside: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"#;

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

fn header(out: &mut String, s: &RunSummary, pipeline: &str) {
    out.push_str("<header>\n<p class=\"kicker\">scour run report</p>\n");
    w!(out, "<h1>{}</h1>\n", escape(pipeline));

    let mut reasons = Vec::new();
    for t in s.thresholds.iter().filter(|t| t.broken) {
        reasons.push(format!(
            "Threshold <strong>{}</strong> broken: actual {}, limit {}.",
            escape(&t.name),
            escape(&t.actual),
            escape(&t.limit)
        ));
    }
    if !accounting_holds(&s.accounting) {
        reasons.push("Row accounting does not balance (see Row accounting).".to_string());
    }
    if s.failed && reasons.is_empty() {
        reasons.push("The run was marked as failed.".to_string());
    }
    if reasons.is_empty() {
        out.push_str(
            "<div class=\"verdict pass\">\n<p>Verdict: passed</p>\n<ul><li>All thresholds held \
             and every input row is accounted for.</li></ul>\n</div>\n",
        );
    } else {
        let broken = s.thresholds.iter().any(|t| t.broken);
        w!(
            out,
            "<div class=\"verdict fail\">\n<p>Verdict: failed{}</p>\n<ul>\n",
            if broken {
                " &mdash; thresholds broken"
            } else {
                ""
            }
        );
        for r in &reasons {
            w!(out, "<li>{r}</li>\n");
        }
        out.push_str("</ul>\n</div>\n");
    }

    out.push_str("<dl class=\"meta\">\n");
    w!(out, "<dt>Pipeline</dt><dd>{}</dd>\n", escape(pipeline));
    if s.as_of.is_empty() {
        out.push_str("<dt>As of</dt><dd>unknown</dd>\n");
    } else {
        w!(
            out,
            "<dt>As of</dt><dd><time datetime=\"{0}\">{0}</time></dd>\n",
            escape(&s.as_of)
        );
    }
    w!(
        out,
        "<dt>scour version</dt><dd>{}</dd>\n",
        escape(or_unknown(&s.scour_version))
    );
    match &s.key_fingerprint {
        Some(f) => w!(
            out,
            "<dt>Key fingerprint</dt><dd><code class=\"hash\">{}</code> (identifies the key; it \
             is not the key)</dd>\n",
            escape(f)
        ),
        None => out.push_str(
            "<dt>Key fingerprint</dt><dd><span class=\"none\">none (no keyed transform or \
             encryption)</span></dd>\n",
        ),
    }
    out.push_str("</dl>\n</header>\n");
}

/// The equation holds and the run says it held.
fn accounting_holds(a: &Accounting) -> bool {
    a.balanced
        && a.rows_out
            .checked_add(a.rows_quarantined)
            .and_then(|x| x.checked_add(a.rows_merged))
            == Some(a.rows_in)
}

fn section_start(out: &mut String, id: &str, title: &str, note: &str) {
    w!(
        out,
        "<section id=\"{id}\" aria-labelledby=\"{id}-h\">\n<h2 id=\"{id}-h\">{title}</h2>\n<p class=\"note\">{note}</p>\n"
    );
}

fn none(out: &mut String, what: &str) {
    w!(out, "<p class=\"none\">{what}: none.</p>\n");
}

fn accounting(out: &mut String, a: &Accounting) {
    section_start(
        out,
        "accounting",
        "Row accounting",
        "Every input row ends in exactly one place: the cleansed output, the quarantine file, or \
         (with deduplication) merged into a golden record. \
         rows in = rows out + rows quarantined + rows merged.",
    );
    let sum = a.rows_out as u128 + a.rows_quarantined as u128 + a.rows_merged as u128;
    let equal = sum == a.rows_in as u128;
    w!(
        out,
        "<p class=\"equation\"><span class=\"n\">{}</span> rows in {} <span class=\"n\">{}</span> \
         rows out + <span class=\"n\">{}</span> rows quarantined + <span class=\"n\">{}</span> rows merged</p>\n",
        count(a.rows_in),
        if equal { "=" } else { "&ne;" },
        count(a.rows_out),
        count(a.rows_quarantined),
        count(a.rows_merged)
    );
    if accounting_holds(a) {
        out.push_str(
            "<p class=\"check pass\"><span aria-hidden=\"true\">&#10003;</span> Balanced: every \
             input row is accounted for.</p>\n",
        );
    } else {
        let detail = if !equal {
            let diff = a.rows_in as i128 - sum as i128;
            if diff > 0 {
                format!("{} input rows are not accounted for.", count(diff as u64))
            } else {
                format!(
                    "{} more rows were written than were read.",
                    count(diff.unsigned_abs() as u64)
                )
            }
        } else {
            "The run did not confirm the equation.".to_string()
        };
        w!(
            out,
            "<p class=\"check fail\"><strong>Warning: not balanced.</strong> {detail}</p>\n"
        );
    }
    accounting_svg(out, a);
    out.push_str(
        "<table>\n<caption>Where the input rows went</caption>\n<thead><tr><th scope=\"col\">Destination</th>\
         <th scope=\"col\" class=\"num\">Rows</th><th scope=\"col\" class=\"num\">Share of rows in</th></tr></thead>\n<tbody>\n",
    );
    for (label, n) in [
        ("Rows in (read)", a.rows_in),
        ("Rows out (cleansed output)", a.rows_out),
        ("Rows quarantined", a.rows_quarantined),
        ("Rows merged into golden records", a.rows_merged),
    ] {
        w!(
            out,
            "<tr><th scope=\"row\">{label}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            count(n),
            percent(n, a.rows_in)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

const COLOR_OUT: &str = "#2e7d32";
const COLOR_QUARANTINE: &str = "#c77700";
const COLOR_IN: &str = "#5f6b7a";

/// Two bars on one scale: rows in, and rows out stacked with rows quarantined.
fn accounting_svg(out: &mut String, a: &Accounting) {
    const X0: f64 = 150.0;
    const WIDTH: f64 = 470.0;
    let total = a.rows_in.max(a.rows_out.saturating_add(a.rows_quarantined));
    w!(
        out,
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"accounting-chart-title\" \
         viewBox=\"0 0 640 96\" width=\"640\" height=\"96\" font-size=\"12\">\n\
         <title id=\"accounting-chart-title\">Row accounting: {} rows in; {} rows out ({}); {} rows \
         quarantined ({}).</title>\n",
        count(a.rows_in),
        count(a.rows_out),
        percent(a.rows_out, a.rows_in),
        count(a.rows_quarantined),
        percent(a.rows_quarantined, a.rows_in)
    );
    out.push_str("<text x=\"0\" y=\"19\">Rows in</text>\n");
    out.push_str("<text x=\"0\" y=\"47\">Out + quarantined</text>\n");
    if total == 0 {
        w!(
            out,
            "<rect x=\"{X0:.2}\" y=\"4\" width=\"{WIDTH:.2}\" height=\"50\" fill=\"none\" \
             stroke=\"#999\"/>\n<text x=\"{:.2}\" y=\"33\" text-anchor=\"middle\">no rows</text>\n",
            X0 + WIDTH / 2.0
        );
    } else {
        let scale = WIDTH / total as f64;
        let w_in = seg(a.rows_in, scale);
        let mut w_q = seg(a.rows_quarantined, scale);
        let mut w_out = seg(a.rows_out, scale);
        if w_out + w_q > WIDTH {
            // Minimum widths for tiny segments must not push past the scale.
            if w_out >= w_q {
                w_out = WIDTH - w_q;
            } else {
                w_q = WIDTH - w_out;
            }
        }
        w!(
            out,
            "<rect x=\"{X0:.2}\" y=\"4\" width=\"{w_in:.2}\" height=\"22\" fill=\"{COLOR_IN}\"/>\n"
        );
        w!(
            out,
            "<rect x=\"{X0:.2}\" y=\"32\" width=\"{w_out:.2}\" height=\"22\" fill=\"{COLOR_OUT}\"/>\n"
        );
        w!(
            out,
            "<rect x=\"{:.2}\" y=\"32\" width=\"{w_q:.2}\" height=\"22\" fill=\"{COLOR_QUARANTINE}\"/>\n",
            X0 + w_out
        );
    }
    // Legend, with the numbers.
    w!(
        out,
        "<rect x=\"{X0:.2}\" y=\"70\" width=\"12\" height=\"12\" fill=\"{COLOR_OUT}\"/>\n\
         <text x=\"{:.2}\" y=\"80\">Rows out {}</text>\n\
         <rect x=\"{:.2}\" y=\"70\" width=\"12\" height=\"12\" fill=\"{COLOR_QUARANTINE}\"/>\n\
         <text x=\"{:.2}\" y=\"80\">Rows quarantined {}</text>\n</svg>\n",
        X0 + 18.0,
        count(a.rows_out),
        X0 + 220.0,
        X0 + 238.0,
        count(a.rows_quarantined)
    );
}

/// A bar segment's width: proportional, but at least 2 units when the count is not zero.
fn seg(n: u64, scale: f64) -> f64 {
    if n == 0 {
        0.0
    } else {
        (n as f64 * scale).max(2.0)
    }
}

fn inventory(out: &mut String, columns: &[ColumnSummary]) {
    section_start(
        out,
        "inventory",
        "Inventory",
        "What each input column holds and what was done to it: the basis for the record of \
         processing (GDPR Art. 30) and for data minimisation (Art. 5(1)(c)). Findings are \
         personal data found inside free text.",
    );
    if columns.is_empty() {
        none(out, "Columns");
        out.push_str("</section>\n");
        return;
    }
    let replaced: u64 = columns
        .iter()
        .flat_map(|c| c.findings_replaced.values())
        .sum();
    let left: u64 = columns.iter().flat_map(|c| c.findings_left.values()).sum();
    let left_cols = columns
        .iter()
        .filter(|c| c.findings_left.values().any(|&n| n > 0))
        .count();
    w!(
        out,
        "<p>{} columns. Free-text findings replaced: <strong>{}</strong>. Left as they were: \
         <strong{}>{}</strong>{}.</p>\n",
        count(columns.len() as u64),
        count(replaced),
        if left > 0 { " class=\"bad\"" } else { "" },
        count(left),
        if left > 0 {
            format!(" (in {} columns)", count(left_cols as u64))
        } else {
            String::new()
        }
    );
    out.push_str(
        "<table>\n<caption>Columns, the personal data they hold, and their treatment</caption>\n<thead><tr>\
         <th scope=\"col\">Column</th><th scope=\"col\">Entity</th><th scope=\"col\" class=\"num\">Values</th>\
         <th scope=\"col\">Transform</th><th scope=\"col\">Encrypted</th><th scope=\"col\">Dropped</th>\
         <th scope=\"col\">Findings replaced</th><th scope=\"col\">Findings left</th></tr></thead>\n<tbody>\n",
    );
    for c in columns {
        w!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td class=\"num\">{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            escape(&c.name),
            match &c.entity {
                Some(e) => escape(e),
                None => "<span class=\"none\">none</span>".to_string(),
            },
            count(c.values),
            match &c.transform {
                Some(t) => escape(t),
                None => "kept".to_string(),
            },
            yes_no(c.encrypted),
            yes_no(c.dropped),
            per_entity(&c.findings_replaced, false),
            per_entity(&c.findings_left, true)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// Findings per entity as lines "ENTITY: n", or "none". Zero counts are skipped.
fn per_entity(map: &std::collections::BTreeMap<String, u64>, flag: bool) -> String {
    let parts: Vec<String> = map
        .iter()
        .filter(|(_, &n)| n > 0)
        .map(|(e, &n)| {
            format!(
                "{}: <span{}>{}</span>",
                escape(e),
                if flag { " class=\"bad\"" } else { "" },
                count(n)
            )
        })
        .collect();
    if parts.is_empty() {
        "<span class=\"none\">none</span>".to_string()
    } else {
        parts.join("<br>")
    }
}

/// Severities in reading order: error, warning, info, then any other name alphabetically.
fn severity_key(s: &str) -> (u8, &str) {
    let rank = match s {
        "error" => 0,
        "warning" => 1,
        "info" => 2,
        _ => 3,
    };
    (rank, s)
}

fn severity_color(s: &str) -> &'static str {
    match s {
        "error" => "#b00020",
        "warning" => "#c77700",
        "info" => "#3465a4",
        _ => "#777777",
    }
}

fn rules(out: &mut String, rules: &[RuleSummary], columns: &[ColumnSummary]) {
    section_start(
        out,
        "rules",
        "Rule failures",
        "Values that failed a validation rule (accuracy, GDPR Art. 5(1)(d)). Samples are masked \
         before they reach this report.",
    );
    if rules.is_empty() {
        none(out, "Rules");
    } else {
        let total: u64 = rules.iter().map(|r| r.failures).sum();
        let fixed: u64 = rules.iter().map(|r| r.fixed).sum();
        out.push_str(
            "<table>\n<caption>Rule results</caption>\n<thead><tr><th scope=\"col\">Rule</th>\
             <th scope=\"col\">Check</th><th scope=\"col\">Column</th><th scope=\"col\">Severity</th>\
             <th scope=\"col\">Action</th><th scope=\"col\" class=\"num\">Failures</th>\
             <th scope=\"col\" class=\"num\">Fixed</th><th scope=\"col\">Masked samples</th></tr></thead>\n<tbody>\n",
        );
        for r in rules {
            let samples = if r.samples.is_empty() {
                "<span class=\"none\">none</span>".to_string()
            } else {
                r.samples
                    .iter()
                    .map(|s| format!("<code class=\"sample\">{}</code>", escape(s)))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            w!(
                out,
                "<tr><th scope=\"row\">{}</th><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                escape(&r.name),
                escape(&r.check),
                match &r.column {
                    Some(c) => format!("<code>{}</code>", escape(c)),
                    None => "<span class=\"none\">none (row rule)</span>".to_string(),
                },
                escape(&r.severity),
                escape(&r.action),
                count(r.failures),
                count(r.fixed),
                samples
            );
        }
        w!(
            out,
            "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"5\">Total</th><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td></td></tr></tfoot>\n</table>\n",
            count(total),
            count(fixed)
        );
    }

    // Failures per column and severity, from the column summaries.
    let mut severities: Vec<&str> = columns
        .iter()
        .flat_map(|c| c.failures.iter())
        .filter(|(_, &n)| n > 0)
        .map(|(s, _)| s.as_str())
        .collect();
    severities.sort_by_key(|s| severity_key(s));
    severities.dedup();
    let failing: Vec<(&ColumnSummary, u64)> = columns
        .iter()
        .map(|c| (c, c.failures.values().sum::<u64>()))
        .filter(|&(_, n)| n > 0)
        .collect();
    out.push_str("<h3>Failures by column</h3>\n");
    if failing.is_empty() {
        none(out, "Columns with rule failures");
        out.push_str("</section>\n");
        return;
    }
    failures_svg(out, &failing, &severities);
    out.push_str(
        "<table>\n<caption>Rule failures per column and severity</caption>\n<thead><tr><th scope=\"col\">Column</th>",
    );
    for s in &severities {
        w!(out, "<th scope=\"col\" class=\"num\">{}</th>", escape(s));
    }
    out.push_str("<th scope=\"col\" class=\"num\">Total</th></tr></thead>\n<tbody>\n");
    for (c, n) in &failing {
        w!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th>",
            escape(&c.name)
        );
        for s in &severities {
            w!(
                out,
                "<td class=\"num\">{}</td>",
                count(c.failures.get(*s).copied().unwrap_or(0))
            );
        }
        w!(out, "<td class=\"num\">{}</td></tr>\n", count(*n));
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Horizontal bars, one per column, stacked by severity.
fn failures_svg(out: &mut String, failing: &[(&ColumnSummary, u64)], severities: &[&str]) {
    const X0: f64 = 190.0;
    const WIDTH: f64 = 370.0;
    const ROW: f64 = 24.0;
    const TOP: f64 = 30.0;
    let max = failing.iter().map(|&(_, n)| n).max().unwrap_or(1).max(1);
    let scale = WIDTH / max as f64;
    let height = TOP + ROW * failing.len() as f64 + 4.0;
    let title: Vec<String> = failing
        .iter()
        .map(|(c, n)| {
            let parts: Vec<String> = severities
                .iter()
                .filter_map(|s| c.failures.get(*s).filter(|&&k| k > 0).map(|k| (s, k)))
                .map(|(s, k)| format!("{} {}", count(*k), s))
                .collect();
            format!("{}: {} ({})", c.name, count(*n), parts.join(", "))
        })
        .collect();
    w!(
        out,
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"failures-chart-title\" \
         viewBox=\"0 0 640 {height:.0}\" width=\"640\" height=\"{height:.0}\" font-size=\"12\">\n\
         <title id=\"failures-chart-title\">Rule failures per column, by severity: {}.</title>\n",
        escape(&title.join("; "))
    );
    // Legend.
    let mut x = X0;
    for s in severities {
        w!(
            out,
            "<rect x=\"{x:.2}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{}\"/>\
             <text x=\"{:.2}\" y=\"14\">{}</text>\n",
            severity_color(s),
            x + 16.0,
            escape(s)
        );
        x += 24.0 + 7.0 * s.chars().count() as f64;
    }
    for (i, (c, n)) in failing.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        w!(
            out,
            "<text x=\"{:.2}\" y=\"{:.2}\" text-anchor=\"end\">{}</text>\n",
            X0 - 8.0,
            y + 14.0,
            escape(&truncate(&c.name, 24))
        );
        let mut x = X0;
        for s in severities {
            let k = c.failures.get(*s).copied().unwrap_or(0);
            if k == 0 {
                continue;
            }
            let w = seg(k, scale);
            w!(
                out,
                "<rect x=\"{x:.2}\" y=\"{:.2}\" width=\"{w:.2}\" height=\"18\" fill=\"{}\"/>\n",
                y + 2.0,
                severity_color(s)
            );
            x += w;
        }
        w!(
            out,
            "<text x=\"{:.2}\" y=\"{:.2}\">{}</text>\n",
            x + 6.0,
            y + 14.0,
            count(*n)
        );
    }
    out.push_str("</svg>\n");
}

/// At most `max` characters, with an ellipsis when cut.
fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('\u{2026}');
        t
    }
}

fn normalization(out: &mut String, columns: &[ColumnSummary]) {
    section_start(
        out,
        "normalization",
        "Normalization",
        "Cells rewritten to a canonical form, per normalizer, and cells a normalizer could not \
         normalize (kept as they were).",
    );
    let mut rows = String::new();
    let (mut changed_total, mut failed_total) = (0u64, 0u64);
    for c in columns {
        let mut names: Vec<&String> = c
            .normalized
            .keys()
            .chain(c.not_normalizable.keys())
            .collect();
        names.sort();
        names.dedup();
        for n in names {
            let changed = c.normalized.get(n).copied().unwrap_or(0);
            let failed = c.not_normalizable.get(n).copied().unwrap_or(0);
            changed_total += changed;
            failed_total += failed;
            w!(
                rows,
                "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                escape(&c.name),
                escape(n),
                count(changed),
                count(failed)
            );
        }
    }
    if rows.is_empty() {
        none(out, "Normalizers");
    } else {
        w!(
            out,
            "<table>\n<caption>Cells changed and not normalizable, per column and normalizer</caption>\n\
             <thead><tr><th scope=\"col\">Column</th><th scope=\"col\">Normalizer</th>\
             <th scope=\"col\" class=\"num\">Cells changed</th><th scope=\"col\" class=\"num\">Not normalizable</th></tr></thead>\n\
             <tbody>\n{rows}</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"2\">Total</th><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td></tr></tfoot>\n</table>\n",
            count(changed_total),
            count(failed_total)
        );
    }
    out.push_str("</section>\n");
}

fn transforms(out: &mut String, columns: &[ColumnSummary]) {
    section_start(
        out,
        "transforms",
        "Transforms applied",
        "Whole-cell transforms (for example hashing, tokenization, dropping). A cell whose \
         transform failed is written as NULL.",
    );
    let with: Vec<(&ColumnSummary, &String)> = columns
        .iter()
        .filter_map(|c| c.transform.as_ref().map(|t| (c, t)))
        .collect();
    if with.is_empty() {
        none(out, "Transforms");
    } else {
        out.push_str(
            "<table>\n<caption>Transforms per column</caption>\n<thead><tr><th scope=\"col\">Column</th>\
             <th scope=\"col\">Transform</th><th scope=\"col\" class=\"num\">Cells transformed</th>\
             <th scope=\"col\" class=\"num\">Failures (written as NULL)</th></tr></thead>\n<tbody>\n",
        );
        for (c, t) in with {
            w!(
                out,
                "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\"><span{}>{}</span></td></tr>\n",
                escape(&c.name),
                escape(t),
                count(c.transformed),
                if c.transform_failed > 0 {
                    " class=\"bad\""
                } else {
                    ""
                },
                count(c.transform_failed)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

fn dedup(out: &mut String, d: &crate::pipeline::summary::DedupSummary) {
    section_start(
        out,
        "dedup",
        "Deduplication",
        "Record linkage (Fellegi-Sunter): candidate pairs from the blocking rules, a match \
         probability per pair from the weights below, clusters of rows linked at or above the \
         threshold, one golden record per cluster. Row numbers and weights only; the pairs and \
         the source row of every golden field are in <code>pairs.parquet</code> and \
         <code>survivorship.parquet</code>.",
    );
    w!(
        out,
        "<p>{} candidate pairs; {} at or above the threshold {} ({} by a match rule); \
         {} clusters of two or more rows holding {} rows (largest {}); {} golden records, \
         {} rows merged. Prior: two random rows match with probability {:.3e} ({:.1} bits). \
         Fields {}, blocking rules {}.</p>\n",
        count(d.candidate_pairs),
        count(d.links),
        d.threshold,
        count(d.deterministic_links),
        count(d.clusters),
        count(d.rows_in_clusters),
        count(d.largest_cluster),
        count(d.golden_records),
        count(d.rows_merged),
        d.prior_probability,
        d.prior_weight,
        if d.fields_inferred {
            "chosen from the column classification"
        } else {
            "as configured"
        },
        if d.blocking_inferred {
            "chosen from the data"
        } else {
            "as configured"
        },
    );
    if !d.large_clusters.is_empty() {
        w!(
            out,
            "<p class=\"check fail\">{} cluster(s) exceeded max_cluster_size{}: {}.</p>\n",
            d.large_clusters.len(),
            if d.large_clusters_split {
                " and were split at their weakest links"
            } else {
                ""
            },
            d.large_clusters
                .iter()
                .take(20)
                .map(|(id, n)| format!("cluster {id} ({n} rows)"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    out.push_str(
        "<h3>Cluster sizes</h3>\n<table>\n<caption>Clusters by size (size 1: rows without a duplicate)</caption>\n\
         <thead><tr><th scope=\"col\" class=\"num\">Rows in cluster</th><th scope=\"col\" class=\"num\">Clusters</th>\
         <th scope=\"col\">Distribution (log scale)</th></tr></thead>\n<tbody>\n",
    );
    let max = d.cluster_sizes.values().copied().max().unwrap_or(1).max(1) as f64;
    for (size, n) in &d.cluster_sizes {
        let width = 200.0 * ((*n as f64).ln_1p() / max.ln_1p()).max(0.0);
        w!(
            out,
            "<tr><th scope=\"row\" class=\"num\">{size}</th><td class=\"num\">{}</td>\
             <td><svg width=\"204\" height=\"12\" aria-hidden=\"true\"><rect x=\"0\" y=\"1\" width=\"{width:.1}\" height=\"10\" fill=\"{COLOR_OUT}\"/></svg></td></tr>\n",
            count(*n)
        );
    }
    out.push_str("</tbody>\n</table>\n");

    out.push_str(
        "<h3>Blocking rules</h3>\n<table>\n<caption>Rows are compared when they agree exactly on every field of one rule</caption>\n\
         <thead><tr><th scope=\"col\">Fields</th><th scope=\"col\" class=\"num\">New pairs</th>\
         <th scope=\"col\" class=\"num\">Largest block</th><th scope=\"col\" class=\"num\">Blocks skipped (rows)</th>\
         <th scope=\"col\" class=\"num\">EM match share</th></tr></thead>\n<tbody>\n",
    );
    for r in &d.blocking {
        w!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{} ({})</td><td class=\"num\">{:.4}</td></tr>\n",
            escape(&r.fields.join(" + ")),
            count(r.pairs),
            count(r.largest_block),
            count(r.skipped_blocks),
            count(r.skipped_rows),
            r.em_match_share
        );
    }
    out.push_str("</tbody>\n</table>\n");

    out.push_str(
        "<h3>Model weights</h3>\n<table>\n<caption>m: probability of the level for a true match; u: for two different people; \
         weight: log2(m/u) bits (exact agreement is further adjusted by the value&#39;s frequency)</caption>\n\
         <thead><tr><th scope=\"col\">Field</th><th scope=\"col\">Level</th><th scope=\"col\" class=\"num\">m</th>\
         <th scope=\"col\" class=\"num\">u</th><th scope=\"col\" class=\"num\">Weight (bits)</th></tr></thead>\n<tbody>\n",
    );
    for f in &d.fields {
        for (i, l) in f.levels.iter().enumerate() {
            let head = if i == 0 {
                format!("{} ({})", escape(&f.column), escape(&f.kind))
            } else {
                String::new()
            };
            w!(
                out,
                "<tr><th scope=\"row\">{head}</th><td>{}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.2e}</td><td class=\"num\">{:+.2}</td></tr>\n",
                escape(&l.level),
                l.m,
                l.u,
                l.weight
            );
        }
    }
    out.push_str("</tbody>\n</table>\n");
    w!(
        out,
        "<h3>The model as a pipeline section</h3>\n<pre>{}</pre>\n</section>\n",
        escape(&d.model)
    );
}

fn thresholds(out: &mut String, thresholds: &[ThresholdResult]) {
    section_start(
        out,
        "thresholds",
        "Thresholds",
        "Limits from the pipeline&#39;s <code>[fail_if]</code> section. A broken threshold fails \
         the run.",
    );
    if thresholds.is_empty() {
        none(out, "Thresholds");
    } else {
        out.push_str(
            "<table>\n<caption>Thresholds and results</caption>\n<thead><tr><th scope=\"col\">Threshold</th>\
             <th scope=\"col\" class=\"num\">Limit</th><th scope=\"col\" class=\"num\">Actual</th>\
             <th scope=\"col\">Result</th></tr></thead>\n<tbody>\n",
        );
        for t in thresholds {
            w!(
                out,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                escape(&t.name),
                escape(&t.limit),
                escape(&t.actual),
                if t.broken {
                    "<span class=\"bad\">broken</span>"
                } else {
                    "<span class=\"ok\">held</span>"
                }
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

fn inputs_outputs(out: &mut String, s: &RunSummary) {
    section_start(
        out,
        "files",
        "Inputs and outputs",
        "The SHA-256 digests identify the exact files read and written; recompute them to check \
         that a file is the one this report describes.",
    );
    out.push_str("<h3>Pipeline file</h3>\n<dl class=\"meta\">\n");
    w!(
        out,
        "<dt>Path</dt><dd><code>{}</code></dd>\n<dt>SHA-256</dt><dd>{}</dd>\n</dl>\n",
        escape(or_unknown(&s.pipeline.path)),
        hash(&s.pipeline.sha256)
    );

    out.push_str("<h3>Inputs</h3>\n");
    files_table(
        out,
        "Input files",
        "Path",
        s.inputs.iter().map(
            |InputInfo {
                 path,
                 sha256,
                 bytes,
                 rows,
             }| (path, sha256, *rows, *bytes),
        ),
    );
    out.push_str("<h3>Outputs</h3>\n");
    files_table(
        out,
        "Output files",
        "Output",
        s.outputs.iter().map(
            |OutputInfo {
                 name,
                 rows,
                 bytes,
                 sha256,
             }| (name, sha256, *rows, *bytes),
        ),
    );

    let t = &s.timings;
    out.push_str(
        "<h3>Timings</h3>\n<table>\n<caption>Seconds per phase</caption>\n<thead><tr><th scope=\"col\">Phase</th>\
         <th scope=\"col\" class=\"num\">Seconds</th></tr></thead>\n<tbody>\n",
    );
    for (phase, secs) in [
        ("Compile pipeline", t.compile_seconds),
        ("Process rows", t.process_seconds),
        ("Write outputs", t.write_seconds),
    ] {
        w!(
            out,
            "<tr><th scope=\"row\">{phase}</th><td class=\"num\">{}</td></tr>\n",
            seconds(secs)
        );
    }
    w!(
        out,
        "</tbody>\n<tfoot><tr><th scope=\"row\">Total</th><td class=\"num\">{}</td></tr></tfoot>\n</table>\n</section>\n",
        seconds(t.total_seconds)
    );
}

fn files_table<'a>(
    out: &mut String,
    caption: &str,
    first: &str,
    files: impl ExactSizeIterator<Item = (&'a String, &'a String, u64, u64)>,
) {
    if files.len() == 0 {
        none(out, caption);
        return;
    }
    w!(
        out,
        "<table>\n<caption>{caption}</caption>\n<thead><tr><th scope=\"col\">{first}</th>\
         <th scope=\"col\">SHA-256</th><th scope=\"col\" class=\"num\">Rows</th>\
         <th scope=\"col\" class=\"num\">Bytes</th></tr></thead>\n<tbody>\n"
    );
    let (mut rows, mut bytes) = (0u64, 0u64);
    for (name, sha, r, b) in files {
        rows = rows.saturating_add(r);
        bytes = bytes.saturating_add(b);
        w!(
            out,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            escape(name),
            hash(sha),
            count(r),
            size(b)
        );
    }
    w!(
        out,
        "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"2\">Total</th><td class=\"num\">{}</td>\
         <td class=\"num\">{}</td></tr></tfoot>\n</table>\n",
        count(rows),
        size(bytes)
    );
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

fn or_unknown(s: &str) -> &str {
    if s.is_empty() {
        "unknown"
    } else {
        s
    }
}

/// A digest in full (an auditor compares all of it, also on paper), monospace and wrapping.
fn hash(sha: &str) -> String {
    if sha.is_empty() {
        "<span class=\"none\">not recorded</span>".to_string()
    } else {
        format!("<code class=\"hash\">{}</code>", escape(sha))
    }
}

/// An integer with digits in groups of three, separated by a narrow no-break space
/// (ISO 80000-1; neither a decimal comma nor a decimal point, so no locale misreads it).
fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('\u{202f}');
        }
        out.push(d);
    }
    out
}

/// `part` as a percentage of `whole`, one decimal place; "n/a" when `whole` is zero.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "n/a".to_string()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// Bytes as an exact count, with a binary-unit size after it from 1 KiB.
fn size(b: u64) -> String {
    const UNITS: [&str; 5] = ["KiB", "MiB", "GiB", "TiB", "PiB"];
    if b < 1024 {
        return count(b);
    }
    let mut v = b as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{} ({:.1}&#160;{})", count(b), v, UNITS[unit])
}

fn seconds(s: f64) -> String {
    if s.is_finite() {
        format!("{s:.3}")
    } else {
        "n/a".to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::pipeline::summary::{PipelineInfo, Timings};

    fn map(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|&(k, v)| (k.to_string(), v)).collect()
    }

    fn example() -> RunSummary {
        RunSummary {
            scour_version: "0.1.0".into(),
            pipeline: PipelineInfo {
                name: "crm-cleanse".into(),
                path: "pipelines/crm.toml".into(),
                sha256: "a".repeat(64),
            },
            inputs: vec![InputInfo {
                path: "data/customers.csv".into(),
                sha256: "b".repeat(64),
                bytes: 2_500_000,
                rows: 12_345,
            }],
            as_of: "2025-01-31T09:00:00Z".into(),
            key_fingerprint: Some("kf-1234abcd".into()),
            accounting: Accounting {
                rows_in: 12_345,
                rows_out: 12_300,
                rows_quarantined: 45,
                rows_merged: 0,
                balanced: true,
            },
            columns: vec![
                ColumnSummary {
                    name: "email".into(),
                    entity: Some("EMAIL_ADDRESS".into()),
                    values: 12_000,
                    normalized: map(&[("lowercase", 310)]),
                    not_normalizable: map(&[("lowercase", 2)]),
                    transform: Some("hash".into()),
                    transformed: 12_000,
                    transform_failed: 0,
                    failures: map(&[("error", 40), ("warning", 5)]),
                    ..Default::default()
                },
                ColumnSummary {
                    name: "<script>alert(1)</script>".into(),
                    values: 9_000,
                    findings_replaced: map(&[("PHONE_NUMBER", 17), ("EMAIL_ADDRESS", 3)]),
                    findings_left: map(&[("PERSON", 4)]),
                    failures: map(&[("info", 7)]),
                    ..Default::default()
                },
                ColumnSummary {
                    name: "iban".into(),
                    entity: Some("IBAN_CODE".into()),
                    values: 800,
                    encrypted: true,
                    ..Default::default()
                },
                ColumnSummary {
                    name: "fax".into(),
                    dropped: true,
                    transform: Some("drop".into()),
                    transformed: 150,
                    transform_failed: 1,
                    ..Default::default()
                },
            ],
            rules: vec![
                RuleSummary {
                    name: "email-valid".into(),
                    check: "email".into(),
                    column: Some("email".into()),
                    severity: "error".into(),
                    action: "quarantine".into(),
                    failures: 40,
                    fixed: 0,
                    samples: vec!["j***@ex&mple.com".into(), "x***\"y'@z".into()],
                },
                RuleSummary {
                    name: "has-contact".into(),
                    check: "not_null".into(),
                    column: None,
                    severity: "warning".into(),
                    action: "report".into(),
                    failures: 5,
                    fixed: 2,
                    samples: vec![],
                },
            ],
            outputs: vec![
                OutputInfo {
                    name: "cleansed.parquet".into(),
                    rows: 12_300,
                    bytes: 900_000,
                    sha256: "c".repeat(64),
                },
                OutputInfo {
                    name: "quarantine.csv".into(),
                    rows: 45,
                    bytes: 4_000,
                    sha256: "d".repeat(64),
                },
            ],
            thresholds: vec![
                ThresholdResult {
                    name: "max_quarantined".into(),
                    limit: "100".into(),
                    actual: "45".into(),
                    broken: false,
                },
                ThresholdResult {
                    name: "max_error_failures".into(),
                    limit: "10".into(),
                    actual: "40".into(),
                    broken: true,
                },
            ],
            failed: true,
            dedup: None,
            timings: Timings {
                compile_seconds: 0.0123,
                link_seconds: 0.0,
                process_seconds: 1.5,
                write_seconds: 0.25,
                total_seconds: 1.7623,
            },
        }
    }

    #[test]
    fn escape_covers_the_five_characters() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        assert_eq!(escape("plain text, ünïcode"), "plain text, ünïcode");
        assert_eq!(escape(""), "");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    #[test]
    fn data_strings_are_escaped() {
        let html = render(&example());
        assert!(!html.contains("<script"), "raw <script> in the page");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("j***@ex&amp;mple.com"));
        assert!(html.contains("x***&quot;y&#39;@z"));
        assert!(!html.contains("ex&mple"));
    }

    #[test]
    fn self_contained() {
        let html = render(&example());
        for needle in ["<script", "src=", "http://", "https://", "@import", "url("] {
            assert!(!html.contains(needle), "found {needle}");
        }
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.ends_with("</html>\n"));
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(html.matches("<title id=").count(), 2);
    }

    #[test]
    fn sections_in_order() {
        let html = render(&example());
        let mut at = html.find("<h1>crm-cleanse</h1>").expect("header");
        for (id, title) in SECTIONS {
            let heading = format!("<h2 id=\"{id}-h\">{title}</h2>");
            let pos = html.find(&heading).unwrap_or_else(|| panic!("{heading}"));
            assert!(pos > at, "{title} out of order");
            at = pos;
        }
        assert_eq!(
            html.matches("<caption>").count(),
            html.matches("<table>").count()
        );
    }

    #[test]
    fn header_and_verdict() {
        let html = render(&example());
        assert!(html.contains("Verdict: failed &mdash; thresholds broken"));
        assert!(html.contains("<strong>max_error_failures</strong> broken: actual 40, limit 10."));
        assert!(html.contains("2025-01-31T09:00:00Z"));
        assert!(html.contains("kf-1234abcd"));
        assert!(html.contains("<dd>0.1.0</dd>"));

        let mut ok = example();
        ok.failed = false;
        ok.thresholds.retain(|t| !t.broken);
        let html = render(&ok);
        assert!(html.contains("Verdict: passed"));
        assert!(!html.contains("Verdict: failed"));
    }

    #[test]
    fn accounting_numbers_and_check() {
        let html = render(&example());
        assert!(html.contains(
            "<span class=\"n\">12\u{202f}345</span> rows in = <span class=\"n\">12\u{202f}300</span> \
             rows out + <span class=\"n\">45</span> rows quarantined"
        ));
        assert!(html.contains("Balanced: every input row is accounted for."));
        assert!(html.contains("<td class=\"num\">0.4%</td>"));

        let mut off = example();
        off.accounting.rows_out = 12_290;
        let html = render(&off);
        assert!(html.contains("rows in &ne;"));
        assert!(
            html.contains("Warning: not balanced.</strong> 10 input rows are not accounted for.")
        );
        assert!(html.contains("Row accounting does not balance"));
        assert!(!html.contains("Balanced: every"));
    }

    #[test]
    fn tables_hold_the_numbers() {
        let html = render(&example());
        // Thresholds.
        assert!(html.contains(
            "<tr><th scope=\"row\">max_quarantined</th><td class=\"num\">100</td>\
             <td class=\"num\">45</td><td><span class=\"ok\">held</span></td></tr>"
        ));
        assert!(html.contains("<span class=\"bad\">broken</span>"));
        // Inventory: kept, flags, findings per entity in key order.
        assert!(html.contains("EMAIL_ADDRESS: <span>3</span><br>PHONE_NUMBER: <span>17</span>"));
        assert!(html.contains("<td>kept</td>"));
        // Failures per column and severity, in severity order.
        assert!(html.contains("<th scope=\"col\" class=\"num\">error</th><th scope=\"col\" class=\"num\">warning</th><th scope=\"col\" class=\"num\">info</th>"));
        assert!(html.contains("email: 45 (40 error, 5 warning)"));
        // Normalization, transforms, files, timings.
        assert!(
            html.contains("<td>lowercase</td><td class=\"num\">310</td><td class=\"num\">2</td>")
        );
        assert!(html.contains("<td>drop</td><td class=\"num\">150</td>"));
        assert!(html.contains(&format!("<code class=\"hash\">{}</code>", "b".repeat(64))));
        assert!(html.contains("2\u{202f}500\u{202f}000 (2.4&#160;MiB)"));
        assert!(html.contains("<td class=\"num\">0.012</td>"));
        assert!(html.contains("<td class=\"num\">1.762</td>"));
        assert!(html.contains("none (row rule)"));
    }

    #[test]
    fn deterministic() {
        let s = example();
        assert_eq!(render(&s), render(&s));
        assert_eq!(render(&s), render(&s.clone()));
    }

    #[test]
    fn empty_summary_says_none() {
        let html = render(&RunSummary::default());
        assert!(html.contains("(unnamed pipeline)"));
        for what in [
            "Columns: none.",
            "Rules: none.",
            "Columns with rule failures: none.",
            "Normalizers: none.",
            "Transforms: none.",
            "Thresholds: none.",
            "Input files: none.",
            "Output files: none.",
        ] {
            assert!(html.contains(what), "{what}");
        }
        assert!(html.contains("no rows"));
        assert!(html.contains("none (no keyed transform or"));
        for (id, _) in SECTIONS {
            assert!(html.contains(&format!("<section id=\"{id}\"")));
        }
        assert!(!html.contains("<tbody>\n</tbody>"));
    }

    #[test]
    fn formatting_helpers() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1\u{202f}000");
        assert_eq!(
            count(u64::MAX),
            "18\u{202f}446\u{202f}744\u{202f}073\u{202f}709\u{202f}551\u{202f}615"
        );
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(1, 0), "n/a");
        assert_eq!(size(1023), "1\u{202f}023");
        assert_eq!(size(1536), "1\u{202f}536 (1.5&#160;KiB)");
        assert_eq!(truncate("abcdef", 4), "abc\u{2026}");
        assert_eq!(truncate("abc", 4), "abc");
        assert_eq!(seconds(f64::NAN), "n/a");
    }

    /// Writes the example page for a look in a browser:
    /// `cargo test --lib report::html -- --ignored write_example`, then open
    /// `/tmp/report-example.html`.
    #[test]
    #[ignore]
    fn write_example() {
        let path = std::env::temp_dir().join("report-example.html");
        std::fs::write(&path, render(&example())).unwrap();
        eprintln!("wrote {}", path.display());
    }
}
