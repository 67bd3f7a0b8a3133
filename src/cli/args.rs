//! Command-line arguments: the only place they are defined.

use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::context::{Context, Dose, Form};
use crate::kb::{Frequency, Tier};

/// Commands worth copying, with what each shows: `--help` ends with them and the manual page
/// lists them.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("kratom-check sertraline alcohol", "the answer at a glance"),
    (
        "kratom-check --explain sertraline alcohol",
        "every finding in full, with its evidence and references",
    ),
    (
        "kratom-check --all Zoloft Xanax beer",
        "every minor finding too",
    ),
    (
        "kratom-check --dose 3g --frequency occasional alprazolam",
        "rated for how kratom is used",
    ),
    (
        "kratom-check --json naltrexone",
        "one JSON document, for scripts",
    ),
    (
        "kratom-check matrix alcohol alprazolam sertraline",
        "every pair's worst tier",
    ),
    (
        "kratom-check info zoloft",
        "what the knowledge base knows of a name",
    ),
    (
        "kratom-check schema report",
        "the JSON Schema of --json's report (schema: every document's)",
    ),
    (
        "kratom-check batch regimens.txt",
        "one NDJSON record per input line",
    ),
];

/// The documented exit statuses.
pub const EXIT_STATUSES: &[(&str, &str)] = &[
    ("0", "the check ran and every input was recognised"),
    (
        "1",
        "--fail-on was given and the overall tier is at or above it",
    ),
    (
        "2",
        "usage error, unreadable or invalid knowledge base, input over a limit, I/O error, a \
         closed standard output, or batch stopped by a signal (between records)",
    ),
    (
        "3",
        "the check ran but is incomplete: an input was not recognised, or a class or \
         ambiguous name answers differently depending on which substance is meant (batch: \
         only with --fail-on-incomplete)",
    ),
];

/// When several exit statuses apply.
pub const EXIT_STATUS_ORDER: &str = "When several apply: 2, then 1, then 3.";

/// The environment variables the program reads.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "KRATOM_CHECK_KB",
        "a knowledge-base layer, as --kb gives (a YAML file or directory)",
    ),
    (
        "NO_COLOR",
        "when set and not empty, no colour with --color auto (the default), whatever \
         CLICOLOR_FORCE says",
    ),
    (
        "CLICOLOR_FORCE",
        "when set, not empty and not 0, colour with --color auto even when the output is not \
         a terminal",
    ),
    (
        "COLUMNS",
        "the width of the text output; otherwise the terminal's, or 80 when not a terminal or \
         when the terminal reports no width",
    ),
    (
        "LC_ALL, LC_CTYPE, LANG",
        "borders are drawn in ASCII unless the first of these that is set names UTF-8",
    ),
    ("TERM", "borders are drawn in ASCII when it is dumb"),
];

/// `--help`'s closing text: tiers, examples, exit statuses.
fn after_help() -> String {
    let mut text = String::from("Risk tiers, most severe first:\n");
    for tier in Tier::ALL.iter().rev() {
        text.push_str(&format!("  {:<9} {}\n", tier.as_str(), tier.action()));
    }
    text.push_str("\nExamples:\n");
    for (command, what) in EXAMPLES {
        text.push_str(&format!("  {command}\n      {what}\n"));
    }
    text.push_str("\nExit status:\n");
    for (status, meaning) in EXIT_STATUSES {
        text.push_str(&format!("  {status}  {meaning}\n"));
    }
    text.push_str(&format!(
        "  {EXIT_STATUS_ORDER}\n\nkratom-check gives information, not medical advice."
    ));
    text
}

/// `--version`: the program's, and the built-in knowledge base's that it answers from.
fn version() -> String {
    format!(
        "{} (knowledge base {})",
        env!("CARGO_PKG_VERSION"),
        crate::kb::EMBEDDED_VERSION
    )
}

/// The options that are not global in meaning: each command shows and completes only those it
/// reads (clap would list every global option under every command). Given to a command that
/// does not read it, one is still accepted, so that scripts passing it everywhere keep working.
const COMMAND_OPTIONS: &[&str] = &[
    "json",
    "strict",
    "fail_on",
    "dose",
    "form",
    "frequency",
    "color",
    "kb",
    "no_default_kb",
];

/// The options of [`COMMAND_OPTIONS`] that each command reads, by its path of names.
fn options_read_by(path: &[&str]) -> &'static [&'static str] {
    match path {
        ["batch"] => &[
            "strict",
            "fail_on",
            "dose",
            "form",
            "frequency",
            "kb",
            "no_default_kb",
        ],
        ["matrix"] => COMMAND_OPTIONS,
        ["info"] => &[
            "json",
            "strict",
            "dose",
            "form",
            "frequency",
            "kb",
            "no_default_kb",
        ],
        ["search"] => &["json", "strict", "kb", "no_default_kb"],
        ["list"] | ["kb", "validate" | "stats"] => &["json", "kb", "no_default_kb"],
        ["completions"] | ["kb", "export"] => &["kb", "no_default_kb"],
        ["kb"] => &["kb", "no_default_kb"],
        ["schema"] => &["json", "kb", "no_default_kb"],
        _ => &[],
    }
}

/// The command line's definition, each command showing only the options it reads.
pub fn command() -> clap::Command {
    // Plain styles, set before the commands are built so each has them: clap's messages are
    // printed through `safe_text::visible`, which would show colour codes as escapes.
    showing_options_read(Cli::command().styles(clap::builder::Styles::plain()))
}

/// `command` (the command line's definition, changed for a purpose such as completion) with
/// each command showing only the options it reads.
pub fn showing_options_read(mut command: clap::Command) -> clap::Command {
    // Global options are copied into the commands when the definition is built; only then can
    // a command's copy be hidden.
    command.build();
    for sub in command.get_subcommands_mut() {
        hide_options_not_read(sub, &mut Vec::new());
    }
    command
}

fn hide_options_not_read(command: &mut clap::Command, path: &mut Vec<String>) {
    path.push(command.get_name().to_string());
    let command_path: Vec<&str> = path.iter().map(String::as_str).collect();
    let read = options_read_by(&command_path);
    *command = std::mem::take(command).mut_args(|arg| {
        let id = arg.get_id().as_str();
        if COMMAND_OPTIONS.contains(&id) && !read.contains(&id) {
            arg.hide(true)
        } else {
            arg
        }
    });
    for sub in command.get_subcommands_mut() {
        hide_options_not_read(sub, path);
    }
    path.pop();
}

/// Parses the program's arguments. Hiding each command's unread options means building every
/// command first, which a check does not need: the definition as shown is built only when clap
/// has something to print (help, version, a usage error), and accepts the same arguments.
pub fn parse() -> Result<Cli, clap::Error> {
    let mut matches = match Cli::command()
        .styles(clap::builder::Styles::plain())
        .try_get_matches()
    {
        Ok(matches) => matches,
        // The version is the same in any styles: no need to build every command's help.
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayVersion => return Err(e),
        Err(_) => command().try_get_matches()?,
    };
    Cli::from_arg_matches_mut(&mut matches)
}

/// Checks what happens when kratom is combined with other substances.
///
/// Kratom is always part of the combination: list what it is combined with. Every pair
/// (kratom with each substance, and the substances with each other) is judged, and the
/// overall tier is the most severe finding's.
#[derive(Debug, Parser)]
#[command(
    name = "kratom-check",
    version = version(),
    override_usage = "kratom-check [OPTIONS] <SUBSTANCE>...\n       kratom-check <COMMAND> [OPTIONS] [ARGS]",
    after_help = after_help(),
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Substances combined with kratom: generic names, brand names or common names.
    #[arg(value_name = "SUBSTANCE", required = true)]
    pub substances: Vec<String>,

    /// Print JSON on stdout instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    /// Every finding in full: the facts it rests on, the reasoning, advice, evidence, context
    /// notes and references.
    #[arg(long)]
    pub explain: bool,

    /// List every minor finding in the summary instead of counting those beyond the first few.
    #[arg(long)]
    pub all: bool,

    /// Resolve only exact names: never correct a misspelling.
    #[arg(long, global = true)]
    pub strict: bool,

    /// Exit with status 1 when the overall tier is this tier or more severe.
    #[arg(
        long,
        value_name = "TIER",
        value_enum,
        ignore_case = true,
        global = true
    )]
    pub fail_on: Option<Tier>,

    #[command(flatten)]
    pub kratom_use: KratomUse,

    /// When to colour the table.
    #[arg(long, value_name = "WHEN", value_enum, ignore_case = true, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Add a knowledge-base layer from this YAML file or directory; repeatable. Each layer adds
    /// substances and rules or overrides earlier ones by id (a site's local policy).
    #[arg(long, value_name = "PATH", env = "KRATOM_CHECK_KB", global = true)]
    pub kb: Vec<PathBuf>,

    /// Leave out the built-in knowledge base: use only the `--kb` layers.
    #[arg(long, requires = "kb", global = true)]
    pub no_default_kb: bool,
}

/// How kratom is used. What is not given is rated conservatively: the most severe case.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct KratomUse {
    /// Kratom dose per serving: grams of leaf or leaf equivalent (`4`, `4g`), or a band:
    /// `low` (about 1-5 g, stimulant-like), `moderate` (5-15 g, opioid-like), `high` (over 15 g).
    #[arg(long, value_name = "AMOUNT", global = true)]
    pub dose: Option<Dose>,

    /// Kratom product form. Extracts count as a high dose unless --dose is given; 7-OH and
    /// pseudoindoxyl products are rated as potent opioids.
    #[arg(
        long,
        value_name = "FORM",
        value_enum,
        ignore_case = true,
        global = true
    )]
    pub form: Option<Form>,

    /// How often kratom is used: daily use brings dependence, tolerance and enzyme induction
    /// into play.
    #[arg(
        long,
        value_name = "HOW_OFTEN",
        value_enum,
        ignore_case = true,
        global = true
    )]
    pub frequency: Option<Frequency>,
}

impl KratomUse {
    pub fn context(&self) -> Context {
        Context {
            dose: self.dose,
            form: self.form,
            frequency: self.frequency,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check many combinations: one per input line, one NDJSON record per line on stdout.
    ///
    /// A line is a JSON object ({"id": .., "substances": [..], "dose": .., "form": ..,
    /// "frequency": ..}; any other field is echoed in the record's `extra`) or names separated
    /// by commas or backslashes (or by spaces when there is neither).
    /// Every line that is not blank gives one record, in input order: the envelope --json
    /// starts with (schema_version, tool, knowledge_base), the line number (blank lines are
    /// counted, then skipped), the id, `extra`, an `error` ("" when the line was read and
    /// resolved), and the report without its words: tier, complete, context (its assumptions by key),
    /// substances by id, unresolved, and findings with their rule, tier, substances,
    /// mechanisms, grade and basis. `kratom-check kb export` prints every substance's name and
    /// every rule's title, prose and references by id; --full puts the whole --json report in
    /// each record instead. A summary of lines read and records written goes to stderr. Exit
    /// status: 0 when every line got its record, errors included; 1 with --fail-on when any
    /// line reaches the tier, else 3 with --fail-on-incomplete when any line had an error.
    Batch {
        /// Input file; standard input when absent or `-`.
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,

        /// Each record's report exactly as --json prints it, prose included: about eight times
        /// the bytes of a compact record.
        #[arg(long)]
        full: bool,

        /// Exit 3 when any record has an error (a line not read, a name not recognised, an
        /// answer that depends on which substance is meant).
        #[arg(long)]
        fail_on_incomplete: bool,

        /// Text lines start with an id and a tab (ID<TAB>names), echoed as a string.
        #[arg(long)]
        tab_ids: bool,

        /// ndjson: one JSON record per line; csv: a flat table, one row per finding and one
        /// per line without findings, under a header row (columns: see the README).
        #[arg(long, value_name = "FORMAT", value_enum, ignore_case = true, default_value_t = BatchFormat::Ndjson)]
        format: BatchFormat,

        /// End the output with a trailer: lines read, records written, the exit status and
        /// why, so that a consumer can prove the output whole (its absence means it is not).
        #[arg(long)]
        trailer: bool,
    },
    /// Draw a grid of every pair's worst tier, kratom included.
    Matrix {
        /// Substances combined with kratom.
        #[arg(value_name = "SUBSTANCE", required = true)]
        substances: Vec<String>,

        /// text: the grid; json: as --json; csv: one row per pair (a, a_name, b, b_name,
        /// tier, rules) under a header row.
        #[arg(long, value_name = "FORMAT", value_enum, ignore_case = true)]
        format: Option<MatrixFormat>,
    },
    /// What the knowledge base knows about a substance, class or product: names, classes,
    /// enzyme roles, properties, and the rules that fire with kratom.
    Info {
        /// A substance, brand, class or product name.
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// List the substances the knowledge base knows, the members of one class, or the classes.
    List {
        /// Only substances in this class (or its subclasses), e.g. `ssri` or `benzos`.
        #[arg(long, value_name = "CLASS")]
        class: Option<String>,

        /// List the classes instead of the substances.
        #[arg(long, conflicts_with = "class")]
        classes: bool,
    },
    /// Find substances, classes and products whose names contain TEXT or are close to it.
    Search {
        #[arg(value_name = "TEXT")]
        text: String,
    },
    /// Print a shell completion script (substance names complete in bash, zsh and fish).
    Completions {
        #[arg(value_name = "SHELL", value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff) on stdout.
    Man,
    /// Print the JSON Schema (draft 2020-12) of a --json document; with no NAME, list them.
    ///
    /// `report` is a check's; `common` holds the definitions the others reach by `$ref`, by
    /// file name (`common.schema.json`): save them side by side, as in `schemas/`.
    Schema {
        #[arg(
            value_name = "NAME",
            value_parser = clap::builder::PossibleValuesParser::new(super::schemas::names())
        )]
        name: Option<String>,
    },
    /// Work with knowledge-base files.
    #[command(subcommand)]
    Kb(KbCommand),
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Check knowledge-base files and report every problem with its file, line and column.
    ///
    /// Checks what `--kb` would load: the built-in base, any `--kb` layers, then each PATH as
    /// a layer on top (`--no-default-kb` checks the layers alone). With no PATH and no `--kb`,
    /// checks the knowledge base built into this binary. Exits 0 with a summary when valid, 2
    /// when not.
    Validate {
        /// YAML files or directories, each a layer over the built-in base.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Count what the knowledge base holds: substances, aliases, classes, products, rules,
    /// references, and rules per evidence grade.
    Stats,
    /// Print the knowledge base's prose as one JSON document: every rule's title, explanation,
    /// advice and evidence, every reference's citation, every red flag, each by id; what
    /// `batch` records name by id.
    Export,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

/// What `batch` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    Ndjson,
    Csv,
}

/// What `matrix` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatrixFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
