//! Reading one `batch` line: a JSON object, or names separated by commas or spaces.

use std::str::FromStr;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::context::{Context, Dose, Form};
use crate::kb::Frequency;

/// One NDJSON input line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonLine {
    /// Kept as written, so an id beyond a 64-bit number is echoed exactly, not rounded.
    id: Option<Id>,
    substances: Vec<String>,
    dose: Option<DoseValue>,
    form: Option<String>,
    frequency: Option<String>,
}

/// A dose as JSON writes it: grams as a number, or text (`"4g"`, `"low"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum DoseValue {
    /// Kept as JSON's number, whose text is short (`1e-320`), where a float's is every digit.
    Grams(serde_json::Number),
    Text(String),
}

/// The line's id, its names, its context, and whether the names are words typed apart (a
/// text line) rather than a JSON list of names.
pub(super) type Parsed = (Option<Id>, Vec<String>, Context, bool);

/// A line's id as its JSON text.
pub(super) type Id = Box<RawValue>;

/// A line is a JSON object, or names separated by commas (or, without commas, whitespace).
pub(super) fn parse_line(text: &str, defaults: &Context) -> Result<Parsed, (Option<Id>, String)> {
    // A byte-order mark (an editor's, at the start of the file) is not part of the line.
    let text = text
        .trim_start_matches('\u{feff}')
        .trim_end_matches(['\n', '\r']);
    let trimmed = text.trim();
    if trimmed.starts_with('[') {
        return Err((
            None,
            "a JSON array is not a line batch reads: write a JSON object \
             ({\"substances\": [..]}) or names separated by commas; the line was not checked"
                .to_string(),
        ));
    }
    if is_csv_header(trimmed) {
        return Err((
            None,
            "this looks like a CSV header (column names, not substances): batch reads no \
             columns, each line is names separated by commas or a JSON object; the line was \
             not checked"
                .to_string(),
        ));
    }
    if !trimmed.starts_with('{') {
        let typed_apart = !trimmed.contains(',');
        let names: Vec<String> = if typed_apart {
            trimmed.split_whitespace().map(String::from).collect()
        } else {
            trimmed
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from)
                .collect()
        };
        return Ok((None, names, *defaults, typed_apart));
    }
    let parsed: JsonLine =
        serde_json::from_str(trimmed).map_err(|e| (None, format!("malformed JSON: {e}")))?;
    // An id is echoed as written, so it must be text a reader can take: a lone surrogate
    // (`"\ud800"`) passes as written, and stops a reader like jq at that record.
    if let Some(id) = &parsed.id
        && serde_json::from_str::<serde_json::Value>(id.get()).is_err()
    {
        return Err((
            None,
            "the id is not valid Unicode (a lone surrogate escape such as \\ud800), so it \
             cannot be echoed; the line was not checked"
                .to_string(),
        ));
    }
    let id = parsed.id.clone();
    let context = line_context(&parsed, defaults).map_err(|e| (id.clone(), e))?;
    Ok((id, parsed.substances, context, false))
}

/// A line of column names only, such as a spreadsheet's export starts with (`id,substances`):
/// no substance is called by any of these words.
fn is_csv_header(line: &str) -> bool {
    const COLUMNS: [&str; 9] = [
        "id",
        "substances",
        "substance",
        "names",
        "name",
        "dose",
        "form",
        "frequency",
        "line",
    ];
    line.contains(',')
        && line.split(',').all(|column| {
            let column = column.trim().trim_matches('"').to_ascii_lowercase();
            COLUMNS.contains(&column.as_str())
        })
}

fn line_context(line: &JsonLine, defaults: &Context) -> Result<Context, String> {
    let dose = match &line.dose {
        None => defaults.dose,
        Some(DoseValue::Grams(grams)) => Some(Dose::from_str(&grams.to_string())?),
        Some(DoseValue::Text(text)) => Some(Dose::from_str(text)?),
    };
    let form = match &line.form {
        None => defaults.form,
        Some(text) => Some(Form::from_str(text).map_err(|e| e.to_string())?),
    };
    let frequency = match &line.frequency {
        None => defaults.frequency,
        Some(text) => Some(Frequency::from_str(text).map_err(|e| e.to_string())?),
    };
    Ok(Context {
        dose,
        form,
        frequency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> (Vec<String>, bool) {
        let (_, names, _, typed_apart) = parse_line(text, &Context::default()).unwrap();
        (names, typed_apart)
    }

    #[test]
    fn commas_separate_names_and_without_them_spaces_do() {
        assert_eq!(
            names("sertraline, st john's wort ,,\r\n"),
            (vec!["sertraline".into(), "st john's wort".into()], false)
        );
        assert_eq!(
            names("\u{feff}xanax  percs"),
            (vec!["xanax".into(), "percs".into()], true)
        );
    }

    #[test]
    fn a_json_array_and_a_csv_header_are_refused_not_read_as_names() {
        for line in ["[1,2]", " [\"alcohol\", \"xanax\"]"] {
            let (id, message) = parse_line(line, &Context::default()).unwrap_err();
            assert!(id.is_none());
            assert!(message.contains("JSON array"), "{message}");
        }
        for line in ["id,substances", "\"ID\", \"Substances\", dose\r\n"] {
            let (_, message) = parse_line(line, &Context::default()).unwrap_err();
            assert!(message.contains("CSV header"), "{message}");
        }
        // A name that is also a word of a header, among names, is read as a name.
        assert_eq!(names("id, alcohol").0, ["id", "alcohol"]);
    }

    #[test]
    fn a_json_line_keeps_its_id_as_written_and_its_own_context() {
        let line = r#"{"id": 98765432109876543210, "substances": ["naltrexone"], "dose": 20, "form": " Extract ", "frequency": "DAILY"}"#;
        let (id, names, context, typed_apart) = parse_line(line, &Context::default()).unwrap();
        assert_eq!(id.unwrap().get(), "98765432109876543210");
        assert_eq!(names, ["naltrexone"]);
        assert!(!typed_apart);
        assert_eq!(context.dose.unwrap().band, crate::kb::DoseBand::High);
        assert_eq!(context.form, Some(Form::Extract));
        assert_eq!(context.frequency, Some(Frequency::Daily));
    }

    #[test]
    fn a_bad_value_is_an_error_that_keeps_the_lines_id() {
        let (id, message) = parse_line(
            r#"{"id": "p7", "substances": [], "form": "bogus"}"#,
            &Context::default(),
        )
        .unwrap_err();
        assert_eq!(id.unwrap().get(), r#""p7""#);
        assert!(message.contains("bogus"), "{message}");
        let (id, message) = parse_line(r#"{"substances": 5}"#, &Context::default()).unwrap_err();
        assert!(id.is_none());
        assert!(message.starts_with("malformed JSON"), "{message}");
    }

    #[test]
    fn an_id_that_is_not_unicode_is_refused_and_not_echoed() {
        for line in [
            r#"{"id": "\ud800", "substances": ["alcohol"]}"#,
            r#"{"id": ["a", {"b": "x\udfff"}], "substances": ["alcohol"]}"#,
        ] {
            let (id, message) = parse_line(line, &Context::default()).unwrap_err();
            assert!(id.is_none(), "{line}");
            assert!(message.contains("not valid Unicode"), "{message}");
        }
        let (id, ..) = parse_line(
            r#"{"id": "\ud83d\ude00 \u00e9", "substances": ["alcohol"]}"#,
            &Context::default(),
        )
        .unwrap();
        assert_eq!(id.unwrap().get(), r#""\ud83d\ude00 \u00e9""#);
    }

    #[test]
    fn a_dose_in_grams_is_named_as_written_in_its_error() {
        let (_, message) = parse_line(
            r#"{"substances": ["alcohol"], "dose": 1e-320}"#,
            &Context::default(),
        )
        .unwrap_err();
        assert!(message.len() < 100, "{message}");
        assert!(message.contains("1e-320"), "{message}");
    }
}
