//! The `receipts-poll` job: reads the feed from the cursor the last run kept, page by page,
//! each page's documents applied with the request for the next (so a long backlog keeps its
//! progress), and keeps the new cursor (R13).
//!
//! A run reads at most `max-pages` pages; the next run goes on from where it stopped. The
//! state between steps is the run's cursor and page count; the idempotency key of a request
//! is its cursor, so a retried request is the same message.

use tanba_adapter_sdk::state::State;
use tanba_adapter_sdk::step::{done, send};
use tanba_adapter_sdk::{Command, Context, Method, Outbound, Reply, Signing, Step, setting};

use crate::FEED_ENDPOINT;
use crate::error::OfdError;
use crate::feed::{command, read_page};

/// The job's name.
pub const JOB: &str = "receipts-poll";
/// Receipts per page (1-1000).
pub const PAGE_SIZE: &str = "page-size";
/// Pages per run (1-1000).
pub const MAX_PAGES: &str = "max-pages";
const CURSOR: &str = "cursor";

/// The first request: after the kept cursor (from the feed's start the first time).
pub fn start(context: &Context, kept: &[u8]) -> Result<Step, OfdError> {
    let cursor = State::decode(kept)?.get(CURSOR).map(str::to_owned);
    let mut state = State::new();
    state.set("job", JOB).set("page", "1");
    if let Some(cursor) = &cursor {
        state.set(CURSOR, cursor.clone());
    }
    request(state, context, Vec::new())
}

/// A page came: its documents go with the next request, or with `done` after the last page.
pub fn on_reply(mut state: State, reply: &Reply, context: &Context) -> Result<Step, OfdError> {
    if reply.status != 200 {
        return Err(OfdError::Http {
            status: reply.status,
        });
    }
    let page = read_page(&reply.body)?;
    let commands = page
        .receipts
        .iter()
        .map(command)
        .filter_map(Result::transpose)
        .collect::<Result<Vec<Command>, _>>()?;
    let number: u32 = state.number("page")?;
    if !page.has_more || number >= bounded(context, MAX_PAGES)? {
        let mut keep = State::new();
        keep.set(CURSOR, page.next_cursor);
        return Ok(done(commands, keep.encode()));
    }
    state
        .set(CURSOR, page.next_cursor)
        .set("page", (number + 1).to_string());
    request(state, context, commands)
}

fn request(state: State, context: &Context, commands: Vec<Command>) -> Result<Step, OfdError> {
    let cursor = state.get(CURSOR);
    let body = serde_json::json!({
        "after": cursor,
        "limit": bounded(context, PAGE_SIZE)?,
    });
    let message = Outbound {
        endpoint: FEED_ENDPOINT.into(),
        path: String::new(),
        method: Method::Post,
        idempotency_key: format!("ofd-after-{}", cursor.unwrap_or("start")),
        content_type: "application/json".into(),
        headers: Vec::new(),
        body: body.to_string().into_bytes(),
        signing: Signing::None,
    };
    Ok(send(message, commands, state.encode()))
}

fn bounded(context: &Context, name: &str) -> Result<u32, OfdError> {
    setting(context, name)
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| (1..=1000).contains(n))
        .ok_or_else(|| OfdError::Setting { name: name.into() })
}
