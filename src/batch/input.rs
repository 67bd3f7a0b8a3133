//! Reading `batch` input: lines in fixed memory however long they run, gathered into chunks
//! small enough that their records stay a few megabytes however wide the lines are.

use std::io::{self, BufRead};

/// Lines per chunk: enough to keep every core busy, small enough that the chunk's full
/// reports (about 14 KB each) stay a few megabytes.
pub(super) const CHUNK_LINES: usize = 1024;

/// A chunk also ends when its lines' weight (see [`line_weight`]) reaches this: a line of five
/// names weighs 25, so ordinary lines fill a chunk by count, while lines of a hundred names
/// (a full report of about a megabyte each) end it after 26, enough to keep the cores busy.
const CHUNK_WEIGHT: usize = CHUNK_LINES * 256;

/// The longest line read, newline included: a regimen of a hundred names is a few kilobytes.
/// A longer line is an error record, and the rest of it is skipped without being kept.
pub const MAX_LINE_BYTES: usize = 8 * 1024;

/// The most names on one line: a line is one person's regimen. More is an error record, which
/// bounds the size of any one record.
pub const MAX_LINE_SUBSTANCES: usize = 100;

/// One input line as read: at most [`MAX_LINE_BYTES`] of it kept, and its whole length.
#[derive(Default)]
pub(super) struct InputLine {
    pub(super) text: Vec<u8>,
    pub(super) length: usize,
}

impl InputLine {
    pub(super) fn is_over_long(&self) -> bool {
        self.length > MAX_LINE_BYTES
    }

    /// Only whitespace (a byte-order mark included): skipped, not an error. An over-long line
    /// is not read whole, so it is never taken for blank.
    pub(super) fn is_blank(&self) -> bool {
        !self.is_over_long()
            && std::str::from_utf8(&self.text)
                .is_ok_and(|text| text.trim_start_matches('\u{feff}').trim().is_empty())
    }
}

/// Reads lines into `lines` until it is full or the lines' weight reaches [`CHUNK_WEIGHT`];
/// returns how many.
pub(super) fn read_chunk(input: &mut dyn BufRead, lines: &mut [InputLine]) -> io::Result<usize> {
    let mut weight = 0;
    for (filled, line) in lines.iter_mut().enumerate() {
        if weight >= CHUNK_WEIGHT || !read_line(input, line)? {
            return Ok(filled);
        }
        weight += line_weight(line);
    }
    Ok(lines.len())
}

/// Reads one line, keeping no more than [`MAX_LINE_BYTES`] of it however long it runs (a
/// stream with no newline, like `/dev/zero`, is read through in fixed memory). False at the
/// end of the input.
fn read_line(input: &mut dyn BufRead, line: &mut InputLine) -> io::Result<bool> {
    line.text.clear();
    line.length = 0;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(line.length > 0);
        }
        let (used, ended) = match available.iter().position(|&b| b == b'\n') {
            Some(newline) => (newline + 1, true),
            None => (available.len(), false),
        };
        let room = MAX_LINE_BYTES.saturating_sub(line.text.len());
        line.text.extend_from_slice(&available[..used.min(room)]);
        line.length += used;
        input.consume(used);
        if ended {
            return Ok(true);
        }
    }
}

/// About how much memory a line's record takes, before the line is parsed: its findings can
/// grow with the square of its names, estimated from its separators.
fn line_weight(line: &InputLine) -> usize {
    if line.is_over_long() {
        return 1;
    }
    // Names are separated by commas when there is one, else by spaces.
    let by_commas = line.text.contains(&b',');
    let separators = line
        .text
        .iter()
        .filter(|&&b| {
            if by_commas {
                b == b','
            } else {
                matches!(b, b' ' | b'\t')
            }
        })
        .count();
    let names = (separators + 1).min(MAX_LINE_SUBSTANCES + 1);
    names * names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_over_long_line_keeps_only_the_limit_and_the_next_line_is_whole() {
        let text = format!("{}\nsertraline, alcohol\n", "x".repeat(3 * MAX_LINE_BYTES));
        let mut input = io::BufReader::with_capacity(64, text.as_bytes());
        let mut lines: Vec<InputLine> = (0..4).map(|_| InputLine::default()).collect();
        assert_eq!(read_chunk(&mut input, &mut lines).unwrap(), 2);
        assert!(lines[0].is_over_long());
        assert_eq!(lines[0].text.len(), MAX_LINE_BYTES);
        assert_eq!(lines[1].text, b"sertraline, alcohol\n");
    }

    #[test]
    fn wide_lines_end_a_chunk_early() {
        let wide = vec!["alcohol"; MAX_LINE_SUBSTANCES].join(", ");
        let text = format!("{wide}\n").repeat(CHUNK_LINES);
        let mut lines: Vec<InputLine> = (0..CHUNK_LINES).map(|_| InputLine::default()).collect();
        let filled = read_chunk(&mut text.as_bytes(), &mut lines).unwrap();
        assert!(
            filled < 30,
            "{filled} lines of a hundred names in one chunk"
        );
    }
}
