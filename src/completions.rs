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
    let classes = class_names(kb);
    let with_names = |arg: clap::Arg| arg.value_parser(PossibleValuesParser::new(names.clone()));
    let with_classes =
        |arg: clap::Arg| arg.value_parser(PossibleValuesParser::new(classes.clone()));
    let mut command = crate::cli::showing_options_read(
        Cli::command()
            .mut_arg("substances", with_names)
            .mut_subcommand("info", |info| info.mut_arg("name", with_names))
            .mut_subcommand("matrix", |matrix| matrix.mut_arg("substances", with_names))
            .mut_subcommand("list", |list| list.mut_arg("class", with_classes)),
    );
    let generator = match shell {
        Shell::Bash => Generator::Bash,
        Shell::Zsh => Generator::Zsh,
        Shell::Fish => Generator::Fish,
        Shell::Powershell => Generator::PowerShell,
    };
    let name = command.get_name().to_string();
    let mut buffer = Vec::new();
    clap_complete::generate(generator, &mut command, name.as_str(), &mut buffer);
    if shell == Shell::Bash {
        let script = String::from_utf8(buffer).expect("completion scripts are UTF-8");
        return out.write_all(bash_subcommand_states(&script, &name).as_bytes());
    }
    out.write_all(&buffer)
}

/// clap_complete's bash script names the state of a subcommand one way where it sets it
/// (`kratom__check__subcmd__info`) and another where it reads it
/// (`kratom__subcmd__check__subcmd__info`) when the binary's name has a hyphen, so nothing
/// completes after a subcommand (clap-rs/clap#6421, #6529). The readers are respelt as the
/// setter spells them.
fn bash_subcommand_states(script: &str, bin: &str) -> String {
    let read_as = format!("{}__subcmd__", bin.replace('-', "__subcmd__"));
    let set_as = format!("{}__subcmd__", bin.replace('-', "__"));
    script.replace(&read_as, &set_as)
}

/// Class ids and names, for `list --class`.
fn class_names(kb: &KnowledgeBase) -> Vec<String> {
    one_word_names(
        kb.classes
            .iter()
            .flat_map(|c| std::iter::once(&c.id).chain(&c.aliases)),
    )
}

/// Substance and product ids and names, and class names.
fn completable_names(kb: &KnowledgeBase) -> Vec<String> {
    let names = kb
        .named_substances()
        .flat_map(|(_, s)| std::iter::once(&s.id).chain(&s.aliases))
        .chain(
            kb.products
                .iter()
                .flat_map(|p| std::iter::once(&p.id).chain(&p.aliases)),
        )
        .chain(kb.classes.iter().flat_map(|c| &c.aliases));
    one_word_names(names)
}

/// Letters, digits, hyphens and underscores only, so no script needs quoting rules for them;
/// lower case, sorted, each once.
fn one_word_names<'a>(names: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut names: Vec<String> = names
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
