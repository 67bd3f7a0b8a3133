//! Shell completion scripts. Substance names are offered where a substance is expected, so
//! they are taken from the knowledge base when the script is generated.

use std::io::{self, Write};

use clap::CommandFactory;
use clap::builder::PossibleValuesParser;
use clap_complete::Shell as Generator;

use crate::cli::{Cli, Shell};
use crate::kb::KnowledgeBase;

/// Writes the completion script for `shell`.
pub fn write(shell: Shell, kb: &KnowledgeBase, out: &mut dyn Write) -> io::Result<()> {
    let names = completable_names(kb);
    let with_names = |arg: clap::Arg| arg.value_parser(PossibleValuesParser::new(names.clone()));
    let mut command = Cli::command()
        .mut_arg("substances", with_names)
        .mut_subcommand("info", |info| info.mut_arg("name", with_names));
    let generator = match shell {
        Shell::Bash => Generator::Bash,
        Shell::Zsh => Generator::Zsh,
        Shell::Fish => Generator::Fish,
        Shell::Powershell => Generator::PowerShell,
    };
    let name = command.get_name().to_string();
    let mut buffer = Vec::new();
    clap_complete::generate(generator, &mut command, name, &mut buffer);
    out.write_all(&buffer)
}

/// Ids and names that a shell can offer as one word: letters, digits, hyphens and
/// underscores only, so no script needs quoting rules for them.
fn completable_names(kb: &KnowledgeBase) -> Vec<String> {
    let mut names: Vec<String> = kb
        .named_substances()
        .flat_map(|(_, s)| std::iter::once(&s.id).chain(&s.aliases))
        .chain(
            kb.products
                .iter()
                .flat_map(|p| std::iter::once(&p.id).chain(&p.aliases)),
        )
        .chain(kb.classes.iter().flat_map(|c| &c.aliases))
        .filter(|name| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(|name| name.to_lowercase())
        .collect();
    names.sort();
    names.dedup();
    names
}
