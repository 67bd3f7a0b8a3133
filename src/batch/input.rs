//! Reading `batch` input: lines in fixed memory however long they run, read on a thread of
//! their own and gathered into chunks of the lines that have come, small enough that their
//! records stay a few megabytes however wide the lines are.

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

/// Lines per chunk, at most: enough to keep every core busy, small enough that the chunk's
/// full reports (mostly the knowledge base's prose) stay a few megabytes.
pub(super) const CHUNK_LINES: usize = 1024;

/// A chunk also ends when its lines' weight (see [`line_weight`]) reaches this: a line of five
/// names weighs 25, so ordinary lines fill a chunk by count, while lines of a hundred names
/// (whose full reports are far larger) end it after 26, enough to keep the cores busy.
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
    /// See [`line_weight`].
    weight: usize,
}

impl InputLine {
    pub(super) fn is_over_long(&self) -> bool {
        self.length > MAX_LINE_BYTES
    }

    /// Only whitespace (a byte-order mark included): skipped, not an error. An over-long line
    /// is not read whole, so it is never taken for blank.
    pub(super) fn is_blank(&self) -> bool {
        !self.is_over_long() && blank_text(&self.text)
    }
}

/// Whether `line` (as read, its newline included) is blank: skipped, without a record. For a
/// program that feeds lines and counts the records to wait for.
pub fn is_blank(line: &[u8]) -> bool {
    line.len() <= MAX_LINE_BYTES && blank_text(line)
}

fn blank_text(text: &[u8]) -> bool {
    std::str::from_utf8(text)
        .is_ok_and(|text| text.trim_start_matches('\u{feff}').trim().is_empty())
}

/// The input's lines, read by a thread of their own as they come. A chunk is the lines that
/// have come when it is taken, so a producer that waits for its records before it writes more
/// (a coprocess) gets them at once, while a file or a busy pipe, read ahead while the last
/// chunk is checked, still fills whole chunks.
///
/// The lines pass through a queue under a lock rather than a channel: a chunk is taken in one
/// go, and each side wakes the other only when it waits, not line by line.
pub(super) struct LineReader {
    shared: Arc<Shared>,
}

struct Shared {
    queue: Mutex<Queue>,
    /// Signalled when a line (or the end) comes while the run waits for one.
    arrived: Condvar,
    /// Signalled when lines are taken (or the run is over) while the reader waits for room.
    taken: Condvar,
}

#[derive(Default)]
struct Queue {
    lines: VecDeque<InputLine>,
    /// Buffers of lines checked, for the reader to fill again.
    spare: Vec<InputLine>,
    /// How the input ended, once it has: an error is given after the lines before it.
    end: Option<io::Result<()>>,
    run_waits: bool,
    reader_waits: bool,
    /// The run is over before the input (its output failed): the reader stops.
    abandoned: bool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // Neither side panics holding the lock; if one did, the queue is still whole.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, condvar: &Condvar, queue: MutexGuard<'a, Queue>) -> MutexGuard<'a, Queue> {
        condvar.wait(queue).unwrap_or_else(PoisonError::into_inner)
    }
}

impl LineReader {
    /// Starts reading `input`. The thread is not joined: when a run stops before the end of its
    /// input (its output failed), the thread may be waiting on input that never comes.
    pub(super) fn spawn(mut input: Box<dyn BufRead + Send>) -> Self {
        let shared = Arc::new(Shared {
            queue: Mutex::default(),
            arrived: Condvar::new(),
            taken: Condvar::new(),
        });
        let reader = Arc::clone(&shared);
        std::thread::spawn(move || {
            let mut buffers: Vec<InputLine> = Vec::new();
            loop {
                let mut line = buffers.pop().unwrap_or_default();
                let read = read_line(&mut *input, &mut line);
                line.weight = line_weight(&line);
                let mut queue = reader.lock();
                // One chunk read ahead: the next chunk is ready when this one is out.
                while queue.lines.len() >= CHUNK_LINES && !queue.abandoned {
                    queue.reader_waits = true;
                    queue = reader.wait(&reader.taken, queue);
                }
                queue.reader_waits = false;
                if queue.abandoned {
                    return;
                }
                buffers.append(&mut queue.spare);
                match read {
                    Ok(true) => queue.lines.push_back(line),
                    Ok(false) => queue.end = Some(Ok(())),
                    Err(e) => queue.end = Some(Err(e)),
                }
                let ended = queue.end.is_some();
                if queue.run_waits {
                    reader.arrived.notify_one();
                }
                if ended {
                    return;
                }
            }
        });
        LineReader { shared }
    }

    /// Replaces `chunk`'s lines with the next ones: waits for one line, then takes every line
    /// already read, until the chunk holds [`CHUNK_LINES`] or their weight reaches
    /// [`CHUNK_WEIGHT`]. Empty at the end of the input.
    pub(super) fn next_chunk(&self, chunk: &mut Vec<InputLine>) -> io::Result<()> {
        let mut queue = self.shared.lock();
        queue.spare.append(chunk);
        while queue.lines.is_empty() && queue.end.is_none() {
            queue.run_waits = true;
            queue = self.shared.wait(&self.shared.arrived, queue);
        }
        queue.run_waits = false;
        let mut weight = 0;
        while chunk.len() < CHUNK_LINES && weight < CHUNK_WEIGHT {
            let Some(line) = queue.lines.pop_front() else {
                break;
            };
            weight += line.weight;
            chunk.push(line);
        }
        if queue.reader_waits {
            self.shared.taken.notify_one();
        }
        if chunk.is_empty()
            && let Some(Err(e)) = queue.end.replace(Ok(()))
        {
            return Err(e);
        }
        Ok(())
    }
}

impl Drop for LineReader {
    fn drop(&mut self) {
        self.shared.lock().abandoned = true;
        self.shared.taken.notify_one();
    }
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

    /// Every chunk of `text`, read through a buffer of `capacity` bytes.
    fn chunks(text: String, capacity: usize) -> Vec<Vec<InputLine>> {
        let input = io::BufReader::with_capacity(capacity, io::Cursor::new(text.into_bytes()));
        let reader = LineReader::spawn(Box::new(input));
        let mut chunks = Vec::new();
        loop {
            let mut chunk = Vec::new();
            reader.next_chunk(&mut chunk).unwrap();
            if chunk.is_empty() {
                return chunks;
            }
            chunks.push(chunk);
        }
    }

    #[test]
    fn an_over_long_line_keeps_only_the_limit_and_the_next_line_is_whole() {
        let text = format!("{}\nsertraline, alcohol\n", "x".repeat(3 * MAX_LINE_BYTES));
        let lines: Vec<InputLine> = chunks(text, 64).into_iter().flatten().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].is_over_long());
        assert_eq!(lines[0].text.len(), MAX_LINE_BYTES);
        assert_eq!(lines[1].text, b"sertraline, alcohol\n");
    }

    #[test]
    fn wide_lines_end_a_chunk_early_and_no_chunk_is_over_full() {
        let wide = vec!["alcohol"; MAX_LINE_SUBSTANCES].join(", ");
        let text = format!("{wide}\n").repeat(CHUNK_LINES);
        let wide = chunks(text, 8192);
        assert_eq!(wide.iter().map(Vec::len).sum::<usize>(), CHUNK_LINES);
        assert!(
            wide.iter().all(|chunk| chunk.len() < 30),
            "{} lines of a hundred names in one chunk",
            wide.iter().map(Vec::len).max().unwrap_or(0)
        );
        let narrow = chunks("alcohol\n".repeat(3 * CHUNK_LINES), 8192);
        assert_eq!(narrow.iter().map(Vec::len).sum::<usize>(), 3 * CHUNK_LINES);
        assert!(narrow.iter().all(|chunk| chunk.len() <= CHUNK_LINES));
    }
}
