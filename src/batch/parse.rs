//! Reading one `batch` line: a JSON object, or names separated by commas, backslashes or
//! spaces, optionally after an id and a tab.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::context::{Context, Dose, Form};
use crate::kb::Frequency;

/// The fields a JSON line is read by; any other is carried, as written, into the record's
/// `extra`.
const LINE_FIELDS: [&str; 5] = ["id", "substances", "dose", "form", "frequency"];

/// A line's id as its JSON text: borrowed from a JSON line, made for a text line's.
pub(super) type Id<'a> = Cow<'a, RawValue>;

/// What a record echoes of its line, so that it joins back to its row: the id and any other
/// fields of a JSON line, exactly as written.
#[derive(Debug, Default)]
pub(super) struct Echo<'a> {
    pub(super) id: Option<Id<'a>>,
    pub(super) extra: Extra<'a>,
}

/// The fields of a JSON line beyond those it is read by, in the order written.
#[derive(Debug, Default)]
pub(super) struct Extra<'a>(Vec<(String, &'a RawValue)>);

impl Serialize for Extra<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A line read: what it echoes, its names, its context, and whether the names are words typed
/// apart (a text line without commas) rather than a list of names.
#[derive(Debug)]
pub(super) struct Parsed<'a> {
    pub(super) echo: Echo<'a>,
    /// Borrowed from a text line; a JSON line's are decoded.
    pub(super) names: Vec<Cow<'a, str>>,
    pub(super) context: Context,
    pub(super) typed_apart: bool,
}

/// A line that could not be read: what of it could be echoed, and why.
pub(super) type Unread<'a> = (Echo<'a>, String);

/// A line is a JSON object, or names separated by commas or backslashes (or, without them,
/// whitespace). A backslash ends a name as a comma does: adverse-event data joins a
/// product's ingredients with it (`ACETAMINOPHEN\HYDROCODONE BITARTRATE`). With `tab_ids`, a
/// text line starts with its id and a tab (`ID<TAB>names`).
pub(super) fn parse_line<'a>(
    text: &'a str,
    defaults: &Context,
    tab_ids: bool,
) -> Result<Parsed<'a>, Unread<'a>> {
    // A byte-order mark (an editor's, at the start of the file) is not part of the line.
    let text = text
        .trim_start_matches('\u{feff}')
        .trim_end_matches(['\n', '\r']);
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        return parse_json(trimmed, defaults);
    }
    if trimmed.starts_with('[') {
        return Err((
            Echo::default(),
            "a JSON array is not a line batch reads: write a JSON object \
             ({\"substances\": [..]}) or names separated by commas; the line was not checked"
                .to_string(),
        ));
    }
    if is_csv_header(trimmed) {
        return Err((
            Echo::default(),
            "this looks like a CSV header (column names, not substances): batch reads no \
             columns, each line is names separated by commas or a JSON object; the line was \
             not checked"
                .to_string(),
        ));
    }
    let (id, names) = match text.split_once('\t') {
        Some((id, names)) if tab_ids => {
            let id = serde_json::value::to_raw_value(id).expect("a string serialises");
            (Some(Cow::Owned(id)), names.trim())
        }
        _ => (None, trimmed),
    };
    let typed_apart = !names.contains([',', '\\']);
    // Sized before it is filled: growing a list costs more than counting its pieces.
    let names: Vec<Cow<str>> = if typed_apart {
        let words = names.split_whitespace();
        let mut list = Vec::with_capacity(words.clone().count());
        list.extend(words.map(Cow::Borrowed));
        list
    } else {
        let mut list = Vec::with_capacity(names.matches([',', '\\']).count() + 1);
        list.extend(split_names(names).map(Cow::Borrowed));
        list
    };
    Ok(Parsed {
        echo: Echo {
            id,
            extra: Extra::default(),
        },
        names,
        context: *defaults,
        typed_apart,
    })
}

/// What can be echoed of a line that is not read whole (over-long, or not UTF-8): the id and
/// fields written in its valid text before the fault, as [`parse_line`] reads them.
pub(super) fn salvage_echo(bytes: &[u8], tab_ids: bool) -> Echo<'_> {
    let valid = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).expect("valid up to there"),
    };
    match parse_line(valid, &Context::default(), tab_ids) {
        Ok(parsed) => parsed.echo,
        Err((echo, _)) => echo,
    }
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

/// The names of a list written with commas or backslashes between them.
fn split_names(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', '\\'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
}

/// A JSON line's fields as written, in order. When the line turns out malformed, the fields
/// read before the fault are kept, so its record still echoes an id written before it.
#[derive(Default)]
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de> DeserializeSeed<'de> for &mut Fields<'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut Fields<'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let value: &'de RawValue = map.next_value()?;
            self.0.push((key, value));
        }
        Ok(())
    }
}

fn parse_json<'a>(text: &'a str, defaults: &Context) -> Result<Parsed<'a>, Unread<'a>> {
    let mut fields = Fields::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let read = (&mut fields)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    let (echo, known) = sort_fields(fields)?;
    if let Err(e) = read {
        return Err((echo, format!("malformed JSON: {e}")));
    }
    let [_, substances, dose, form, frequency] = known;
    let names = match substances.map(|raw| serde_json::from_str::<Vec<String>>(raw.get())) {
        Some(Ok(names)) => names,
        Some(Err(_)) => {
            return Err((
                echo,
                "`substances` is not a list of names ([\"name\", ..])".to_string(),
            ));
        }
        None => {
            return Err((
                echo,
                "no `substances`: a JSON line lists its names in `substances`".to_string(),
            ));
        }
    };
    let context = match line_context(dose, form, frequency, defaults) {
        Ok(context) => context,
        Err(e) => return Err((echo, e)),
    };
    Ok(Parsed {
        echo,
        // A name may be several ingredients joined by backslashes.
        names: (names.iter())
            .flat_map(|name| split_names(name))
            .map(|name| Cow::Owned(name.to_string()))
            .collect(),
        context,
        typed_apart: false,
    })
}

/// The line's echo, and its known fields in [`LINE_FIELDS`] order (a `null` is left out).
fn sort_fields(fields: Fields<'_>) -> Result<(Echo<'_>, [Option<&RawValue>; 5]), Unread<'_>> {
    let mut known: [Option<&RawValue>; 5] = [None; 5];
    let mut extra: Vec<(String, &RawValue)> = Vec::new();
    let mut twice: Option<String> = None;
    let mut not_unicode: Option<String> = None;
    for (key, value) in fields.0 {
        if !echoable(value) {
            not_unicode.get_or_insert_with(|| key.clone());
            continue;
        }
        let seen = match LINE_FIELDS.iter().position(|field| *field == key) {
            Some(index) => known[index].replace(value).is_some(),
            None if extra.iter().any(|(other, _)| *other == key) => true,
            None => {
                extra.push((key, value));
                continue;
            }
        };
        if seen {
            twice.get_or_insert(key);
        }
    }
    let [id, ..] = &mut known;
    let echo = Echo {
        id: id.take().filter(|id| id.get() != "null").map(Cow::Borrowed),
        extra: Extra(extra),
    };
    let known = known.map(|value| value.filter(|v| v.get() != "null"));
    // An id or field is echoed as written, so it must be text a reader can take: a lone
    // surrogate (`"\ud800"`) passes as written, and stops a reader like jq at that record.
    if let Some(key) = not_unicode {
        return Err((
            echo,
            format!(
                "`{}` is not valid Unicode (a lone surrogate escape such as \\ud800), so it \
                 cannot be echoed; the line was not checked",
                key.escape_debug()
            ),
        ));
    }
    if let Some(key) = twice {
        return Err((
            echo,
            format!("`{}` is written twice on this line", key.escape_debug()),
        ));
    }
    Ok((echo, known))
}

/// Whether a JSON value as written decodes to valid Unicode: only an escape can make it not.
fn echoable(value: &RawValue) -> bool {
    !value.get().contains("\\u") || serde_json::from_str::<serde_json::Value>(value.get()).is_ok()
}

/// A dose as JSON writes it: grams as a number, or text (`"4g"`, `"low"`).
#[derive(Debug, serde::Deserialize)]
#[serde(untagged)]
enum DoseValue {
    /// Kept as JSON's number, whose text is short (`1e-320`), where a float's is every digit.
    Grams(serde_json::Number),
    Text(String),
}

fn line_context(
    dose: Option<&RawValue>,
    form: Option<&RawValue>,
    frequency: Option<&RawValue>,
    defaults: &Context,
) -> Result<Context, String> {
    let text = |field: &str, raw: &RawValue| {
        serde_json::from_str::<String>(raw.get())
            .map_err(|_| format!("`{field}` is not text: {}", raw.get()))
    };
    let dose = match dose {
        None => defaults.dose,
        Some(raw) => match serde_json::from_str::<DoseValue>(raw.get()) {
            Ok(DoseValue::Grams(grams)) => Some(Dose::from_str(&grams.to_string())?),
            Ok(DoseValue::Text(text)) => Some(Dose::from_str(&text)?),
            Err(_) => return Err(format!("`dose` is not grams or text: {}", raw.get())),
        },
    };
    let form = match form {
        None => defaults.form,
        Some(raw) => Some(Form::from_str(&text("form", raw)?).map_err(|e| e.to_string())?),
    };
    let frequency = match frequency {
        None => defaults.frequency,
        Some(raw) => {
            Some(Frequency::from_str(&text("frequency", raw)?).map_err(|e| e.to_string())?)
        }
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

    fn parse(text: &str) -> Result<Parsed<'_>, Unread<'_>> {
        parse_line(text, &Context::default(), false)
    }

    fn names(text: &str) -> (Vec<String>, bool) {
        let parsed = parse(text).unwrap();
        let names = parsed.names.into_iter().map(Cow::into_owned).collect();
        (names, parsed.typed_apart)
    }

    fn id<'a>(echo: &'a Echo<'_>) -> Option<&'a str> {
        echo.id.as_deref().map(RawValue::get)
    }

    #[test]
    fn commas_and_backslashes_separate_names_and_without_them_spaces_do() {
        assert_eq!(
            names("sertraline, st john's wort ,,\r\n"),
            (vec!["sertraline".into(), "st john's wort".into()], false)
        );
        assert_eq!(
            names("\u{feff}xanax  percs"),
            (vec!["xanax".into(), "percs".into()], true)
        );
        assert_eq!(
            names(r"ACETAMINOPHEN\HYDROCODONE BITARTRATE, alcohol"),
            (
                vec![
                    "ACETAMINOPHEN".into(),
                    "HYDROCODONE BITARTRATE".into(),
                    "alcohol".into()
                ],
                false
            )
        );
        let parsed = parse(r#"{"substances": ["ACETAMINOPHEN\\HYDROCODONE BITARTRATE"]}"#).unwrap();
        assert_eq!(parsed.names, ["ACETAMINOPHEN", "HYDROCODONE BITARTRATE"]);
    }

    #[test]
    fn a_tab_starts_the_names_only_when_lines_carry_ids() {
        let tab_ids = true;
        let parsed = parse_line("p-7\tsertraline, alcohol", &Context::default(), tab_ids).unwrap();
        assert_eq!(id(&parsed.echo), Some(r#""p-7""#));
        assert_eq!(parsed.names, ["sertraline", "alcohol"]);
        // Without ids, a tab is space between words: no name is taken for an id.
        assert_eq!(
            names("xanax\tpercs"),
            (vec!["xanax".into(), "percs".into()], true)
        );
        let parsed = parse_line("sertraline", &Context::default(), tab_ids).unwrap();
        assert!(parsed.echo.id.is_none());
        assert_eq!(parsed.names, ["sertraline"]);
    }

    #[test]
    fn a_json_array_and_a_csv_header_are_refused_not_read_as_names() {
        for line in ["[1,2]", " [\"alcohol\", \"xanax\"]"] {
            let (echo, message) = parse(line).unwrap_err();
            assert!(echo.id.is_none());
            assert!(message.contains("JSON array"), "{message}");
        }
        for line in ["id,substances", "\"ID\", \"Substances\", dose\r\n"] {
            let (_, message) = parse(line).unwrap_err();
            assert!(message.contains("CSV header"), "{message}");
        }
        // A name that is also a word of a header, among names, is read as a name.
        assert_eq!(names("id, alcohol").0, ["id", "alcohol"]);
    }

    #[test]
    fn a_json_line_keeps_its_id_and_other_fields_as_written_and_its_own_context() {
        let line = r#"{"primaryid": 1234, "id": 98765432109876543210, "substances": ["naltrexone"], "dose": 20, "form": " Extract ", "frequency": "DAILY", "age": {"years": 4.50}}"#;
        let parsed = parse(line).unwrap();
        assert_eq!(id(&parsed.echo), Some("98765432109876543210"));
        assert_eq!(
            serde_json::to_string(&parsed.echo.extra).unwrap(),
            r#"{"primaryid":1234,"age":{"years": 4.50}}"#
        );
        assert_eq!(parsed.names, ["naltrexone"]);
        assert!(!parsed.typed_apart);
        let context = parsed.context;
        assert_eq!(context.dose.unwrap().band, crate::kb::DoseBand::High);
        assert_eq!(context.form, Some(Form::Extract));
        assert_eq!(context.frequency, Some(Frequency::Daily));
    }

    #[test]
    fn a_line_that_cannot_be_read_keeps_every_id_it_can() {
        for line in [
            r#"{"id": "p7", "substances": [], "form": "bogus"}"#,
            r#"{"id": "p7", "substances": 5}"#,
            r#"{"id": "p7", "drugs": ["alcohol"]}"#,
            r#"{"id": "p7", "substances": ["alcohol"], "dose": [1]}"#,
            r#"{"id": "p7", "substances": ["alcohol"], "id": "p7"}"#,
            r#"{"id": "p7", "substances": ["alcohol""#,
            r#"{"id": "p7", "substances": ["alcohol"]} trailing"#,
        ] {
            let (echo, message) = parse(line).unwrap_err();
            assert_eq!(id(&echo), Some(r#""p7""#), "{line}: {message}");
        }
        let (_, message) = parse(r#"{"id": "p7", "substances": [], "form": "bogus"}"#).unwrap_err();
        assert!(message.contains("bogus"), "{message}");
        let (echo, message) = parse(r#"{"id": "p7", "drugs": ["alcohol"]}"#).unwrap_err();
        assert!(message.contains("substances"), "{message}");
        assert_eq!(
            serde_json::to_string(&echo.extra).unwrap(),
            r#"{"drugs":["alcohol"]}"#
        );
        let (echo, message) = parse("{not json").unwrap_err();
        assert!(echo.id.is_none());
        assert!(message.starts_with("malformed JSON"), "{message}");
        let (echo, _) = parse(r#"{"primaryid": 9, "substances": 5}"#).unwrap_err();
        assert_eq!(
            serde_json::to_string(&echo.extra).unwrap(),
            r#"{"primaryid":9}"#
        );
    }

    #[test]
    fn a_line_not_read_whole_echoes_what_was_written_before_the_fault() {
        let cut = br#"{"id": "p7", "primaryid": 3, "substances": ["alco"#;
        let echo = salvage_echo(cut, false);
        assert_eq!(id(&echo), Some(r#""p7""#));
        assert_eq!(
            serde_json::to_string(&echo.extra).unwrap(),
            r#"{"primaryid":3}"#
        );
        let not_utf8 = b"{\"id\": 8, \"substances\": [\"\xff\"]}";
        assert_eq!(id(&salvage_echo(not_utf8, false)), Some("8"));
        assert_eq!(id(&salvage_echo(b"p9\tsertra\xff", true)), Some(r#""p9""#));
        assert!(salvage_echo(b"p9\tsertra\xff", false).id.is_none());
    }

    #[test]
    fn a_field_that_is_not_unicode_is_refused_and_not_echoed() {
        for (line, key) in [
            (r#"{"id": "\ud800", "substances": ["alcohol"]}"#, "id"),
            (
                r#"{"id": ["a", {"b": "x\udfff"}], "substances": ["alcohol"]}"#,
                "id",
            ),
            (
                r#"{"id": 1, "note": "\udfff", "substances": ["alcohol"]}"#,
                "note",
            ),
        ] {
            let (echo, message) = parse(line).unwrap_err();
            assert!(echo.extra.0.is_empty(), "{line}");
            assert_ne!(id(&echo), Some(r#""\ud800""#), "{line}");
            assert!(message.contains("not valid Unicode"), "{message}");
            assert!(message.starts_with(&format!("`{key}`")), "{message}");
        }
        let parsed = parse(r#"{"id": "\ud83d\ude00 \u00e9", "substances": ["alcohol"]}"#).unwrap();
        assert_eq!(id(&parsed.echo), Some(r#""\ud83d\ude00 \u00e9""#));
    }

    #[test]
    fn a_dose_in_grams_is_named_as_written_in_its_error() {
        let (_, message) = parse(r#"{"substances": ["alcohol"], "dose": 1e-320}"#).unwrap_err();
        assert!(message.len() < 100, "{message}");
        assert!(message.contains("1e-320"), "{message}");
    }
}
