//! The JSON printer: one document on stdout, the contract scripts rely on.

use std::io::{self, Write};

use serde::{Serialize, Serializer};

use super::burden::BurdenEntry;
use super::{ContextEntry, Document, Report, SubstanceEntry, UnresolvedEntry};
use crate::kb::Tier;

pub fn print(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    print_document(report, out)
}

/// A whole JSON document, pretty-printed, then a newline.
pub fn print_document<T: Serialize>(document: &T, out: &mut dyn Write) -> io::Result<()> {
    // The serialiser makes a write for every token; a buffer of a type known here takes them
    // inline, where each through `dyn Write` would be a call.
    let mut buffered = io::BufWriter::with_capacity(16 * 1024, out);
    serde_json::to_writer_pretty(&mut buffered, document).map_err(io::Error::from)?;
    writeln!(buffered)?;
    buffered.flush()
}

/// The JSON contract's report object: the envelope, then its keys in order, whatever holds the
/// findings (`batch` keeps some as JSON already written).
impl<F: Serialize> Serialize for Report<'_, F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let body = ReportBody {
            tier: self.tier,
            complete: self.complete,
            context: &self.context,
            substances: &self.substances,
            unresolved: &self.unresolved,
            findings: &self.findings,
            burden: &self.burden,
            disclaimer: self.disclaimer,
        };
        Document::new(&self.envelope, body).serialize(serializer)
    }
}

#[derive(Serialize)]
struct ReportBody<'r, 'a, F> {
    tier: Tier,
    complete: bool,
    context: &'r ContextEntry,
    substances: &'r [SubstanceEntry<'a>],
    unresolved: &'r [UnresolvedEntry<'a>],
    findings: &'r [F],
    burden: &'r [BurdenEntry<'a>],
    disclaimer: &'static str,
}
