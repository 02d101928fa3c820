//! Driving an adapter (natively) against a simulator the way the hub does: each `send` step
//! posted over HTTP to the endpoint's URL with its idempotency key, the answer fed to
//! `on-reply`, until the exchange is done or failed.
#![allow(dead_code)] // Each test file uses its own part.

use std::path::{Path, PathBuf};

use tanba_adapter_sdk::{Command, Reply, Step};

/// The end of an exchange and every command applied on the way.
pub struct Outcome {
    pub last: Step,
    pub commands: Vec<Command>,
    pub sent: usize,
}

/// Runs `first` to its end; `url` maps an endpoint name to its URL; `on_reply` is the adapter's.
pub async fn drive(
    first: Step,
    url: impl Fn(&str) -> String,
    on_reply: impl Fn(Vec<u8>, Reply) -> Step,
) -> Outcome {
    let client = reqwest::Client::new();
    let mut step = first;
    let mut commands = Vec::new();
    let mut sent = 0;
    while let Step::Send(send) = step {
        commands.extend(send.commands);
        let m = send.message;
        let mut request = client
            .post(url(&m.endpoint))
            .header("content-type", m.content_type)
            .header("idempotency-key", m.idempotency_key)
            .body(m.body);
        for (k, v) in m.headers {
            request = request.header(k, v);
        }
        let response = request.send().await.expect("the simulator answers");
        sent += 1;
        let reply = Reply {
            status: response.status().as_u16(),
            content_type: response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
            body: response.bytes().await.expect("a body").to_vec(),
        };
        step = on_reply(send.state, reply);
    }
    if let Step::Done(done) = &step {
        commands.extend(done.commands.clone());
    }
    Outcome {
        last: step,
        commands,
        sent,
    }
}

pub fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/formats/schemas")
}
