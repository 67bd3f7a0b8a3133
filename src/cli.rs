//! Command-line arguments: the only place they are defined.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::kb::Tier;

const AFTER_HELP: &str = "\
Risk tiers, most severe first:
  avoid     do not combine
  major     serious harm possible: avoid, or change the plan under clinical supervision
  moderate  combine only with precautions and monitoring
  minor     small or theoretical effect: be aware
  none      nothing known in the knowledge base, which is not proof of safety

Exit status:
  0  the check ran and every input was recognised
  1  --fail-on was given and the overall tier is at or above it
  2  usage error, unreadable or invalid knowledge base, or I/O error
  3  the check ran, but at least one input was not recognised
  When several apply: 2, then 1, then 3.

kratom-check gives information, not medical advice.";

/// Checks what happens when kratom is combined with other substances.
///
/// Kratom is always part of the combination: list what it is combined with. Every pair
/// (kratom with each substance, and the substances with each other) is judged, and the
/// overall tier is the most severe finding's.
#[derive(Debug, Parser)]
#[command(
    name = "kratom-check",
    version,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Substances combined with kratom: generic names, brand names or common names.
    #[arg(value_name = "SUBSTANCE", required = true)]
    pub substances: Vec<String>,

    /// Print one JSON document on stdout instead of a table.
    #[arg(long)]
    pub json: bool,

    /// Exit with status 1 when the overall tier is this tier or more severe.
    #[arg(long, value_name = "TIER", value_enum)]
    pub fail_on: Option<FailOn>,

    /// When to colour the table.
    #[arg(long, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Add a knowledge-base layer from this YAML file or directory; repeatable. Each layer adds
    /// substances and rules or overrides earlier ones by id (a site's local policy).
    #[arg(long, value_name = "PATH", env = "KRATOM_CHECK_KB")]
    pub kb: Vec<PathBuf>,

    /// Leave out the built-in knowledge base: use only the `--kb` layers.
    #[arg(long, requires = "kb")]
    pub no_default_kb: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Work with knowledge-base files.
    #[command(subcommand)]
    Kb(KbCommand),
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Check knowledge-base files and report every problem with its file, line and column.
    ///
    /// With no PATH, checks the knowledge base built into this binary. Exits 0 with a summary
    /// when valid, 2 when not.
    Validate {
        /// YAML files or directories, read together as one knowledge base.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Avoid,
    Major,
    Moderate,
    Minor,
}

impl FailOn {
    pub fn tier(self) -> Tier {
        match self {
            FailOn::Avoid => Tier::Avoid,
            FailOn::Major => Tier::Major,
            FailOn::Moderate => Tier::Moderate,
            FailOn::Minor => Tier::Minor,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
