//! The adapter to fiscal data operators (OFD), a sans-IO WebAssembly component (DESIGN.md,
//! principle 2; issue 7; R13, R2):
//!
//! - [`feed`]: the receipt feed's format (ours: no operator publishes one) and each receipt
//!   with marking codes as a `retail_sale` (or `customer_return`) document whose external id is
//!   the receipt id.
//! - [`poll`]: the scheduled job `receipts-poll`, with its cursor kept between runs.
//!
//! What the hub does with the documents is the hub's (`hub/documents/src/retail.rs`): each
//! code decided on its own, the product group's `check-sale` on the code as scanned, a code
//! sold twice or sold while not in circulation flagged as a suspected clone (R2).

pub mod error;
pub mod feed;
pub mod poll;

use tanba_adapter_sdk::state::State;
use tanba_adapter_sdk::{
    Command, Context, Direction, Endpoint, Event, Fault, Guest, Inbound, Info, Job, Reply, Setting,
    Step, done, failed, fault, text,
};

pub use error::OfdError;

/// The operator's receipt feed.
pub const FEED_ENDPOINT: &str = "ofd-feed";

/// The adapter.
pub struct Ofd;

impl Guest for Ofd {
    fn describe() -> Info {
        Info {
            id: "ofd".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            endpoints: vec![Endpoint {
                name: FEED_ENDPOINT.into(),
                direction: Direction::Outbound,
                description: text(
                    "Фискалдық деректер операторының таңбалау кодтары бар чектер легі.",
                    "Лента чеков оператора фискальных данных с кодами маркировки.",
                    "The fiscal data operator's feed of receipts with marking codes.",
                ),
            }],
            jobs: vec![Job {
                name: poll::JOB.into(),
                cron: "* * * * *".into(),
                description: text(
                    "Жаңа чектерді оқып, таңбаланған тауарларды бөлшек саудада сатылған деп белгілеу (R13).",
                    "Чтение новых чеков и вывод проданных маркированных товаров из оборота (R13).",
                    "Reads new receipts and retires the marked goods sold at retail (R13).",
                ),
            }],
            events: Vec::new(),
            settings: vec![
                setting_decl(
                    poll::PAGE_SIZE,
                    "200",
                    (
                        "Бір беттегі чектер саны (1-1000).",
                        "Число чеков на странице (1-1000).",
                        "Receipts per page (1-1000).",
                    ),
                ),
                setting_decl(
                    poll::MAX_PAGES,
                    "50",
                    (
                        "Бір іске қосудағы беттердің ең көп саны (1-1000).",
                        "Наибольшее число страниц за один запуск (1-1000).",
                        "The most pages one run reads (1-1000).",
                    ),
                ),
            ],
        }
    }

    /// Declares no events, so the hub sends none; an event anyway changes nothing.
    fn on_event(_event: Event, _context: Context, kept: Vec<u8>) -> Step {
        done(Vec::new(), kept)
    }

    fn on_inbound(
        endpoint: String,
        _message: Inbound,
        _context: Context,
    ) -> Result<Vec<Command>, Fault> {
        Err(fault(&OfdError::NoInbound { endpoint }, true))
    }

    fn start_job(job: String, context: Context, kept: Vec<u8>) -> Step {
        let step = match job.as_str() {
            poll::JOB => poll::start(&context, &kept),
            _ => Err(OfdError::UnknownJob { job }),
        };
        step.unwrap_or_else(|e| failed(&e))
    }

    fn on_reply(state: Vec<u8>, reply: Reply, context: Context) -> Step {
        State::decode(&state)
            .map_err(OfdError::from)
            .and_then(|state| match state.require("job")? {
                poll::JOB => poll::on_reply(state, &reply, &context),
                job => Err(OfdError::UnknownJob { job: job.into() }),
            })
            .unwrap_or_else(|e| failed(&e))
    }
}

fn setting_decl(name: &str, default: &str, (kk, ru, en): (&str, &str, &str)) -> Setting {
    Setting {
        name: name.into(),
        default_value: Some(default.into()),
        description: text(kk, ru, en),
    }
}

tanba_adapter_sdk::export!(Ofd);
