//! Shell completion scripts. Substance names are offered where a substance is expected, so
//! they are taken from the knowledge base when the script is generated.

use std::io::{self, Write};

use clap::builder::PossibleValuesParser;
use clap::{CommandFactory, ValueEnum};
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
        let script = bash_names_in_any_case(&bash_subcommand_states(&script, &name));
        return out.write_all(script.as_bytes());
    }
    if shell == Shell::Zsh {
        let script = String::from_utf8(buffer).expect("completion scripts are UTF-8");
        let commands: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        return out.write_all(zsh_names_or_command(&script, &names, &commands).as_bytes());
    }
    if shell == Shell::Fish {
        let script = String::from_utf8(buffer).expect("completion scripts are UTF-8");
        let commands: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        return out.write_all(fish_names(&script, &names, &commands).as_bytes());
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

/// Names are offered in lower case; bash matches them to what is typed case-sensitively, so
/// `info Zol` would find nothing. Each word list is matched against the typed word in lower
/// case instead (options, which start with `-`, as typed; file names are not word lists).
fn bash_names_in_any_case(script: &str) -> String {
    const TYPED: &str = "    prev=\"$3\"\n";
    let fold = "    # Names are offered in lower case: what is typed matches them in any case.\n    \
                local typed=\"${cur}\"\n    \
                [[ \"${cur}\" == -* ]] || typed=\"$(tr '[:upper:]' '[:lower:]' <<< \"${cur}\")\"\n";
    script
        .replacen(TYPED, &format!("{TYPED}{fold}"), 1)
        .replace("\" -- \"${cur}\")", "\" -- \"${typed}\")")
}

/// clap_complete's fish script completes no positional value, and an option still waiting
/// for its value before any command (`kratom-check --form `) makes its test for "no command
/// yet" fail, so fish offered file names there. That test is made to read a parse failure as
/// no command yet (a command stops the options it parses), and names are offered where a
/// check, `info` or `matrix` takes them, and shells after `completions`.
fn fish_names(script: &str, names: &[String], commands: &[&str]) -> String {
    let fixed = script.replacen(
        "-- $cmd 2>/dev/null\n    or return\n",
        "-- $cmd 2>/dev/null\n    or return 0\n",
        1,
    );
    let names = names.join(" ");
    let shells: Vec<String> = Shell::value_variants()
        .iter()
        .filter_map(|shell| shell.to_possible_value())
        .map(|value| value.get_name().to_string())
        .collect();
    format!(
        "{fixed}
# Substance names: the words of a check (first or after another name), of `info` and `matrix`.
function __fish_kratom_check_naming
    set -l cmd (__fish_kratom_check_needs_command)
    test -z \"$cmd\"
    and return 0
    not contains -- $cmd[1] {commands}
end

complete -c kratom-check -n \"__fish_kratom_check_naming\" -f -a \"{names}\"
complete -c kratom-check -n \"__fish_kratom_check_using_subcommand info matrix\" -f -a \"{names}\"
complete -c kratom-check -n \"__fish_kratom_check_using_subcommand completions\" -f -a \"{shells}\"
",
        commands = commands.join(" "),
        shells = shells.join(" "),
    )
}

/// clap_complete's zsh script reads the first word as a substance (the check's positional) and
/// looks for the command in the second, so nothing completed after `info` or `matrix`. The
/// first word is read as a command or a name instead: the command's arguments follow a
/// command, more names follow a name.
fn zsh_names_or_command(script: &str, names: &[String], commands: &[&str]) -> String {
    let positional = script
        .lines()
        .find(|line| line.starts_with("':substances -- "))
        .map(|line| format!("{line}\n"));
    let mut script = match positional {
        Some(line) => script.replacen(&line, "", 1),
        None => script.to_string(),
    };
    script = script.replace("$line[2]", "$line[1]");
    let after_a_name = format!(
        "        if [[ \" {} \" != *\" $line[1] \"* ]]; then\n            \
         _kratom-check_names\n            return\n        fi\n        case $line[1] in\n",
        commands.join(" ")
    );
    script = script.replacen("        case $line[1] in\n", &after_a_name, 1);
    script = script.replacen(
        "    _describe -t commands 'kratom-check commands' commands \"$@\"\n",
        "    _describe -t commands 'kratom-check commands' commands \"$@\"\n    _kratom-check_names\n",
        1,
    );
    let names_function = format!(
        "(( $+functions[_kratom-check_names] )) ||\n_kratom-check_names() {{\n    \
         compadd -- {}\n}}\n\n",
        names.join(" ")
    );
    let end = "if [ \"$funcstack[1]\" = \"_kratom-check\" ]; then";
    script.replacen(end, &format!("{names_function}{end}"), 1)
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
