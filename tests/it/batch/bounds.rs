//! `batch` under pressure (issue 27): a producer that waits for its records, a signal while the
//! writer is blocked, a write that fails partway through a record, an id that is not Unicode.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::{assert_status, kratom_check};

/// Kills `child` if the test has not finished with it within a minute, so that a batch that
/// never answers fails the test instead of hanging the suite. Send on the returned channel
/// (or drop it) once the child has exited.
fn watchdog(child: &Child) -> mpsc::Sender<()> {
    let (finished, watch) = mpsc::channel::<()>();
    let pid = child.id().to_string();
    std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = watch.recv_timeout(Duration::from_secs(60)) {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
        }
    });
    finished
}

fn spawn_batch(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kratom-check"))
        .arg("batch")
        .args(args)
        .env_remove("KRATOM_CHECK_KB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The number of records a stopped run says it wrote, after `words`.
fn count_said(stderr: &str, words: &str) -> usize {
    stderr
        .split(words)
        .nth(1)
        .and_then(|rest| rest.split([' ', ';']).next())
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("the count is said: {stderr}"))
}

fn stderr_of(child: &mut Child) -> String {
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    stderr
}

/// A coprocess writes one line and waits for its record before it writes the next: each
/// record comes at once, not when a chunk of lines has filled or the input has ended.
#[test]
fn a_producer_that_waits_gets_each_record_at_once() {
    let mut child = spawn_batch(&[]);
    let finished = watchdog(&child);
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for (line, (name, tier)) in [("xanax", "major"), ("fentanyl, alcohol", "avoid")]
        .into_iter()
        .enumerate()
    {
        writeln!(stdin, "{name}").unwrap();
        stdin.flush().unwrap();
        let mut record = String::new();
        stdout.read_line(&mut record).unwrap();
        assert!(
            record.ends_with('\n'),
            "no record for {name} while the producer waits: {record:?}"
        );
        let record: serde_json::Value = serde_json::from_str(&record).unwrap();
        assert_eq!(record["line"], line as u64 + 1);
        assert_eq!(record["report"]["tier"], tier, "{name}");
    }
    drop(stdin);
    let status = child.wait().unwrap();
    let _ = finished.send(());
    assert_eq!(status.code(), Some(0), "{}", stderr_of(&mut child));
}

/// SIGTERM while a batch waits for more input ends it between records: every record written
/// is whole, the count is said, and the status is 2.
#[cfg(unix)]
#[test]
fn a_signal_stops_a_batch_between_records() {
    let mut child = spawn_batch(&[]);
    // A batch that holds back records until more input comes would leave this test waiting
    // forever: after a minute the child is killed, and the test fails.
    let finished = watchdog(&child);
    let mut stdin = child.stdin.take().unwrap();
    // More than one chunk of 1,024 lines: the records come chunk by chunk, while the batch
    // waits for more input.
    stdin
        .write_all("sertraline, alcohol\n".repeat(1100).as_bytes())
        .unwrap();
    stdin.flush().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.ends_with('\n'), "the first record was written");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    let _ = finished.send(());
    drop(stdin);
    let stderr = stderr_of(&mut child);
    assert_eq!(status.code(), Some(2), "{stderr}");
    // Pieces are written as they are checked, so the signal may come after some of the
    // records or all of them; never after a record of a line not sent.
    let said = count_said(&stderr, "batch stopped by SIGTERM after ");
    let records: Vec<&str> = std::iter::once(first.as_str())
        .chain(rest.lines())
        .collect();
    assert_eq!(records.len(), said, "the count said is the records written");
    assert!((1..=1100).contains(&said), "{said}");
    for record in records {
        serde_json::from_str::<serde_json::Value>(record).expect("every record is whole");
    }
    assert!(rest.is_empty() || rest.ends_with('\n'));
}

/// Whether a thread of process `pid` is blocked writing to a pipe, as Linux's wchan says
/// (`pipe_write`, or `anon_pipe_write` in newer kernels).
#[cfg(target_os = "linux")]
fn blocked_writing_to_a_pipe(pid: u32) -> bool {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .into_iter()
        .flatten()
        .flatten()
        .any(|task| {
            std::fs::read_to_string(task.path().join("wchan"))
                .is_ok_and(|wchan| wchan.contains("pipe_write"))
        })
}

/// SIGTERM while the writer is blocked on a full pipe (nobody reads the output) ends the run
/// with status 2 and says how many records are out whole; it used to wait on the writer.
#[cfg(target_os = "linux")]
#[test]
fn a_signal_stops_a_batch_whose_writer_is_blocked() {
    let mut child = spawn_batch(&["--full"]);
    let finished = watchdog(&child);
    let mut stdin = child.stdin.take().unwrap();
    // Full reports of a few thousand lines fill any pipe many times over.
    let feeder = std::thread::spawn(move || {
        let lines = "sertraline, alcohol, oxycodone\n".repeat(5000);
        // The batch stops before it has read everything: the pipe breaks.
        let _ = stdin.write_all(lines.as_bytes());
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.ends_with('\n'), "the first record was written");
    // The output is no longer read, so the writer soon blocks. Waiting for that (the
    // watchdog bounds the wait) makes the signal meet the blocked writer; where wchan is not
    // shown, the signal comes when it comes.
    for _ in 0..1000 {
        if blocked_writing_to_a_pipe(child.id()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let _ = finished.send(());
    let stderr = stderr_of(&mut child);
    assert_eq!(
        status.code(),
        Some(2),
        "SIGTERM ended the batch with status 2: {stderr}"
    );
    let said = count_said(&stderr, "batch stopped by SIGTERM after ");
    // What the pipe holds is out too. The count is what the writes that returned put out,
    // whole; a write still blocked may have put part of its records in the pipe, and then
    // the message says so.
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    let rest = String::from_utf8_lossy(&rest);
    let whole = 1 + rest.matches('\n').count();
    if stderr.contains("was blocked") {
        assert!(said <= whole, "{said} said, {whole} whole: {stderr}");
    } else {
        assert_eq!(whole, said, "{stderr}");
        assert!(rest.is_empty() || rest.ends_with('\n'));
    }
    feeder.join().unwrap();
}

/// A file-size limit (`ulimit -f`) stops the run partway through a record: the file is cut
/// back to its last whole record, whatever was in it before stays, and the count said is the
/// records in the file.
#[cfg(unix)]
#[test]
fn a_file_size_limit_leaves_only_whole_records_and_the_count_says_them() {
    let dir = crate::common::scratch_dir("batch-fsize");
    let input = dir.join("regimens.txt");
    std::fs::write(&input, "sertraline, alcohol, oxycodone\n".repeat(2000)).unwrap();
    let before = "a line that was there before\n";
    for (redirect, kept) in [(">", ""), (">>", before)] {
        let out = dir.join("out.ndjson");
        std::fs::write(&out, before).unwrap();
        // 100 blocks of 512 bytes: some tens of records, the last one cut by the limit.
        let script = format!(
            "ulimit -f 100 && exec '{}' batch '{}' {redirect} '{}'",
            env!("CARGO_BIN_EXE_kratom-check"),
            input.display(),
            out.display()
        );
        let output = Command::new("sh").args(["-c", &script]).output().unwrap();
        assert_status(&output, 2);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let said = count_said(&stderr, "batch stopped after ");
        let text = std::fs::read_to_string(&out).unwrap();
        let records = text.strip_prefix(kept).expect("what was there stays");
        assert!(records.ends_with('\n'), "the file ends with a whole record");
        assert_eq!(records.lines().count(), said, "{redirect}: {stderr}");
        assert!(said > 0 && said < 2000, "{said}");
        for record in records.lines() {
            serde_json::from_str::<serde_json::Value>(record).expect("every record is whole");
        }
        assert!(!stderr.contains("cut short"), "{stderr}");
    }
}

/// An id with a lone surrogate escape is refused with an error record: echoed, it made the
/// output invalid JSON there, and a reader such as jq lost every later record.
#[test]
fn an_id_that_is_not_unicode_is_an_error_record_and_later_lines_are_answered() {
    let input = "{\"id\": \"\\ud800\", \"substances\": [\"fentanyl\", \"alcohol\"]}\n\
                 {\"id\": [\"p\", \"\\udc00x\"], \"substances\": [\"alcohol\"]}\n\
                 {\"id\": \"p8 \\ud83d\\ude00\", \"substances\": [\"fentanyl\", \"alcohol\"]}\n";
    let output = kratom_check()
        .args(["batch", "--fail-on-incomplete"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_status(&output, 3);
    let records: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).expect("every record is valid JSON"))
        .collect();
    assert_eq!(records.len(), 3);
    for record in &records[..2] {
        assert_eq!(record["id"], serde_json::Value::Null);
        assert!(
            record["error"]
                .as_str()
                .unwrap()
                .contains("not valid Unicode"),
            "{record}"
        );
        assert!(record.get("report").is_none());
    }
    assert_eq!(records[2]["id"], "p8 \u{1f600}");
    assert_eq!(records[2]["report"]["tier"], "avoid");
}

/// A dose in grams is named as JSON writes it: `1e-320`, not its 320 digits.
#[test]
fn a_tiny_dose_gets_a_short_error() {
    let output = kratom_check()
        .arg("batch")
        .write_stdin("{\"substances\": [\"alcohol\"], \"dose\": 1e-320}\n")
        .output()
        .unwrap();
    assert_status(&output, 0);
    let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let error = record["error"].as_str().unwrap();
    assert!(
        error.contains("`1e-320` is not a plausible dose"),
        "{error}"
    );
    assert!(error.len() < 100, "{} characters: {error}", error.len());
}
