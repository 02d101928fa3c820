//! The opaque state an exchange carries between steps (the hub stores it with the step and
//! gives it back with the reply), and what a finished run keeps for the next one.
//!
//! Encoded as versioned text, one `key=value` a line with `%`, CR and LF percent-escaped, so a
//! stuck exchange can be read by a person in the operator's console.

use crate::step::Problem;
use crate::{AfterFailure, Text, text};

const HEADER: &str = "tanba-state-v1";

/// Named values, in the order they were set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    entries: Vec<(String, String)>,
}

/// State bytes this adapter did not write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the exchange state is unreadable: {reason}")]
pub struct StateError {
    /// What is wrong with it.
    pub reason: String,
}

impl State {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` (lowercase letters, digits and dashes) to `value`.
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        debug_assert!(
            key.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
        let value = value.into();
        match self.entries.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key.to_owned(), value)),
        }
        self
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The value of `key`, or an error naming it.
    pub fn require(&self, key: &str) -> Result<&str, StateError> {
        self.get(key).ok_or_else(|| StateError {
            reason: format!("no `{key}`"),
        })
    }

    /// The value of `key` as a number.
    pub fn number<T: std::str::FromStr>(&self, key: &str) -> Result<T, StateError> {
        self.require(key)?.parse().map_err(|_| StateError {
            reason: format!("`{key}` is not a number"),
        })
    }

    /// The bytes to hand to the hub.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = String::from(HEADER);
        for (key, value) in &self.entries {
            out.push('\n');
            out.push_str(key);
            out.push('=');
            out.push_str(
                &value
                    .replace('%', "%25")
                    .replace('\n', "%0A")
                    .replace('\r', "%0D"),
            );
        }
        out.into_bytes()
    }

    /// State from bytes [`State::encode`] wrote; empty bytes are an empty state (the first run
    /// of a job has kept nothing).
    pub fn decode(bytes: &[u8]) -> Result<Self, StateError> {
        if bytes.is_empty() {
            return Ok(State::new());
        }
        let bad = |reason: &str| StateError {
            reason: reason.to_owned(),
        };
        let text = std::str::from_utf8(bytes).map_err(|_| bad("not UTF-8"))?;
        let mut lines = text.split('\n');
        if lines.next() != Some(HEADER) {
            return Err(bad("unknown format"));
        }
        let mut state = State::new();
        for line in lines {
            let (key, value) = line
                .split_once('=')
                .ok_or_else(|| bad("a line without `=`"))?;
            let value = value
                .replace("%0A", "\n")
                .replace("%0D", "\r")
                .replace("%25", "%");
            state.entries.push((key.to_owned(), value));
        }
        Ok(state)
    }
}

impl Problem for StateError {
    fn code(&self) -> &'static str {
        "ADAPTER_STATE_UNREADABLE"
    }

    fn after(&self) -> AfterFailure {
        AfterFailure::GiveUp
    }

    fn reason(&self) -> Text {
        let reason = &self.reason;
        text(
            &format!(
                "Алмасу күйін оқу мүмкін емес ({reason}): оны адаптердің басқа нұсқасы жазған болуы мүмкін."
            ),
            &format!(
                "Состояние обмена не читается ({reason}): возможно, его записала другая версия адаптера."
            ),
            &format!(
                "The exchange state cannot be read ({reason}): another version of the adapter may have written it."
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_whatever_they_contain() {
        let mut state = State::new();
        state
            .set("job", "sync")
            .set("note", "a=b\nc%0A\rd")
            .set("job", "again");
        let back = State::decode(&state.encode()).expect("own bytes");
        assert_eq!(back, state);
        assert_eq!(back.get("job"), Some("again"));
        assert_eq!(back.get("note"), Some("a=b\nc%0A\rd"));
    }

    #[test]
    fn foreign_bytes_are_refused_and_empty_is_empty() {
        assert_eq!(State::decode(b"").expect("empty"), State::new());
        assert!(State::decode(b"v0\nx=1").is_err());
        assert!(State::decode(b"tanba-state-v1\nnovalue").is_err());
        let state = State::decode(b"tanba-state-v1\npage=x").expect("decodes");
        assert!(state.number::<u32>("page").is_err());
        assert!(state.require("missing").is_err());
    }
}
