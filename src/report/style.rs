//! How text is drawn: the terminal's width and colour, prose wrapped to the width, and each
//! tier's colours, for painted text and a grid's cells alike.

use anstyle::{AnsiColor, Effects, Style};
use comfy_table::presets::{ASCII_FULL_CONDENSED, UTF8_FULL_CONDENSED};
use comfy_table::{Attribute, Cell, Color, ContentArrangement, LineStyle, Table};

use crate::kb::Tier;

/// How text is drawn: decided by the caller from `--color`, `NO_COLOR`, the terminal and the
/// locale.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub color: bool,
    pub width: u16,
    /// Draw borders with ASCII only: the locale is not UTF-8 or the terminal is dumb.
    pub ascii: bool,
}

/// comfy-table's ASCII grid, its header rule broken at the columns as the other rules are
/// (`+=====+=====+`, not one unbroken `+===========+`).
const ASCII_GRID: comfy_table::TableStyle =
    ASCII_FULL_CONDENSED.header_separator(LineStyle::new('+', '=', '+', '+'));

impl TextStyle {
    /// An empty grid in this style: borders, width and colour set.
    pub(super) fn table(self) -> Table {
        let mut table = Table::new();
        table
            .load_style(if self.ascii {
                ASCII_GRID
            } else {
                UTF8_FULL_CONDENSED
            })
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(self.width);
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table
    }

    pub(super) fn wrap(self, text: &str) -> String {
        wrap(text, usize::from(self.width), "")
    }
}

/// Breaks prose at spaces so no line is wider than `width`; a word longer than the width
/// (a URL) stands on a line of its own. Lines after the first start with `indent`.
pub(super) fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    // A text's own indent is kept on its first line.
    let words = text.trim_start_matches(' ');
    let mut line = " ".repeat(text.len() - words.len());
    for word in words.split(' ') {
        if !line.trim_start().is_empty() && line.chars().count() + 1 + word.chars().count() > width
        {
            lines.push(std::mem::take(&mut line));
            line.push_str(indent);
        }
        if !line.trim_start().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

/// Colour follows severity: AVOID the most alarming (white on red), then red, yellow and cyan.
/// Nothing is green: finding nothing is not proof of safety. The one definition of the tiers'
/// colours, for painted text and for a grid's cells.
fn tier_style(tier: Tier) -> Style {
    let style = Style::new();
    match tier {
        Tier::Avoid => style
            .bold()
            .fg_color(Some(AnsiColor::BrightWhite.into()))
            .bg_color(Some(AnsiColor::Red.into())),
        Tier::Major => style.bold().fg_color(Some(AnsiColor::Red.into())),
        Tier::Moderate => style.bold().fg_color(Some(AnsiColor::Yellow.into())),
        Tier::Minor => style.fg_color(Some(AnsiColor::Cyan.into())),
        Tier::None => style.bold(),
    }
}

/// A tier's cell in a grid, in the tier's colours, each hue drawn bright as comfy-table's
/// colours (crossterm's: its plain names are the bright colours) draw it.
pub(super) fn tier_cell(text: &str, tier: Tier, style: TextStyle) -> Cell {
    let mut cell = Cell::new(text);
    if !style.color {
        return cell;
    }
    let tier_style = tier_style(tier);
    if let Some(fg) = tier_style.get_fg_color().and_then(grid_color) {
        cell = cell.fg(fg);
    }
    if let Some(bg) = tier_style.get_bg_color().and_then(grid_color) {
        cell = cell.bg(bg);
    }
    if tier_style.get_effects().contains(Effects::BOLD) {
        cell = cell.add_attribute(Attribute::Bold);
    }
    cell
}

/// A colour's hue, bright, as comfy-table names it.
fn grid_color(color: anstyle::Color) -> Option<Color> {
    let anstyle::Color::Ansi(color) = color else {
        return None;
    };
    Some(match color {
        AnsiColor::Black | AnsiColor::BrightBlack => Color::DarkGrey,
        AnsiColor::Red | AnsiColor::BrightRed => Color::Red,
        AnsiColor::Green | AnsiColor::BrightGreen => Color::Green,
        AnsiColor::Yellow | AnsiColor::BrightYellow => Color::Yellow,
        AnsiColor::Blue | AnsiColor::BrightBlue => Color::Blue,
        AnsiColor::Magenta | AnsiColor::BrightMagenta => Color::Magenta,
        AnsiColor::Cyan | AnsiColor::BrightCyan => Color::Cyan,
        AnsiColor::White | AnsiColor::BrightWhite => Color::White,
    })
}

/// Text in its tier's colours, as one SGR sequence a line ("\x1b[1;31m...\x1b[0m").
pub(super) fn paint(text: &str, tier: Tier, style: TextStyle) -> String {
    if !style.color {
        return text.to_string();
    }
    let tier_style = tier_style(tier);
    let mut codes: Vec<String> = Vec::new();
    if tier_style.get_effects().contains(Effects::BOLD) {
        codes.push("1".into());
    }
    let ansi = |color: Option<anstyle::Color>| match color {
        Some(anstyle::Color::Ansi(color)) => Some(color as u8),
        _ => None,
    };
    // 30-37 and 90-97 name a foreground colour, 40-47 and 100-107 a background.
    let sgr = |n: u8, base: u8| if n < 8 { base + n } else { base + 60 + n - 8 };
    codes.extend(ansi(tier_style.get_fg_color()).map(|n| sgr(n, 30).to_string()));
    codes.extend(ansi(tier_style.get_bg_color()).map(|n| sgr(n, 40).to_string()));
    let code = codes.join(";");
    // Per line, so a pager or a wrapped line never carries the colour on.
    text.lines()
        .map(|line| format!("\x1b[{code}m{line}\x1b[0m"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where a line's text starts after its tier's label.
const TIER_COLUMN: usize = 10;

/// A line led by its tier ("MAJOR     Sertraline + Alcohol ..."): the text wrapped under
/// itself, only the label painted (the colour marks severity, the words stay plain).
pub(super) fn tier_line(tier: Tier, text: &str, style: TextStyle) -> String {
    let label = tier.as_str().to_uppercase();
    let line = wrap(
        &format!("{label:<TIER_COLUMN$}{text}"),
        usize::from(style.width),
        &" ".repeat(TIER_COLUMN),
    );
    format!("{}{}", paint(&label, tier, style), &line[label.len()..])
}
