//! The manual page: clap's sections for the synopsis and options, then the sections clap does
//! not write (subcommands without pages of their own, examples, environment, exit status).

use std::io::{self, Write};

use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::{Cli, ENVIRONMENT, EXAMPLES, EXIT_STATUS_ORDER, EXIT_STATUSES};
use crate::kb::Tier;
use crate::report::DISCLAIMER;

pub fn write(out: &mut dyn Write) -> io::Result<()> {
    let command = Cli::command();
    let man = Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;

    // clap's own section names a page per subcommand (kratom-check-batch(1)); there are none.
    writeln!(out, ".SH COMMANDS")?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        item(out, &format!("kratom-check {}", sub.get_name()), &about)?;
    }
    writeln!(out, ".SH RISK TIERS")?;
    for tier in Tier::ALL.iter().rev() {
        item(out, tier.as_str(), tier.action())?;
    }
    writeln!(out, ".SH EXAMPLES")?;
    for (command, what) in EXAMPLES {
        item(out, command, what)?;
    }
    writeln!(out, ".SH ENVIRONMENT")?;
    for (variable, meaning) in ENVIRONMENT {
        item(out, variable, meaning)?;
    }
    writeln!(out, ".SH EXIT STATUS")?;
    for (status, meaning) in EXIT_STATUSES {
        item(out, status, meaning)?;
    }
    writeln!(out, ".PP\n{}", roff_text(EXIT_STATUS_ORDER))?;
    writeln!(out, ".SH NOTES\n{}", roff_text(DISCLAIMER))?;
    man.render_version_section(out)
}

/// A tagged paragraph: the tag in bold, the text under it.
fn item(out: &mut dyn Write, tag: &str, text: &str) -> io::Result<()> {
    writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff_text(tag), roff_text(text))
}

/// Text safe in a roff line: hyphens as minus signs (so `--json` can be searched and copied),
/// backslashes escaped, and no line starting with a control character.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}
