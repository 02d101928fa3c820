//! The `entrepreneurs-sync` job: loads the register of individual entrepreneurs through the
//! gateway, page by page, into participants (R1: participants come from the state registers).
//!
//! **The payload is ours.** The register's service id and its request and response schemas are
//! not public (GOVERNMENT.md), so inside `SendMessage`'s `data` this adapter sends and expects
//! the small format below, in namespace [`PAYLOAD_NS`]. When the real schema is known, only this
//! module changes (a new adapter version), not the hub.
//!
//! ```xml
//! <entrepreneursRequest xmlns="urn:tanba:shep:entrepreneurs:v1">
//!   <changedSince>2026-11-24</changedSince>  <!-- optional: absent means a full load -->
//!   <page>1</page>                           <!-- from 1 -->
//!   <pageSize>500</pageSize>
//! </entrepreneursRequest>
//!
//! <entrepreneursPage xmlns="urn:tanba:shep:entrepreneurs:v1">
//!   <page>1</page><pages>2</pages>
//!   <asOf>2026-11-25</asOf>                  <!-- the register's date; next run's changedSince -->
//!   <entrepreneur>                           <!-- zero or more -->
//!     <iin>880101300123</iin> <name>ИП «Асель»</name>
//!     <status>ACTIVE|SUSPENDED|CLOSED</status>
//!     <registeredOn>2019-03-01</registeredOn> <!-- optional -->
//!     <oked>47190</oked> <kato>751110000</kato> <!-- optional -->
//!   </entrepreneur>
//! </entrepreneursPage>
//! ```
//!
//! Each page's participants go to the hub with the request for the next page (`send.commands`),
//! so a load of a large register keeps its progress; the state between steps is only the run's
//! cursor (start time, page, page size, dates). The last page's come with `done`, which keeps
//! `asOf` for the next run's `changedSince`.

use tanba_adapter_sdk::state::State;
use tanba_adapter_sdk::step::{done, send, signed_soap_post};
use tanba_adapter_sdk::text::parse_date;
use tanba_adapter_sdk::xml::{Element, XmlBuilder};
use tanba_adapter_sdk::{
    Command, Context, Participant, ParticipantKind, ParticipantStatus, Reply, Step,
};

use crate::SHEP_ENDPOINT;
use crate::error::ShepError;
use crate::settings::{self, ENTREPRENEURS_SERVICE_ID, SENDER_ID};
use crate::sync::{SendMessage, read_response};

/// The job's name.
pub const JOB: &str = "entrepreneurs-sync";
/// The namespace of this adapter's own register payload.
pub const PAYLOAD_NS: &str = "urn:tanba:shep:entrepreneurs:v1";
const SYNCED_TO: &str = "synced-to";

/// Where a run is: what the state between its steps holds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    started: i64,
    page: u32,
    size: u32,
    since: Option<String>,
    as_of: Option<String>,
}

/// The first step: page 1, changed since what the last run kept (a full load the first time).
pub fn start(context: &Context, kept: &[u8]) -> Result<Step, ShepError> {
    let since = State::decode(kept)?.get(SYNCED_TO).map(str::to_owned);
    let run = Run {
        started: context.now_unix_seconds,
        page: 1,
        size: settings::page_size(context)?,
        since,
        as_of: None,
    };
    request(&run, context, Vec::new())
}

/// The reply to the request for `run.page`: the next page's request with this page's
/// participants, or `done` after the last page.
pub fn on_reply(state: &State, reply: &Reply, context: &Context) -> Result<Step, ShepError> {
    let mut run = Run::from_state(state)?;
    let response = read_response(reply)?;
    let data = response
        .data
        .ok_or_else(|| payload("the reply has no data".into()))?;
    let page = read_page(&data)?;
    if page.page != run.page {
        return Err(payload(format!(
            "page {} came for page {}",
            page.page, run.page
        )));
    }
    let as_of = run.as_of.get_or_insert(page.as_of).clone();
    if page.page >= page.pages {
        let mut keep = State::new();
        keep.set(SYNCED_TO, as_of);
        return Ok(done(page.commands, keep.encode()));
    }
    run.page += 1;
    request(&run, context, page.commands)
}

/// The `send` step asking for `run.page`, applying `commands` (the previous page's) with it.
fn request(run: &Run, context: &Context, commands: Vec<Command>) -> Result<Step, ShepError> {
    let correlation = format!("tanba-{JOB}-{}", run.started);
    let message_id = format!("{correlation}-p{}", run.page);
    let data = request_payload(run.since.as_deref(), run.page, run.size);
    let message = SendMessage {
        message_id: &message_id,
        correlation_id: Some(&correlation),
        service_id: settings::required(context, ENTREPRENEURS_SERVICE_ID)?,
        sender_id: settings::required(context, SENDER_ID)?,
        message_date_unix: context.now_unix_seconds,
        data: &data,
    };
    let envelope = message.envelope(&format!("id-{message_id}"));
    let outbound = signed_soap_post(SHEP_ENDPOINT, &message_id, envelope);
    Ok(send(outbound, commands, run.to_state().encode()))
}

/// Our request payload (see the module doc).
pub fn request_payload(since: Option<&str>, page: u32, size: u32) -> String {
    let mut b = XmlBuilder::new();
    b.open("entrepreneursRequest", &[("xmlns", PAYLOAD_NS)])
        .optional_leaf("changedSince", since)
        .leaf("page", &page.to_string())
        .leaf("pageSize", &size.to_string());
    b.finish()
}

impl Run {
    fn to_state(&self) -> State {
        let mut state = State::new();
        state
            .set("job", JOB)
            .set("started", self.started.to_string())
            .set("page", self.page.to_string())
            .set("size", self.size.to_string());
        if let Some(since) = &self.since {
            state.set("since", since.clone());
        }
        if let Some(as_of) = &self.as_of {
            state.set("as-of", as_of.clone());
        }
        state
    }

    fn from_state(state: &State) -> Result<Self, ShepError> {
        Ok(Run {
            started: state.number("started")?,
            page: state.number("page")?,
            size: state.number("size")?,
            since: state.get("since").map(str::to_owned),
            as_of: state.get("as-of").map(str::to_owned),
        })
    }
}

/// One page of the register, read.
struct Page {
    page: u32,
    pages: u32,
    as_of: String,
    commands: Vec<Command>,
}

fn read_page(data: &Element) -> Result<Page, ShepError> {
    if !data.is(Some(PAYLOAD_NS), "entrepreneursPage") {
        return Err(payload(format!(
            "expected entrepreneursPage, found {}",
            data.expanded_name()
        )));
    }
    let number = |name: &str| -> Result<u32, ShepError> {
        data.child_text(Some(PAYLOAD_NS), name)
            .and_then(|t| t.parse().ok())
            .filter(|n| *n >= 1)
            .ok_or_else(|| payload(format!("{name} is missing or not a positive number")))
    };
    let as_of = data
        .child_text(Some(PAYLOAD_NS), "asOf")
        .filter(|d| parse_date(d).is_some())
        .ok_or_else(|| payload("asOf is missing or not a date".into()))?;
    let commands = data
        .children_named(Some(PAYLOAD_NS), "entrepreneur")
        .enumerate()
        .map(|(i, e)| {
            read_entrepreneur(e).map_err(|r| payload(format!("entrepreneur {}: {r}", i + 1)))
        })
        .collect::<Result<_, _>>()?;
    Ok(Page {
        page: number("page")?,
        pages: number("pages")?,
        as_of,
        commands,
    })
}

fn read_entrepreneur(e: &Element) -> Result<Command, String> {
    let field = |name: &str| e.child_text(Some(PAYLOAD_NS), name);
    let iin = field("iin").filter(|i| i.len() == 12 && i.bytes().all(|b| b.is_ascii_digit()));
    let iin = iin.ok_or("iin is missing or not 12 digits")?;
    let name = field("name").ok_or("name is missing")?;
    let status = match field("status").as_deref() {
        Some("ACTIVE") => ParticipantStatus::Active,
        Some("SUSPENDED") => ParticipantStatus::Suspended,
        Some("CLOSED") => ParticipantStatus::Closed,
        other => {
            return Err(format!(
                "status {other:?} is not ACTIVE, SUSPENDED or CLOSED"
            ));
        }
    };
    let registered_on = match field("registeredOn") {
        Some(d) => Some(parse_date(&d).ok_or(format!("registeredOn {d} is not a date"))?),
        None => None,
    };
    let attributes = ["oked", "kato"]
        .into_iter()
        .filter_map(|k| field(k).map(|v| (k.to_owned(), v)))
        .collect();
    Ok(Command::UpsertParticipant(Participant {
        iin_bin: iin,
        kind: ParticipantKind::IndividualEntrepreneur,
        name,
        status,
        registered_on,
        attributes,
    }))
}

fn payload(reason: String) -> ShepError {
    ShepError::Payload { reason }
}
