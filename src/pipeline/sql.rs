//! Cross-field validation rules: SQL boolean expressions over one row, evaluated a whole
//! batch at a time.
//!
//! A rule reads like the `WHERE` clause of a query, or a `CHECK` constraint:
//!
//! ```text
//! country <> 'DE' OR regexp_like(postcode, '^[0-9]{5}$')
//! ```
//!
//! [`compile`] parses a rule once, against the table's column names: it resolves the
//! columns, compiles every regular expression and `LIKE` pattern, checks the types and folds
//! constant parts. [`Predicate::eval`] then evaluates the rule over a batch, one column per
//! sub-expression (no per-row parsing, no per-row regex compiling).
//!
//! # What a result means
//!
//! Logic is SQL's three-valued logic: a rule gives TRUE, FALSE or NULL (unknown) for each row,
//! and NULL propagates (`NULL AND TRUE` is NULL, `NULL OR TRUE` is TRUE, `NOT NULL` is NULL).
//! **A row fails a rule only where the result is FALSE; NULL passes**, exactly like a SQL
//! `CHECK` constraint. So `postcode LIKE '_____'` lets rows without a postcode through; write
//! `postcode IS NOT NULL AND postcode LIKE '_____'` to require one. This module only computes
//! the results; the caller decides what a failure means.
//!
//! # The language
//!
//! A documented subset of SQL. Keywords and function names are case-insensitive.
//!
//! **Values and types.** Every column value is a string (non-text Arrow columns are read in
//! their canonical text form: `42`, `2024-01-31`, `true`), and NULL stays NULL. Types follow
//! from the expression:
//!
//! - comparing a string with a number (a number literal or an arithmetic result) compares
//!   *numerically*: the string is read as a decimal number, surrounding whitespace ignored;
//!   text that is not a number reads as NULL. `age >= 18` is numeric; `age >= '18'` compares
//!   two strings.
//! - string with string compares lexicographically by bytes (`'10' < '9'`, `'B' < 'a'`).
//! - a string compared with a boolean or a date is read as one (see casts below).
//! - numbers are 64-bit floats: integers are exact up to 2^53, `/` always divides exactly
//!   (`7 / 2 = 3.5`), and a result that is not finite (division by zero) is NULL.
//! - a string *literal* that cannot be read as the type it is compared with is a compile
//!   error (`amount + 0 > 'abc'`), as is `x = NULL` (never true: write `x IS NULL`).
//! - `AND`, `OR`, `NOT` and the rule itself need conditions: a bare column is text, not a
//!   condition, so `NOT active` is an error; write `active = TRUE` or
//!   `cast(active AS boolean)`.
//!
//! **Literals.** `'text'` (`''` inside for a quote), `42`, `-1.5`, `2e3`, `TRUE`, `FALSE`,
//! `NULL`. Comments run from `--` to the end of the line.
//!
//! **Columns.** A bare name matches a column exactly, or else the one column equal to it
//! ignoring case. `"Double quoted"` names match exactly (`""` inside for a quote) and are needed
//! for names with spaces or that are keywords. An unknown name is an error that suggests the
//! closest column names.
//!
//! **Operators**, loosest first:
//!
//! | operators | meaning |
//! |---|---|
//! | `OR` | logical or |
//! | `AND` | logical and |
//! | `NOT` | logical negation |
//! | `IS [NOT] NULL`, `IS [NOT] TRUE`, `IS [NOT] FALSE`, `IS [NOT] UNKNOWN` | tests; never NULL |
//! | `=  <>  !=  <  <=  >  >=` | comparison (not chainable) |
//! | `[NOT] IN (v, ...)`, `[NOT] BETWEEN a AND b`, `[NOT] LIKE p [ESCAPE 'c']`, `[NOT] ILIKE p` | predicates |
//! | `\|\|` | string concatenation (numbers, dates, booleans become text) |
//! | `+  -` | addition, subtraction |
//! | `*  /` | multiplication, division |
//! | unary `-  +` | sign |
//!
//! `x IN (a, b)` is TRUE if `x` equals one of the values, else NULL if a value is NULL, else
//! FALSE; `x NOT IN (...)` is its negation (so `NOT IN` a list with NULL is never TRUE).
//! `BETWEEN` includes both ends. `LIKE` patterns must be string literals: `%` matches any run
//! of characters, `_` one character, `\` escapes the next character (or the character given
//! by `ESCAPE`); `ILIKE` ignores case.
//!
//! **Functions.**
//!
//! | function | result |
//! |---|---|
//! | `regexp_like(s, 'pattern' [, 'flags'])` | whether the pattern matches anywhere in `s` (anchor with `^...$`); pattern and flags are literals; flags: `i` ignore case, `c` respect case, `m` multi-line, `s` `.` matches newline, `x` verbose. Syntax of the Rust `regex` crate (no look-around or back-references). |
//! | `length(s)`, `char_length(s)` | number of characters |
//! | `lower(s)`, `upper(s)` | Unicode case mapping |
//! | `trim(s)`, `ltrim(s)`, `rtrim(s)` | without leading/trailing whitespace |
//! | `substr(s, start [, len])`, `substring(...)` | characters from 1-based `start`, as in PostgreSQL (`substr('hello', 0, 2) = 'h'`); NULL if `len` is negative |
//! | `coalesce(a, b, ...)` | the first argument that is not NULL |
//! | `abs(x)` | absolute value |
//! | `cast(x AS type)`, `try_cast(x AS type)` | conversion, NULL when it fails |
//!
//! **Casts.** Types: `integer`/`int` (32-bit range), `bigint`, `double`/`float`/`real`/
//! `decimal`/`numeric` (all 64-bit floats; no precision or scale), `varchar`/`text`/`string`,
//! `date`, `boolean`/`bool`. `cast` and `try_cast` are the same: **a value that cannot be
//! converted gives NULL, never an error**. Text to integer accepts only integer text (`'1.5'`
//! gives NULL); a number to integer rounds half away from zero; out of range gives NULL. Text
//! to date reads `YYYY-MM-DD`, optionally followed by `T` or a space and a time (ignored).
//! Text to boolean reads `true/t/yes/y/on/1` and `false/f/no/n/off/0`, ignoring case. Dates
//! compare with dates, or as ISO strings (`born < '2000-01-01'` compares text, which works for
//! ISO dates).
//!
//! **Not supported:** `current_date` and other non-deterministic functions (a rule must give
//! the same answer for the same row every time), `CASE`, subqueries, aggregates, `%`, date
//! arithmetic, `SIMILAR TO`, typed literals (`DATE '...'`), type parameters such as
//! `varchar(10)`. Expressions may nest at most 64 levels deep: parentheses, function
//! arguments, prefix operators and chains of arithmetic, `||` or comparisons count, while
//! chains of `AND` / `OR` may be as long as needed.

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::fmt::{self, Write as _};

use arrow::array::{
    Array, ArrayRef, ArrowPrimitiveType, BooleanArray, BooleanBufferBuilder, Date32Array,
    Float64Array, LargeStringArray, LargeStringBuilder, PrimitiveArray, StringArray,
    StringViewArray,
};
use arrow::buffer::{BooleanBuffer, NullBuffer};
use arrow::compute::kernels::boolean::{and_kleene, not, or_kleene};
use arrow::datatypes::{DataType, Date32Type, Float64Type};
use regex::{Regex, RegexBuilder};

/// How deeply expressions may nest (parentheses, operators, function calls).
const MAX_DEPTH: usize = 64;

/// Days from 0001-01-01 (chrono's "day 1 of the common era" is day 1) to 1970-01-01.
const UNIX_EPOCH_DAYS_FROM_CE: i32 = 719_163;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// A compile error: byte offset into the expression text and a message. Messages never quote
/// cell data (there is none at compile time anyway); they may quote the rule's own text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlError {
    pub offset: usize,
    pub message: String,
}

impl SqlError {
    fn new(offset: usize, message: impl Into<String>) -> Self {
        SqlError {
            offset,
            message: message.into(),
        }
    }

    /// The error with the line of `text` it points into and a caret under the offending
    /// character, for terminal output.
    pub fn render(&self, text: &str) -> String {
        let mut offset = self.offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let column = text[line_start..offset].chars().count();
        format!(
            "{}\n{}\n{}^",
            self,
            &text[line_start..line_end],
            " ".repeat(column)
        )
    }
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for SqlError {}

type Result<T, E = SqlError> = std::result::Result<T, E>;

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// A compiled rule. Cheap to share between threads (`Send + Sync`); [`Predicate::eval`] takes
/// `&self`.
#[derive(Debug, Clone)]
pub struct Predicate {
    root: Node,
    columns_used: Vec<usize>,
}

/// Parses and binds `text` against the table's column names, compiles every regex, and
/// type-checks: the top level must be boolean. An unknown column is an error naming it and
/// listing the closest column names. Everything expensive happens here, never per batch.
pub fn compile(text: &str, columns: &[String]) -> Result<Predicate, SqlError> {
    let tokens = tokenize(text)?;
    let ast = Parser::new(tokens).parse_rule()?;
    let mut binder = Binder {
        columns,
        used: BTreeSet::new(),
    };
    let (node, ty) = binder.bind(&ast)?;
    let root = match ty {
        Type::Bool => node,
        Type::Null => Node::Const(Value::null(Type::Bool)),
        other => return Err(SqlError::new(ast.offset, not_a_condition("a rule", other))),
    };
    Ok(Predicate {
        root,
        columns_used: binder.used.into_iter().collect(),
    })
}

impl Predicate {
    /// Indices (into `columns` given at compile) of the columns the expression reads, in
    /// increasing order.
    pub fn columns_used(&self) -> &[usize] {
        &self.columns_used
    }

    /// Evaluates over one batch. `columns[i]` aligns with the names given at compile (only
    /// [`columns_used`](Self::columns_used) need be real; the others may be null arrays or
    /// anything else). Arrays may be Utf8, LargeUtf8, Utf8View, Int*/UInt*/Float*/Decimal*,
    /// Boolean, Date32 or anything Arrow can cast to Utf8. A used column that is missing,
    /// cannot be cast, or whose length is not `num_rows` reads as all NULL. The result has
    /// `num_rows` entries; null = unknown (which passes: see the module documentation).
    pub fn eval(&self, columns: &[ArrayRef], num_rows: usize) -> BooleanArray {
        let mut ctx = Ctx {
            columns,
            n: num_rows,
            cache: Vec::new(),
        };
        let value = eval(&self.root, &mut ctx);
        bool_array(value, num_rows)
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    QuotedIdent(String),
    Str(String),
    Num(f64),
    LParen,
    RParen,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Concat,
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    Eof,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    offset: usize,
}

impl Token {
    /// How the token reads in an error message.
    fn describe(&self) -> String {
        match &self.tok {
            Tok::Ident(name) if keyword(name).is_some() => {
                format!("keyword {}", name.to_ascii_uppercase())
            }
            Tok::Ident(name) => format!("'{name}'"),
            Tok::QuotedIdent(name) => format!("\"{name}\""),
            Tok::Str(_) => "a string literal".to_string(),
            Tok::Num(_) => "a number".to_string(),
            Tok::LParen => "'('".to_string(),
            Tok::RParen => "')'".to_string(),
            Tok::Comma => "','".to_string(),
            Tok::Plus => "'+'".to_string(),
            Tok::Minus => "'-'".to_string(),
            Tok::Star => "'*'".to_string(),
            Tok::Slash => "'/'".to_string(),
            Tok::Concat => "'||'".to_string(),
            Tok::Eq => "'='".to_string(),
            Tok::NotEq => "'<>'".to_string(),
            Tok::Lt => "'<'".to_string(),
            Tok::LtEq => "'<='".to_string(),
            Tok::Gt => "'>'".to_string(),
            Tok::GtEq => "'>='".to_string(),
            Tok::Eof => "the end of the rule".to_string(),
        }
    }
}

/// Reserved words: they cannot name a column unless double-quoted.
const KEYWORDS: &[&str] = &[
    "AND", "OR", "NOT", "IS", "IN", "BETWEEN", "LIKE", "ILIKE", "ESCAPE", "NULL", "TRUE", "FALSE",
    "AS", "CAST", "TRY_CAST",
];

fn keyword(word: &str) -> Option<&'static str> {
    KEYWORDS
        .iter()
        .copied()
        .find(|k| k.eq_ignore_ascii_case(word))
}

/// Functions that would make a rule's answer depend on when or where it runs.
const NON_DETERMINISTIC: &[&str] = &[
    "current_date",
    "current_time",
    "current_timestamp",
    "localtime",
    "localtimestamp",
    "now",
    "today",
    "random",
    "rand",
    "uuid",
    "gen_random_uuid",
];

fn tokenize(text: &str) -> Result<Vec<Token>> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let next = bytes.get(i + 1).copied();
        let simple = |tok: Tok, len: usize| (tok, len);
        let (tok, len) = match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0c => {
                i += 1;
                continue;
            }
            b'-' if next == Some(b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'(' => simple(Tok::LParen, 1),
            b')' => simple(Tok::RParen, 1),
            b',' => simple(Tok::Comma, 1),
            b'+' => simple(Tok::Plus, 1),
            b'-' => simple(Tok::Minus, 1),
            b'*' => simple(Tok::Star, 1),
            b'/' => simple(Tok::Slash, 1),
            b'=' => simple(Tok::Eq, 1),
            b'|' if next == Some(b'|') => simple(Tok::Concat, 2),
            b'|' => {
                return Err(SqlError::new(
                    start,
                    "unexpected '|': string concatenation is '||'",
                ))
            }
            b'!' if next == Some(b'=') => simple(Tok::NotEq, 2),
            b'!' => {
                return Err(SqlError::new(
                    start,
                    "unexpected '!': write NOT for negation, or '!=' / '<>' for 'not equal'",
                ))
            }
            b'<' if next == Some(b'=') => simple(Tok::LtEq, 2),
            b'<' if next == Some(b'>') => simple(Tok::NotEq, 2),
            b'<' => simple(Tok::Lt, 1),
            b'>' if next == Some(b'=') => simple(Tok::GtEq, 2),
            b'>' => simple(Tok::Gt, 1),
            b'\'' => {
                let (value, end) = quoted(text, start, b'\'').ok_or_else(|| {
                    SqlError::new(start, "unterminated string literal: missing the closing '")
                })?;
                (Tok::Str(value), end - start)
            }
            b'"' => {
                let (value, end) = quoted(text, start, b'"').ok_or_else(|| {
                    SqlError::new(
                        start,
                        "unterminated quoted column name: missing the closing \"",
                    )
                })?;
                if value.is_empty() {
                    return Err(SqlError::new(start, "empty quoted column name"));
                }
                (Tok::QuotedIdent(value), end - start)
            }
            b'0'..=b'9' | b'.' => {
                let end = number_end(bytes, start)?;
                let value: f64 = text[start..end]
                    .parse()
                    .map_err(|_| SqlError::new(start, "malformed number"))?;
                if !value.is_finite() {
                    return Err(SqlError::new(start, "number out of range"));
                }
                (Tok::Num(value), end - start)
            }
            _ => {
                let Some(c) = text[start..].chars().next() else {
                    break;
                };
                if c.is_whitespace() {
                    i += c.len_utf8();
                    continue;
                }
                if !(c.is_alphabetic() || c == '_') {
                    return Err(SqlError::new(start, format!("unexpected character '{c}'")));
                }
                let end = text[start..]
                    .char_indices()
                    .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
                    .map_or(text.len(), |(j, _)| start + j);
                (Tok::Ident(text[start..end].to_string()), end - start)
            }
        };
        tokens.push(Token { tok, offset: start });
        i = start + len;
    }
    tokens.push(Token {
        tok: Tok::Eof,
        offset: text.len(),
    });
    Ok(tokens)
}

/// Reads a `quote`-delimited token starting at `start` (where the opening quote is), with a
/// doubled quote standing for one. Returns the content and the offset after the closing quote.
fn quoted(text: &str, start: usize, quote: u8) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut value = String::new();
    let mut from = start + 1;
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == quote {
            value.push_str(&text[from..i]);
            if bytes.get(i + 1) == Some(&quote) {
                value.push(quote as char);
                i += 2;
                from = i;
                continue;
            }
            return Some((value, i + 1));
        }
        i += 1;
    }
    None
}

/// The end of the number starting at `start`: digits, an optional fraction and exponent.
fn number_end(bytes: &[u8], start: usize) -> Result<usize> {
    let digits = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut end = digits(start);
    let int_digits = end - start;
    if bytes.get(end) == Some(&b'.') {
        let frac_end = digits(end + 1);
        if int_digits == 0 && frac_end == end + 1 {
            return Err(SqlError::new(start, "unexpected '.'"));
        }
        end = frac_end;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut j = end + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if bytes.get(j).is_some_and(u8::is_ascii_digit) {
            end = digits(j);
        }
    }
    // A number glued to a name or another dot (`12abc`, `1.2.3`) is a typo, not two tokens.
    let glued = bytes
        .get(end)
        .is_some_and(|&b| b == b'.' || b == b'_' || b.is_ascii_alphanumeric() || !b.is_ascii());
    if glued {
        return Err(SqlError::new(
            start,
            "malformed number: it runs into the following characters",
        ));
    }
    Ok(end)
}

// ---------------------------------------------------------------------------------------------
// Parser: tokens to an abstract syntax tree
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
}

impl CmpOp {
    /// Whether the comparison holds for `Less`, `Equal`, `Greater`.
    fn table(self) -> [bool; 3] {
        match self {
            CmpOp::Eq => [false, true, false],
            CmpOp::NotEq => [true, false, true],
            CmpOp::Lt => [true, false, false],
            CmpOp::LtEq => [true, true, false],
            CmpOp::Gt => [false, false, true],
            CmpOp::GtEq => [false, true, true],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArithOp {
    fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IsTest {
    Null,
    True,
    False,
    Unknown,
}

/// A conversion target of `cast(x AS type)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CastType {
    Integer,
    BigInt,
    Double,
    Text,
    Date,
    Boolean,
}

impl CastType {
    fn parse(name: &str) -> Option<CastType> {
        Some(match name.to_ascii_lowercase().as_str() {
            "integer" | "int" | "int4" => CastType::Integer,
            "bigint" | "int8" => CastType::BigInt,
            "double" | "float" | "float8" | "real" | "decimal" | "numeric" => CastType::Double,
            "varchar" | "text" | "string" => CastType::Text,
            "date" => CastType::Date,
            "boolean" | "bool" => CastType::Boolean,
            _ => return None,
        })
    }

    fn result(self) -> Type {
        match self {
            CastType::Integer | CastType::BigInt | CastType::Double => Type::Num,
            CastType::Text => Type::Str,
            CastType::Date => Type::Date,
            CastType::Boolean => Type::Bool,
        }
    }

    /// The cast an implicit conversion from a string to `ty` performs.
    fn implicit(ty: Type) -> CastType {
        match ty {
            Type::Num => CastType::Double,
            Type::Bool => CastType::Boolean,
            Type::Date => CastType::Date,
            Type::Str | Type::Null => CastType::Text,
        }
    }
}

#[derive(Debug)]
struct Ast {
    kind: AstKind,
    /// Byte offset of the expression's first token.
    offset: usize,
    /// Height of the tree below this node, to keep recursion bounded.
    depth: usize,
}

#[derive(Debug)]
enum AstKind {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Column {
        name: String,
        quoted: bool,
    },
    Not(Box<Ast>),
    Neg(Box<Ast>),
    Plus(Box<Ast>),
    And(Vec<Ast>),
    Or(Vec<Ast>),
    Arith {
        op: ArithOp,
        left: Box<Ast>,
        right: Box<Ast>,
    },
    Concat(Box<Ast>, Box<Ast>),
    Cmp {
        op: CmpOp,
        op_offset: usize,
        left: Box<Ast>,
        right: Box<Ast>,
    },
    Is {
        expr: Box<Ast>,
        test: IsTest,
        negated: bool,
    },
    In {
        expr: Box<Ast>,
        list: Vec<Ast>,
        negated: bool,
    },
    Between {
        expr: Box<Ast>,
        low: Box<Ast>,
        high: Box<Ast>,
        negated: bool,
    },
    Like {
        expr: Box<Ast>,
        pattern: Box<Ast>,
        escape: Option<Box<Ast>>,
        negated: bool,
        ignore_case: bool,
    },
    Call {
        name: String,
        args: Vec<Ast>,
    },
    Cast {
        expr: Box<Ast>,
        to: CastType,
    },
}

impl AstKind {
    fn children(&self) -> Vec<&Ast> {
        match self {
            AstKind::Null
            | AstKind::Bool(_)
            | AstKind::Num(_)
            | AstKind::Str(_)
            | AstKind::Column { .. } => vec![],
            AstKind::Not(e) | AstKind::Neg(e) | AstKind::Plus(e) => vec![e],
            AstKind::Is { expr, .. } | AstKind::Cast { expr, .. } => vec![expr],
            AstKind::And(items) | AstKind::Or(items) | AstKind::Call { args: items, .. } => {
                items.iter().collect()
            }
            AstKind::Arith { left, right, .. }
            | AstKind::Cmp { left, right, .. }
            | AstKind::Concat(left, right) => vec![left, right],
            AstKind::In { expr, list, .. } => std::iter::once(&**expr).chain(list).collect(),
            AstKind::Between {
                expr, low, high, ..
            } => vec![expr, low, high],
            AstKind::Like {
                expr,
                pattern,
                escape,
                ..
            } => {
                let mut v: Vec<&Ast> = vec![expr, pattern];
                v.extend(escape.as_deref());
                v
            }
        }
    }
}

/// Binding powers (higher binds tighter), loosest first: OR, AND, NOT, IS, comparisons,
/// IN / BETWEEN / LIKE, `||`, `+ -`, `* /`, unary minus.
#[derive(Debug, Clone, Copy)]
enum Infix {
    Or,
    And,
    Is,
    Cmp(CmpOp),
    Predicate,
    Concat,
    Arith(ArithOp),
}

/// The operand of NOT takes everything from IS up (`NOT a = b` is `NOT (a = b)`).
const BP_NOT_OPERAND: u8 = 5;
/// BETWEEN bounds and LIKE patterns take concatenation and arithmetic, not AND.
const BP_PREDICATE_OPERAND: u8 = 11;
/// The operand of unary minus is a primary expression.
const BP_UNARY_OPERAND: u8 = 17;

impl Infix {
    fn left_bp(self) -> u8 {
        match self {
            Infix::Or => 1,
            Infix::And => 3,
            Infix::Is => 6,
            Infix::Cmp(_) => 7,
            Infix::Predicate => 9,
            Infix::Concat => 11,
            Infix::Arith(ArithOp::Add | ArithOp::Sub) => 13,
            Infix::Arith(ArithOp::Mul | ArithOp::Div) => 15,
        }
    }

    fn non_associative(self) -> bool {
        matches!(self, Infix::Cmp(_) | Infix::Predicate)
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Current recursion depth of the descent (parentheses, prefix operators, arguments).
    nesting: usize,
}

fn too_deep(offset: usize) -> SqlError {
    SqlError::new(
        offset,
        format!("the expression is nested too deeply (more than {MAX_DEPTH} levels)"),
    )
}

impl Parser {
    fn new(tokens: Vec<Token>) -> Self {
        Parser {
            tokens,
            pos: 0,
            nesting: 0,
        }
    }

    fn peek(&self) -> &Token {
        // The tokenizer always ends the list with Eof, and `advance` never moves past it.
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn peek_at(&self, ahead: usize) -> &Tok {
        &self.tokens[(self.pos + ahead).min(self.tokens.len() - 1)].tok
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.peek().tok, Tok::Ident(word) if word.eq_ignore_ascii_case(kw))
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let found = self.is_kw(kw);
        if found {
            self.advance();
        }
        found
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        let found = &self.peek().tok == tok;
        if found {
            self.advance();
        }
        found
    }

    fn expect(&mut self, tok: &Tok, message: impl FnOnce(&Token) -> String) -> Result<()> {
        if self.eat(tok) {
            Ok(())
        } else {
            let found = self.peek();
            Err(SqlError::new(found.offset, message(found)))
        }
    }

    /// Builds a node, refusing trees deep enough to threaten the stack later.
    fn node(&self, kind: AstKind, offset: usize) -> Result<Ast> {
        let depth = 1 + kind.children().iter().map(|c| c.depth).max().unwrap_or(0);
        if depth > MAX_DEPTH {
            return Err(too_deep(offset));
        }
        Ok(Ast {
            kind,
            offset,
            depth,
        })
    }

    fn enter(&mut self) -> Result<()> {
        self.nesting += 1;
        if self.nesting > MAX_DEPTH {
            return Err(too_deep(self.peek().offset));
        }
        Ok(())
    }

    fn parse_rule(&mut self) -> Result<Ast> {
        if self.peek().tok == Tok::Eof {
            return Err(SqlError::new(0, "the rule is empty"));
        }
        let ast = self.parse_expr()?;
        let token = self.peek();
        match token.tok {
            Tok::Eof => Ok(ast),
            Tok::RParen => Err(SqlError::new(
                token.offset,
                "unexpected ')' without a matching '('",
            )),
            _ => Err(SqlError::new(
                token.offset,
                format!(
                    "found {} after a complete expression (missing AND, OR or an operator?)",
                    token.describe()
                ),
            )),
        }
    }

    /// A whole expression, every operator included.
    fn parse_expr(&mut self) -> Result<Ast> {
        self.parse_bp(0)
    }

    /// Pratt parsing: a prefix expression, then every infix or postfix operator that binds at
    /// least as tightly as `min_bp`. Each call is one level of nesting.
    fn parse_bp(&mut self, min_bp: u8) -> Result<Ast> {
        self.enter()?;
        let result = self.parse_operators(min_bp);
        self.nesting -= 1;
        result
    }

    fn parse_operators(&mut self, min_bp: u8) -> Result<Ast> {
        let mut left = self.parse_prefix()?;
        // The binding power of the non-associative operator just applied, to refuse chains
        // such as `a < b < c`.
        let mut non_assoc: Option<u8> = None;
        while let Some(op) = self.infix() {
            let bp = op.left_bp();
            if bp < min_bp {
                break;
            }
            if op.non_associative() && non_assoc == Some(bp) {
                let message = if matches!(op, Infix::Cmp(_)) {
                    "comparisons cannot be chained: combine them with AND"
                } else {
                    "IN, BETWEEN and LIKE cannot apply to one another's result: combine them \
                     with AND"
                };
                return Err(SqlError::new(self.peek().offset, message));
            }
            left = self.parse_infix(left, op)?;
            non_assoc = op.non_associative().then_some(bp);
        }
        Ok(left)
    }

    /// The infix or postfix operator at the current token, if any.
    fn infix(&self) -> Option<Infix> {
        let predicate_word = |tok: &Tok| {
            matches!(tok, Tok::Ident(w) if ["IN", "BETWEEN", "LIKE", "ILIKE"]
                .iter()
                .any(|k| k.eq_ignore_ascii_case(w)))
        };
        Some(match &self.peek().tok {
            Tok::Ident(w) if w.eq_ignore_ascii_case("OR") => Infix::Or,
            Tok::Ident(w) if w.eq_ignore_ascii_case("AND") => Infix::And,
            Tok::Ident(w) if w.eq_ignore_ascii_case("IS") => Infix::Is,
            Tok::Ident(w) if w.eq_ignore_ascii_case("NOT") && predicate_word(self.peek_at(1)) => {
                Infix::Predicate
            }
            tok if predicate_word(tok) => Infix::Predicate,
            Tok::Eq => Infix::Cmp(CmpOp::Eq),
            Tok::NotEq => Infix::Cmp(CmpOp::NotEq),
            Tok::Lt => Infix::Cmp(CmpOp::Lt),
            Tok::LtEq => Infix::Cmp(CmpOp::LtEq),
            Tok::Gt => Infix::Cmp(CmpOp::Gt),
            Tok::GtEq => Infix::Cmp(CmpOp::GtEq),
            Tok::Concat => Infix::Concat,
            Tok::Plus => Infix::Arith(ArithOp::Add),
            Tok::Minus => Infix::Arith(ArithOp::Sub),
            Tok::Star => Infix::Arith(ArithOp::Mul),
            Tok::Slash => Infix::Arith(ArithOp::Div),
            _ => return None,
        })
    }

    /// Applies `op` (at the current token) to `left`, parsing its right-hand side.
    fn parse_infix(&mut self, left: Ast, op: Infix) -> Result<Ast> {
        let offset = left.offset;
        let right_bp = op.left_bp() + 1;
        match op {
            Infix::Or | Infix::And => {
                // AND and OR are n-ary: a long chain is one flat node, not a deep tree.
                let keyword = if matches!(op, Infix::Or) { "OR" } else { "AND" };
                let mut items = vec![left];
                while self.eat_kw(keyword) {
                    items.push(self.parse_bp(right_bp)?);
                }
                let kind = if matches!(op, Infix::Or) {
                    AstKind::Or(items)
                } else {
                    AstKind::And(items)
                };
                self.node(kind, offset)
            }
            Infix::Is => self.parse_is(left),
            Infix::Cmp(op) => {
                let op_offset = self.advance().offset;
                let right = self.parse_bp(right_bp)?;
                self.node(
                    AstKind::Cmp {
                        op,
                        op_offset,
                        left: Box::new(left),
                        right: Box::new(right),
                    },
                    offset,
                )
            }
            Infix::Predicate => self.parse_predicate(left),
            Infix::Concat => {
                self.advance();
                let right = self.parse_bp(right_bp)?;
                self.node(AstKind::Concat(Box::new(left), Box::new(right)), offset)
            }
            Infix::Arith(op) => {
                self.advance();
                let right = self.parse_bp(right_bp)?;
                self.node(
                    AstKind::Arith {
                        op,
                        left: Box::new(left),
                        right: Box::new(right),
                    },
                    offset,
                )
            }
        }
    }

    /// `IS [NOT] NULL | TRUE | FALSE | UNKNOWN` after `expr`.
    fn parse_is(&mut self, expr: Ast) -> Result<Ast> {
        self.advance(); // IS
        let negated = self.eat_kw("NOT");
        let test = if self.eat_kw("NULL") {
            IsTest::Null
        } else if self.eat_kw("TRUE") {
            IsTest::True
        } else if self.eat_kw("FALSE") {
            IsTest::False
        } else if self.eat_kw("UNKNOWN") {
            IsTest::Unknown
        } else {
            let found = self.peek();
            return Err(SqlError::new(
                found.offset,
                format!(
                    "expected NULL, TRUE, FALSE or UNKNOWN after IS, found {}",
                    found.describe()
                ),
            ));
        };
        let offset = expr.offset;
        self.node(
            AstKind::Is {
                expr: Box::new(expr),
                test,
                negated,
            },
            offset,
        )
    }

    /// `[NOT] IN (...)`, `[NOT] BETWEEN a AND b`, `[NOT] LIKE p [ESCAPE e]`, `[NOT] ILIKE p`
    /// after `expr`.
    fn parse_predicate(&mut self, expr: Ast) -> Result<Ast> {
        let negated = self.eat_kw("NOT");
        let offset = expr.offset;
        let expr = Box::new(expr);
        let keyword = match &self.advance().tok {
            Tok::Ident(word) => word.to_ascii_uppercase(),
            _ => String::new(),
        };
        let kind = match keyword.as_str() {
            "IN" => {
                self.expect(&Tok::LParen, |t| {
                    format!("expected '(' after IN, found {}", t.describe())
                })?;
                if self.peek().tok == Tok::RParen {
                    return Err(SqlError::new(
                        self.peek().offset,
                        "the IN list needs at least one value",
                    ));
                }
                let mut list = Vec::new();
                loop {
                    list.push(self.parse_expr()?);
                    if self.eat(&Tok::Comma) {
                        continue;
                    }
                    self.expect(&Tok::RParen, |t| {
                        format!("expected ',' or ')' in the IN list, found {}", t.describe())
                    })?;
                    break;
                }
                AstKind::In {
                    expr,
                    list,
                    negated,
                }
            }
            "BETWEEN" => {
                let low = self.parse_bp(BP_PREDICATE_OPERAND)?;
                if !self.eat_kw("AND") {
                    let found = self.peek();
                    return Err(SqlError::new(
                        found.offset,
                        format!(
                            "expected AND in `BETWEEN low AND high`, found {}",
                            found.describe()
                        ),
                    ));
                }
                let high = self.parse_bp(BP_PREDICATE_OPERAND)?;
                AstKind::Between {
                    expr,
                    low: Box::new(low),
                    high: Box::new(high),
                    negated,
                }
            }
            _ => {
                let pattern = Box::new(self.parse_bp(BP_PREDICATE_OPERAND)?);
                let escape = if self.eat_kw("ESCAPE") {
                    Some(Box::new(self.parse_bp(BP_PREDICATE_OPERAND)?))
                } else {
                    None
                };
                AstKind::Like {
                    expr,
                    pattern,
                    escape,
                    negated,
                    ignore_case: keyword == "ILIKE",
                }
            }
        };
        self.node(kind, offset)
    }

    /// `NOT x`, `-x`, `+x`, or a primary expression.
    fn parse_prefix(&mut self) -> Result<Ast> {
        if self.is_kw("NOT") {
            let offset = self.advance().offset;
            let inner = self.parse_bp(BP_NOT_OPERAND)?;
            return self.node(AstKind::Not(Box::new(inner)), offset);
        }
        let negative = match self.peek().tok {
            Tok::Minus => true,
            Tok::Plus => false,
            _ => return self.parse_primary(),
        };
        let offset = self.advance().offset;
        let inner = self.parse_bp(BP_UNARY_OPERAND)?;
        match (negative, inner.kind) {
            // `-5` is a literal, so that it can stand in IN lists and fold for free.
            (true, AstKind::Num(v)) => self.node(AstKind::Num(-v), offset),
            (true, kind) => {
                let inner = Ast { kind, ..inner };
                self.node(AstKind::Neg(Box::new(inner)), offset)
            }
            (false, kind) => {
                let inner = Ast { kind, ..inner };
                self.node(AstKind::Plus(Box::new(inner)), offset)
            }
        }
    }

    fn parse_primary(&mut self) -> Result<Ast> {
        let token = self.advance();
        let offset = token.offset;
        match token.tok {
            Tok::Num(v) => self.node(AstKind::Num(v), offset),
            Tok::Str(s) => self.node(AstKind::Str(s), offset),
            Tok::QuotedIdent(name) => self.node(AstKind::Column { name, quoted: true }, offset),
            Tok::LParen => {
                let inner = self.parse_expr()?;
                self.expect(&Tok::RParen, |t| {
                    format!(
                        "expected ')' to close the '(' at byte {offset}, found {}",
                        t.describe()
                    )
                })?;
                Ok(inner)
            }
            Tok::Ident(word) => self.parse_word(word, offset),
            _ => Err(SqlError::new(
                offset,
                format!("expected an expression, found {}", token.describe()),
            )),
        }
    }

    /// A primary expression starting with a word: literal keyword, cast, call or column.
    fn parse_word(&mut self, word: String, offset: usize) -> Result<Ast> {
        let call = self.peek().tok == Tok::LParen;
        match keyword(&word) {
            Some("NULL") => return self.node(AstKind::Null, offset),
            Some("TRUE") => return self.node(AstKind::Bool(true), offset),
            Some("FALSE") => return self.node(AstKind::Bool(false), offset),
            Some("CAST" | "TRY_CAST") if call => return self.parse_cast(&word, offset),
            Some(kw) => {
                return Err(SqlError::new(
                    offset,
                    format!(
                        "expected an expression, found keyword {kw} (double-quote a column \
                         with that name: \"{word}\")"
                    ),
                ))
            }
            None => {}
        }
        let lower = word.to_lowercase();
        if NON_DETERMINISTIC.contains(&lower.as_str()) {
            return Err(SqlError::new(
                offset,
                format!(
                    "{lower} is not allowed: a rule must give the same answer for the same row \
                     every time it runs"
                ),
            ));
        }
        let typed_literal = ["date", "timestamp", "time", "interval"].contains(&lower.as_str());
        if typed_literal && matches!(self.peek().tok, Tok::Str(_)) {
            return Err(SqlError::new(
                offset,
                format!(
                    "typed literals such as {} '...' are not supported: write cast('...' AS date)",
                    word.to_uppercase()
                ),
            ));
        }
        if !call {
            return self.node(
                AstKind::Column {
                    name: word,
                    quoted: false,
                },
                offset,
            );
        }
        self.advance(); // '('
        let args = self.parse_args(&lower);
        self.node(
            AstKind::Call {
                name: lower,
                args: args?,
            },
            offset,
        )
    }

    fn parse_args(&mut self, name: &str) -> Result<Vec<Ast>> {
        let mut args = Vec::new();
        if self.eat(&Tok::RParen) {
            return Ok(args);
        }
        loop {
            args.push(self.parse_expr()?);
            if self.eat(&Tok::Comma) {
                continue;
            }
            self.expect(&Tok::RParen, |t| {
                format!(
                    "expected ')' after the arguments of {name}, found {}",
                    t.describe()
                )
            })?;
            return Ok(args);
        }
    }

    fn parse_cast(&mut self, word: &str, offset: usize) -> Result<Ast> {
        let name = word.to_ascii_lowercase();
        self.advance(); // '('
        let expr = self.parse_expr()?;
        if !self.eat_kw("AS") {
            let found = self.peek();
            return Err(SqlError::new(
                found.offset,
                format!(
                    "expected AS and a type in {name}(x AS type), found {}",
                    found.describe()
                ),
            ));
        }
        let type_token = self.advance();
        let to = match &type_token.tok {
            Tok::Ident(type_name) => CastType::parse(type_name),
            _ => None,
        };
        let Some(to) = to else {
            return Err(SqlError::new(
                type_token.offset,
                format!(
                    "unknown type {} in {name}; expected integer, bigint, double, decimal, \
                     varchar, text, date or boolean",
                    type_token.describe()
                ),
            ));
        };
        if to == CastType::Double {
            // `double precision` is one type in SQL.
            if matches!(self.peek_at(0), Tok::Ident(w) if w.eq_ignore_ascii_case("precision")) {
                self.advance();
            }
        }
        if self.peek().tok == Tok::LParen {
            return Err(SqlError::new(
                self.peek().offset,
                "type parameters such as (10) or (10, 2) are not supported",
            ));
        }
        self.expect(&Tok::RParen, |t| {
            format!(
                "expected ')' after the type in {name}, found {}",
                t.describe()
            )
        })?;
        self.node(
            AstKind::Cast {
                expr: Box::new(expr),
                to,
            },
            offset,
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Binder and type checker: AST to an executable tree
// ---------------------------------------------------------------------------------------------

/// The static type of an expression. `Null` is the type of the bare literal NULL, which
/// converts to any other type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Type {
    Bool,
    Num,
    Str,
    Date,
    Null,
}

impl Type {
    /// With an article, for messages.
    fn a(self) -> &'static str {
        match self {
            Type::Bool => "a boolean",
            Type::Num => "a number",
            Type::Str => "a string",
            Type::Date => "a date",
            Type::Null => "NULL",
        }
    }
}

/// The common type two compared operands convert to: NULL becomes anything, and a string
/// becomes a number, boolean or date (strings are how column values arrive).
fn unify(a: Type, b: Type) -> Option<Type> {
    match (a, b) {
        _ if a == b => Some(a),
        (Type::Null, t) | (t, Type::Null) => Some(t),
        (Type::Str, t) | (t, Type::Str) => Some(t),
        _ => None,
    }
}

/// A pattern of `LIKE`, compiled.
#[derive(Debug, Clone)]
enum Matcher {
    Any,
    Exact(String),
    Prefix(String),
    Suffix(String),
    Contains(String),
    Regex(Regex),
}

impl Matcher {
    fn matches(&self, s: &str) -> bool {
        match self {
            Matcher::Any => true,
            Matcher::Exact(p) => s == p,
            Matcher::Prefix(p) => s.starts_with(p.as_str()),
            Matcher::Suffix(p) => s.ends_with(p.as_str()),
            Matcher::Contains(p) => s.contains(p.as_str()),
            Matcher::Regex(re) => re.is_match(s),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StrFn {
    Lower,
    Upper,
    Trim,
    LTrim,
    RTrim,
}

/// The constant values of an `IN` list, sorted for binary search.
#[derive(Debug, Clone)]
enum SetValues {
    Bool(Vec<bool>),
    Num(Vec<f64>),
    Str(Vec<String>),
    Date(Vec<i32>),
}

#[derive(Debug, Clone)]
struct InSet {
    values: SetValues,
    has_null: bool,
}

/// An executable expression. Every node evaluates to a whole column (or a constant).
#[derive(Debug, Clone)]
enum Node {
    Const(Value),
    /// A column read as `ty` (columns are strings; reading them as another type converts).
    Column {
        index: usize,
        ty: Type,
    },
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
    Is {
        expr: Box<Node>,
        test: IsTest,
        negated: bool,
    },
    Cmp {
        op: CmpOp,
        left: Box<Node>,
        right: Box<Node>,
    },
    Between {
        expr: Box<Node>,
        low: Box<Node>,
        high: Box<Node>,
        negated: bool,
    },
    In {
        expr: Box<Node>,
        set: InSet,
        others: Vec<Node>,
        negated: bool,
    },
    Like {
        expr: Box<Node>,
        matcher: Matcher,
        negated: bool,
    },
    Regex {
        expr: Box<Node>,
        regex: Regex,
    },
    Arith {
        op: ArithOp,
        left: Box<Node>,
        right: Box<Node>,
    },
    Neg(Box<Node>),
    Abs(Box<Node>),
    Concat(Box<Node>, Box<Node>),
    Length(Box<Node>),
    StrFn {
        f: StrFn,
        expr: Box<Node>,
    },
    Substr {
        expr: Box<Node>,
        start: Box<Node>,
        len: Option<Box<Node>>,
    },
    Coalesce(Vec<Node>),
    Cast {
        expr: Box<Node>,
        to: CastType,
    },
}

impl Node {
    fn children(&self) -> Vec<&Node> {
        match self {
            Node::Const(_) | Node::Column { .. } => vec![],
            Node::Not(e)
            | Node::Neg(e)
            | Node::Abs(e)
            | Node::Length(e)
            | Node::Is { expr: e, .. }
            | Node::Like { expr: e, .. }
            | Node::Regex { expr: e, .. }
            | Node::StrFn { expr: e, .. }
            | Node::Cast { expr: e, .. } => vec![e],
            Node::And(items) | Node::Or(items) | Node::Coalesce(items) => items.iter().collect(),
            Node::Cmp { left, right, .. }
            | Node::Arith { left, right, .. }
            | Node::Concat(left, right) => vec![left, right],
            Node::Between {
                expr, low, high, ..
            } => vec![expr, low, high],
            Node::In { expr, others, .. } => std::iter::once(&**expr).chain(others).collect(),
            Node::Substr { expr, start, len } => {
                let mut v: Vec<&Node> = vec![expr, start];
                v.extend(len.as_deref());
                v
            }
        }
    }
}

/// Replaces a node whose inputs are all constant by its value.
fn fold(node: Node) -> Node {
    if matches!(node, Node::Const(_) | Node::Column { .. }) {
        return node;
    }
    if node.children().iter().all(|c| matches!(c, Node::Const(_))) {
        let mut ctx = Ctx {
            columns: &[],
            n: 1,
            cache: Vec::new(),
        };
        return Node::Const(eval(&node, &mut ctx).into_scalar());
    }
    node
}

struct Binder<'c> {
    columns: &'c [String],
    used: BTreeSet<usize>,
}

/// A child expression, already bound: its node, its type and where it starts in the text.
struct Bound {
    node: Node,
    ty: Type,
    offset: usize,
}

/// The functions, with the number of arguments each takes.
const FUNCTIONS: &[(&str, usize, usize)] = &[
    ("regexp_like", 2, 3),
    ("length", 1, 1),
    ("char_length", 1, 1),
    ("character_length", 1, 1),
    ("lower", 1, 1),
    ("upper", 1, 1),
    ("trim", 1, 1),
    ("ltrim", 1, 1),
    ("rtrim", 1, 1),
    ("substr", 2, 3),
    ("substring", 2, 3),
    ("abs", 1, 1),
    ("coalesce", 1, usize::MAX),
];

impl Binder<'_> {
    /// Binds an expression: checks what can be checked on the node itself, binds the children
    /// (the only recursion, so each level of nesting costs one small stack frame), then builds
    /// and folds the node.
    fn bind(&mut self, ast: &Ast) -> Result<(Node, Type)> {
        precheck(ast)?;
        let children = ast.kind.children();
        let mut bound = Vec::with_capacity(children.len());
        for child in children {
            let (node, ty) = self.bind(child)?;
            bound.push(Bound {
                node,
                ty,
                offset: child.offset,
            });
        }
        let (node, ty) = self.build(ast, bound)?;
        Ok((fold(node), ty))
    }

    /// Builds the node for `ast` from its bound children (in [`AstKind::children`] order).
    #[inline(never)]
    fn build(&mut self, ast: &Ast, bound: Vec<Bound>) -> Result<(Node, Type)> {
        let mut args = bound.into_iter();
        // `precheck` and `children` guarantee the count; a missing child would be a bug.
        let mut next = || {
            args.next()
                .ok_or_else(|| SqlError::new(ast.offset, "internal error: missing operand"))
        };
        let boxed = Box::new;
        Ok(match &ast.kind {
            AstKind::Null => (Node::Const(Value::null(Type::Str)), Type::Null),
            AstKind::Bool(b) => (Node::Const(Value::Bool(Operand::Lit(Some(*b)))), Type::Bool),
            AstKind::Num(v) => (Node::Const(Value::Num(Operand::Lit(Some(*v)))), Type::Num),
            AstKind::Str(s) => (Node::Const(Value::str_lit(s)), Type::Str),
            AstKind::Column { name, quoted } => {
                let index = self.resolve(name, *quoted, ast.offset)?;
                self.used.insert(index);
                let ty = Type::Str;
                (Node::Column { index, ty }, ty)
            }
            AstKind::Not(_) => (Node::Not(boxed(to_bool(next()?, "NOT")?)), Type::Bool),
            AstKind::Neg(_) => (
                Node::Neg(boxed(convert(next()?, Type::Num, "unary '-'")?)),
                Type::Num,
            ),
            AstKind::Plus(_) => (convert(next()?, Type::Num, "unary '+'")?, Type::Num),
            AstKind::And(_) | AstKind::Or(_) => {
                let is_and = matches!(ast.kind, AstKind::And(_));
                let context = if is_and { "AND" } else { "OR" };
                let items = args
                    .map(|arg| to_bool(arg, context))
                    .collect::<Result<Vec<_>>>()?;
                let node = if is_and {
                    Node::And(items)
                } else {
                    Node::Or(items)
                };
                (node, Type::Bool)
            }
            AstKind::Arith { op, .. } => {
                let context = format!("operator '{}'", op.symbol());
                let left = convert(next()?, Type::Num, &context)?;
                let right = convert(next()?, Type::Num, &context)?;
                let node = Node::Arith {
                    op: *op,
                    left: boxed(left),
                    right: boxed(right),
                };
                (node, Type::Num)
            }
            AstKind::Concat(..) => {
                let left = to_text(next()?);
                let right = to_text(next()?);
                (Node::Concat(boxed(left), boxed(right)), Type::Str)
            }
            AstKind::Cmp { op, op_offset, .. } => {
                let (left, right) = (next()?, next()?);
                let Some(ty) = unify(left.ty, right.ty) else {
                    return Err(SqlError::new(
                        *op_offset,
                        format!("cannot compare {} with {}", left.ty.a(), right.ty.a()),
                    ));
                };
                let node = Node::Cmp {
                    op: *op,
                    left: boxed(convert(left, ty, "comparison")?),
                    right: boxed(convert(right, ty, "comparison")?),
                };
                (node, Type::Bool)
            }
            AstKind::Is { test, negated, .. } => {
                let expr = next()?;
                let expr = match test {
                    IsTest::Null => expr.node,
                    _ => to_bool(expr, "IS TRUE / FALSE / UNKNOWN")?,
                };
                let node = Node::Is {
                    expr: boxed(expr),
                    test: *test,
                    negated: *negated,
                };
                (node, Type::Bool)
            }
            AstKind::In { negated, .. } => build_in(args.collect(), *negated)?,
            AstKind::Between { negated, .. } => {
                let mut parts: Vec<Bound> = args.collect();
                let ty = unify_all(&parts, "BETWEEN cannot compare")?;
                let high = parts.pop();
                let low = parts.pop();
                let (Some(expr), Some(low), Some(high)) = (parts.pop(), low, high) else {
                    return Err(SqlError::new(ast.offset, "internal error: missing operand"));
                };
                let node = Node::Between {
                    expr: boxed(convert(expr, ty, "BETWEEN")?),
                    low: boxed(convert(low, ty, "BETWEEN")?),
                    high: boxed(convert(high, ty, "BETWEEN")?),
                    negated: *negated,
                };
                (node, Type::Bool)
            }
            AstKind::Like {
                pattern,
                escape,
                negated,
                ignore_case,
                ..
            } => {
                let expr = to_text(next()?);
                let matcher = like_pattern(pattern, escape.as_deref(), *ignore_case)?;
                let node = Node::Like {
                    expr: boxed(expr),
                    matcher,
                    negated: *negated,
                };
                (node, Type::Bool)
            }
            AstKind::Call { name, args: asts } => build_call(name, asts, args.collect())?,
            AstKind::Cast { to, .. } => build_cast(next()?, *to, ast.offset)?,
        })
    }

    fn resolve(&self, name: &str, quoted: bool, offset: usize) -> Result<usize> {
        if let Some(i) = self.columns.iter().position(|c| c == name) {
            return Ok(i);
        }
        if !quoted {
            let folded = name.to_lowercase();
            let matches: Vec<usize> = (0..self.columns.len())
                .filter(|&i| self.columns[i].to_lowercase() == folded)
                .collect();
            match matches.as_slice() {
                [i] => return Ok(*i),
                [] => {}
                several => {
                    let names: Vec<String> = several
                        .iter()
                        .map(|&i| format!("\"{}\"", self.columns[i]))
                        .collect();
                    return Err(SqlError::new(
                        offset,
                        format!(
                            "column name {name} is ambiguous: ignoring case it matches {}; \
                             double-quote the exact name",
                            names.join(", ")
                        ),
                    ));
                }
            }
        }
        let shown = if quoted {
            format!("\"{name}\"")
        } else {
            format!("'{name}'")
        };
        if self.columns.is_empty() {
            return Err(SqlError::new(
                offset,
                format!("unknown column {shown}: the table has no columns"),
            ));
        }
        let folded = name.to_lowercase();
        let mut ranked: Vec<(usize, usize)> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (edit_distance(&folded, &c.to_lowercase()), i))
            .collect();
        ranked.sort_unstable();
        let closest: Vec<String> = ranked
            .iter()
            .take(3)
            .map(|&(_, i)| format!("\"{}\"", self.columns[i]))
            .collect();
        let hint = if quoted {
            " (double-quoted names match exactly, including case)"
        } else {
            ""
        };
        Err(SqlError::new(
            offset,
            format!(
                "unknown column {shown}{hint}; closest columns: {}",
                closest.join(", ")
            ),
        ))
    }
}

/// Checks on a node that need none of its children bound, done before binding them so that
/// errors about the node's own shape come first: comparisons with NULL, literal patterns,
/// known functions and their number of arguments.
fn precheck(ast: &Ast) -> Result<()> {
    match &ast.kind {
        AstKind::Cmp { left, right, .. } => {
            for side in [left, right] {
                if matches!(side.kind, AstKind::Null) {
                    return Err(SqlError::new(
                        side.offset,
                        "a comparison with NULL is never true: write IS NULL or IS NOT NULL",
                    ));
                }
            }
        }
        AstKind::Like {
            pattern,
            escape,
            ignore_case,
            ..
        } => {
            like_pattern(pattern, escape.as_deref(), *ignore_case)?;
        }
        AstKind::Call { name, args } => {
            let Some(&(_, min, max)) = FUNCTIONS.iter().find(|(f, ..)| f == name) else {
                return Err(SqlError::new(
                    ast.offset,
                    format!(
                        "unknown function {name}; the functions are regexp_like, length, \
                         char_length, lower, upper, trim, ltrim, rtrim, substr, coalesce, abs, \
                         cast and try_cast"
                    ),
                ));
            };
            if args.len() < min || args.len() > max {
                let expected = match (min, max) {
                    (1, 1) => "1 argument".to_string(),
                    (min, usize::MAX) => format!("at least {min} argument"),
                    (min, max) if min == max => format!("{min} arguments"),
                    (min, max) => format!("{min} or {max} arguments"),
                };
                let plural = if args.len() == 1 { "" } else { "s" };
                return Err(SqlError::new(
                    ast.offset,
                    format!(
                        "{name} takes {expected}, found {} argument{plural}",
                        args.len()
                    ),
                ));
            }
            if name == "regexp_like" {
                if let [_, pattern, rest @ ..] = args.as_slice() {
                    string_literal(pattern, REGEXP_PATTERN_LITERAL)?;
                    if let Some(flags) = rest.first() {
                        string_literal(flags, REGEXP_FLAGS_LITERAL)?;
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Implicit conversion: NULL to anything, a string to a number, boolean or date.
fn convert(arg: Bound, to: Type, context: &str) -> Result<Node> {
    let Bound {
        node,
        ty: from,
        offset,
    } = arg;
    if from == to {
        return Ok(node);
    }
    match (from, to) {
        (Type::Null, _) => Ok(Node::Const(Value::null(to))),
        (Type::Str, Type::Num | Type::Bool | Type::Date) => match node {
            Node::Column {
                index,
                ty: Type::Str,
            } => Ok(Node::Column { index, ty: to }),
            Node::Const(Value::Str(Operand::Lit(Some(text)))) => {
                let converted =
                    cast_value(Value::str_lit(&text), CastType::implicit(to), 1).into_scalar();
                if converted.is_null_scalar() {
                    return Err(SqlError::new(
                        offset,
                        format!("'{text}' cannot be read as {}", to.a()),
                    ));
                }
                Ok(Node::Const(converted))
            }
            other => Ok(fold(Node::Cast {
                expr: Box::new(other),
                to: CastType::implicit(to),
            })),
        },
        _ => Err(SqlError::new(
            offset,
            format!("{context} needs {}, found {}", to.a(), from.a()),
        )),
    }
}

/// A condition. Text does not silently become a boolean here: `NOT name` is far more likely a
/// mistake than a column of `yes`/`no`.
fn to_bool(arg: Bound, context: &str) -> Result<Node> {
    match arg.ty {
        Type::Bool => Ok(arg.node),
        Type::Null => Ok(Node::Const(Value::null(Type::Bool))),
        ty => Err(SqlError::new(arg.offset, not_a_condition(context, ty))),
    }
}

/// Text: anything converts to a string where a string is expected.
fn to_text(arg: Bound) -> Node {
    match arg.ty {
        Type::Str => arg.node,
        Type::Null => Node::Const(Value::null(Type::Str)),
        _ => fold(Node::Cast {
            expr: Box::new(arg.node),
            to: CastType::Text,
        }),
    }
}

/// The common type of several operands, or an error at the first that does not fit.
fn unify_all(parts: &[Bound], what: &str) -> Result<Type> {
    let mut ty = Type::Null;
    for part in parts {
        ty = unify(ty, part.ty).ok_or_else(|| {
            SqlError::new(
                part.offset,
                format!("{what} {} with {}", ty.a(), part.ty.a()),
            )
        })?;
    }
    Ok(ty)
}

/// The matcher of `LIKE pattern [ESCAPE e]` (both string literals).
fn like_pattern(pattern: &Ast, escape: Option<&Ast>, ignore_case: bool) -> Result<Matcher> {
    let keyword = if ignore_case { "ILIKE" } else { "LIKE" };
    let pattern_text = string_literal(
        pattern,
        &format!("the pattern of {keyword} must be a string literal"),
    )?;
    let escape_char = match escape {
        None => Some('\\'),
        Some(e) => {
            let text = string_literal(e, "ESCAPE must be a string literal")?;
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (None, _) => None,
                (Some(c), None) => Some(c),
                _ => return Err(SqlError::new(e.offset, "ESCAPE must be a single character")),
            }
        }
    };
    like_matcher(pattern_text, escape_char, ignore_case)
        .map_err(|message| SqlError::new(pattern.offset, message))
}

/// `x [NOT] IN (items)`: constant items go into a sorted set, the others are compared one by
/// one.
fn build_in(parts: Vec<Bound>, negated: bool) -> Result<(Node, Type)> {
    let mut ty = Type::Null;
    let x_ty = parts.first().map_or(Type::Null, |x| x.ty);
    for part in &parts {
        ty = unify(ty, part.ty).ok_or_else(|| {
            SqlError::new(
                part.offset,
                format!("IN cannot compare {} with {}", x_ty.a(), part.ty.a()),
            )
        })?;
    }
    if ty == Type::Null {
        ty = Type::Str;
    }
    let mut parts = parts.into_iter();
    let Some(x) = parts.next() else {
        return Err(SqlError::new(0, "internal error: missing operand"));
    };
    let x = convert(x, ty, "IN")?;
    let mut constants = Vec::new();
    let mut others = Vec::new();
    for part in parts {
        match convert(part, ty, "IN")? {
            Node::Const(value) => constants.push(value),
            other => others.push(other),
        }
    }
    let has_null = constants.iter().any(Value::is_null_scalar);
    let values = match ty {
        Type::Bool => {
            let mut v: Vec<bool> = constants
                .iter()
                .filter_map(|c| match c {
                    Value::Bool(Operand::Lit(b)) => *b,
                    _ => None,
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            SetValues::Bool(v)
        }
        Type::Num => {
            let mut v: Vec<f64> = constants
                .iter()
                .filter_map(|c| match c {
                    Value::Num(Operand::Lit(x)) => *x,
                    _ => None,
                })
                .collect();
            v.sort_unstable_by(f64::total_cmp);
            v.dedup();
            SetValues::Num(v)
        }
        Type::Date => {
            let mut v: Vec<i32> = constants
                .iter()
                .filter_map(|c| match c {
                    Value::Date(Operand::Lit(d)) => *d,
                    _ => None,
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            SetValues::Date(v)
        }
        Type::Str | Type::Null => {
            let mut v: Vec<String> = constants
                .into_iter()
                .filter_map(|c| match c {
                    Value::Str(Operand::Lit(s)) => s,
                    _ => None,
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            SetValues::Str(v)
        }
    };
    let node = Node::In {
        expr: Box::new(x),
        set: InSet { values, has_null },
        others,
        negated,
    };
    Ok((node, Type::Bool))
}

/// A function call, its name and argument count already checked by [`precheck`].
fn build_call(name: &str, asts: &[Ast], args: Vec<Bound>) -> Result<(Node, Type)> {
    let boxed = Box::new;
    let mut args = args.into_iter();
    let mut next = || {
        args.next()
            .ok_or_else(|| SqlError::new(0, "internal error: missing argument"))
    };
    Ok(match name {
        "regexp_like" => {
            let expr = to_text(next()?);
            let (pattern, flags) = match asts {
                [_, pattern, rest @ ..] => (pattern, rest.first()),
                _ => return Err(SqlError::new(0, "internal error: missing argument")),
            };
            let regex = regexp_like_regex(pattern, flags)?;
            (
                Node::Regex {
                    expr: boxed(expr),
                    regex,
                },
                Type::Bool,
            )
        }
        "length" | "char_length" | "character_length" => {
            (Node::Length(boxed(to_text(next()?))), Type::Num)
        }
        "lower" | "upper" | "trim" | "ltrim" | "rtrim" => {
            let f = match name {
                "lower" => StrFn::Lower,
                "upper" => StrFn::Upper,
                "trim" => StrFn::Trim,
                "ltrim" => StrFn::LTrim,
                _ => StrFn::RTrim,
            };
            let expr = boxed(to_text(next()?));
            (Node::StrFn { f, expr }, Type::Str)
        }
        "substr" | "substring" => {
            let expr = boxed(to_text(next()?));
            let start = boxed(convert(next()?, Type::Num, "the start of substr")?);
            let len = match next() {
                Ok(len) => Some(boxed(convert(len, Type::Num, "the length of substr")?)),
                Err(_) => None,
            };
            (Node::Substr { expr, start, len }, Type::Str)
        }
        "abs" => (
            Node::Abs(boxed(convert(next()?, Type::Num, "abs")?)),
            Type::Num,
        ),
        _ => {
            // coalesce
            let parts: Vec<Bound> = args.collect();
            let ty = unify_all(&parts, "coalesce cannot mix")?;
            if ty == Type::Null {
                return Ok((Node::Const(Value::null(Type::Str)), Type::Null));
            }
            let nodes = parts
                .into_iter()
                .map(|part| convert(part, ty, "coalesce"))
                .collect::<Result<Vec<_>>>()?;
            (Node::Coalesce(nodes), ty)
        }
    })
}

/// `cast(x AS to)` / `try_cast`.
fn build_cast(arg: Bound, to: CastType, offset: usize) -> Result<(Node, Type)> {
    let Bound { node, ty: from, .. } = arg;
    let target = to.result();
    let allowed = match from {
        Type::Null | Type::Str => true,
        Type::Num | Type::Bool => target != Type::Date,
        Type::Date => matches!(target, Type::Date | Type::Str),
    };
    if !allowed {
        return Err(SqlError::new(
            offset,
            format!("cannot cast {} to {}", from.a(), target.a()),
        ));
    }
    let rounds = matches!(to, CastType::Integer | CastType::BigInt);
    let node = match (from, node) {
        (Type::Null, _) => Node::Const(Value::null(target)),
        (_, node) if from == target && !rounds => node,
        // Reading a column as a double, boolean or date is what an implicit conversion does,
        // with the column's native fast paths.
        (Type::Str, Node::Column { index, .. }) if !rounds => Node::Column { index, ty: target },
        (_, node) => Node::Cast {
            expr: Box::new(node),
            to,
        },
    };
    Ok((node, target))
}

fn not_a_condition(context: &str, found: Type) -> String {
    format!(
        "{context} needs a condition (true or false), found {}; compare it (`x = 'value'`, \
         `x IS NOT NULL`) or use cast(x AS boolean)",
        found.a()
    )
}

/// The text of a string literal, or an error at the expression saying what was expected.
fn string_literal<'a>(ast: &'a Ast, message: &str) -> Result<&'a str> {
    match &ast.kind {
        AstKind::Str(s) => Ok(s),
        _ => Err(SqlError::new(ast.offset, message)),
    }
}

const REGEXP_PATTERN_LITERAL: &str = "the pattern of regexp_like must be a string literal";
const REGEXP_FLAGS_LITERAL: &str = "the flags of regexp_like must be a string literal";

/// Compiles the pattern and flags (string literals) of `regexp_like`.
fn regexp_like_regex(pattern: &Ast, flags: Option<&Ast>) -> Result<Regex> {
    let pattern_text = string_literal(pattern, REGEXP_PATTERN_LITERAL)?;
    let mut builder = RegexBuilder::new(pattern_text);
    if let Some(flags) = flags {
        let text = string_literal(flags, REGEXP_FLAGS_LITERAL)?;
        for c in text.chars() {
            match c {
                'i' => builder.case_insensitive(true),
                'c' => builder.case_insensitive(false),
                'm' => builder.multi_line(true),
                's' => builder.dot_matches_new_line(true),
                'x' => builder.ignore_whitespace(true),
                _ => {
                    return Err(SqlError::new(
                        flags.offset,
                        format!("unknown regexp_like flag '{c}'; the flags are i, c, m, s and x"),
                    ))
                }
            };
        }
    }
    builder
        .build()
        .map_err(|e| SqlError::new(pattern.offset, regex_message(&e)))
}

/// The one-line reason of a regex compile error.
fn regex_message(error: &regex::Error) -> String {
    match error {
        regex::Error::Syntax(text) => {
            let reason = text
                .lines()
                .find_map(|line| line.strip_prefix("error: "))
                .unwrap_or("syntax error");
            format!("invalid regular expression: {reason}")
        }
        regex::Error::CompiledTooBig(_) => {
            "invalid regular expression: it compiles to more than the size limit".to_string()
        }
        _ => "invalid regular expression".to_string(),
    }
}

/// Levenshtein distance over characters (the first 64 of each, to bound the work).
fn edit_distance(a: &str, b: &str) -> usize {
    let a = a.chars().take(64);
    let b: Vec<char> = b.chars().take(64).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Compiles a `LIKE` pattern: plain string tests for the common shapes, a regex otherwise.
fn like_matcher(pattern: &str, escape: Option<char>, ignore_case: bool) -> Result<Matcher, String> {
    enum Piece {
        Char(char),
        One,
        Many,
    }
    let mut pieces = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if Some(c) == escape {
            match chars.next() {
                Some(next) => pieces.push(Piece::Char(next)),
                None => {
                    return Err("a LIKE pattern cannot end with its escape character".to_string())
                }
            }
        } else if c == '%' {
            if !matches!(pieces.last(), Some(Piece::Many)) {
                pieces.push(Piece::Many);
            }
        } else if c == '_' {
            pieces.push(Piece::One);
        } else {
            pieces.push(Piece::Char(c));
        }
    }
    if !ignore_case && !pieces.iter().any(|p| matches!(p, Piece::One)) {
        // Literal runs between the `%`s.
        let mut runs = vec![String::new()];
        for piece in &pieces {
            match piece {
                Piece::Char(c) => {
                    if let Some(run) = runs.last_mut() {
                        run.push(*c);
                    }
                }
                _ => runs.push(String::new()),
            }
        }
        match runs.as_mut_slice() {
            [exact] => return Ok(Matcher::Exact(std::mem::take(exact))),
            [a, b] if a.is_empty() && b.is_empty() => return Ok(Matcher::Any),
            [a, b] if b.is_empty() => return Ok(Matcher::Prefix(std::mem::take(a))),
            [a, b] if a.is_empty() => return Ok(Matcher::Suffix(std::mem::take(b))),
            [a, b, c] if a.is_empty() && c.is_empty() => {
                return Ok(if b.is_empty() {
                    Matcher::Any
                } else {
                    Matcher::Contains(std::mem::take(b))
                });
            }
            _ => {}
        }
    }
    let mut re = String::from(if ignore_case { "(?is)^" } else { "(?s)^" });
    let mut buf = [0u8; 4];
    for piece in &pieces {
        match piece {
            Piece::Char(c) => re.push_str(&regex::escape(c.encode_utf8(&mut buf))),
            Piece::One => re.push('.'),
            Piece::Many => re.push_str(".*"),
        }
    }
    re.push('$');
    RegexBuilder::new(&re)
        .build()
        .map(Matcher::Regex)
        .map_err(|e| format!("the LIKE pattern is too complex: {}", regex_message(&e)))
}

// ---------------------------------------------------------------------------------------------
// Values: a column or a constant of each type
// ---------------------------------------------------------------------------------------------

/// A whole column, or one value standing for every row.
#[derive(Debug, Clone)]
enum Operand<A, S> {
    Col(A),
    Lit(Option<S>),
}

/// Text columns stay in the representation they arrive in (no copies).
#[derive(Debug, Clone)]
enum StrCol {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
}

impl StrCol {
    fn nulls(&self) -> Option<&NullBuffer> {
        match self {
            StrCol::Utf8(a) => a.nulls(),
            StrCol::Large(a) => a.nulls(),
            StrCol::View(a) => a.nulls(),
        }
    }

    fn first(&self) -> Option<String> {
        let get = |valid: bool, value: &str| valid.then(|| value.to_string());
        match self {
            StrCol::Utf8(a) => (!a.is_empty()).then(|| get(a.is_valid(0), a.value(0)))?,
            StrCol::Large(a) => (!a.is_empty()).then(|| get(a.is_valid(0), a.value(0)))?,
            StrCol::View(a) => (!a.is_empty()).then(|| get(a.is_valid(0), a.value(0)))?,
        }
    }
}

#[derive(Debug, Clone)]
enum Value {
    Bool(Operand<BooleanArray, bool>),
    Num(Operand<Float64Array, f64>),
    Str(Operand<StrCol, String>),
    Date(Operand<Date32Array, i32>),
}

impl Value {
    fn null(ty: Type) -> Value {
        match ty {
            Type::Bool => Value::Bool(Operand::Lit(None)),
            Type::Num => Value::Num(Operand::Lit(None)),
            Type::Date => Value::Date(Operand::Lit(None)),
            Type::Str | Type::Null => Value::Str(Operand::Lit(None)),
        }
    }

    fn str_lit(s: &str) -> Value {
        Value::Str(Operand::Lit(Some(s.to_string())))
    }

    fn is_null_scalar(&self) -> bool {
        matches!(
            self,
            Value::Bool(Operand::Lit(None))
                | Value::Num(Operand::Lit(None))
                | Value::Str(Operand::Lit(None))
                | Value::Date(Operand::Lit(None))
        )
    }

    /// The first row as a constant (for folding, which evaluates one row).
    fn into_scalar(self) -> Value {
        fn first<P: ArrowPrimitiveType>(a: &PrimitiveArray<P>) -> Option<P::Native> {
            (!a.is_empty() && a.is_valid(0)).then(|| a.value(0))
        }
        match self {
            Value::Bool(Operand::Col(a)) => Value::Bool(Operand::Lit(
                (!a.is_empty() && a.is_valid(0)).then(|| a.value(0)),
            )),
            Value::Num(Operand::Col(a)) => Value::Num(Operand::Lit(first(&a))),
            Value::Date(Operand::Col(a)) => Value::Date(Operand::Lit(first(&a))),
            Value::Str(Operand::Col(a)) => Value::Str(Operand::Lit(a.first())),
            scalar => scalar,
        }
    }

    /// Where the value is NULL: `None` if nowhere.
    fn nulls(&self, n: usize) -> Option<NullBuffer> {
        fn of<A: Array, S>(o: &Operand<A, S>, n: usize) -> Option<NullBuffer> {
            match o {
                Operand::Col(a) => a.nulls().cloned(),
                Operand::Lit(Some(_)) => None,
                Operand::Lit(None) => Some(NullBuffer::new_null(n)),
            }
        }
        match self {
            Value::Bool(o) => of(o, n),
            Value::Num(o) => of(o, n),
            Value::Date(o) => of(o, n),
            Value::Str(Operand::Col(a)) => a.nulls().cloned(),
            Value::Str(Operand::Lit(Some(_))) => None,
            Value::Str(Operand::Lit(None)) => Some(NullBuffer::new_null(n)),
        }
    }
}

/// Row access shared by arrays and broadcast constants, so that each kernel is written once.
trait Get<'a, T> {
    fn at(&'a self, i: usize) -> T;
    fn null_mask(&self) -> Option<&NullBuffer>;
}

impl<'a, P: ArrowPrimitiveType> Get<'a, P::Native> for PrimitiveArray<P> {
    #[inline]
    fn at(&'a self, i: usize) -> P::Native {
        self.values()[i]
    }
    fn null_mask(&self) -> Option<&NullBuffer> {
        Array::nulls(self)
    }
}

impl Get<'_, bool> for BooleanArray {
    #[inline]
    fn at(&self, i: usize) -> bool {
        self.value(i)
    }
    fn null_mask(&self) -> Option<&NullBuffer> {
        Array::nulls(self)
    }
}

impl<'a> Get<'a, &'a str> for StringArray {
    #[inline]
    fn at(&'a self, i: usize) -> &'a str {
        self.value(i)
    }
    fn null_mask(&self) -> Option<&NullBuffer> {
        Array::nulls(self)
    }
}

impl<'a> Get<'a, &'a str> for LargeStringArray {
    #[inline]
    fn at(&'a self, i: usize) -> &'a str {
        self.value(i)
    }
    fn null_mask(&self) -> Option<&NullBuffer> {
        Array::nulls(self)
    }
}

impl<'a> Get<'a, &'a str> for StringViewArray {
    #[inline]
    fn at(&'a self, i: usize) -> &'a str {
        self.value(i)
    }
    fn null_mask(&self) -> Option<&NullBuffer> {
        Array::nulls(self)
    }
}

/// A constant broadcast to `n` rows.
struct Const<T> {
    value: T,
    nulls: Option<NullBuffer>,
}

impl<T: Default> Const<T> {
    fn new(value: Option<T>, n: usize) -> Self {
        match value {
            Some(value) => Const { value, nulls: None },
            None => Const {
                value: T::default(),
                nulls: Some(NullBuffer::new_null(n)),
            },
        }
    }
}

impl<T: Copy> Get<'_, T> for Const<T> {
    #[inline]
    fn at(&self, _: usize) -> T {
        self.value
    }
    fn null_mask(&self) -> Option<&NullBuffer> {
        self.nulls.as_ref()
    }
}

/// A string constant broadcast to `n` rows.
struct ConstStr<'s> {
    value: &'s str,
    nulls: Option<NullBuffer>,
}

impl<'s> ConstStr<'s> {
    fn new(value: Option<&'s str>, n: usize) -> Self {
        ConstStr {
            value: value.unwrap_or(""),
            nulls: value.is_none().then(|| NullBuffer::new_null(n)),
        }
    }
}

impl<'a, 's: 'a> Get<'a, &'a str> for ConstStr<'s> {
    #[inline]
    fn at(&'a self, _: usize) -> &'a str {
        self.value
    }
    fn null_mask(&self) -> Option<&NullBuffer> {
        self.nulls.as_ref()
    }
}

/// Runs `$body` with `$s` bound to something implementing [`Get`] for a primitive operand.
macro_rules! with_prim {
    ($operand:expr, $n:expr, |$s:ident| $body:expr) => {
        match $operand {
            Operand::Col(array) => {
                let $s = array;
                $body
            }
            Operand::Lit(value) => {
                let konst = Const::new(*value, $n);
                let $s = &konst;
                $body
            }
        }
    };
}

/// Runs `$body` with `$s` bound to something implementing `Get<&str>` for a string operand.
macro_rules! with_str {
    ($operand:expr, $n:expr, |$s:ident| $body:expr) => {
        match $operand {
            Operand::Col(StrCol::Utf8(array)) => {
                let $s = array;
                $body
            }
            Operand::Col(StrCol::Large(array)) => {
                let $s = array;
                $body
            }
            Operand::Col(StrCol::View(array)) => {
                let $s = array;
                $body
            }
            Operand::Lit(value) => {
                let konst = ConstStr::new(value.as_deref(), $n);
                let $s = &konst;
                $body
            }
        }
    };
}

// ---------------------------------------------------------------------------------------------
// Conversions of single values
// ---------------------------------------------------------------------------------------------

/// A decimal number, surrounding whitespace ignored; not `inf`, `nan` or out of range.
fn parse_num(s: &str) -> Option<f64> {
    let t = s.trim();
    let bytes = t.as_bytes();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if !digits.is_empty() && digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) {
        let v = digits
            .iter()
            .fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0')) as f64;
        return Some(if negative { -v } else { v });
    }
    let plausible = bytes
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    if !plausible {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Integer text (no fraction) within `[min, max]`.
fn parse_int(s: &str, min: i64, max: i64) -> Option<f64> {
    let v: i64 = s.trim().parse().ok()?;
    (min..=max).contains(&v).then_some(v as f64)
}

fn round_int(v: f64, min: i64, max: i64) -> Option<f64> {
    let r = v.round();
    (r >= min as f64 && r <= max as f64).then_some(r)
}

fn parse_bool(s: &str) -> Option<bool> {
    let t = s.trim();
    const TRUE: &[&str] = &["true", "t", "yes", "y", "on", "1"];
    const FALSE: &[&str] = &["false", "f", "no", "n", "off", "0"];
    if TRUE.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE.iter().any(|w| w.eq_ignore_ascii_case(t)) {
        Some(false)
    } else {
        None
    }
}

/// `YYYY-MM-DD`, optionally followed by `T` or a space and anything (a time): days since
/// 1970-01-01.
fn parse_date(s: &str) -> Option<i32> {
    use chrono::{Datelike, NaiveDate};
    let b = s.trim().as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if b.len() > 10 && !matches!(b[10], b'T' | b' ') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| {
        b[range].iter().try_fold(0u32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some(date.num_days_from_ce() - UNIX_EPOCH_DAYS_FROM_CE)
}

fn format_date(days: i32, out: &mut String) -> bool {
    use chrono::{Datelike, NaiveDate};
    let Some(date) = days
        .checked_add(UNIX_EPOCH_DAYS_FROM_CE)
        .and_then(NaiveDate::from_num_days_from_ce_opt)
    else {
        return false;
    };
    let _ = write!(
        out,
        "{:04}-{:02}-{:02}",
        date.year(),
        date.month(),
        date.day()
    );
    true
}

/// Shortest text that reads back as the same number: `3`, `3.5`, `0.1`.
fn format_num(v: f64, out: &mut String) {
    if v == 0.0 {
        out.push('0'); // also for -0
    } else {
        let _ = write!(out, "{v}");
    }
}

/// Characters `start ..` (1-based) of `s`, `len` of them if given, as PostgreSQL's `substr`:
/// positions before 1 count but select nothing. `None` for a negative length.
fn substr(s: &str, start: f64, len: Option<f64>) -> Option<&str> {
    let start = start.round() as i64; // saturating
    let end = match len {
        Some(len) => {
            let len = len.round() as i64;
            if len < 0 {
                return None;
            }
            start.saturating_add(len)
        }
        None => i64::MAX,
    };
    let from = start.max(1);
    if end <= from {
        return Some("");
    }
    let skip = usize::try_from(from - 1).unwrap_or(usize::MAX);
    let take = usize::try_from(end - from).unwrap_or(usize::MAX);
    if s.is_ascii() {
        let a = skip.min(s.len());
        let b = a.saturating_add(take).min(s.len());
        return Some(&s[a..b]);
    }
    let Some((a, _)) = s.char_indices().nth(skip) else {
        return Some("");
    };
    let b = s[a..]
        .char_indices()
        .nth(take)
        .map_or(s.len(), |(j, _)| a + j);
    Some(&s[a..b])
}

// ---------------------------------------------------------------------------------------------
// Kernels: whole-column loops
// ---------------------------------------------------------------------------------------------

#[inline]
fn valid(nulls: Option<&NullBuffer>, i: usize) -> bool {
    nulls.is_none_or(|b| b.is_valid(i))
}

/// A null buffer, or none if nothing is null.
fn nulls_from(validity: BooleanBuffer) -> Option<NullBuffer> {
    let nulls = NullBuffer::new(validity);
    (nulls.null_count() > 0).then_some(nulls)
}

fn build_prim<P: ArrowPrimitiveType>(
    n: usize,
    mut f: impl FnMut(usize) -> Option<P::Native>,
) -> PrimitiveArray<P> {
    let mut values = Vec::with_capacity(n);
    let mut validity = BooleanBufferBuilder::new(n);
    for i in 0..n {
        match f(i) {
            Some(v) => {
                values.push(v);
                validity.append(true);
            }
            None => {
                values.push(P::Native::default());
                validity.append(false);
            }
        }
    }
    PrimitiveArray::new(values.into(), nulls_from(validity.finish()))
}

fn build_bool(n: usize, mut f: impl FnMut(usize) -> Option<bool>) -> BooleanArray {
    let mut values = BooleanBufferBuilder::new(n);
    let mut validity = BooleanBufferBuilder::new(n);
    for i in 0..n {
        let v = f(i);
        values.append(v == Some(true));
        validity.append(v.is_some());
    }
    BooleanArray::new(values.finish(), nulls_from(validity.finish()))
}

/// Builds a string column; `f` writes row `i` into the (cleared) buffer and says whether the
/// row is valid.
fn build_str(n: usize, mut f: impl FnMut(usize, &mut String) -> bool) -> StrCol {
    let mut builder = LargeStringBuilder::with_capacity(n, n.saturating_mul(8).min(1 << 24));
    let mut scratch = String::new();
    for i in 0..n {
        scratch.clear();
        if f(i, &mut scratch) {
            builder.append_value(&scratch);
        } else {
            builder.append_null();
        }
    }
    StrCol::Large(builder.finish())
}

/// Numbers that are not finite become NULL.
fn finish_num(mut values: Vec<f64>, nulls: Option<NullBuffer>) -> Float64Array {
    let mut nulls = nulls;
    if values.iter().any(|v| !v.is_finite()) {
        let finite = BooleanBuffer::collect_bool(values.len(), |i| values[i].is_finite());
        nulls = NullBuffer::union(nulls.as_ref(), Some(&NullBuffer::new(finite)));
        for v in values.iter_mut().filter(|v| !v.is_finite()) {
            *v = 0.0;
        }
    }
    Float64Array::new(values.into(), nulls)
}

fn compare<'a, T, A, B>(a: &'a A, b: &'a B, n: usize, op: CmpOp) -> BooleanArray
where
    T: PartialOrd,
    A: Get<'a, T>,
    B: Get<'a, T>,
{
    let table = op.table();
    let values = BooleanBuffer::collect_bool(n, |i| match a.at(i).partial_cmp(&b.at(i)) {
        Some(Ordering::Less) => table[0],
        Some(Ordering::Equal) => table[1],
        Some(Ordering::Greater) => table[2],
        None => false,
    });
    BooleanArray::new(values, NullBuffer::union(a.null_mask(), b.null_mask()))
}

/// Compares two values of the same type.
fn compare_values(a: &Value, b: &Value, n: usize, op: CmpOp) -> BooleanArray {
    match (a, b) {
        (Value::Num(a), Value::Num(b)) => {
            with_prim!(a, n, |x| with_prim!(b, n, |y| compare(x, y, n, op)))
        }
        (Value::Date(a), Value::Date(b)) => {
            with_prim!(a, n, |x| with_prim!(b, n, |y| compare(x, y, n, op)))
        }
        (Value::Bool(a), Value::Bool(b)) => {
            with_prim!(a, n, |x| with_prim!(b, n, |y| compare(x, y, n, op)))
        }
        (Value::Str(a), Value::Str(b)) => {
            with_str!(a, n, |x| with_str!(b, n, |y| compare(x, y, n, op)))
        }
        _ => mismatch(n),
    }
}

/// Operands of different types after binding: a bug, not an input problem.
fn mismatch(n: usize) -> BooleanArray {
    debug_assert!(false, "operands of different types reached the evaluator");
    BooleanArray::new_null(n)
}

/// A boolean column of `n` rows from a boolean value.
fn bool_array(value: Value, n: usize) -> BooleanArray {
    match value {
        Value::Bool(Operand::Col(a)) if a.len() == n => a,
        Value::Bool(Operand::Lit(Some(true))) => BooleanArray::new(BooleanBuffer::new_set(n), None),
        Value::Bool(Operand::Lit(Some(false))) => {
            BooleanArray::new(BooleanBuffer::new_unset(n), None)
        }
        Value::Bool(_) => BooleanArray::new_null(n),
        _ => mismatch(n),
    }
}

/// `f` over the valid rows of a string column, as a boolean column.
fn str_predicate<'a, S: Get<'a, &'a str>>(
    s: &'a S,
    n: usize,
    f: impl Fn(&str) -> bool,
) -> BooleanArray {
    let nulls = s.null_mask();
    let values = BooleanBuffer::collect_bool(n, |i| valid(nulls, i) && f(s.at(i)));
    BooleanArray::new(values, nulls.cloned())
}

fn str_map<'a, S: Get<'a, &'a str>>(
    s: &'a S,
    n: usize,
    f: impl Fn(&str, &mut String) -> bool,
) -> StrCol {
    let nulls = s.null_mask();
    build_str(n, |i, out| valid(nulls, i) && f(s.at(i), out))
}

/// Reads a string operand as another primitive type.
fn str_to_prim<P: ArrowPrimitiveType>(
    s: &Operand<StrCol, String>,
    n: usize,
    f: impl Fn(&str) -> Option<P::Native>,
) -> Operand<PrimitiveArray<P>, P::Native> {
    match s {
        Operand::Lit(v) => Operand::Lit(v.as_deref().and_then(&f)),
        _ => with_str!(s, n, |x| {
            let nulls = x.null_mask();
            Operand::Col(build_prim::<P>(n, |i| {
                if valid(nulls, i) {
                    f(x.at(i))
                } else {
                    None
                }
            }))
        }),
    }
}

fn str_to_bool(s: &Operand<StrCol, String>, n: usize) -> Operand<BooleanArray, bool> {
    match s {
        Operand::Lit(v) => Operand::Lit(v.as_deref().and_then(parse_bool)),
        _ => with_str!(s, n, |x| {
            let nulls = x.null_mask();
            Operand::Col(build_bool(n, |i| {
                if valid(nulls, i) {
                    parse_bool(x.at(i))
                } else {
                    None
                }
            }))
        }),
    }
}

fn num_map(
    x: &Operand<Float64Array, f64>,
    n: usize,
    f: impl Fn(f64) -> Option<f64>,
) -> Operand<Float64Array, f64> {
    match x {
        Operand::Lit(v) => Operand::Lit(v.and_then(&f)),
        Operand::Col(a) => {
            let nulls = a.nulls();
            Operand::Col(build_prim::<Float64Type>(n, |i| {
                if valid(nulls, i) {
                    f(a.values()[i])
                } else {
                    None
                }
            }))
        }
    }
}

/// Writes each valid value of a non-string operand as text.
fn format_each<'a, T, G: Get<'a, T>>(
    x: &'a G,
    n: usize,
    f: impl Fn(T, &mut String) -> bool,
) -> StrCol {
    let nulls = x.null_mask();
    build_str(n, |i, out| valid(nulls, i) && f(x.at(i), out))
}

/// Applies a cast to a value (the binder guarantees the pair is allowed).
fn cast_value(value: Value, to: CastType, n: usize) -> Value {
    const I32: (i64, i64) = (i32::MIN as i64, i32::MAX as i64);
    const I64: (i64, i64) = (i64::MIN, i64::MAX);
    let range = if to == CastType::Integer { I32 } else { I64 };
    match (value, to) {
        (Value::Str(s), CastType::Text) => Value::Str(s),
        (Value::Str(s), CastType::Double) => {
            Value::Num(str_to_prim::<Float64Type>(&s, n, parse_num))
        }
        (Value::Str(s), CastType::Integer | CastType::BigInt) => {
            Value::Num(str_to_prim::<Float64Type>(&s, n, |t| {
                parse_int(t, range.0, range.1)
            }))
        }
        (Value::Str(s), CastType::Boolean) => Value::Bool(str_to_bool(&s, n)),
        (Value::Str(s), CastType::Date) => {
            Value::Date(str_to_prim::<Date32Type>(&s, n, parse_date))
        }
        (Value::Num(x), CastType::Double) => Value::Num(x),
        (Value::Num(x), CastType::Integer | CastType::BigInt) => {
            Value::Num(num_map(&x, n, |v| round_int(v, range.0, range.1)))
        }
        (Value::Num(x), CastType::Text) => Value::Str(match &x {
            Operand::Lit(v) => Operand::Lit(v.map(|v| {
                let mut s = String::new();
                format_num(v, &mut s);
                s
            })),
            Operand::Col(a) => Operand::Col(format_each(a, n, |v: f64, out| {
                format_num(v, out);
                true
            })),
        }),
        (Value::Num(x), CastType::Boolean) => Value::Bool(match &x {
            Operand::Lit(v) => Operand::Lit(v.map(|v| v != 0.0)),
            Operand::Col(a) => {
                let values = BooleanBuffer::collect_bool(n, |i| a.values()[i] != 0.0);
                Operand::Col(BooleanArray::new(values, a.nulls().cloned()))
            }
        }),
        (Value::Bool(b), CastType::Boolean) => Value::Bool(b),
        (Value::Bool(b), CastType::Integer | CastType::BigInt | CastType::Double) => {
            Value::Num(match &b {
                Operand::Lit(v) => Operand::Lit(v.map(f64::from)),
                Operand::Col(a) => Operand::Col(build_prim::<Float64Type>(n, |i| {
                    a.is_valid(i).then(|| f64::from(a.value(i)))
                })),
            })
        }
        (Value::Bool(b), CastType::Text) => Value::Str(match &b {
            Operand::Lit(v) => Operand::Lit(v.map(|v| v.to_string())),
            Operand::Col(a) => Operand::Col(format_each(a, n, |v: bool, out| {
                out.push_str(if v { "true" } else { "false" });
                true
            })),
        }),
        (Value::Date(d), CastType::Date) => Value::Date(d),
        (Value::Date(d), CastType::Text) => Value::Str(match &d {
            Operand::Lit(v) => Operand::Lit(v.and_then(|v| {
                let mut s = String::new();
                format_date(v, &mut s).then_some(s)
            })),
            Operand::Col(a) => Operand::Col(format_each(a, n, format_date)),
        }),
        (_, to) => {
            debug_assert!(false, "cast to {to:?} of a type the binder refuses");
            Value::null(to.result())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Columns: reading Arrow arrays as typed values
// ---------------------------------------------------------------------------------------------

/// A column as text: text arrays as they are, anything else cast by Arrow.
fn str_column(array: &ArrayRef) -> Operand<StrCol, String> {
    let any = array.as_any();
    let col = match array.data_type() {
        DataType::Utf8 => any.downcast_ref::<StringArray>().cloned().map(StrCol::Utf8),
        DataType::LargeUtf8 => any
            .downcast_ref::<LargeStringArray>()
            .cloned()
            .map(StrCol::Large),
        DataType::Utf8View => any
            .downcast_ref::<StringViewArray>()
            .cloned()
            .map(StrCol::View),
        DataType::Null => None,
        _ => arrow::compute::cast(array, &DataType::Utf8)
            .ok()
            .and_then(|a| a.as_any().downcast_ref::<StringArray>().cloned())
            .map(StrCol::Utf8),
    };
    col.map_or(Operand::Lit(None), Operand::Col)
}

/// A column read as `ty`: native arrays of that type directly, others through their text.
fn column_value(array: &ArrayRef, ty: Type, n: usize) -> Value {
    let any = array.as_any();
    match (ty, array.data_type()) {
        (Type::Num, dt) if dt.is_numeric() => {
            let Some(floats) = arrow::compute::cast(array, &DataType::Float64)
                .ok()
                .and_then(|a| a.as_any().downcast_ref::<Float64Array>().cloned())
            else {
                return Value::null(ty);
            };
            let values = floats.values().to_vec();
            Value::Num(Operand::Col(finish_num(values, floats.nulls().cloned())))
        }
        (Type::Bool, DataType::Boolean) => any
            .downcast_ref::<BooleanArray>()
            .cloned()
            .map_or(Value::null(ty), |a| Value::Bool(Operand::Col(a))),
        (Type::Date, DataType::Date32) => any
            .downcast_ref::<Date32Array>()
            .cloned()
            .map_or(Value::null(ty), |a| Value::Date(Operand::Col(a))),
        (Type::Str | Type::Null, _) => Value::Str(str_column(array)),
        (_, _) => cast_value(Value::Str(str_column(array)), CastType::implicit(ty), n),
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluator
// ---------------------------------------------------------------------------------------------

struct Ctx<'c> {
    columns: &'c [ArrayRef],
    n: usize,
    /// Columns already read as a type in this batch (a rule often reads one column twice).
    cache: Vec<((usize, Type), Value)>,
}

impl Ctx<'_> {
    fn column(&mut self, index: usize, ty: Type) -> Value {
        if let Some((_, v)) = self.cache.iter().find(|(key, _)| *key == (index, ty)) {
            return v.clone();
        }
        let value = match self.columns.get(index) {
            Some(array) if array.len() == self.n => column_value(array, ty, self.n),
            _ => Value::null(ty),
        };
        self.cache.push(((index, ty), value.clone()));
        value
    }
}

/// Evaluates a node over the batch. This function recurses, so it stays small: children are
/// evaluated here and each node's work happens in a separate (non-inlined) kernel, which keeps
/// the stack frame per nesting level small even in debug builds.
fn eval(node: &Node, ctx: &mut Ctx<'_>) -> Value {
    let n = ctx.n;
    match node {
        Node::Const(v) => v.clone(),
        Node::Column { index, ty } => ctx.column(*index, *ty),
        Node::Not(e) => negate(eval(e, ctx), n),
        Node::And(items) => junction(items, true, ctx),
        Node::Or(items) => junction(items, false, ctx),
        Node::Is {
            expr,
            test,
            negated,
        } => is_test(eval(expr, ctx), *test, *negated, n),
        Node::Cmp { op, left, right } => {
            let l = eval(left, ctx);
            let r = eval(right, ctx);
            Value::Bool(Operand::Col(compare_values(&l, &r, n, *op)))
        }
        Node::Between {
            expr,
            low,
            high,
            negated,
        } => {
            let x = eval(expr, ctx);
            let lo = eval(low, ctx);
            let hi = eval(high, ctx);
            between(&x, &lo, &hi, *negated, n)
        }
        Node::In {
            expr,
            set,
            others,
            negated,
        } => {
            let x = eval(expr, ctx);
            let others: Vec<Value> = others.iter().map(|o| eval(o, ctx)).collect();
            in_list(&x, set, &others, *negated, n)
        }
        Node::Like {
            expr,
            matcher,
            negated,
        } => like(eval(expr, ctx), matcher, *negated, n),
        Node::Regex { expr, regex } => regex_like(eval(expr, ctx), regex, n),
        Node::Arith { op, left, right } => {
            let l = eval(left, ctx);
            let r = eval(right, ctx);
            arith(l, r, *op, n)
        }
        Node::Neg(e) => num_unary(eval(e, ctx), n, |v| -v),
        Node::Abs(e) => num_unary(eval(e, ctx), n, f64::abs),
        Node::Concat(left, right) => {
            let l = eval(left, ctx);
            let r = eval(right, ctx);
            concat(l, r, n)
        }
        Node::Length(e) => length(eval(e, ctx), n),
        Node::StrFn { f, expr } => str_fn(eval(expr, ctx), *f, n),
        Node::Substr { expr, start, len } => {
            let s = eval(expr, ctx);
            let start = eval(start, ctx);
            let len = len.as_ref().map(|len| eval(len, ctx));
            substring(s, start, len, n)
        }
        Node::Coalesce(items) => {
            let values: Vec<Value> = items.iter().map(|item| eval(item, ctx)).collect();
            coalesce(values, n)
        }
        Node::Cast { expr, to } => cast_value(eval(expr, ctx), *to, n),
    }
}

#[inline(never)]
fn negate(v: Value, n: usize) -> Value {
    let a = bool_array(v, n);
    Value::Bool(Operand::Col(
        not(&a).unwrap_or_else(|_| BooleanArray::new_null(n)),
    ))
}

/// N-ary AND (`is_and`) or OR, stopping once the answer cannot change: all FALSE for AND,
/// all TRUE for OR.
#[inline(never)]
fn junction(items: &[Node], is_and: bool, ctx: &mut Ctx<'_>) -> Value {
    let n = ctx.n;
    let mut acc: Option<BooleanArray> = None;
    for item in items {
        let b = bool_array(eval(item, ctx), n);
        let next = match acc {
            None => Ok(b),
            Some(a) if is_and => and_kleene(&a, &b),
            Some(a) => or_kleene(&a, &b),
        }
        .unwrap_or_else(|_| BooleanArray::new_null(n));
        let settled = next.null_count() == 0 && next.true_count() == if is_and { 0 } else { n };
        acc = Some(next);
        if settled {
            break;
        }
    }
    Value::Bool(Operand::Col(
        acc.unwrap_or_else(|| BooleanArray::new_null(n)),
    ))
}

#[inline(never)]
fn is_test(v: Value, test: IsTest, negated: bool, n: usize) -> Value {
    let values = match test {
        IsTest::Null | IsTest::Unknown => {
            let nulls = v.nulls(n);
            BooleanBuffer::collect_bool(n, |i| !valid(nulls.as_ref(), i))
        }
        IsTest::True | IsTest::False => {
            let want = test == IsTest::True;
            let a = bool_array(v, n);
            let nulls = a.nulls();
            BooleanBuffer::collect_bool(n, |i| valid(nulls, i) && a.value(i) == want)
        }
    };
    let values = if negated { !&values } else { values };
    Value::Bool(Operand::Col(BooleanArray::new(values, None)))
}

#[inline(never)]
fn between(x: &Value, lo: &Value, hi: &Value, negated: bool, n: usize) -> Value {
    let ge = compare_values(x, lo, n, CmpOp::GtEq);
    let le = compare_values(x, hi, n, CmpOp::LtEq);
    let mut result = and_kleene(&ge, &le).unwrap_or_else(|_| BooleanArray::new_null(n));
    if negated {
        result = not(&result).unwrap_or_else(|_| BooleanArray::new_null(n));
    }
    Value::Bool(Operand::Col(result))
}

#[inline(never)]
fn in_list(x: &Value, set: &InSet, others: &[Value], negated: bool, n: usize) -> Value {
    let mut result = in_set(x, set, n);
    for other in others {
        let eq = compare_values(x, other, n, CmpOp::Eq);
        result = or_kleene(&result, &eq).unwrap_or_else(|_| BooleanArray::new_null(n));
    }
    if negated {
        result = not(&result).unwrap_or_else(|_| BooleanArray::new_null(n));
    }
    Value::Bool(Operand::Col(result))
}

#[inline(never)]
fn like(v: Value, matcher: &Matcher, negated: bool, n: usize) -> Value {
    let Value::Str(s) = v else {
        return Value::Bool(Operand::Col(mismatch(n)));
    };
    Value::Bool(Operand::Col(with_str!(&s, n, |x| str_predicate(
        x,
        n,
        |v| matcher.matches(v) != negated
    ))))
}

#[inline(never)]
fn regex_like(v: Value, regex: &Regex, n: usize) -> Value {
    let Value::Str(s) = v else {
        return Value::Bool(Operand::Col(mismatch(n)));
    };
    Value::Bool(Operand::Col(with_str!(&s, n, |x| str_predicate(
        x,
        n,
        |v| regex.is_match(v)
    ))))
}

#[inline(never)]
fn arith(l: Value, r: Value, op: ArithOp, n: usize) -> Value {
    let (Value::Num(a), Value::Num(b)) = (l, r) else {
        return Value::Num(Operand::Col(Float64Array::new_null(n)));
    };
    Value::Num(Operand::Col(with_prim!(&a, n, |x| with_prim!(
        &b,
        n,
        |y| {
            let values: Vec<f64> = (0..n)
                .map(|i| {
                    let (p, q): (f64, f64) = (x.at(i), y.at(i));
                    match op {
                        ArithOp::Add => p + q,
                        ArithOp::Sub => p - q,
                        ArithOp::Mul => p * q,
                        ArithOp::Div => p / q,
                    }
                })
                .collect();
            finish_num(values, NullBuffer::union(x.null_mask(), y.null_mask()))
        }
    ))))
}

#[inline(never)]
fn num_unary(v: Value, n: usize, f: impl Fn(f64) -> f64) -> Value {
    match v {
        Value::Num(x) => Value::Num(num_map(&x, n, |v| Some(f(v)))),
        _ => Value::Num(Operand::Lit(None)),
    }
}

#[inline(never)]
fn concat(l: Value, r: Value, n: usize) -> Value {
    let (Value::Str(a), Value::Str(b)) = (l, r) else {
        return Value::null(Type::Str);
    };
    Value::Str(Operand::Col(with_str!(&a, n, |x| with_str!(&b, n, |y| {
        let nulls = NullBuffer::union(x.null_mask(), y.null_mask());
        build_str(n, |i, out| {
            if !valid(nulls.as_ref(), i) {
                return false;
            }
            out.push_str(x.at(i));
            out.push_str(y.at(i));
            true
        })
    }))))
}

#[inline(never)]
fn length(v: Value, n: usize) -> Value {
    match v {
        Value::Str(s) => Value::Num(str_to_prim::<Float64Type>(&s, n, |v| {
            Some(v.chars().count() as f64)
        })),
        _ => Value::Num(Operand::Lit(None)),
    }
}

#[inline(never)]
fn str_fn(v: Value, f: StrFn, n: usize) -> Value {
    let Value::Str(s) = v else {
        return Value::null(Type::Str);
    };
    Value::Str(Operand::Col(with_str!(&s, n, |x| str_map(
        x,
        n,
        |v, out| {
            match f {
                StrFn::Lower => out.push_str(&v.to_lowercase()),
                StrFn::Upper => out.push_str(&v.to_uppercase()),
                StrFn::Trim => out.push_str(v.trim()),
                StrFn::LTrim => out.push_str(v.trim_start()),
                StrFn::RTrim => out.push_str(v.trim_end()),
            }
            true
        }
    ))))
}

#[inline(never)]
fn substring(s: Value, start: Value, len: Option<Value>, n: usize) -> Value {
    // Without a length, read to the end: NaN marks the length as absent (numbers computed by
    // rules are never NaN, which reads as NULL).
    let len = len.unwrap_or(Value::Num(Operand::Lit(Some(f64::NAN))));
    let (Value::Str(s), Value::Num(start), Value::Num(len)) = (s, start, len) else {
        return Value::null(Type::Str);
    };
    Value::Str(Operand::Col(with_str!(&s, n, |x| with_prim!(
        &start,
        n,
        |p| {
            with_prim!(&len, n, |l| {
                let nulls = NullBuffer::union(
                    NullBuffer::union(x.null_mask(), p.null_mask()).as_ref(),
                    l.null_mask(),
                );
                build_str(n, |i, out| {
                    if !valid(nulls.as_ref(), i) {
                        return false;
                    }
                    let len: f64 = l.at(i);
                    let len = (!len.is_nan()).then_some(len);
                    match substr(x.at(i), p.at(i), len) {
                        Some(part) => {
                            out.push_str(part);
                            true
                        }
                        None => false,
                    }
                })
            })
        }
    ))))
}

#[inline(never)]
fn coalesce(mut values: Vec<Value>, n: usize) -> Value {
    let Some(mut acc) = values.pop() else {
        return Value::null(Type::Str);
    };
    while let Some(v) = values.pop() {
        acc = first_valid(v, acc, n);
    }
    acc
}

/// `x IN (constants)`: TRUE if found, else NULL if the list has a NULL, else FALSE.
fn in_set(x: &Value, set: &InSet, n: usize) -> BooleanArray {
    fn run<'a, T, G: Get<'a, T>>(
        x: &'a G,
        n: usize,
        has_null: bool,
        contains: impl Fn(T) -> bool,
    ) -> BooleanArray {
        let x_nulls = x.null_mask();
        let found = BooleanBuffer::collect_bool(n, |i| valid(x_nulls, i) && contains(x.at(i)));
        let nulls = if has_null {
            NullBuffer::union(x_nulls, Some(&NullBuffer::new(found.clone())))
        } else {
            x_nulls.cloned()
        };
        BooleanArray::new(found, nulls)
    }
    let has_null = set.has_null;
    match (x, &set.values) {
        (Value::Num(a), SetValues::Num(v)) => {
            with_prim!(a, n, |x| run(x, n, has_null, |k: f64| {
                v.binary_search_by(|p| p.partial_cmp(&k).unwrap_or(Ordering::Less))
                    .is_ok()
            }))
        }
        (Value::Date(a), SetValues::Date(v)) => with_prim!(a, n, |x| run(x, n, has_null, |k| {
            v.binary_search(&k).is_ok()
        })),
        (Value::Bool(a), SetValues::Bool(v)) => {
            with_prim!(a, n, |x| run(x, n, has_null, |k| v.contains(&k)))
        }
        (Value::Str(a), SetValues::Str(v)) => {
            with_str!(a, n, |x| run(x, n, has_null, |k: &str| {
                v.binary_search_by(|p| p.as_str().cmp(k)).is_ok()
            }))
        }
        _ => mismatch(n),
    }
}

/// Row by row, `a` where it is not NULL, else `b`.
fn first_valid(a: Value, b: Value, n: usize) -> Value {
    fn prim<P: ArrowPrimitiveType>(
        a: Operand<PrimitiveArray<P>, P::Native>,
        b: Operand<PrimitiveArray<P>, P::Native>,
        n: usize,
    ) -> Operand<PrimitiveArray<P>, P::Native> {
        match &a {
            Operand::Lit(Some(_)) => return a,
            Operand::Lit(None) => return b,
            Operand::Col(c) if c.null_count() == 0 => return a,
            Operand::Col(_) => {}
        }
        Operand::Col(with_prim!(&a, n, |x| with_prim!(
            &b,
            n,
            |y| build_prim::<P>(n, |i| {
                if valid(x.null_mask(), i) {
                    Some(x.at(i))
                } else if valid(y.null_mask(), i) {
                    Some(y.at(i))
                } else {
                    None
                }
            })
        )))
    }
    match (a, b) {
        (Value::Num(a), Value::Num(b)) => Value::Num(prim(a, b, n)),
        (Value::Date(a), Value::Date(b)) => Value::Date(prim(a, b, n)),
        (Value::Bool(a), Value::Bool(b)) => Value::Bool(match &a {
            Operand::Lit(Some(_)) => a,
            Operand::Lit(None) => b,
            Operand::Col(c) if c.null_count() == 0 => a,
            Operand::Col(_) => Operand::Col(with_prim!(&a, n, |x| with_prim!(&b, n, |y| {
                build_bool(n, |i| {
                    if valid(x.null_mask(), i) {
                        Some(x.at(i))
                    } else if valid(y.null_mask(), i) {
                        Some(y.at(i))
                    } else {
                        None
                    }
                })
            }))),
        }),
        (Value::Str(a), Value::Str(b)) => Value::Str(match &a {
            Operand::Lit(Some(_)) => a,
            Operand::Lit(None) => b,
            Operand::Col(c) if c.nulls().is_none_or(|nb| nb.null_count() == 0) => a,
            Operand::Col(_) => Operand::Col(with_str!(&a, n, |x| with_str!(&b, n, |y| {
                build_str(n, |i, out| {
                    if valid(x.null_mask(), i) {
                        out.push_str(x.at(i));
                        true
                    } else if valid(y.null_mask(), i) {
                        out.push_str(y.at(i));
                        true
                    } else {
                        false
                    }
                })
            }))),
        }),
        (a, _) => {
            debug_assert!(false, "coalesce of mixed types reached the evaluator");
            a
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{new_null_array, Int64Array};

    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn utf8(values: &[Option<&str>]) -> ArrayRef {
        Arc::new(StringArray::from(values.to_vec()))
    }

    /// `T`, `F`, `N` per row.
    fn letters(result: &BooleanArray) -> String {
        (0..result.len())
            .map(|i| match (result.is_valid(i), result.value(i)) {
                (false, _) => 'N',
                (true, true) => 'T',
                (true, false) => 'F',
            })
            .collect()
    }

    /// A rule without columns, evaluated over three rows (every row must agree).
    fn constant(text: &str) -> char {
        let predicate = compile(text, &[]).unwrap_or_else(|e| panic!("{text}: {e}"));
        let out = letters(&predicate.eval(&[], 3));
        let first = out.chars().next().unwrap();
        assert!(out.chars().all(|c| c == first), "{text}: {out}");
        first
    }

    #[test]
    fn constant_expressions() {
        let cases: &[(&str, char)] = &[
            // literals and three-valued logic
            ("TRUE", 'T'),
            ("FALSE", 'F'),
            ("NULL", 'N'),
            ("NULL OR TRUE", 'T'),
            ("TRUE OR NULL", 'T'),
            ("NULL OR FALSE", 'N'),
            ("NULL AND TRUE", 'N'),
            ("NULL AND FALSE", 'F'),
            ("FALSE AND NULL", 'F'),
            ("NOT NULL", 'N'),
            ("NOT TRUE", 'F'),
            ("NOT NOT TRUE", 'T'),
            ("TRUE AND FALSE OR TRUE", 'T'),
            ("TRUE OR TRUE AND FALSE", 'T'),
            ("NOT TRUE OR TRUE", 'T'),
            // comparisons
            ("1 = 1", 'T'),
            ("1 = 2", 'F'),
            ("1 <> 2", 'T'),
            ("1 != 1", 'F'),
            ("1 < 2", 'T'),
            ("2 <= 2", 'T'),
            ("3 > 2", 'T'),
            ("2 >= 3", 'F'),
            ("1.0 = 1", 'T'),
            ("-0.0 = 0", 'T'),
            ("'a' < 'b'", 'T'),
            ("'B' < 'a'", 'T'),
            ("'10' < '9'", 'T'),
            ("10 < '9'", 'F'),
            ("' 10 ' = 10", 'T'),
            ("'it''s' = 'it' || '''s'", 'T'),
            ("TRUE > FALSE", 'T'),
            ("TRUE = 'yes'", 'T'),
            // arithmetic
            ("1 + 2 * 3 = 7", 'T'),
            ("(1 + 2) * 3 = 9", 'T'),
            ("7 / 2 = 3.5", 'T'),
            ("10 - 4 - 3 = 3", 'T'),
            ("-3 + 1 = -2", 'T'),
            ("2 - -2 = 4", 'T'),
            ("+2 = 2", 'T'),
            ("-(1 + 1) = -2", 'T'),
            ("1 / 0 IS NULL", 'T'),
            ("1e308 * 10 IS NULL", 'T'),
            ("2e3 = 2000", 'T'),
            ("NULL + 1 IS NULL", 'T'),
            // concatenation
            ("'a' || 'b' = 'ab'", 'T'),
            ("'a' || 1 = 'a1'", 'T'),
            ("1.5 || '' = '1.5'", 'T'),
            ("TRUE || '' = 'true'", 'T'),
            ("'x' || NULL IS NULL", 'T'),
            ("'a' || 1 + 2 = 'a3'", 'T'),
            // IS
            ("NULL IS NULL", 'T'),
            ("1 IS NOT NULL", 'T'),
            ("NULL IS NOT NULL", 'F'),
            ("TRUE IS TRUE", 'T'),
            ("NULL IS NOT TRUE", 'T'),
            ("FALSE IS FALSE", 'T'),
            ("NULL IS FALSE", 'F'),
            ("NULL IS UNKNOWN", 'T'),
            ("1 = 1 IS TRUE", 'T'),
            // IN
            ("3 IN (1, 2, 3)", 'T'),
            ("4 IN (1, 2, 3)", 'F'),
            ("4 IN (1, NULL)", 'N'),
            ("1 IN (1, NULL)", 'T'),
            ("4 NOT IN (1, NULL)", 'N'),
            ("1 NOT IN (1, NULL)", 'F'),
            ("4 NOT IN (1, 2)", 'T'),
            ("NULL IN (1)", 'N'),
            ("-1 IN (-1)", 'T'),
            ("'b' IN ('a', 'b')", 'T'),
            ("'10' IN (10)", 'T'),
            ("2 IN (1 + 1)", 'T'),
            // BETWEEN
            ("5 BETWEEN 1 AND 10", 'T'),
            ("5 NOT BETWEEN 1 AND 10", 'F'),
            ("1 BETWEEN 1 AND 1", 'T'),
            ("0 BETWEEN 1 AND 2", 'F'),
            ("NULL BETWEEN 1 AND 2", 'N'),
            ("5 BETWEEN NULL AND 2", 'F'),
            ("1 BETWEEN NULL AND 2", 'N'),
            ("'b' BETWEEN 'a' AND 'c'", 'T'),
            ("5 BETWEEN 1 AND 10 AND FALSE", 'F'),
            // LIKE and ILIKE
            ("'abc' LIKE 'abc'", 'T'),
            ("'abc' LIKE 'ab'", 'F'),
            ("'abc' LIKE 'a%'", 'T'),
            ("'abc' LIKE '%c'", 'T'),
            ("'abc' LIKE '%b%'", 'T'),
            ("'abc' LIKE '%'", 'T'),
            ("'abc' LIKE 'a_c'", 'T'),
            ("'abc' LIKE 'a_'", 'F'),
            ("'abc' LIKE 'a%c'", 'T'),
            ("'abc' LIKE 'A%'", 'F'),
            ("'abc' ILIKE 'A%'", 'T'),
            ("'ÄBC' ILIKE 'äb_'", 'T'),
            ("'abc' NOT LIKE '%c'", 'F'),
            ("'abc' NOT ILIKE 'X%'", 'T'),
            ("'a%c' LIKE 'a\\%c'", 'T'),
            ("'abc' LIKE 'a\\%c'", 'F'),
            ("'a_c' LIKE 'a!_c' ESCAPE '!'", 'T'),
            ("'abc' LIKE 'a!_c' ESCAPE '!'", 'F'),
            ("'a\nb' LIKE 'a_b'", 'T'),
            ("'a.b' LIKE 'a.b'", 'T'),
            ("'axb' LIKE 'a.b'", 'F'),
            ("'héllo' LIKE 'h_llo'", 'T'),
            ("NULL LIKE 'a'", 'N'),
            ("12 LIKE '1%'", 'T'),
            // regexp_like
            ("regexp_like('12345', '^[0-9]{5}$')", 'T'),
            ("regexp_like('1234', '^[0-9]{5}$')", 'F'),
            ("regexp_like('x12345y', '[0-9]{5}')", 'T'),
            ("regexp_like('ABC', 'abc')", 'F'),
            ("regexp_like('ABC', 'abc', 'i')", 'T'),
            ("REGEXP_LIKE('ABC', 'abc', 'ic')", 'F'),
            ("regexp_like('a\nb', '^b$', 'm')", 'T'),
            ("regexp_like(NULL, 'a')", 'N'),
            // functions
            ("length('héllo') = 5", 'T'),
            ("char_length('') = 0", 'T'),
            ("length(12345) = 5", 'T'),
            ("lower('ÀB') = 'àb'", 'T'),
            ("upper('straße') = 'STRASSE'", 'T'),
            ("trim('  a ') = 'a'", 'T'),
            ("ltrim('  a ') = 'a '", 'T'),
            ("rtrim('  a ') = '  a'", 'T'),
            ("substr('hello', 2, 3) = 'ell'", 'T'),
            ("substr('hello', 0, 2) = 'h'", 'T'),
            ("substr('hello', -5, 2) = ''", 'T'),
            ("substr('hello', 4) = 'lo'", 'T'),
            ("substr('hello', 9) = ''", 'T'),
            ("substr('hello', 2, 100) = 'ello'", 'T'),
            ("substring('héllo', 2, 1) = 'é'", 'T'),
            ("substr('hello', 2, -1) IS NULL", 'T'),
            ("substr('hello', NULL) IS NULL", 'T'),
            ("coalesce(NULL, 'b') = 'b'", 'T'),
            ("coalesce('a', 'b') = 'a'", 'T'),
            ("coalesce(NULL, NULL, 3) = 3", 'T'),
            ("coalesce(NULL, NULL) IS NULL", 'T'),
            ("abs(-2.5) = 2.5", 'T'),
            ("abs(3) = 3", 'T'),
            // casts: failures give NULL
            ("cast('12' AS integer) = 12", 'T'),
            ("cast(' 12 ' AS int) = 12", 'T'),
            ("try_cast('abc' AS integer) IS NULL", 'T'),
            ("cast('abc' AS integer) IS NULL", 'T'),
            ("cast('1.5' AS integer) IS NULL", 'T'),
            ("cast('1.5' AS double) = 1.5", 'T'),
            ("cast('1.5' AS decimal) = 1.5", 'T'),
            ("cast('nan' AS double) IS NULL", 'T'),
            ("cast('inf' AS double) IS NULL", 'T'),
            ("cast(2.5 AS integer) = 3", 'T'),
            ("cast(-2.5 AS integer) = -3", 'T'),
            ("cast('99999999999' AS integer) IS NULL", 'T'),
            ("cast('99999999999' AS bigint) = 99999999999", 'T'),
            ("cast(3e10 AS integer) IS NULL", 'T'),
            ("cast('2024-02-30' AS date) IS NULL", 'T'),
            ("cast('2024-02-29' AS date) = '2024-02-29'", 'T'),
            (
                "cast('2024-01-02T10:00:00' AS date) = cast('2024-01-02' AS date)",
                'T',
            ),
            (
                "cast('2024-01-02 10:00' AS date) < cast('2024-01-03' AS date)",
                'T',
            ),
            ("cast('2024-1-2' AS date) IS NULL", 'T'),
            ("cast('02/01/2024' AS date) IS NULL", 'T'),
            (
                "cast(cast('2024-03-01' AS date) AS text) = '2024-03-01'",
                'T',
            ),
            ("cast('yes' AS boolean)", 'T'),
            ("cast('OFF' AS bool) = FALSE", 'T'),
            ("cast('maybe' AS boolean) IS NULL", 'T'),
            ("cast(1 AS varchar) = '1'", 'T'),
            ("cast(0.1 AS text) = '0.1'", 'T'),
            ("cast(TRUE AS integer) = 1", 'T'),
            ("cast(0 AS boolean) = FALSE", 'T'),
            ("cast(' 7 ' AS double precision) = 7", 'T'),
            ("cast(NULL AS date) IS NULL", 'T'),
            ("cast(12 AS text) || 'x' = '12x'", 'T'),
            // comments and layout
            ("1 = 1 -- a comment", 'T'),
            ("-- first\n  1 = 1\n", 'T'),
        ];
        let mut failures = Vec::new();
        for &(text, expected) in cases {
            let got = constant(text);
            if got != expected {
                failures.push(format!("{text}: expected {expected}, got {got}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    fn general_batch() -> (Vec<String>, Vec<ArrayRef>) {
        let days = |y, m, d| parse_date(&format!("{y:04}-{m:02}-{d:02}"));
        let columns: Vec<ArrayRef> = vec![
            utf8(&[Some("abc"), Some("ABC"), Some(""), None, Some("héllo")]),
            utf8(&[Some("10"), Some("9"), Some("abc"), None, Some(" 42 ")]),
            Arc::new(Int64Array::from(vec![
                Some(100),
                Some(-5),
                None,
                Some(0),
                Some(7),
            ])),
            Arc::new(Date32Array::from(vec![
                days(2000, 1, 1),
                days(1999, 12, 31),
                None,
                days(2024, 2, 29),
                days(1970, 1, 1),
            ])),
            Arc::new(BooleanArray::from(vec![
                Some(true),
                Some(false),
                None,
                Some(true),
                Some(false),
            ])),
            Arc::new(StringViewArray::from(vec![
                Some("abc"),
                Some("x"),
                Some("y"),
                None,
                Some("héllo"),
            ])),
            Arc::new(LargeStringArray::from(vec![
                Some("abc"),
                Some("ABC"),
                None,
                Some("z"),
                Some("HÉLLO"),
            ])),
        ];
        (names(&["s", "num", "i", "d", "b", "v", "l"]), columns)
    }

    #[test]
    fn column_expressions() {
        let (names, columns) = general_batch();
        let cases: &[(&str, &str)] = &[
            // a string column against a number compares numerically, against a string bytewise
            ("num > 9", "TFNNT"),
            ("num > '9'", "FFTNF"),
            ("num = 10", "TFNNF"),
            ("9 < num", "TFNNT"),
            ("num + 1 = 11", "TFNNF"),
            ("num * 2 > 19", "TFNNT"),
            // native numeric columns
            ("i >= 0", "TFNTT"),
            ("i = '100'", "TFNFF"),
            ("i + 0 = 100", "TFNFF"),
            ("abs(i) > 6", "TFNFT"),
            ("-i < 0", "TFNFT"),
            ("i / 0 IS NULL", "TTTTT"),
            ("i || '' = '-5'", "FTNFF"),
            ("cast(i AS varchar) LIKE '1%'", "TFNFF"),
            ("i BETWEEN 0 AND 10", "FFNTT"),
            ("i NOT BETWEEN 0 AND 10", "TTNFF"),
            ("i IN (0, 7)", "FFNTT"),
            ("i IS NULL", "FFTFF"),
            ("d IS NOT NULL", "TTFTT"),
            // dates: as ISO text, or as dates
            ("d < '2000-01-01'", "FTNFT"),
            ("cast(d AS date) >= cast('2000-01-01' AS date)", "TFNTF"),
            ("cast(d AS date) = '2024-02-29'", "FFNTF"),
            (
                "cast(d AS date) BETWEEN '1999-01-01' AND '2000-12-31'",
                "TTNFF",
            ),
            ("cast(d AS date) IN ('1970-01-01', '2000-01-01')", "TFNFT"),
            // booleans
            ("b = TRUE", "TFNTF"),
            ("b = 'true'", "TFNTF"),
            ("NOT cast(b AS boolean)", "FTNFT"),
            ("cast(b AS boolean) IS NOT TRUE", "FTTFT"),
            ("b IN (TRUE)", "TFNTF"),
            // LIKE over the three string layouts
            ("s LIKE 'a%'", "TFFNF"),
            ("s ILIKE 'a%'", "TTFNF"),
            ("s NOT LIKE '%c'", "FTTNT"),
            ("s LIKE '_b_'", "TFFNF"),
            ("s LIKE '%'", "TTTNT"),
            ("v LIKE '%l%'", "FFFNT"),
            ("l ILIKE 'h_llo'", "FFNFT"),
            ("l LIKE '%C'", "FTNFF"),
            // column against column, across layouts
            ("v = s", "TFFNT"),
            ("v = l", "TFNNF"),
            ("s < l", "FFNNF"),
            ("lower(l) = v", "TFNNT"),
            ("upper(s) = upper(l)", "TTNNT"),
            ("s || v = 'abcabc'", "TFFNF"),
            ("length(s) = 5", "FFFNT"),
            ("substr(s, 2) = 'bc'", "TFFNF"),
            ("substr(l, length(l), 1) = 'O'", "FFNFT"),
            ("trim(num) = '42'", "FFFNT"),
            ("regexp_like(s, '^[a-z]+$')", "TFFNF"),
            ("regexp_like(s, '^[a-z]+$', 'i')", "TTFNF"),
            ("regexp_like(v, '^h.llo$')", "FFFNT"),
            // IN with NULLs
            ("s IN ('abc', 'ABC')", "TTFNF"),
            ("s IN ('abc', NULL)", "TNNNN"),
            ("s NOT IN ('abc', NULL)", "FNNNN"),
            ("s NOT IN ('abc')", "FTTNT"),
            ("num IN (9, 10)", "TTNNF"),
            ("s IN (v, 'ABC')", "TTFNT"),
            ("s IN (l)", "TTNNF"),
            // NULL handling
            ("s IS NULL", "FFFTF"),
            ("s IS NOT NULL", "TTTFT"),
            ("num > 9 OR s IS NULL", "TFNTT"),
            ("num > 9 AND s IS NOT NULL", "TFNFT"),
            ("NOT (num > 9)", "FTNNF"),
            ("(num > 9) IS NOT TRUE", "FTTTF"),
            ("(num > 9) IS FALSE", "FTFFF"),
            ("(num > 9) IS UNKNOWN", "FFTTF"),
            ("coalesce(s, 'none') = 'none'", "FFFTF"),
            ("coalesce(num, i) > 0", "TTNFT"),
            ("coalesce(l, v, 'q') = 'q'", "FFFFF"),
            ("coalesce(l, v) = 'y'", "FFTFF"),
            ("try_cast(num AS integer) = 10", "TFNNF"),
            ("try_cast(num AS integer) IS NULL", "FFTTF"),
            // short-circuit paths and n-ary chains
            ("s = 'abc' AND v = 'abc' AND l = 'abc'", "TFFFF"),
            ("s = 'abc' OR v = 'x' OR l = 'z'", "TTNTF"),
            ("FALSE AND s = 'abc'", "FFFFF"),
            ("TRUE OR s = 'abc'", "TTTTT"),
            ("s = 'abc' AND TRUE", "TFFNF"),
            ("s = 'abc' OR NULL", "TNNNN"),
        ];
        let mut failures = Vec::new();
        for &(text, expected) in cases {
            let predicate = compile(text, &names).unwrap_or_else(|e| panic!("{text}: {e}"));
            let got = letters(&predicate.eval(&columns, 5));
            if got != expected {
                failures.push(format!("{text}: expected {expected}, got {got}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn example_rule_over_a_batch() {
        let names = names(&["id", "postcode", "country"]);
        let predicate = compile(
            "country <> 'DE' OR regexp_like(postcode, '^[0-9]{5}$')",
            &names,
        )
        .unwrap();
        assert_eq!(predicate.columns_used(), &[1, 2]);
        let postcode = utf8(&[
            Some("10115"),
            Some("1011"),
            Some("ABC"),
            None,
            Some("12345"),
            Some("x"),
        ]);
        let country = utf8(&[Some("DE"), Some("DE"), Some("FR"), Some("DE"), None, None]);
        // The caller may pass anything for unused columns.
        let unused = new_null_array(&DataType::Null, 6);
        let result = predicate.eval(&[unused, postcode, country], 6);
        assert_eq!(letters(&result), "TFTNTN");
        // Only FALSE fails a rule: one row here.
        assert_eq!(result.false_count(), 1);
    }

    #[test]
    fn other_arrow_types() {
        use arrow::array::{Float64Array, Int32Array, UInt64Array};
        let names = names(&["f", "u", "n"]);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(Float64Array::from(vec![Some(1.5), Some(f64::NAN), None])),
            Arc::new(UInt64Array::from(vec![Some(3), Some(u64::MAX), None])),
            Arc::new(Int32Array::from(vec![Some(-1), Some(0), Some(1)])),
        ];
        let cases: &[(&str, &str)] = &[
            ("f > 1", "TNN"),
            ("f || '' = '1.5'", "TFN"),
            ("u = 3", "TFN"),
            ("u > 1e19", "FTN"),
            ("n + u >= 2", "TTN"),
            ("cast(n AS boolean)", "NFT"), // read as text: "-1" is not a boolean word
            ("abs(n) = 1", "TFT"),
        ];
        for &(text, expected) in cases {
            let predicate = compile(text, &names).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(letters(&predicate.eval(&columns, 3)), expected, "{text}");
        }
    }

    #[test]
    fn missing_or_misshapen_columns_read_as_null() {
        let predicate = compile("a IS NULL", &names(&["a"])).unwrap();
        assert_eq!(letters(&predicate.eval(&[], 2)), "TT");
        let short = utf8(&[Some("x")]);
        assert_eq!(letters(&predicate.eval(&[short], 2)), "TT");
        let nulls = new_null_array(&DataType::Null, 2);
        assert_eq!(letters(&predicate.eval(&[nulls], 2)), "TT");
        let predicate = compile("a = 'x'", &names(&["a"])).unwrap();
        assert_eq!(letters(&predicate.eval(&[], 2)), "NN");
        assert_eq!(predicate.eval(&[], 0).len(), 0);
    }

    #[test]
    fn constant_rules_broadcast() {
        let predicate = compile("1 = 1", &names(&["a"])).unwrap();
        assert!(predicate.columns_used().is_empty());
        assert_eq!(letters(&predicate.eval(&[], 4)), "TTTT");
        let predicate = compile("NULL", &[]).unwrap();
        assert_eq!(letters(&predicate.eval(&[], 2)), "NN");
    }

    #[test]
    fn identifier_resolution() {
        let columns = names(&["Email", "email_2", "Name", "NAME", "first name", "select"]);
        let used = |text: &str| compile(text, &columns).map(|p| p.columns_used().to_vec());
        assert_eq!(used("EMAIL IS NULL").unwrap(), vec![0]);
        assert_eq!(used("email IS NULL").unwrap(), vec![0]);
        assert_eq!(used("Name IS NULL").unwrap(), vec![2]);
        assert_eq!(used("NAME IS NULL").unwrap(), vec![3]);
        assert_eq!(
            used("\"first name\" = 'x' AND email_2 = Email").unwrap(),
            vec![0, 1, 4]
        );
        assert_eq!(used("\"select\" IS NULL").unwrap(), vec![5]);
        assert_eq!(used("select IS NULL").unwrap(), vec![5]); // not a keyword here
        let err = used("name IS NULL").unwrap_err();
        assert_eq!(err.offset, 0);
        assert!(err.message.contains("ambiguous"), "{err}");
        assert!(err.message.contains("\"Name\", \"NAME\""), "{err}");
        let err = used("\"email\" IS NULL").unwrap_err();
        assert!(err.message.contains("unknown column \"email\""), "{err}");
        assert!(err.message.contains("\"Email\""), "{err}");
        let err = used("x = 1 AND emial IS NULL").unwrap_err();
        assert_eq!(err.offset, 0);
        let err = used("Email = 1 AND emial IS NULL").unwrap_err();
        assert_eq!(err.offset, 14);
        assert_eq!(
            err.message,
            "unknown column 'emial'; closest columns: \"Email\", \"email_2\", \"Name\""
        );
        let err = compile("a = 1", &[]).unwrap_err();
        assert!(err.message.contains("no columns"), "{err}");
        // Non-ASCII names, bare and quoted.
        let columns = names(&["straße", "Größe"]);
        assert_eq!(
            compile("STRASSE IS NULL OR straße = 'x' OR größe > 1", &columns)
                .map(|p| p.columns_used().to_vec())
                .unwrap_err()
                .offset,
            0
        );
        let p = compile("straße = 'x' OR größe > 1 OR \"Größe\" < 9", &columns).unwrap();
        assert_eq!(p.columns_used(), &[0, 1]);
    }

    #[test]
    fn compile_errors() {
        let columns = names(&["a", "b", "postcode", "country"]);
        let cases: &[(&str, usize, &str)] = &[
            ("", 0, "the rule is empty"),
            ("   -- nothing", 0, "the rule is empty"),
            ("(a = 'x'", 8, "expected ')' to close the '(' at byte 0"),
            ("a = 'x')", 7, "unexpected ')' without a matching '('"),
            ("a = 'abc", 4, "unterminated string literal"),
            ("\"a = 1", 0, "unterminated quoted column name"),
            ("\"\" = 1", 0, "empty quoted column name"),
            ("a = 'x' b", 8, "found 'b' after a complete expression"),
            (
                "a = 'x' 'y'",
                8,
                "found a string literal after a complete expression",
            ),
            (
                "a > DATE '2024-01-01'",
                4,
                "typed literals such as DATE '...' are not supported",
            ),
            ("a = 'x' ;", 8, "unexpected character ';'"),
            ("a = 'x' @", 8, "unexpected character '@'"),
            ("a = 'x' ∑", 8, "unexpected character '∑'"),
            ("a | b", 2, "'||'"),
            ("a ! b", 2, "'!'"),
            ("a = 12abc", 4, "malformed number"),
            ("a = 1.2.3", 4, "malformed number"),
            ("a = .", 4, "unexpected '.'"),
            ("a = 1e999", 4, "number out of range"),
            (
                "a =",
                3,
                "expected an expression, found the end of the rule",
            ),
            ("a = = 1", 4, "expected an expression, found '='"),
            ("AND a", 0, "found keyword AND"),
            ("a = 1 = 2", 6, "comparisons cannot be chained"),
            (
                "a IS 5",
                5,
                "expected NULL, TRUE, FALSE or UNKNOWN after IS",
            ),
            ("a IN ()", 6, "at least one value"),
            ("a IN 1", 5, "expected '(' after IN"),
            ("a IN (1 2)", 8, "expected ',' or ')' in the IN list"),
            ("a BETWEEN 1", 11, "expected AND in `BETWEEN low AND high`"),
            (
                "regexp_like(a, '^x' ",
                20,
                "expected ')' after the arguments of regexp_like",
            ),
            (
                "regexp_like(a, b)",
                15,
                "the pattern of regexp_like must be a string literal",
            ),
            (
                "regexp_like(a, '[')",
                15,
                "invalid regular expression: unclosed character class",
            ),
            (
                "regexp_like(a, 'x', 'q')",
                20,
                "unknown regexp_like flag 'q'",
            ),
            (
                "regexp_like(a)",
                0,
                "regexp_like takes 2 or 3 arguments, found 1 argument",
            ),
            ("substr(a)", 0, "substr takes 2 or 3 arguments"),
            (
                "a = 1 AND lower(a, b) = 'x'",
                10,
                "lower takes 1 argument, found 2",
            ),
            (
                "coalesce() IS NULL",
                0,
                "coalesce takes at least 1 argument",
            ),
            ("foo(a)", 0, "unknown function foo"),
            ("current_date > a", 0, "current_date is not allowed"),
            ("a > now()", 4, "now is not allowed"),
            ("zz = 1", 0, "unknown column 'zz'"),
            ("a = 1 AND é = 1", 10, "unknown column 'é'"),
            (
                "a",
                0,
                "a rule needs a condition (true or false), found a string",
            ),
            (
                "a + 1",
                0,
                "a rule needs a condition (true or false), found a number",
            ),
            ("NOT a", 4, "NOT needs a condition"),
            (
                "a = 'x' AND 1",
                12,
                "AND needs a condition (true or false), found a number",
            ),
            (
                "a = 'x' OR b",
                11,
                "OR needs a condition (true or false), found a string",
            ),
            (
                "a IS TRUE",
                0,
                "IS TRUE / FALSE / UNKNOWN needs a condition",
            ),
            ("a = NULL", 4, "a comparison with NULL is never true"),
            ("NULL <> a", 0, "a comparison with NULL is never true"),
            ("a + 0 = 'x'", 8, "'x' cannot be read as a number"),
            ("TRUE = 'maybe'", 7, "'maybe' cannot be read as a boolean"),
            (
                "cast(a AS date) = '2024-13-01'",
                18,
                "'2024-13-01' cannot be read as a date",
            ),
            (
                "TRUE + 1 = 2",
                0,
                "operator '+' needs a number, found a boolean",
            ),
            (
                "a = 1 + TRUE",
                8,
                "operator '+' needs a number, found a boolean",
            ),
            ("-TRUE = 1", 1, "unary '-' needs a number"),
            ("TRUE = 1", 5, "cannot compare a boolean with a number"),
            (
                "cast(a AS date) = 1",
                16,
                "cannot compare a date with a number",
            ),
            (
                "1 IN (1, TRUE)",
                9,
                "IN cannot compare a number with a boolean",
            ),
            (
                "1 BETWEEN TRUE AND 2",
                10,
                "BETWEEN cannot compare a number with a boolean",
            ),
            (
                "coalesce(1, TRUE) = 1",
                12,
                "coalesce cannot mix a number with a boolean",
            ),
            (
                "a LIKE b",
                7,
                "the pattern of LIKE must be a string literal",
            ),
            (
                "a ILIKE 5",
                8,
                "the pattern of ILIKE must be a string literal",
            ),
            ("a LIKE 'x\\'", 7, "cannot end with its escape character"),
            (
                "a LIKE 'x' ESCAPE 'ab'",
                18,
                "ESCAPE must be a single character",
            ),
            ("cast(a AS blob) IS NULL", 10, "unknown type 'blob' in cast"),
            (
                "cast(a integer) IS NULL",
                7,
                "expected AS and a type in cast(x AS type)",
            ),
            ("cast(a AS varchar(10)) = 'x'", 17, "type parameters"),
            (
                "try_cast(a AS int",
                17,
                "expected ')' after the type in try_cast",
            ),
            (
                "cast(1 AS date) IS NULL",
                0,
                "cannot cast a number to a date",
            ),
            (
                "cast(cast(a AS date) AS integer) = 1",
                0,
                "cannot cast a date to a number",
            ),
            ("cast = 1", 0, "found keyword CAST"),
        ];
        let mut failures = Vec::new();
        for &(text, offset, message) in cases {
            match compile(text, &columns) {
                Ok(_) => failures.push(format!("{text:?}: compiled")),
                Err(e) if e.offset != offset || !e.message.contains(message) => failures.push(
                    format!("{text:?}: expected {message:?} at {offset}, got {e}"),
                ),
                Err(_) => {}
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn nesting_is_bounded_without_overflowing_the_stack() {
        let columns = names(&["a"]);
        let deep = [
            format!("{}a = 1{}", "(".repeat(100_000), ")".repeat(100_000)),
            format!("{}a = 1", "NOT ".repeat(100_000)),
            format!("{}1 = 1", "- ".repeat(100_000)),
            format!("1{} = 1", " + 1".repeat(100_000)),
            format!("'a'{} = a", " || a".repeat(100_000)),
            format!("{}a{} = 'x'", "lower(".repeat(100_000), ")".repeat(100_000)),
        ];
        for text in &deep {
            let err = compile(text, &columns).unwrap_err();
            assert!(err.message.contains("nested too deeply"), "{err}");
        }
        // Moderate nesting is fine, and long AND / OR chains are flat.
        let text = format!("{}a = '1'{}", "(".repeat(40), ")".repeat(40));
        assert!(compile(&text, &columns).is_ok());
        let text = format!("a = '0'{}", " OR a = '1'".repeat(10_000));
        let predicate = compile(&text, &columns).unwrap();
        let result = predicate.eval(&[utf8(&[Some("1"), Some("2")])], 2);
        assert_eq!(letters(&result), "TF");
    }

    /// The deepest rules allowed compile and evaluate on a thread with a small (1 MiB) stack.
    #[test]
    fn deepest_rules_fit_a_small_stack() {
        let levels = MAX_DEPTH - 4;
        let rules = [
            format!("{}a = 'x'{}", "(".repeat(levels), ")".repeat(levels)),
            format!("{}a{} = 'x'", "lower(".repeat(levels), ")".repeat(levels)),
            format!(
                "{}a{} > 1",
                "abs(-(".repeat(levels / 3),
                "))".repeat(levels / 3)
            ),
            format!("{}a = 'x'", "NOT ".repeat(levels)),
        ];
        let handle = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let names = names(&["a"]);
                let column = utf8(&[Some("x"), None, Some("5")]);
                rules
                    .iter()
                    .map(|rule| {
                        let predicate = compile(rule, &names).map_err(|e| e.to_string())?;
                        Ok(letters(&predicate.eval(std::slice::from_ref(&column), 3)))
                    })
                    .collect::<Result<Vec<String>, String>>()
            })
            .unwrap();
        let results = handle.join().expect("no stack overflow");
        assert_eq!(
            results,
            Ok(vec![
                "TNF".to_string(),
                "TNF".to_string(),
                "NNT".to_string(),
                "TNF".to_string()
            ])
        );
    }

    /// Deterministic token soup: whatever the text, compile returns (no panic), error offsets
    /// lie within the text, and rules that compile evaluate to the right length.
    #[test]
    fn token_soup_never_panics() {
        let vocabulary = [
            "a",
            "b",
            "(",
            ")",
            "'x'",
            "'",
            "\"",
            "\"a\"",
            "1",
            "1e999",
            "0",
            "-",
            "+",
            "*",
            "/",
            "||",
            "=",
            "<>",
            "<",
            ">=",
            "AND",
            "OR",
            "NOT",
            "IS",
            "NULL",
            "TRUE",
            "IN",
            "BETWEEN",
            "LIKE",
            "ILIKE",
            "ESCAPE",
            ",",
            "regexp_like",
            "cast",
            "try_cast",
            "AS",
            "integer",
            "date",
            "boolean",
            "coalesce",
            "substr",
            "length",
            "lower",
            "abs",
            "é",
            "'%'",
            "'['",
            "'_a\\'",
            "--",
            "\n",
            ".",
            "!",
            "|",
            "'2024-01-01'",
            "UNKNOWN",
            "'i'",
            "current_date",
            "(a",
            "a)",
            "' '",
            "1.5",
            "precision",
            "double",
        ];
        let (_, columns) = general_batch();
        let names = names(&["a", "b"]);
        let columns = vec![columns[0].clone(), columns[2].clone()];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut compiled = 0;
        for _ in 0..20_000 {
            let len = 1 + (next() % 10) as usize;
            let mut text = String::new();
            for _ in 0..len {
                text.push_str(vocabulary[(next() % vocabulary.len() as u64) as usize]);
                if next() % 4 != 0 {
                    text.push(' ');
                }
            }
            match compile(&text, &names) {
                Ok(p) => {
                    compiled += 1;
                    assert_eq!(p.eval(&columns, 5).len(), 5, "{text}");
                }
                Err(e) => {
                    assert!(e.offset <= text.len(), "{text:?}: {e}");
                    let _ = e.render(&text);
                }
            }
        }
        assert!(compiled > 50, "only {compiled} soups compiled");
        // Every prefix of valid rules.
        let rules = [
            "country <> 'DE' OR regexp_like(postcode, '^[0-9]{5}$', 'i')",
            "NOT (a BETWEEN -1.5 AND 2e3) AND b NOT IN (1, NULL) OR a ILIKE 'h_%' ESCAPE '!'",
            "cast(substr(a, 2, 3) AS date) IS NOT NULL AND coalesce(a, \"b\") || 'é' <> ''",
        ];
        let names = names_for_prefixes();
        for rule in rules {
            for (end, _) in rule.char_indices() {
                let _ = compile(&rule[..end], &names);
            }
        }
    }

    /// Random well-formed rules over every column layout: evaluating a whole batch must agree
    /// with evaluating each row alone (a one-row slice), which checks broadcasting, null
    /// handling, sliced arrays and short-circuits against each other.
    #[test]
    fn batch_and_single_rows_agree() {
        struct Gen(u64);
        impl Gen {
            fn next(&mut self) -> u64 {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                self.0
            }
            fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
                options[(self.next() % options.len() as u64) as usize]
            }
            fn text(&mut self, depth: u32) -> String {
                if depth == 0 || self.next() % 3 == 0 {
                    return self
                        .pick(&[
                            "s", "num", "v", "l", "'abc'", "'10'", "NULL", "''", "i", "d",
                        ])
                        .to_string();
                }
                let a = self.text(depth - 1);
                match self.next() % 6 {
                    0 => format!("lower({a})"),
                    1 => format!("{a} || {}", self.text(depth - 1)),
                    2 => format!("substr({a}, {}, 2)", self.number(depth - 1)),
                    3 => format!("coalesce({a}, {})", self.text(depth - 1)),
                    4 => format!("trim({a})"),
                    _ => format!("cast({} AS varchar)", self.number(depth - 1)),
                }
            }
            fn number(&mut self, depth: u32) -> String {
                if depth == 0 || self.next() % 3 == 0 {
                    return self
                        .pick(&["num", "i", "1", "0", "-2.5", "NULL"])
                        .to_string();
                }
                let a = self.number(depth - 1);
                match self.next() % 5 {
                    0 => format!(
                        "({a} {} {})",
                        self.pick(&["+", "-", "*", "/"]),
                        self.number(depth - 1)
                    ),
                    1 => format!("abs({a})"),
                    2 => format!("length({})", self.text(depth - 1)),
                    3 => format!("-{a}"),
                    _ => format!("try_cast({} AS integer)", self.text(depth - 1)),
                }
            }
            fn condition(&mut self, depth: u32) -> String {
                if depth == 0 {
                    return self
                        .pick(&["TRUE", "FALSE", "NULL", "s IS NULL"])
                        .to_string();
                }
                let d = depth - 1;
                let cmp = self.pick(&["=", "<>", "<", ">="]);
                match self.next() % 12 {
                    0 => format!("({} AND {})", self.condition(d), self.condition(d)),
                    1 => format!(
                        "({} OR {} OR {})",
                        self.condition(d),
                        self.condition(d),
                        self.condition(d)
                    ),
                    2 => format!("NOT {}", self.condition(d)),
                    3 => format!("{} {cmp} {}", self.text(d), self.text(d)),
                    4 => format!("{} {cmp} {}", self.number(d), self.number(d)),
                    5 => format!("{} {cmp} {}", self.text(d), self.number(d)),
                    6 => format!("{} IN ('abc', {}, NULL)", self.text(d), self.text(d)),
                    7 => format!("{} NOT BETWEEN {} AND 10", self.number(d), self.number(d)),
                    8 => format!("{} LIKE '%b%'", self.text(d)),
                    9 => format!("regexp_like({}, '^[a-z]', 'i')", self.text(d)),
                    10 => format!("({}) IS NOT FALSE", self.condition(d)),
                    _ => format!("cast(b AS boolean) = {}", self.condition(d)),
                }
            }
        }
        let (names, columns) = general_batch();
        let mut generator = Gen(0x2545_F491_4F6C_DD1D);
        let mut checked = 0;
        let mut seen = BTreeSet::new();
        for _ in 0..600 {
            let text = generator.condition(4);
            let Ok(predicate) = compile(&text, &names) else {
                continue;
            };
            checked += 1;
            let whole = letters(&predicate.eval(&columns, 5));
            let single: String = (0..5)
                .map(|row| {
                    let slices: Vec<ArrayRef> = columns.iter().map(|c| c.slice(row, 1)).collect();
                    letters(&predicate.eval(&slices, 1))
                })
                .collect();
            assert_eq!(whole, single, "{text}");
            seen.extend(whole.chars());
        }
        assert!(checked > 400, "only {checked} rules compiled");
        assert_eq!(seen.into_iter().collect::<String>(), "FNT");
    }

    fn names_for_prefixes() -> Vec<String> {
        names(&["a", "b", "country", "postcode"])
    }

    #[test]
    fn error_display_and_render() {
        let err = compile("a = 1 AND\n  zz = 2", &names(&["a"])).unwrap_err();
        assert_eq!(err.offset, 12);
        assert_eq!(
            err.to_string(),
            "unknown column 'zz'; closest columns: \"a\" (at byte 12)"
        );
        assert_eq!(
            err.render("a = 1 AND\n  zz = 2"),
            "unknown column 'zz'; closest columns: \"a\" (at byte 12)\n  zz = 2\n  ^"
        );
    }

    #[test]
    fn value_conversions() {
        assert_eq!(parse_num(" 42 "), Some(42.0));
        assert_eq!(parse_num("-0.5"), Some(-0.5));
        assert_eq!(parse_num("+7"), Some(7.0));
        assert_eq!(parse_num("1e3"), Some(1000.0));
        assert_eq!(
            parse_num("12345678901234567890"),
            Some(1.2345678901234567e19)
        );
        assert_eq!(parse_num("inf"), None);
        assert_eq!(parse_num("NaN"), None);
        assert_eq!(parse_num("1e999"), None);
        assert_eq!(parse_num(""), None);
        assert_eq!(parse_num("-"), None);
        assert_eq!(parse_num("1,5"), None);
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("1969-12-31"), Some(-1));
        assert_eq!(parse_date("2024-02-29T23:59:59Z"), Some(19782));
        assert_eq!(parse_date("2024-02-29x"), None);
        assert_eq!(parse_date("2023-02-29"), None);
        let mut s = String::new();
        assert!(format_date(19782, &mut s));
        assert_eq!(s, "2024-02-29");
        let fmt = |v: f64| {
            let mut s = String::new();
            format_num(v, &mut s);
            s
        };
        assert_eq!(fmt(3.0), "3");
        assert_eq!(fmt(-0.0), "0");
        assert_eq!(fmt(0.1), "0.1");
        assert_eq!(fmt(-2.5), "-2.5");
        assert_eq!(substr("hello", 2.0, Some(3.0)), Some("ell"));
        assert_eq!(substr("héllo", 1.0, Some(2.0)), Some("hé"));
        assert_eq!(substr("hello", f64::MAX, None), Some(""));
        assert_eq!(substr("hello", -5.0, Some(f64::MAX)), Some("hello"));
        assert_eq!(substr("hello", -f64::MAX, Some(f64::MAX)), Some(""));
    }

    #[test]
    fn like_patterns_compile_to_the_cheap_matchers() {
        let kind = |p: &str, ci: bool| match like_matcher(p, Some('\\'), ci).unwrap() {
            Matcher::Any => "any",
            Matcher::Exact(_) => "exact",
            Matcher::Prefix(_) => "prefix",
            Matcher::Suffix(_) => "suffix",
            Matcher::Contains(_) => "contains",
            Matcher::Regex(_) => "regex",
        };
        assert_eq!(kind("abc", false), "exact");
        assert_eq!(kind("%", false), "any");
        assert_eq!(kind("%%", false), "any");
        assert_eq!(kind("ab%", false), "prefix");
        assert_eq!(kind("%ab", false), "suffix");
        assert_eq!(kind("%ab%", false), "contains");
        assert_eq!(kind("a\\%b", false), "exact");
        assert_eq!(kind("a%b", false), "regex");
        assert_eq!(kind("a_", false), "regex");
        assert_eq!(kind("ab%", true), "regex");
    }

    #[test]
    fn predicates_are_shareable_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Predicate>();
        assert_send_sync::<SqlError>();
    }

    /// Throughput on a simple comparison and on the example rule (run with `--ignored`; the
    /// numbers printed are for the build profile used).
    #[test]
    #[ignore]
    fn throughput() {
        let n = 1_000_000;
        let amounts: Vec<String> = (0..n).map(|i| (i % 1000).to_string()).collect();
        let countries: Vec<&str> = (0..n)
            .map(|i| if i % 3 == 0 { "DE" } else { "FR" })
            .collect();
        let postcodes: Vec<String> = (0..n).map(|i| format!("{:05}", i % 100_000)).collect();
        let columns: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from_iter_values(&amounts)),
            Arc::new(StringArray::from_iter_values(&countries)),
            Arc::new(StringArray::from_iter_values(&postcodes)),
        ];
        let names = names(&["amount", "country", "postcode"]);
        for rule in [
            "country <> 'DE'",
            "amount > 100",
            "country <> 'DE' OR regexp_like(postcode, '^[0-9]{5}$')",
        ] {
            let predicate = compile(rule, &names).unwrap();
            let start = std::time::Instant::now();
            let mut failed = 0;
            for _ in 0..5 {
                failed += predicate.eval(&columns, n).false_count();
            }
            let rate = 5.0 * n as f64 / start.elapsed().as_secs_f64();
            println!("{rule}: {:.1} M rows/s ({failed} failures)", rate / 1e6);
        }
    }
}
