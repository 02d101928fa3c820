//! The document kinds a participant makes in the cabinet (issue 8; R3, R4, R10): each kind is a
//! list of fields, and one path turns any kind's form into the exact JSON the API takes
//! (`tanba_documents::DocumentForm`), which the signing page shows and `sign.js` signs in
//! NCALayer and submits. Closed lists (introduction routes, write-off and withdrawal reasons,
//! acceptance results, aggregation operations) are the lists the API parses them with.

use serde::Serialize;
use serde_json::Value;
use tanba_documents::AcceptanceResult;
use tanba_domain::{IntroductionRoute, Msg, WithdrawalReason, WriteOffReason};
use tanba_registry::AggregationKind;

/// How a field's options are named on the page.
#[derive(Clone, Copy)]
pub(crate) enum Labels {
    /// By the reference data's classifier of that id (R20), in the page's language.
    Reference(&'static str),
    /// By the web texts `<prefix><code>`.
    Text(&'static str),
}

/// What a field is on the page and in the document.
#[derive(Clone, Copy)]
pub(crate) enum Input {
    /// One line of text: a string.
    Text,
    /// A day (YYYY-MM-DD): a string.
    Date,
    /// One of a closed list, with how its options are named: a string.
    Choice(fn() -> Vec<&'static str>, Labels),
    /// Codes or SSCCs, one per line: an array.
    Lines,
    /// Ticked boxes among the units the page offers: an array.
    Picks,
    /// Set by the page (the shipment answered): a string.
    Hidden,
}

/// One field of a kind: its name in the document's JSON (and the form).
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) input: Input,
    pub(crate) required: bool,
    /// Sent only when the other field (name, value) has that value.
    pub(crate) only_when: Option<(&'static str, &'static str)>,
}

/// A document kind and its fields, in the order the form shows them.
pub(crate) struct Kind {
    pub(crate) kind: &'static str,
    pub(crate) fields: &'static [Field],
}

const fn field(name: &'static str, input: Input, required: bool) -> Field {
    Field {
        name,
        input,
        required,
        only_when: None,
    }
}

const UNITS: Field = field("units", Input::Lines, true);
const RECEIVER: Field = field("receiver", Input::Text, true);

fn routes() -> Vec<&'static str> {
    IntroductionRoute::ALL.iter().map(|r| r.as_str()).collect()
}

fn write_off_reasons() -> Vec<&'static str> {
    WriteOffReason::ALL.iter().map(|r| r.as_str()).collect()
}

fn withdrawal_reasons() -> Vec<&'static str> {
    WithdrawalReason::ALL.iter().map(|r| r.as_str()).collect()
}

fn results() -> Vec<&'static str> {
    AcceptanceResult::ALL.iter().map(|r| r.as_str()).collect()
}

fn operations() -> Vec<&'static str> {
    AggregationKind::ALL.iter().map(|o| o.as_str()).collect()
}

/// Every kind the cabinet makes. Retail sales come from fiscal receipts and EAEU movements
/// from the EAEU adapter, so they are not here.
pub(crate) const KINDS: &[Kind] = &[
    Kind {
        kind: "introduction",
        fields: &[
            field(
                "route",
                Input::Choice(routes, Labels::Reference("introduction-route")),
                true,
            ),
            field("production_date", Input::Date, false),
            field("batch", Input::Text, false),
            field("customs_declaration", Input::Text, false),
            field("declaration_date", Input::Date, false),
            field("country_of_origin", Input::Text, false),
            UNITS,
        ],
    },
    Kind {
        kind: "shipment",
        fields: &[RECEIVER, UNITS],
    },
    Kind {
        kind: "acceptance",
        fields: &[
            field("shipment", Input::Hidden, true),
            field(
                "result",
                Input::Choice(results, Labels::Text("web-result-")),
                true,
            ),
            Field {
                only_when: Some(("result", "partial")),
                ..field("accepted", Input::Picks, false)
            },
        ],
    },
    Kind {
        kind: "return",
        fields: &[RECEIVER, UNITS],
    },
    Kind {
        kind: "write_off",
        fields: &[
            field(
                "reason",
                Input::Choice(write_off_reasons, Labels::Reference("write-off-reason")),
                true,
            ),
            UNITS,
        ],
    },
    Kind {
        kind: "withdrawal",
        fields: &[
            field(
                "reason",
                Input::Choice(withdrawal_reasons, Labels::Reference("withdrawal-reason")),
                true,
            ),
            UNITS,
        ],
    },
    Kind {
        kind: "remark",
        fields: &[
            field("old", Input::Text, true),
            field("new", Input::Text, true),
        ],
    },
    Kind {
        kind: "aggregation",
        fields: &[
            field(
                "operation",
                Input::Choice(operations, Labels::Text("web-aggregation-")),
                true,
            ),
            field("parent", Input::Text, true),
            field("children", Input::Lines, false),
        ],
    },
];

/// The kind named `kind`.
pub(crate) fn kind(kind: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.kind == kind)
}

/// The kinds made from the "new document" page (an acceptance answers a shipment).
pub(crate) fn new_kinds() -> Vec<&'static str> {
    KINDS
        .iter()
        .map(|k| k.kind)
        .filter(|k| *k != "acceptance")
        .collect()
}

/// A submitted form: its fields in order, a name repeated for each ticked box.
pub(crate) type Pairs = Vec<(String, String)>;

/// The first value of `name`, trimmed.
pub(crate) fn value<'a>(pairs: &'a Pairs, name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, v)| v.trim())
}

/// Every non-empty value of `name` (ticked boxes), or of each line of its first value.
fn values<'a>(pairs: &'a Pairs, field: &Field) -> Vec<&'a str> {
    let all = pairs.iter().filter(|(n, _)| n == field.name);
    let listed: Vec<&str> = match field.input {
        Input::Lines => all.flat_map(|(_, v)| v.lines()).map(str::trim).collect(),
        _ => all.map(|(_, v)| v.trim()).collect(),
    };
    listed.into_iter().filter(|v| !v.is_empty()).collect()
}

/// Why a form makes no document.
#[derive(Debug, PartialEq)]
pub(crate) enum Incomplete {
    /// These required fields are empty.
    Missing(Vec<&'static str>),
    /// The API would not take the document: what its parser said.
    Invalid(Msg),
}

/// The document a form of `kind` describes, as the exact JSON bytes to sign and submit; empty
/// optional fields are left out. The bytes are checked with the API's own parser first, so
/// the signing page never shows a document the hub refuses at the door for its shape.
pub(crate) fn document_bytes(kind: &Kind, pairs: &Pairs) -> Result<Vec<u8>, Incomplete> {
    let mut document = Ordered(vec![("kind", Value::from(kind.kind))]);
    let mut missing = Vec::new();
    for field in kind.fields {
        if let Some((other, wanted)) = field.only_when
            && value(pairs, other) != wanted
        {
            continue;
        }
        let json = match field.input {
            Input::Lines | Input::Picks => {
                let listed = values(pairs, field);
                (!listed.is_empty()).then(|| Value::from(listed))
            }
            _ => Some(value(pairs, field.name))
                .filter(|v| !v.is_empty())
                .map(Value::from),
        };
        match json {
            Some(json) => document.0.push((field.name, json)),
            None if field.required => missing.push(field.name),
            None => {}
        }
    }
    if !missing.is_empty() {
        return Err(Incomplete::Missing(missing));
    }
    let bytes = serde_json::to_vec_pretty(&document).unwrap_or_default();
    if let Err(e) = serde_json::from_slice::<tanba_documents::DocumentForm>(&bytes) {
        return Err(Incomplete::Invalid(
            Msg::new("document-invalid").with("reason", e),
        ));
    }
    Ok(bytes)
}

/// A JSON object written in the order its fields were put in (`kind` first, then the form's
/// order), so the text a person reviews and signs reads like the form.
struct Ordered(Vec<(&'static str, Value)>);

impl Serialize for Ordered {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// One option of a closed list (or a unit to tick), named for the page.
#[derive(Serialize)]
pub(crate) struct Choice {
    pub(crate) code: String,
    pub(crate) label: String,
}

/// A field as the form template shows it.
#[derive(Serialize)]
pub(crate) struct FieldView {
    pub(crate) name: &'static str,
    /// `text`, `date`, `choice`, `lines`, `picks` or `hidden`.
    pub(crate) input: &'static str,
    pub(crate) required: bool,
    /// What the form held (every value, for ticked boxes).
    pub(crate) value: String,
    pub(crate) values: Vec<String>,
    pub(crate) choices: Vec<Choice>,
    /// Left empty when it had to be filled.
    pub(crate) missing: bool,
}

/// `field` for the template, with what `pairs` held, `choices` for a closed list and the
/// units offered as boxes to tick.
pub(crate) fn view(
    field: &Field,
    pairs: &Pairs,
    choices: Vec<Choice>,
    missing: &[&str],
) -> FieldView {
    let input = match field.input {
        Input::Text => "text",
        Input::Date => "date",
        Input::Choice(..) => "choice",
        Input::Lines => "lines",
        Input::Picks => "picks",
        Input::Hidden => "hidden",
    };
    FieldView {
        name: field.name,
        input,
        required: field.required,
        value: pairs
            .iter()
            .find(|(n, _)| n == field.name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
        values: values(pairs, field)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        choices,
        missing: missing.contains(&field.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Pairs {
        list.iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn json(kind_name: &str, list: &[(&str, &str)]) -> Result<Value, Incomplete> {
        let bytes = document_bytes(kind(kind_name).expect("a kind"), &pairs(list))?;
        Ok(serde_json::from_slice(&bytes).expect("json"))
    }

    #[test]
    fn the_document_reads_in_the_forms_order_with_its_kind_first() {
        let pairs = pairs(&[("units", "u"), ("reason", "LOSS")]);
        let bytes = document_bytes(kind("write_off").expect("a kind"), &pairs).expect("bytes");
        assert_eq!(
            String::from_utf8(bytes).expect("utf-8"),
            "{\n  \"kind\": \"write_off\",\n  \"reason\": \"LOSS\",\n  \"units\": [\n    \"u\"\n  ]\n}"
        );
    }

    #[test]
    fn a_shipment_lists_each_non_empty_line_as_a_unit() {
        let shipment = json(
            "shipment",
            &[("receiver", " 040740000001 "), ("units", "a\r\n\r\n b \n")],
        );
        assert_eq!(
            shipment,
            Ok(
                serde_json::json!({ "kind": "shipment", "receiver": "040740000001", "units": ["a", "b"] })
            )
        );
    }

    #[test]
    fn empty_optional_fields_are_left_out_and_required_ones_are_named() {
        let introduction = json(
            "introduction",
            &[
                ("route", "IMPORT"),
                ("production_date", ""),
                ("customs_declaration", "50101010/201126/0001234"),
                ("country_of_origin", "CN"),
                ("units", "x"),
            ],
        );
        assert_eq!(
            introduction,
            Ok(
                serde_json::json!({ "kind": "introduction", "route": "IMPORT",
                "customs_declaration": "50101010/201126/0001234", "country_of_origin": "CN", "units": ["x"] })
            )
        );
        assert_eq!(
            json("write_off", &[("reason", ""), ("units", " \n")]),
            Err(Incomplete::Missing(vec!["reason", "units"]))
        );
    }

    #[test]
    fn a_reason_outside_the_apis_list_is_refused_before_signing() {
        let Err(Incomplete::Invalid(msg)) =
            json("withdrawal", &[("reason", "LOST"), ("units", "x")])
        else {
            panic!("refused");
        };
        assert_eq!(msg.id(), "document-invalid");
    }

    #[test]
    fn ticked_units_are_sent_only_for_a_partial_acceptance() {
        let ticked = [("shipment", "s"), ("accepted", "a"), ("accepted", "b")];
        let partial = json(
            "acceptance",
            &[ticked.as_slice(), &[("result", "partial")]].concat(),
        );
        assert_eq!(
            partial,
            Ok(
                serde_json::json!({ "kind": "acceptance", "shipment": "s", "result": "partial", "accepted": ["a", "b"] })
            )
        );
        let refusal = json(
            "acceptance",
            &[ticked.as_slice(), &[("result", "refusal")]].concat(),
        );
        assert_eq!(
            refusal,
            Ok(serde_json::json!({ "kind": "acceptance", "shipment": "s", "result": "refusal" }))
        );
    }

    #[test]
    fn every_kind_s_closed_lists_parse_as_the_api_parses_them() {
        for kind in KINDS {
            for field in kind.fields {
                if let Input::Choice(codes, _) = field.input {
                    assert!(!codes().is_empty(), "{}: {}", kind.kind, field.name);
                }
            }
        }
        let one = |codes: fn() -> Vec<&'static str>| codes()[0];
        for (kind, list) in [
            ("introduction", [("route", one(routes)), ("units", "x")]),
            (
                "write_off",
                [("reason", one(write_off_reasons)), ("units", "x")],
            ),
            (
                "aggregation",
                [("operation", one(operations)), ("parent", "p")],
            ),
        ] {
            assert!(json(kind, &list).is_ok(), "{kind}");
        }
    }

    #[test]
    fn every_kind_field_and_named_option_has_its_text_in_every_language() {
        let catalogue = tanba_i18n::Catalogue::embedded().expect("the catalogue");
        let mut ids = vec!["web-field-accepted-none".to_owned()];
        for kind in KINDS {
            ids.push(format!("web-kind-{}", kind.kind));
            ids.push(format!("web-intro-{}", kind.kind));
            for field in kind.fields {
                ids.push(format!("web-field-{}", field.name));
                if let Input::Choice(codes, Labels::Text(prefix)) = field.input {
                    ids.extend(codes().iter().map(|c| format!("{prefix}{c}")));
                }
            }
        }
        for id in &ids {
            for lang in tanba_domain::Lang::ALL {
                assert!(catalogue.has(lang, id), "`{id}` is missing in {lang}");
            }
        }
    }
}
