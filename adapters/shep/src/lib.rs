//! The adapter to the e-Government gateway (SHEP, "шлюз электронного правительства"), a
//! sans-IO WebAssembly component (DESIGN.md, principle 2; issue 7):
//!
//! - [`sync`]: SyncChannel v10 `SendMessage` request envelopes in the real namespaces, with a
//!   `wsu:Id` on the Body that the hub signs (WS-Security XMLDSig under its NCA certificate),
//!   and the reading of `SendMessageResponse` and SOAP faults into [`ShepError`]s.
//! - [`entrepreneurs`]: the scheduled load and refresh of the register of individual
//!   entrepreneurs into participants, page by page. Its payload format is this adapter's own
//!   (the register's schema is not public; see the module).
//! - [`nca`]: the scheduled load of the national CA's certificates and CRLs into the hub's
//!   trust store (G1).
//!
//! Not for: sending anything (the hub does, to the endpoints the operator configured), signing
//! (the hub's key), or knowing the time (`now` comes in the context). The gateway never calls
//! the hub through this adapter, so it declares no inbound endpoint and handles no event.

pub mod entrepreneurs;
pub mod error;
pub mod nca;
pub mod settings;
pub mod sync;

use tanba_adapter_sdk::state::State;
use tanba_adapter_sdk::{
    Command, Context, Direction, Endpoint, Event, Fault, Guest, Inbound, Info, Job, Problem, Reply,
    Step, done, failed, fault, text,
};

pub use error::ShepError;

/// The gateway's synchronous channel (the signed variant, `/bip-sync-wss-gost/`).
pub const SHEP_ENDPOINT: &str = "shep-sync";

/// The adapter.
pub struct Shep;

impl Guest for Shep {
    fn describe() -> Info {
        Info {
            id: "shep".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            endpoints: endpoints(),
            jobs: jobs(),
            events: Vec::new(),
            settings: settings::declared(),
        }
    }

    /// Declares no events, so the hub sends none; an event anyway changes nothing.
    fn on_event(_event: Event, _context: Context, kept: Vec<u8>) -> Step {
        done(Vec::new(), kept)
    }

    /// Declares no inbound endpoint; a message anyway is refused with a fault naming why.
    fn on_inbound(
        endpoint: String,
        _message: Inbound,
        _context: Context,
    ) -> Result<Vec<Command>, Fault> {
        Err(fault(&NoInbound(endpoint), true))
    }

    fn start_job(job: String, context: Context, kept: Vec<u8>) -> Step {
        let step = match job.as_str() {
            entrepreneurs::JOB => entrepreneurs::start(&context, &kept),
            nca::JOB => nca::start(&context),
            _ => Err(ShepError::UnknownJob { job }),
        };
        step.unwrap_or_else(|e| failed(&e))
    }

    fn on_reply(state: Vec<u8>, reply: Reply, context: Context) -> Step {
        let step = State::decode(&state)
            .map_err(ShepError::from)
            .and_then(|state| match state.require("job")? {
                entrepreneurs::JOB => entrepreneurs::on_reply(&state, &reply, &context),
                nca::JOB => nca::on_reply(&state, &reply),
                job => Err(ShepError::UnknownJob { job: job.into() }),
            });
        step.unwrap_or_else(|e| failed(&e))
    }
}

fn endpoints() -> Vec<Endpoint> {
    let outbound = |name: &str, kk: &str, ru: &str, en: &str| Endpoint {
        name: name.into(),
        direction: Direction::Outbound,
        description: text(kk, ru, en),
    };
    vec![
        outbound(
            SHEP_ENDPOINT,
            "ЭҮШ синхронды арнасы (SyncChannel, WS-Security қолтаңбасымен).",
            "Синхронный канал ШЭП (SyncChannel, с подписью WS-Security).",
            "The e-Gov gateway's synchronous channel (SyncChannel, WS-Security signed).",
        ),
        outbound(
            nca::CERTIFICATES_ENDPOINT,
            "ҰКО сертификаттары жарияланатын мекенжай.",
            "Адрес публикации сертификатов НУЦ.",
            "Where the national CA publishes its certificates.",
        ),
        outbound(
            nca::CRLS_ENDPOINT,
            "ҰКО қайтарып алынған сертификаттар тізімдері жарияланатын мекенжай.",
            "Адрес публикации списков отозванных сертификатов НУЦ.",
            "Where the national CA publishes its CRLs.",
        ),
    ]
}

fn jobs() -> Vec<Job> {
    vec![
        Job {
            name: entrepreneurs::JOB.into(),
            cron: "30 2 * * *".into(),
            description: text(
                "Жеке кәсіпкерлер тізілімін қатысушыларға жүктеу және жаңарту.",
                "Загрузка и обновление реестра индивидуальных предпринимателей в участников.",
                "Loads and refreshes the individual entrepreneurs register into participants.",
            ),
        },
        Job {
            name: nca::JOB.into(),
            cron: "0 */3 * * *".into(),
            description: text(
                "ҰКО сертификаттары мен қайтарып алынған сертификаттар тізімдерін сенім қоймасына жүктеу (G1).",
                "Загрузка сертификатов и списков отозванных сертификатов НУЦ в хранилище доверия (G1).",
                "Loads the national CA's certificates and CRLs into the trust store (G1).",
            ),
        },
    ]
}

/// A message for an inbound endpoint this adapter does not have.
struct NoInbound(String);

impl Problem for NoInbound {
    fn code(&self) -> &'static str {
        "ADAPTER_NO_INBOUND"
    }

    fn after(&self) -> tanba_adapter_sdk::AfterFailure {
        tanba_adapter_sdk::AfterFailure::GiveUp
    }

    fn reason(&self) -> tanba_adapter_sdk::Text {
        let endpoint = &self.0;
        text(
            &format!("ЭҮШ адаптері хабарламаларды қабылдамайды («{endpoint}» кіріс нүктесі жоқ)."),
            &format!("Адаптер ШЭП не принимает сообщений (входной точки «{endpoint}» нет)."),
            &format!(
                "The e-Gov gateway adapter receives no messages (there is no inbound endpoint `{endpoint}`)."
            ),
        )
    }
}

tanba_adapter_sdk::export!(Shep);
