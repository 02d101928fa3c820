//! The tobacco rule set as an Extism plug-in: `check_code` takes [`CheckCode`] as JSON, runs
//! the very `check-code` our tobacco component runs (the plugin crate linked as an rlib) and
//! answers its findings as JSON.
//!
//! Not for: the hub (it loads components, never this). Built for `wasm32-unknown-unknown` by
//! the bench of `tanba-extism-peer`.

use tanba_extism_peer::{Finding, Text};
use tanba_plugin_sdk as sdk;

/// The plug-in's functions (a private module: the export is the module's symbol, not this
/// crate's API).
mod exports {
    use extism_pdk::{FnResult, Json, plugin_fn};
    use tanba_extism_peer::{CheckCode, Finding};
    use tanba_plugin_sdk::Guest;
    use tanba_rules_tobacco::Tobacco;

    use super::{context, finding, marking_code, product};

    /// The tobacco rule set's `check-code`.
    #[plugin_fn]
    pub fn check_code(Json(input): Json<CheckCode>) -> FnResult<Json<Vec<Finding>>> {
        let findings = Tobacco::check_code(
            marking_code(input.code),
            product(input.product),
            context(input.context),
        );
        Ok(Json(findings.into_iter().map(finding).collect()))
    }
}

fn marking_code(code: tanba_extism_peer::MarkingCode) -> sdk::MarkingCode {
    sdk::MarkingCode {
        gtin: code.gtin,
        serial: code.serial,
        elements: code
            .elements
            .into_iter()
            .map(|e| sdk::Element {
                ai: e.ai,
                value: e.value,
            })
            .collect(),
        status: code.status.as_deref().and_then(status),
    }
}

fn status(name: &str) -> Option<sdk::CodeStatus> {
    use sdk::CodeStatus::*;
    Some(match name {
        "emitted" => Emitted,
        "applied" => Applied,
        "introduced" => Introduced,
        "retired" => Retired,
        "written-off" => WrittenOff,
        "withdrawn" => Withdrawn,
        _ => return None,
    })
}

fn product(card: tanba_extism_peer::Product) -> sdk::Product {
    sdk::Product {
        gtin: card.gtin,
        product_group: card.product_group,
        tn_ved: card.tn_ved,
        name: sdk::Text {
            kk: card.name.kk,
            ru: card.name.ru,
            en: card.name.en,
        },
        shelf_life_days: card.shelf_life_days,
        attributes: card.attributes,
    }
}

fn context(context: tanba_extism_peer::Context) -> sdk::Context {
    sdk::Context {
        now_unix_seconds: context.now_unix_seconds,
        today: sdk::Date {
            year: context.today.year,
            month: context.today.month,
            day: context.today.day,
        },
        reference: context.reference,
    }
}

fn finding(finding: sdk::Finding) -> Finding {
    let severity = match finding.severity {
        sdk::Severity::Error => "error",
        sdk::Severity::Warning => "warning",
    };
    Finding {
        code: finding.code,
        severity: severity.into(),
        path: finding.path,
        message: Text {
            kk: finding.message.kk,
            ru: finding.message.ru,
            en: finding.message.en,
        },
    }
}
