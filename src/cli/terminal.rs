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
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    let color = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_color(
            terminal,
            var("NO_COLOR").is_some(),
            var("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
            var("TERM").is_some_and(|term| term == "dumb"),
        ),
    };
    let columns = std::env::var("COLUMNS").ok();
    let measured = if terminal { comfy_table_width() } else { None };
    TextStyle {
        color,
        width: width(columns.as_deref(), measured),
        ascii: !unicode_terminal(),
    }
}

/// `--color auto`, by the usual conventions: NO_COLOR turns colour off, even when
/// CLICOLOR_FORCE would force it on; otherwise colour on a terminal that is not dumb.
fn auto_color(terminal: bool, no_color: bool, force: bool, dumb: bool) -> bool {
    !no_color && (force || (terminal && !dumb))
}

/// The width to lay text out in: `COLUMNS` when it is a usable width, else the terminal's
/// when it reports one (a terminal of width 0, as `script` and some CI runners report, has
/// none), else the default.
fn width(columns: Option<&str>, terminal: Option<u16>) -> u16 {
    columns
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c >= MIN_WIDTH)
        .or(terminal.filter(|&w| w > 0))
        .unwrap_or(DEFAULT_WIDTH)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_of_width_zero_is_laid_out_at_the_default_width() {
        assert_eq!(width(None, Some(0)), DEFAULT_WIDTH);
        assert_eq!(width(Some("0"), Some(0)), DEFAULT_WIDTH);
        assert_eq!(width(None, Some(132)), 132);
        assert_eq!(width(Some("100"), Some(0)), 100);
        assert_eq!(width(Some("10"), None), DEFAULT_WIDTH);
    }

    #[test]
    fn no_color_wins_over_clicolor_force() {
        assert!(auto_color(false, false, true, false));
        assert!(!auto_color(true, true, true, false));
        assert!(!auto_color(false, false, false, false));
        assert!(auto_color(true, false, false, false));
        assert!(!auto_color(true, false, false, true));
    }
}
