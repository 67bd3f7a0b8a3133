//! Writing `batch` records: piece by piece, counting the records the system has taken whole, so
//! that a run stopped by a write error or a signal says exactly how many are out and leaves no
//! broken record in a regular file.

use std::fs::File;
use std::io::{self, Seek, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

/// Where a run's records go.
pub struct Output<'a> {
    stream: Box<dyn Write + 'a>,
    /// The same output, when it is a regular file: cut back to its last whole record when a
    /// write fails partway through one.
    file: Option<&'a File>,
    /// What the pieces hold, for the message of a run that stops: `records` or CSV `rows`.
    unit: &'static str,
}

impl<'a> Output<'a> {
    /// Records written to `file` (standard output's descriptor, say) with no buffer between, so
    /// that what a write returns is what the system has.
    pub fn file(file: &'a File) -> io::Result<Self> {
        let regular = file.metadata()?.is_file();
        Ok(Output {
            stream: Box::new(file),
            file: regular.then_some(file),
            unit: "records",
        })
    }

    /// Records written to `stream`, which must not hold bytes back in a buffer of its own: a
    /// failed write could not say which records are out.
    pub fn stream(stream: impl Write + 'a) -> Self {
        Output {
            stream: Box::new(stream),
            file: None,
            unit: "records",
        }
    }

    /// The same output, its pieces counted in `unit` (`rows` for CSV) in a stopped run's
    /// message.
    pub fn counting(self, unit: &'static str) -> Self {
        Output { unit, ..self }
    }

    /// Writes `bytes` whole before or after the counted pieces (a header, a trailer): the
    /// count of what is out does not change. A failure says so, and that the output is not
    /// whole.
    pub fn write_uncounted(&mut self, bytes: &[u8], what: &str, before: u64) -> io::Result<()> {
        self.stream
            .write_all(bytes)
            .and_then(|()| self.stream.flush())
            .map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!(
                        "batch could not write its {what} after {before} complete {}: {e}",
                        self.unit
                    ),
                )
            })
    }

    /// Writes `records` (`count` whole records, each ending in a newline) after the `before`
    /// records already out, counting in `written` the records out whole after every write.
    pub(super) fn write_piece(
        &mut self,
        records: &[u8],
        count: u64,
        before: u64,
        written: &RecordsWritten,
    ) -> io::Result<()> {
        let _writing = written.writing();
        let mut sent = 0;
        // Bytes of whole records among those sent.
        let mut whole = 0;
        let mut complete = before;
        while sent < records.len() {
            match self.stream.write(&records[sent..]) {
                Ok(0) => {
                    let e = io::Error::from(io::ErrorKind::WriteZero);
                    return Err(self.stopped(e, complete, sent - whole));
                }
                Ok(taken) if sent + taken == records.len() => {
                    sent += taken;
                    complete = before + count;
                }
                Ok(taken) => {
                    // Only a write that takes part of the piece needs its records counted.
                    let out = &records[sent..sent + taken];
                    complete += out.iter().filter(|&&b| b == b'\n').count() as u64;
                    if let Some(last) = out.iter().rposition(|&b| b == b'\n') {
                        whole = sent + last + 1;
                    }
                    sent += taken;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.stopped(e, complete, sent - whole)),
            }
            written.records.store(complete, Ordering::SeqCst);
        }
        self.stream
            .flush()
            .map_err(|e| self.stopped(e, complete, 0))
    }

    /// The error that ends a run after `records` whole records and `cut` bytes of the next: a
    /// regular file loses those bytes, so that it ends with the last whole record.
    fn stopped(&self, e: io::Error, records: u64, cut: usize) -> io::Error {
        let fate = match (cut, self.file) {
            (0, _) => String::new(),
            (_, Some(file)) => match cut_back(file, cut) {
                Ok(()) => String::new(),
                Err(failed) => format!(
                    "; the record after them is cut short and could not be removed ({failed})"
                ),
            },
            (_, None) => "; the record after them is cut short".to_string(),
        };
        io::Error::new(
            e.kind(),
            format!(
                "batch stopped after {records} complete {}{fate}: {e}",
                self.unit
            ),
        )
    }
}

/// Removes the last `bytes` written to `file`, where its position now stands (the end of what
/// was written, whether the file was opened to append or not).
fn cut_back(mut file: &File, bytes: usize) -> io::Result<()> {
    let end = file.stream_position()?;
    file.set_len(end.saturating_sub(bytes as u64))
}

/// How far a run's writing has got, for whoever stops it (the binary's signal handler). The
/// run holds `writing` while it writes a piece of records, and counts the records out whole
/// after every write.
#[derive(Debug, Default)]
pub struct RecordsWritten {
    writing: Mutex<()>,
    records: AtomicU64,
}

/// What [`RecordsWritten::stop`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Records out whole when the last write returned.
    pub records: u64,
    /// Whether a write was still blocked (nobody read the output): it may have put part of
    /// its records out beyond the count, the last of them cut short.
    pub blocked: bool,
}

impl RecordsWritten {
    fn writing(&self) -> MutexGuard<'_, ()> {
        // A poisoned lock only means a writer panicked; the count is still right.
        self.writing.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops the writing for good (the caller is about to exit) and says how far it got. The
    /// piece being written is let out first if it goes out within `patience`; a write blocked
    /// longer (on a pipe nobody reads) is left where it stands, so stopping never waits on
    /// the reader.
    pub fn stop(&self, patience: Duration) -> Progress {
        let deadline = Instant::now() + patience;
        let blocked = loop {
            let held = match self.writing.try_lock() {
                Ok(guard) => Some(guard),
                Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
                Err(TryLockError::WouldBlock) => None,
            };
            if let Some(guard) = held {
                // Never released: no piece starts after this.
                std::mem::forget(guard);
                break false;
            }
            if Instant::now() >= deadline {
                break true;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        Progress {
            records: self.records.load(Ordering::SeqCst),
            blocked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream that takes `room` bytes, at most `step` a write, then fails as a full disk does.
    struct Filling {
        taken: Vec<u8>,
        room: usize,
        step: usize,
    }

    impl Write for Filling {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            let take = bytes.len().min(self.step).min(self.room - self.taken.len());
            if take == 0 {
                return Err(io::Error::other("no space left"));
            }
            self.taken.extend_from_slice(&bytes[..take]);
            Ok(take)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_counts_the_records_out_whole_and_the_one_cut_short() {
        let written = RecordsWritten::default();
        let mut stream = Filling {
            taken: Vec::new(),
            room: 20,
            step: 7,
        };
        let mut output = Output::stream(&mut stream);
        output.write_piece(b"one\ntwo\n", 2, 0, &written).unwrap();
        let e = output
            .write_piece(b"three\nfour\nfive\n", 3, 2, &written)
            .unwrap_err();
        let message = e.to_string();
        assert!(
            message.starts_with("batch stopped after 4 complete records; the record after them"),
            "{message}"
        );
        assert_eq!(
            written.stop(Duration::ZERO),
            Progress {
                records: 4,
                blocked: false
            }
        );
    }

    #[test]
    fn a_regular_file_is_cut_back_to_its_last_whole_record() {
        let path = std::env::temp_dir().join(format!("kratom-check-cut-{}", std::process::id()));
        let file = File::create(&path).unwrap();
        (&file).write_all(b"one\ntw").unwrap();
        let output = Output::file(&file).unwrap();
        let e = output.stopped(io::Error::other("disk full"), 1, 2);
        assert_eq!(
            e.to_string(),
            "batch stopped after 1 complete records: disk full"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"one\n");
        std::fs::remove_file(&path).unwrap();
    }
}
