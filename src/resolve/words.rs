//! Words typed apart, read as names: where commas end names, which words belong to the name
//! before them, and which reading of the rest uses the most words in known names.

/// What a stretch of words read as one known name costs in words not taken as the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub words_set_aside: usize,
}

/// The arguments split into runs that a comma ends ("spironolactone, potassium chloride"):
/// no name runs across a comma. An argument that is a known name as a whole keeps its commas
/// ("N,N-DMT"), and so does a number ("1,000 mg").
pub fn comma_runs<'a>(
    arguments: impl IntoIterator<Item = &'a str>,
    is_known_name: impl Fn(&str) -> bool,
) -> Vec<Vec<String>> {
    let mut runs = vec![Vec::new()];
    for argument in arguments {
        let pieces = if is_known_name(argument) {
            vec![argument]
        } else {
            split_at_commas(argument)
        };
        let last = pieces.len() - 1;
        for (i, piece) in pieces.into_iter().enumerate() {
            let piece = piece.trim();
            if !piece.is_empty() {
                runs.last_mut().expect("runs start with one").push(piece.to_string());
            }
            if i < last {
                runs.push(Vec::new());
            }
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}

/// `text` cut at each comma that is not between two digits.
fn split_at_commas(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(',') {
        let between_digits = i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if !between_digits {
            pieces.push(&text[start..i]);
            start = i + 1;
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// The words of one run grouped so that each word that describes the name before it (a
/// strength, a dose form, an added ingredient) travels with that name.
pub fn glue_label_words(run: &[String], describes_previous: impl Fn(&str) -> bool) -> Vec<String> {
    let mut groups: Vec<String> = Vec::with_capacity(run.len());
    for word in run {
        match groups.last_mut() {
            Some(group) if describes_previous(word) => {
                group.push(' ');
                group.push_str(word);
            }
            _ => groups.push(word.clone()),
        }
    }
    groups
}

/// How good a reading of some groups is; a greater score is a better reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    /// Groups that are part of a known name: every word a known name can use is used.
    recognised: usize,
    /// Fewer, longer names ("st johns wort" over "st", "johns", "wort").
    fewer_names: std::cmp::Reverse<usize>,
    /// Names taken as written over names with label words set aside.
    fewer_set_aside: std::cmp::Reverse<usize>,
}

impl Score {
    fn add(self, recognised: usize, set_aside: usize) -> Score {
        Score {
            recognised: self.recognised + recognised,
            fewer_names: std::cmp::Reverse(self.fewer_names.0 + 1),
            fewer_set_aside: std::cmp::Reverse(self.fewer_set_aside.0 + set_aside),
        }
    }
}

/// The names `groups` read as: the reading whose names use the most groups, then the one with
/// fewest names, then the one that sets aside fewest words. `reading_of` says whether a stretch
/// of groups is one known name; a single group is always a name of its own, known or not.
/// Whatever the order of the names, the reading of each stretch is the same, so the answer
/// does not depend on the order typed.
pub fn best_reading(
    groups: &[String],
    longest: usize,
    reading_of: impl Fn(&[String]) -> Option<Reading>,
) -> Vec<String> {
    let n = groups.len();
    // best[i]: the best score of groups[i..] and where its first name ends.
    let mut best: Vec<(Score, usize)> = vec![(Score::default(), n); n + 1];
    for start in (0..n).rev() {
        let mut choice: Option<(Score, usize)> = None;
        for end in start + 1..=n.min(start + longest) {
            let reading = reading_of(&groups[start..end]);
            if end > start + 1 && reading.is_none() {
                continue;
            }
            let recognised = if reading.is_some() { end - start } else { 0 };
            let set_aside = reading.map_or(0, |r| r.words_set_aside);
            let score = best[end].0.add(recognised, set_aside);
            if choice.is_none_or(|(best_score, _)| score > best_score) {
                choice = Some((score, end));
            }
        }
        best[start] = choice.expect("a single group is always a reading");
    }
    let mut names = Vec::new();
    let mut start = 0;
    while start < n {
        let end = best[start].1;
        names.push(groups[start..end].join(" "));
        start = end;
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(arguments: &[&str]) -> Vec<Vec<String>> {
        comma_runs(arguments.iter().copied(), |text| text == "N,N-DMT")
    }

    #[test]
    fn a_comma_ends_a_name_wherever_it_is_typed() {
        assert_eq!(
            runs(&["spironolactone,", "potassium", "chloride"]),
            vec![vec!["spironolactone"], vec!["potassium", "chloride"]]
        );
        assert_eq!(
            runs(&["spironolactone", ",potassium"]),
            vec![vec!["spironolactone"], vec!["potassium"]]
        );
        assert_eq!(runs(&["a,b"]), vec![vec!["a"], vec!["b"]]);
        assert_eq!(runs(&["N,N-DMT", "x"]), vec![vec!["N,N-DMT", "x"]]);
        assert_eq!(runs(&["1,000", "mg"]), vec![vec!["1,000", "mg"]]);
        assert!(runs(&[",", " "]).is_empty());
    }

    #[test]
    fn the_reading_that_uses_most_words_wins_then_the_fewest_names() {
        let known = |segment: &[String]| {
            let text = segment.join(" ");
            ["a b", "b c d", "a", "d", "c"]
                .contains(&text.as_str())
                .then_some(Reading { words_set_aside: 0 })
        };
        let groups: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        assert_eq!(best_reading(&groups, 6, known), vec!["a", "b c d"]);
        let groups: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(best_reading(&groups, 6, known), vec!["a b", "c"]);
    }
}
