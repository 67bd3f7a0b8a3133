//! How names are compared: the one normalisation that loading (alias collisions) and name
//! resolution (matching what a person typed) must share.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Reduces a name to its comparison key: lower case letters and digits only, so that
/// "St. John's Wort", "st johns wort" and "ST-JOHNS-WORT" are one name. Trademark signs,
/// punctuation, spacing and accents carry no meaning in a substance name ("Névralgine" is
/// typed "nevralgine"), and Greek letters are spelled out as chemists do ("Δ9-THC" is
/// "delta-9-THC").
pub fn key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        match greek_letter(c) {
            Some(spelled) => key.push_str(spelled),
            None if c.is_alphanumeric() => key.extend(c.to_lowercase()),
            None => {}
        }
    }
    key
}

fn greek_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'α' | 'Α' => "alpha",
        'β' | 'Β' => "beta",
        'γ' | 'Γ' => "gamma",
        'δ' | 'Δ' => "delta",
        'κ' | 'Κ' => "kappa",
        'μ' | 'Μ' | 'µ' => "mu",
        _ => return None,
    })
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), for
/// suggestions on names that did not resolve.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        for j in 1..=b.len() {
            let substitution = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + substitution);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = best;
        }
    }
    rows[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_share_a_key() {
        assert_eq!(key("St. John's Wort"), "stjohnswort");
        assert_eq!(key("ST-JOHNS-WORT"), "stjohnswort");
        assert_eq!(key("  st  johns   wort "), "stjohnswort");
        assert_eq!(key("Zoloft®"), "zoloft");
        assert_eq!(key("7-OH"), key("7oh"));
        assert_eq!(key("Névralgine"), "nevralgine");
        assert_eq!(key("Δ9-THC"), key("delta-9-thc"));
        assert_eq!(key("ＭＤＭＡ"), "mdma");
    }

    #[test]
    fn distance_counts_edits_and_transpositions() {
        assert_eq!(edit_distance("sertraline", "sertraline"), 0);
        assert_eq!(edit_distance("sertralin", "sertraline"), 1);
        assert_eq!(edit_distance("setrraline", "sertraline"), 1);
        assert_eq!(edit_distance("kava", "java"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
