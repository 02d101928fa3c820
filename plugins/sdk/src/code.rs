//! What a product group requires of a code's elements: a serial of a given length, an element
//! that must be there (of a given length), and every code line of a document.

use crate::{Document, Element, Finding, MarkingCode, error, text};

/// A code from its parts, as the hub would pass it: elements 01 and 21 first, then `extra`
/// (for tests and examples; the hub builds real ones from a parsed element string).
pub fn marking_code(gtin: &str, serial: &str, extra: &[(&str, &str)]) -> MarkingCode {
    let parts = [("01", gtin), ("21", serial)];
    MarkingCode {
        gtin: gtin.into(),
        serial: serial.into(),
        elements: parts
            .iter()
            .chain(extra)
            .map(|(ai, value)| Element {
                ai: (*ai).into(),
                value: (*value).into(),
            })
            .collect(),
        status: None,
    }
}

/// Names of the elements rule sets talk about, in kk, ru and en.
fn element_name(ai: &str) -> (&'static str, &'static str, &'static str) {
    match ai {
        "10" => ("партия нөмірі", "номер партии", "batch number"),
        "17" => ("жарамдылық мерзімі", "срок годности", "expiry date"),
        "21" => ("сериялық нөмір", "серийный номер", "serial number"),
        "91" => (
            "тексеру кілтінің идентификаторы",
            "идентификатор ключа проверки",
            "verification key id",
        ),
        "92" => (
            "электрондық қолтаңба коды (криптоқұйрық)",
            "код электронной подписи (криптохвост)",
            "crypto signature (crypto tail)",
        ),
        "93" => ("тексеру коды", "код проверки", "verification code"),
        _ => ("элемент", "элемент", "element"),
    }
}

/// `13`, `6 or 13`, in the three languages.
fn lengths_text(lengths: &[usize]) -> (String, String, String) {
    let list: Vec<String> = lengths.iter().map(usize::to_string).collect();
    (list.join(" немесе "), list.join(" или "), list.join(" or "))
}

fn length_finding(
    finding_code: &str,
    path: String,
    ai: &str,
    lengths: &[usize],
    got: usize,
) -> Finding {
    let (kk, ru, en) = element_name(ai);
    let (want_kk, want_ru, want_en) = lengths_text(lengths);
    error(
        finding_code,
        path,
        text(
            &format!(
                "Элементтің ұзындығы қате: {kk} (AI {ai}) {want_kk} таңбадан тұруы керек, ал кодта {got} таңба. Кодты дұрыс пішімде қайта басып шығарыңыз."
            ),
            &format!(
                "Неверная длина элемента: {ru} (AI {ai}) должен состоять из {want_ru} символов, а в коде их {got}. Напечатайте код заново в правильном формате."
            ),
            &format!(
                "Wrong element length: the {en} (AI {ai}) must be {want_en} characters long, but the code has {got}. Print the code again in the right format."
            ),
        ),
    )
}

/// An error `finding_code` at `{base}/serial` unless the serial (AI 21) has one of `lengths`
/// characters.
pub fn check_serial(
    code: &MarkingCode,
    base: &str,
    lengths: &[usize],
    finding_code: &str,
) -> Option<Finding> {
    let got = code.serial.chars().count();
    (!lengths.contains(&got))
        .then(|| length_finding(finding_code, format!("{base}/serial"), "21", lengths, got))
}

/// An error `finding_code` at `{base}/elements/{ai}` when the code lacks `ai`, or when its value
/// has none of `lengths` characters (an empty `lengths` accepts any length).
pub fn check_element(
    code: &MarkingCode,
    base: &str,
    ai: &str,
    lengths: &[usize],
    finding_code: &str,
) -> Option<Finding> {
    let path = format!("{base}/elements/{ai}");
    let Some(value) = crate::element(code, ai) else {
        return Some(missing_element(finding_code, path, ai));
    };
    let got = value.chars().count();
    (!lengths.is_empty() && !lengths.contains(&got))
        .then(|| length_finding(finding_code, path, ai, lengths, got))
}

/// An error: the code lacks mandatory element `ai`.
pub fn missing_element(finding_code: &str, path: impl Into<String>, ai: &str) -> Finding {
    let (kk, ru, en) = element_name(ai);
    error(
        finding_code,
        path,
        text(
            &format!(
                "Кодта міндетті элемент жоқ: {kk} (AI {ai}). Осы элементі бар кодты басып шығарыңыз."
            ),
            &format!(
                "В коде нет обязательного элемента: {ru} (AI {ai}). Напечатайте код, в котором он есть."
            ),
            &format!(
                "The code lacks a mandatory element: the {en} (AI {ai}). Print a code that carries it."
            ),
        ),
    )
}

/// Every line of `document` that carries a code, with the code's pointer `/lines/{i}/code`.
pub fn document_codes(document: &Document) -> impl Iterator<Item = (String, &MarkingCode)> {
    document
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| Some((format!("/lines/{i}/code"), line.code.as_ref()?)))
}

/// Whether `code` is named by its key alone (only its 01 and 21): documents that move goods the
/// hub already knows name them so, and their printed elements were judged when they came into
/// circulation.
pub fn named_by_key(code: &MarkingCode) -> bool {
    code.elements.iter().all(|e| e.ai == "01" || e.ai == "21")
}

/// The codes of `document` whose printed elements a rule set judges (price ceiling, batch,
/// expiry, crypto tail): every code of an introduction, which must write its codes out whole,
/// and the codes any other document gives whole.
pub fn judged_codes(document: &Document) -> impl Iterator<Item = (String, &MarkingCode)> {
    let introduction = crate::is_introduction(&document.kind);
    document_codes(document).filter(move |(_, code)| introduction || !named_by_key(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(serial: &str, extra: &[(&str, &str)]) -> MarkingCode {
        marking_code("04600000000015", serial, extra)
    }

    fn document(kind: &str, codes: Vec<MarkingCode>) -> Document {
        Document {
            kind: kind.into(),
            id: "d".into(),
            sender: "s".into(),
            receiver: None,
            fields: Vec::new(),
            lines: codes
                .into_iter()
                .map(|code| crate::DocumentLine {
                    code: Some(code),
                    sscc: None,
                    price_tiyn: None,
                    attributes: Vec::new(),
                })
                .collect(),
            products: Vec::new(),
        }
    }

    #[test]
    fn codes_named_by_key_are_judged_only_when_they_come_into_circulation() {
        let by_key = code("abc1234", &[]);
        let whole = code("abc1235", &[("8005", "095000")]);
        assert!(named_by_key(&by_key) && !named_by_key(&whole));
        let shipment = document("shipment", vec![by_key.clone(), whole.clone()]);
        let judged: Vec<String> = judged_codes(&shipment).map(|(p, _)| p).collect();
        assert_eq!(judged, ["/lines/1/code"]);
        let introduction = document("introduction-production", vec![by_key, whole]);
        assert_eq!(judged_codes(&introduction).count(), 2);
    }

    #[test]
    fn serial_lengths_are_counted_in_characters() {
        assert!(check_serial(&code("абв", &[]), "", &[3], "X").is_none());
        let wrong = check_serial(&code("abcd", &[]), "/c", &[6, 13], "X_SERIAL").expect("wrong");
        assert_eq!(
            (wrong.code.as_str(), wrong.path.as_str()),
            ("X_SERIAL", "/c/serial")
        );
        assert!(wrong.message.ru.contains("6 или 13") && wrong.message.ru.contains("их 4"));
        assert!(wrong.message.kk.contains("6 немесе 13"));
        assert!(wrong.message.en.contains("6 or 13"));
    }

    #[test]
    fn an_element_is_missing_or_of_the_wrong_length() {
        let c = code("s", &[("91", "ffd0"), ("10", "B1")]);
        assert!(check_element(&c, "", "91", &[4], "X_KEY").is_none());
        assert!(check_element(&c, "", "10", &[], "X_BATCH").is_none());
        let short = check_element(&c, "", "91", &[5], "X_KEY").expect("short");
        assert_eq!(short.path, "/elements/91");
        assert!(short.message.en.contains("has 4"));
        let missing = check_element(&c, "/l", "92", &[44], "X_CRYPTO").expect("missing");
        assert_eq!(missing.path, "/l/elements/92");
        assert!(missing.message.kk.contains("AI 92") && missing.message.kk.contains("жоқ"));
        assert_ne!(missing.message.kk, missing.message.ru);
    }
}
