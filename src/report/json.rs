//! The JSON printer: one document on stdout, the contract scripts rely on.

use std::io::{self, Write};

use super::Report;

pub fn print(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::from)?;
    writeln!(out)
}
