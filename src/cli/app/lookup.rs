//! The catalogue commands: `info`, `list` and `search` describe what the knowledge base
//! holds under a name, a class or a piece of text.

use std::io::Write;

use super::{corrections, emit, load_kb};
use crate::check::check;
use crate::cli::{Cli, messages, terminal::text_style};
use crate::cli::{Error, ExitStatus};
use crate::kb::{KnowledgeBase, NameTarget, SubstanceIdx};
use crate::report;
use crate::report::Envelope;
use crate::report::catalog::{self, Info, List, ListEntry, NameKind, Search};
use crate::resolve::{Corrections, Resolver};
use crate::safe_text::typed;

/// `info NAME`: resolves the name as a check would, then describes it.
pub(super) fn info(cli: &Cli, name: &str, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let kb = load_kb(cli)?;
    let index = Resolver::new(&kb, corrections(cli));
    let Some(target) = index.target(name) else {
        // Not a name, or a misspelling that looks like several drugs: every close name.
        let suggestions = index.suggest(&crate::names::key(name)).join(", ");
        let mut message = format!("\"{}\" is not in the knowledge base.", typed(name));
        if !suggestions.is_empty() {
            message.push_str(&format!(" Did you mean: {suggestions}?"));
        }
        messages::note(message);
        return Ok(ExitStatus::Incomplete);
    };
    let checked =
        check(&kb, index.resolve(&[name]), cli.kratom_use.context()).map_err(Error::from)?;
    let with_kratom = Some(report::Report::of(&kb, &checked));
    let envelope = Envelope::new(&kb, &checked.assessment.participants);
    emit(
        cli,
        "the description",
        &envelope,
        &Info::new(&kb, target, with_kratom),
        |info, out| report::info::print_info(info, text_style(cli.color).width, out),
        out,
    )
}

/// `list [--class C | --classes]`: every substance a person can name, the members of one
/// class, or every class.
pub(super) fn list(
    cli: &Cli,
    class: Option<&str>,
    classes: bool,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let kb = load_kb(cli)?;
    let (list, listed) = if classes {
        (class_list(&kb), Vec::new())
    } else {
        substance_list(&kb, class)?
    };
    let envelope = Envelope::new(&kb, &listed);
    emit(
        cli,
        "the list",
        &envelope,
        &list,
        |l, o| catalog::print_list(&l.entries, o),
        out,
    )
}

/// Every class, in the knowledge base's order.
fn class_list(kb: &KnowledgeBase) -> List {
    List {
        class: None,
        entries: kb
            .classes
            .iter()
            .map(|class| ListEntry {
                kind: NameKind::Class,
                id: class.id.clone(),
                name: class.name.clone(),
                matched_name: None,
            })
            .collect(),
    }
}

/// Every substance a person can name, or the members of `class`; and the substances listed.
fn substance_list(
    kb: &KnowledgeBase,
    class: Option<&str>,
) -> Result<(List, Vec<SubstanceIdx>), Error> {
    let class = match class {
        None => None,
        Some(name) => match Resolver::new(kb, Corrections::Off).target(name) {
            Some(NameTarget::Class(c)) => Some(c),
            _ => {
                return Err(Error::BadArguments(format!(
                    "\"{shown}\" is not a class; `kratom-check search {shown}` finds names",
                    shown = typed(name)
                )));
            }
        },
    };
    let listed: Vec<SubstanceIdx> = kb
        .named_substances()
        .filter(|(_, s)| class.is_none_or(|c| s.ancestry.contains(&c)))
        .map(|(i, _)| i)
        .collect();
    let list = List {
        class: class.map(|c| kb.classes[c].id.clone()),
        entries: listed
            .iter()
            .map(|&i| ListEntry {
                kind: NameKind::Substance,
                id: kb.substances[i].id.clone(),
                name: kb.substances[i].name.clone(),
                matched_name: None,
            })
            .collect(),
    };
    Ok((list, listed))
}

/// `search TEXT`: names that contain the text, then names close to it.
pub(super) fn search(cli: &Cli, text: &str, out: &mut dyn Write) -> anyhow::Result<ExitStatus> {
    let kb = load_kb(cli)?;
    let hits = Resolver::new(&kb, corrections(cli)).search(text);
    let mut named: Vec<SubstanceIdx> = hits.iter().flat_map(|h| kb.ingredients(h.target)).collect();
    named.sort_unstable();
    named.dedup();
    let entries: Vec<ListEntry> = hits
        .into_iter()
        .map(|name| {
            let (kind, id, display) = describe(&kb, name.target);
            ListEntry {
                kind,
                id,
                name: display,
                matched_name: Some(name.spelling.clone()),
            }
        })
        .collect();
    let status = if entries.is_empty() {
        messages::note(format_args!(
            "no name contains \"{}\" or is close to it",
            typed(text)
        ));
        ExitStatus::Incomplete
    } else {
        ExitStatus::Success
    };
    let search = Search {
        query: text,
        matches: entries,
    };
    let envelope = Envelope::new(&kb, &named);
    emit(
        cli,
        "the search results",
        &envelope,
        &search,
        |s, o| catalog::print_list(&s.matches, o),
        out,
    )?;
    Ok(status)
}

fn describe(kb: &KnowledgeBase, target: NameTarget) -> (NameKind, String, String) {
    let kind = match target {
        NameTarget::SubstanceName(_) | NameTarget::SubstanceAlias(_) => NameKind::Substance,
        NameTarget::Class(_) => NameKind::Class,
        NameTarget::Product(_) => NameKind::Product,
        NameTarget::Ambiguous(_) => NameKind::Ambiguous,
    };
    let (id, name) = kb.target_label(target);
    (kind, id.to_string(), name.to_string())
}
