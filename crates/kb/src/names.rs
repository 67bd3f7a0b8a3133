//! How names are compared: the one normalisation that loading (alias collisions) and name
//! resolution (matching what a person typed) must share.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Reduces a name to its comparison key: lower case letters and digits only, so that
/// "St. John's Wort", "st johns wort" and "ST-JOHNS-WORT" are one name. Trademark signs,
/// punctuation, spacing and accents carry no meaning in a substance name ("Névralgine" is
/// typed "nevralgine"), and Greek letters are spelled out as chemists do ("Δ9-THC" is
/// "delta-9-THC").
/// A name that is its own key (an id, most names as typed in a batch) is borrowed.
pub fn key(name: &str) -> Cow<'_, str> {
    if name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Cow::Borrowed(name);
    }
    if name.is_ascii() {
        let mut key = name.to_ascii_lowercase();
        key.retain(|c| c.is_ascii_alphanumeric());
        return Cow::Owned(key);
    }
    let mut key = String::with_capacity(name.len());
    // Trademark signs decompose into letters ("™" into "TM"), so they go first.
    let unmarked = name.chars().filter(|c| !matches!(c, '™' | '®' | '©' | '℠'));
    for c in unmarked.nfkd().filter(|c| !is_combining_mark(*c)) {
        match greek_letter(c) {
            Some(spelled) => key.push_str(spelled),
            None if c.is_alphanumeric() => key.extend(c.to_lowercase()),
            None => {}
        }
    }
    Cow::Owned(key)
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

/// Which characters a key contains, one bit each (letters, digits, one bit for the rest). The
/// characters one key has and the other lacks each need an edit, so the larger of the two
/// counts is a lower bound on the edit distance: a cheap way to skip most names.
pub fn character_set(key: &str) -> u64 {
    key.chars().fold(0, |set, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            _ => 63,
        };
        set | (1 << bit)
    })
}

/// A lower bound on `edit_distance(a, b)` from the keys' character sets.
pub fn distance_lower_bound(a: u64, b: u64) -> usize {
    (a & !b).count_ones().max((b & !a).count_ones()) as usize
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), for
/// suggestions on names that did not resolve.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// [`edit_distance`] when it is at most `limit`, else `None`, computing only the cells within
/// `limit` of the diagonal and stopping at the first row past it: a long unknown name costs
/// its length times the limit per name, not its length times the name's. strsim has no
/// bounded form, and a correction asks this of every name in the base.
pub fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // A prefix pair further apart than `limit` is more than `limit` edits apart: capped there.
    let beyond = limit + 1;
    let width = b.len() + 1;
    let mut before = vec![beyond; width];
    let mut previous: Vec<usize> = (0..width).map(|j| j.min(beyond)).collect();
    let mut current = vec![beyond; width];
    for i in 1..=a.len() {
        current.fill(beyond);
        if i <= limit {
            current[0] = i;
        }
        let mut row_best = current[0];
        for j in i.saturating_sub(limit).max(1)..=(i + limit).min(b.len()) {
            let substitution = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + substitution);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best.min(beyond);
            row_best = row_best.min(current[j]);
        }
        if row_best > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|&distance| distance <= limit)
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
        assert_eq!(key("St John’s Wort™"), "stjohnswort");
    }

    #[test]
    fn distance_counts_edits_and_transpositions() {
        assert_eq!(edit_distance("sertraline", "sertraline"), 0);
        assert_eq!(edit_distance("sertralin", "sertraline"), 1);
        assert_eq!(edit_distance("setrraline", "sertraline"), 1);
        assert_eq!(edit_distance("kava", "java"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn the_bounded_distance_is_the_distance_within_its_limit() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "kava",
            "java",
            "sertraline",
            "setrlaine",
            "sertralin",
            "xanax",
            "zanac",
            "methadone",
            "metadate",
            "abcdefghij",
            "badcfehgji",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for limit in 0..6 {
                    let exact = edit_distance(a, b);
                    let expected = (exact <= limit).then_some(exact);
                    assert_eq!(
                        distance_within(&ca, &cb, limit),
                        expected,
                        "{a} {b} {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_lower_bound_never_exceeds_the_distance() {
        for (a, b) in [
            ("kava", "java"),
            ("x123", "xanax"),
            ("sertraline", "setrlaine"),
            ("", "ab"),
        ] {
            let bound = distance_lower_bound(character_set(a), character_set(b));
            assert!(bound <= edit_distance(a, b), "{a} {b}");
        }
        assert_eq!(
            distance_lower_bound(character_set("x123"), character_set("xanax")),
            3
        );
    }
}
