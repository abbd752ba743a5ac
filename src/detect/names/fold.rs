//! Folding: lower case, accents removed, a few letters spelled out ("ß" → "ss", "ł" → "l"), so
//! "MÜLLER", "Müller" and "Muller" meet in the dictionary. Text is folded token by token; the
//! tokenizer keeps each token's byte offsets into the original, so nothing is lost.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Letters that Unicode decomposition does not reduce to a Latin base letter, spelled out
/// ("ß" → "ss", "ł" → "l", "þ" → "th"). Shared with record linkage's name folding.
pub fn spelled_out(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        'ħ' | 'Ħ' => "h",
        'ŧ' | 'Ŧ' => "t",
        'ĸ' => "k",
        'ŋ' | 'Ŋ' => "ng",
        'ƒ' => "f",
        _ => return None,
    })
}

/// Appends the folded form of `c` to `out`.
#[inline]
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Some(spelled) = spelled_out(c) {
        out.push_str(spelled);
        return;
    }
    for lower in c.to_lowercase() {
        decompose_canonical(lower, |d| {
            if !is_combining_mark(d) {
                out.push(d);
            }
        });
    }
}

/// Appends the folded form of `s` to `out`.
pub fn fold_into(s: &str, out: &mut String) {
    for c in s.chars() {
        fold_char(c, out);
    }
}

/// Folds a dictionary entry (same as text).
pub fn fold_key(s: &str, out: &mut String) {
    fold_into(s, out)
}

/// The folded form of `s`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn case_accents_and_spelled_out_letters() {
        assert_eq!(fold("MÜLLER"), "muller");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Ærø"), "aero");
        assert_eq!(fold("François"), "francois");
        assert_eq!(fold("Ελένη"), "ελενη");
        assert_eq!(fold("Šťastný"), "stastny");
    }
}
