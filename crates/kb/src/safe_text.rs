//! Text that did not come from the program (typed names, a layer's prose, paths) made safe for a
//! terminal: control characters, escape sequences and the invisible characters that reorder or
//! hide text (bidirectional overrides, zero-width and line-separator characters) are shown as
//! `\u{...}` instead of acted on. Every printer of such text goes through here.

use std::borrow::Cow;

/// Whether a terminal would act on `c` rather than show it, or would show nothing for it: a
/// control character other than tab and newline, a Unicode format or separator character that
/// reorders or hides text, or a character drawn blank (Unicode's default-ignorable characters:
/// soft hyphen, variation selectors, tag characters, the Hangul fillers; and the blank Braille
/// pattern), since a name that looks like a known one must not hide the difference.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{2800}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// `text` with every unsafe character shown as its escape; borrowed when there is none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_unsafe(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// What a person typed, on one line: unsafe characters, tabs and newlines shown as escapes, and
/// a very long input shortened to its start and its length.
pub fn typed(input: &str) -> String {
    const SHOWN: usize = 60;
    let count = input.chars().count();
    let start: String = input.chars().take(SHOWN).collect();
    let mut shown = visible(&start).replace('\t', "\\t").replace('\n', "\\n");
    if count > SHOWN {
        shown.push_str(&format!("... ({count} characters)"));
    }
    shown
}

/// The first character of `text` that [`is_unsafe`] refuses, raw or written as a
/// YAML escape (`"\e"`, `"\x1b"`, `"\u202E"`): a layer's text is printed as it stands, so it is
/// refused where it is written rather than escaped wherever it is shown. A carriage return (a
/// file with Windows line ends) is allowed. Escapes are looked for outside double quotes too,
/// where they are literal text; prose has no reason to hold one.
pub fn first_unsafe_in_yaml(text: &str) -> Option<(usize, String)> {
    let refused = |c: char| c != '\r' && is_unsafe(c);
    let mut chars = text.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if refused(c) {
            return Some((offset, format!("character {}", c.escape_unicode())));
        }
        if c != '\\' {
            continue;
        }
        let Some((_, letter)) = chars.next() else {
            break;
        };
        let hex_digits = match letter {
            '0' | 'a' | 'b' | 'e' | 'v' | 'f' | 'N' | 'L' | 'P' => {
                return Some((offset, format!("escape `\\{letter}`")));
            }
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => continue,
        };
        let digits: String = text[offset + 2..].chars().take(hex_digits).collect();
        let decoded = u32::from_str_radix(&digits, 16)
            .ok()
            .and_then(char::from_u32);
        if decoded.is_some_and(refused) {
            return Some((offset, format!("escape `\\{letter}{digits}`")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_reordering_characters_are_shown_not_acted_on() {
        let hostile = "a\u{1b}]0;x\u{7}\u{1b}[2Jb\u{202E}c\u{2067}d\u{200F}e\u{2028}f";
        let shown = visible(hostile);
        assert!(!shown.chars().any(is_unsafe), "{shown}");
        assert!(
            shown.contains("\\u{202e}") && shown.contains("\\u{1b}"),
            "{shown}"
        );
        assert_eq!(visible("Kratom + Alcohol\n"), "Kratom + Alcohol\n");
        for blank in [
            '\u{E0041}',
            '\u{3164}',
            '\u{AD}',
            '\u{34F}',
            '\u{2800}',
            '\u{FEFF}',
        ] {
            assert_eq!(
                visible(&format!("a{blank}b")),
                format!("a{}b", blank.escape_unicode())
            );
        }
        assert_eq!(typed("a\tb\nc"), "a\\tb\\nc");
        assert!(typed(&"x".repeat(100)).ends_with("... (100 characters)"));
    }

    #[test]
    fn a_layer_is_searched_for_raw_and_escaped_unsafe_characters() {
        assert_eq!(first_unsafe_in_yaml("a: b\r\nc: \"\\t\\\\e\"\n"), None);
        assert_eq!(first_unsafe_in_yaml("a: \"x\\e[2J\"").map(|f| f.0), Some(5));
        assert_eq!(first_unsafe_in_yaml("a: \"\\u202E\"").map(|f| f.0), Some(4));
        assert_eq!(first_unsafe_in_yaml("a: \"\\x41\"").map(|f| f.0), None);
        assert_eq!(first_unsafe_in_yaml("a: x\u{2067}").map(|f| f.0), Some(4));
    }
}
