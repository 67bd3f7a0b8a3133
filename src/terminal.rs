//! What the terminal can show, read once for the printers: colour (`--color`, NO_COLOR, a dumb
//! terminal), the width to lay tables out in, and whether box-drawing characters will show.

use std::io::{self, IsTerminal};

use crate::cli::ColorChoice;
use crate::report::text::TextStyle;

/// Width used when stdout is not a terminal, so piped output stays readable at 80 columns.
const DEFAULT_WIDTH: u16 = 80;
/// A narrower `COLUMNS` is taken for a mistake: no table reads at that width.
const MIN_WIDTH: u16 = 40;

pub fn text_style(choice: ColorChoice) -> TextStyle {
    let terminal = io::stdout().is_terminal();
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|term| term != "dumb")
        }
    };
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|&c| c >= MIN_WIDTH);
    let width = match columns {
        Some(columns) => columns,
        None if terminal => comfy_table_width().unwrap_or(DEFAULT_WIDTH),
        None => DEFAULT_WIDTH,
    };
    TextStyle {
        color,
        width,
        ascii: !unicode_terminal(),
    }
}

/// Whether box-drawing characters will show: the terminal is not dumb and the locale's
/// character set (the first of LC_ALL, LC_CTYPE and LANG that is set) is UTF-8.
fn unicode_terminal() -> bool {
    let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
    if var("TERM").is_some_and(|term| term == "dumb") {
        return false;
    }
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .into_iter()
        .find_map(var)
        .is_some_and(|locale| {
            let locale = locale.to_ascii_lowercase();
            locale.contains("utf-8") || locale.contains("utf8")
        })
}

fn comfy_table_width() -> Option<u16> {
    comfy_table::Table::new().width()
}
