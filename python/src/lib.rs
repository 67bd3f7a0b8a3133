//! `import kratom_check`: the command line's answers as Python dicts. `check()` gives what
//! `kratom-check --json` prints and `batch()` the records `kratom-check batch` writes, parsed,
//! from the library's own functions (`kratom_check::cli::api`): nothing is judged here.

use std::io::{self, Read, Write};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyIterator, PyList, PyString, PyTuple};

/// Lines handed to a batch before waiting for their records: enough to keep its workers busy,
/// few enough that a long iterable is read as it is consumed.
const LINES_AHEAD: usize = 4096;

/// The options `check` and `batch` share, as the command line spells them.
fn usage_args(
    dose: Option<&Bound<'_, PyAny>>,
    form: Option<&str>,
    frequency: Option<&str>,
    strict: bool,
) -> PyResult<Vec<String>> {
    let mut args = Vec::new();
    if let Some(dose) = dose {
        args.extend(["--dose".to_string(), dose.str()?.to_string()]);
    }
    if let Some(form) = form {
        args.extend(["--form".to_string(), form.to_string()]);
    }
    if let Some(frequency) = frequency {
        args.extend(["--frequency".to_string(), frequency.to_string()]);
    }
    if strict {
        args.push("--strict".to_string());
    }
    Ok(args)
}

fn json_loads<'py>(py: Python<'py>, bytes: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let text = std::str::from_utf8(bytes).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}

/// check(names, *, dose=None, form=None, frequency=None, strict=False) -> dict
///
/// Kratom with `names`: the report `kratom-check --json NAMES` prints, as a dict. `dose` is
/// grams of leaf (4, "4g") or a band ("low"); `form` and `frequency` as on the command line.
/// A name that is not recognised gives a report with `complete` false, as on the command line;
/// arguments the command line refuses raise ValueError with its message.
#[pyfunction]
#[pyo3(signature = (names, *, dose=None, form=None, frequency=None, strict=false))]
fn check<'py>(
    py: Python<'py>,
    names: &Bound<'py, PyAny>,
    dose: Option<&Bound<'py, PyAny>>,
    form: Option<&str>,
    frequency: Option<&str>,
    strict: bool,
) -> PyResult<Bound<'py, PyAny>> {
    if names.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "names is a list of names, not one string",
        ));
    }
    let names: Vec<String> = names.extract()?;
    let mut args = vec!["--json".to_string()];
    args.extend(usage_args(dose, form, frequency, strict)?);
    // Everything after `--` is a name, even one that starts with a dash.
    args.push("--".to_string());
    args.extend(names);
    let (out, _status) = py
        .detach(|| kratom_check::cli::api::run(&args))
        .map_err(|e| PyValueError::new_err(format!("{e:#}")))?;
    json_loads(py, &out)
}

/// batch(regimens, *, full=False, dose=None, form=None, frequency=None, strict=False,
///       tab_ids=False) -> iterator of dicts
///
/// One record per regimen, as `kratom-check batch` writes them, read as they are consumed. A
/// regimen is a line as batch reads it (a string: "alprazolam, sertraline", or a JSON object's
/// text), a dict (written as JSON: {"id": 7, "substances": [...], "dose": 4}) or a list of names.
/// A blank string is skipped without a record but counted in `line`, as in a file.
#[pyfunction]
#[pyo3(signature = (regimens, *, full=false, dose=None, form=None, frequency=None, strict=false, tab_ids=false))]
#[allow(clippy::too_many_arguments)]
fn batch(
    regimens: &Bound<'_, PyAny>,
    full: bool,
    dose: Option<&Bound<'_, PyAny>>,
    form: Option<&str>,
    frequency: Option<&str>,
    strict: bool,
    tab_ids: bool,
) -> PyResult<Records> {
    let mut args = usage_args(dose, form, frequency, strict)?;
    if full {
        args.push("--full".to_string());
    }
    if tab_ids {
        args.push("--tab-ids".to_string());
    }
    let regimens = PyIterator::from_object(regimens)?.unbind();
    let (lines, line_input) = mpsc::channel::<Vec<u8>>();
    let (record_output, records) = mpsc::channel::<Vec<u8>>();
    let input = io::BufReader::new(ChannelReader {
        lines: line_input,
        current: io::Cursor::new(Vec::new()),
    });
    let output = RecordSender {
        records: record_output,
        partial: Vec::new(),
    };
    let run = std::thread::spawn(move || {
        kratom_check::cli::api::batch(&args, Box::new(input), output)
            .map(|_| ())
            .map_err(|e| format!("{e:#}"))
    });
    Ok(Records {
        state: Mutex::new(State {
            regimens: Some(regimens),
            lines: Some(lines),
            records: Mutex::new(records),
            awaited: 0,
            run: Some(run),
        }),
    })
}

/// The records of a `batch` call, as an iterator.
#[pyclass(module = "kratom_check")]
struct Records {
    state: Mutex<State>,
}

struct State {
    /// The regimens not yet read; none once they ended.
    regimens: Option<Py<PyIterator>>,
    /// Where lines go to the run; closed once the regimens ended.
    lines: Option<Sender<Vec<u8>>>,
    /// Behind a lock of its own so that it can be awaited without the interpreter's lock.
    records: Mutex<Receiver<Vec<u8>>>,
    /// Lines handed over whose records have not come.
    awaited: usize,
    run: Option<JoinHandle<Result<(), String>>>,
}

#[pymethods]
impl Records {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        // Never waited for: a thread waiting here would hold the interpreter's lock that the
        // thread reading needs back.
        let mut state = self
            .state
            .try_lock()
            .map_err(|_| PyRuntimeError::new_err("a batch is read by one thread at a time"))?;
        loop {
            let ready = lock(&state.records).try_recv();
            if let Ok(record) = ready {
                state.awaited -= 1;
                return json_loads(py, &record).map(Some);
            }
            if state.awaited < LINES_AHEAD
                && let Some(regimens) = &state.regimens
            {
                match regimens.bind(py).clone().next() {
                    Some(regimen) => {
                        let mut line = line_of(py, &regimen?)?;
                        line.push(b'\n');
                        if !kratom_check::batch::is_blank(&line) {
                            state.awaited += 1;
                        }
                        if let Some(lines) = &state.lines {
                            // A run that stopped says why when its records are awaited.
                            let _ = lines.send(line);
                        }
                    }
                    None => {
                        state.regimens = None;
                        state.lines = None;
                    }
                }
                continue;
            }
            if state.awaited == 0 && state.regimens.is_none() {
                return finish(&mut state).map(|()| None);
            }
            let records = &state.records;
            match py.detach(|| lock(records).recv()) {
                Ok(record) => {
                    state.awaited -= 1;
                    return json_loads(py, &record).map(Some);
                }
                // The run ended before every record came: it failed.
                Err(_) => {
                    finish(&mut state)?;
                    return Err(PyRuntimeError::new_err("batch stopped before every record"));
                }
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Waits for the run to end and raises its error, if it failed.
fn finish(state: &mut State) -> PyResult<()> {
    state.lines = None;
    match state.run.take().map(JoinHandle::join) {
        Some(Ok(Err(e))) => Err(PyValueError::new_err(e)),
        Some(Err(_)) => Err(PyRuntimeError::new_err("batch stopped unexpectedly")),
        Some(Ok(Ok(()))) | None => Ok(()),
    }
}

/// A regimen as the line batch reads.
fn line_of(py: Python<'_>, regimen: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    let text: String = if regimen.is_instance_of::<PyString>() {
        regimen.extract()?
    } else if regimen.is_instance_of::<PyDict>() {
        json_dumps(py, regimen)?
    } else if regimen.is_instance_of::<PyList>() || regimen.is_instance_of::<PyTuple>() {
        let object = PyDict::new(py);
        object.set_item(
            "substances",
            PyList::new(py, regimen.try_iter()?.collect::<PyResult<Vec<_>>>()?)?,
        )?;
        json_dumps(py, object.as_any())?
    } else {
        return Err(PyTypeError::new_err(
            "a regimen is a string (a line as batch reads it), a dict or a list of names",
        ));
    };
    if text.contains('\n') {
        return Err(PyValueError::new_err(
            "a regimen is one line: it has no newline",
        ));
    }
    Ok(text.into_bytes())
}

fn json_dumps(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("ensure_ascii", false)?;
    py.import("json")?
        .call_method("dumps", (value,), Some(&kwargs))?
        .extract()
}

/// The run's input: the lines sent to it, ending when the sender is dropped.
struct ChannelReader {
    lines: Receiver<Vec<u8>>,
    current: io::Cursor<Vec<u8>>,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let read = self.current.read(buf)?;
            if read > 0 || buf.is_empty() {
                return Ok(read);
            }
            match self.lines.recv() {
                Ok(line) => self.current = io::Cursor::new(line),
                Err(_) => return Ok(0),
            }
        }
    }
}

/// The run's output: each record, once whole, sent to the iterator.
struct RecordSender {
    records: Sender<Vec<u8>>,
    partial: Vec<u8>,
}

impl Write for RecordSender {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for piece in buf.split_inclusive(|&b| b == b'\n') {
            self.partial.extend_from_slice(piece);
            if self.partial.ends_with(b"\n") {
                self.partial.pop();
                let record = std::mem::take(&mut self.partial);
                self.records
                    .send(record)
                    .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[pymodule]
#[pyo3(name = "kratom_check")]
fn python_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(batch, m)?)?;
    m.add_class::<Records>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
