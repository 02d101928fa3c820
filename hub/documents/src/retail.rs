//! Retail sales decided code by code (R13, R2): a fiscal receipt is a fact at the till, so one
//! bad code does not undo the others. Each code goes through the core rules on its own and,
//! when they let it be sold, through its product group's `check-sale`; the codes that pass
//! are RETIRED by the document, the others stay as they were with a warning naming them. A
//! code sold twice, or sold while not in circulation, also raises a clone signal for the
//! regulator (`clone_signals`, source `retail-sale`), in the document's transaction.

use std::collections::HashMap;

use serde_json::Value;
use tanba_domain::Msg;
use tanba_registry::RegistryError;
use tanba_store::registry::{UnitRow, lock_units};
use tanba_store::{DocumentRow, StoreError, raise_sale_clone_signal};
use tokio_postgres::GenericClient;

use crate::Documents;
use crate::finding::{FindingView, Severity, Texts};
use crate::flc;
use crate::form::DocumentForm;
use crate::plan::{Changes, CoreFinding, Listed, plan};

/// The longest text field of a retail sale.
const MAX_FIELD: usize = 200;

/// The checks at the door of a retail sale's own fields: one price per unit (or none), the
/// sale time as UTC, short printable texts.
pub(crate) fn check_form(form: &DocumentForm) -> Result<(), RegistryError> {
    let DocumentForm::RetailSale {
        units,
        sold_at,
        cash_register,
        cash_register_registration,
        fiscal_sign,
        prices_tiyn,
    } = form
    else {
        return Ok(());
    };
    if !prices_tiyn.is_empty() && prices_tiyn.len() != units.len() {
        return Err(RegistryError::invalid(
            "/prices_tiyn",
            "PRICES_COUNT",
            Msg::new("document-prices-count")
                .with("prices", prices_tiyn.len())
                .with("units", units.len()),
        ));
    }
    if let Some(at) = sold_at
        && !is_utc_time(at)
    {
        return Err(RegistryError::invalid(
            "/sold_at",
            "SOLD_AT_INVALID",
            Msg::new("document-sold-at-invalid").with("value", at.escape_debug()),
        ));
    }
    let texts = [
        ("cash_register", cash_register),
        ("cash_register_registration", cash_register_registration),
        ("fiscal_sign", fiscal_sign),
    ];
    for (name, value) in texts {
        if let Some(v) = value
            && (v.trim().is_empty() || v.len() > MAX_FIELD || v.chars().any(char::is_control))
        {
            return Err(RegistryError::invalid(
                format!("/{name}"),
                "FIELD_INVALID",
                Msg::new("document-field-invalid")
                    .with("field", name)
                    .with("max", MAX_FIELD),
            ));
        }
    }
    Ok(())
}

/// `YYYY-MM-DDThh:mm:ssZ` with a real date and time.
fn is_utc_time(text: &str) -> bool {
    unix_seconds(text).is_some()
}

/// The Unix time of `YYYY-MM-DDThh:mm:ssZ`.
fn unix_seconds(text: &str) -> Option<i64> {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::PrimitiveDateTime::parse(text, format)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

/// A receipt's prices (one per unit, or none) and when it was printed.
struct SaleFacts<'a> {
    prices: &'a [u64],
    at: Option<i64>,
}

impl SaleFacts<'_> {
    /// The `i`th unit's price (0 when the receipt gave none) and the sale time.
    fn of(&self, i: usize) -> (u64, Option<i64>) {
        (self.prices.get(i).copied().unwrap_or_default(), self.at)
    }
}

/// Why a code that could not be sold is a suspected clone, if it is one.
fn clone_reason(row: &UnitRow) -> Option<&'static str> {
    match row.status.as_str() {
        "RETIRED" => Some("SOLD_TWICE"),
        "INTRODUCED" => None,
        _ => Some("NOT_IN_CIRCULATION"),
    }
}

impl Documents {
    /// Decides a retail sale code by code: the changes of the codes sold and a warning for
    /// each code not sold (never a rejection of the whole receipt).
    pub(crate) async fn decide_retail_sale(
        &self,
        tx: &impl GenericClient,
        doc: &DocumentRow,
        form: &DocumentForm,
    ) -> Result<Result<(Changes, Vec<Value>), Vec<Value>>, RegistryError> {
        let (pointer, units) = form.units();
        let (prices, sold_at) = match form {
            DocumentForm::RetailSale {
                prices_tiyn,
                sold_at,
                ..
            } => (prices_tiyn.as_slice(), sold_at.as_deref()),
            _ => (&[][..], None),
        };
        let sale = SaleFacts {
            prices,
            at: sold_at.and_then(unix_seconds),
        };
        let keys = units
            .iter()
            .enumerate()
            .map(|(i, u)| tanba_registry::unit_key(u, &format!("{pointer}/{i}")))
            .collect::<Result<Vec<_>, _>>()?;
        let mut rows: HashMap<String, UnitRow> = lock_units(tx, &keys)
            .await?
            .into_iter()
            .map(|r| (r.key.clone(), r))
            .collect();
        let (mut changes, mut notes) = (Vec::new(), Vec::new());
        for (i, key) in keys.into_iter().enumerate() {
            let listed = Listed {
                path: format!("{pointer}/{i}"),
                row: rows.remove(&key),
                key,
            };
            let planned = plan(
                form,
                doc.id,
                &doc.sender,
                std::slice::from_ref(&listed),
                &HashMap::new(),
                None,
            );
            match planned {
                Ok(sold) => {
                    let row = sold.first().map(|c| c.before.clone());
                    let refusals = match row {
                        Some(row) => {
                            let scanned = crate::flc::elements_of(&units[i]);
                            self.sale_refusals(tx, &listed, &row, sale.of(i), scanned)
                                .await?
                        }
                        None => Vec::new(),
                    };
                    if refusals.is_empty() {
                        changes.extend(sold);
                    }
                    notes.extend(refusals);
                }
                Err(core) => notes.extend(self.not_sold(tx, doc, &listed, core).await?),
            }
        }
        Ok(Ok((changes, notes)))
    }

    /// Warnings for a code the core rules would not sell, and its clone signal when it is a
    /// suspected clone.
    async fn not_sold(
        &self,
        tx: &impl GenericClient,
        doc: &DocumentRow,
        listed: &Listed,
        core: Vec<CoreFinding>,
    ) -> Result<Vec<Value>, RegistryError> {
        let suspected = listed
            .row
            .as_ref()
            .and_then(|row| clone_reason(row).map(|reason| (row, reason)));
        let Some((row, reason)) = suspected else {
            return Ok(core.iter().map(|f| warning(self.core(f))).collect());
        };
        match self.group_of(tx, row).await? {
            Some(group) => {
                raise_sale_clone_signal(tx, &row.key, &group, reason, doc.id).await?;
            }
            None => tracing::warn!(unit = %row.key, "no product group: clone signal not raised"),
        }
        let msg = Msg::new("sale-suspected-clone")
            .with("unit", &row.key)
            .with("status", &row.status)
            .with("reason", reason);
        Ok(vec![warning(self.core(&CoreFinding {
            code: "SALE_SUSPECTED_CLONE",
            path: listed.path.clone(),
            msg,
        }))])
    }

    /// The product group's `check-sale` of a code the core rules let be sold: its findings as
    /// warnings when it refuses the sale (or cannot answer), nothing when it allows it.
    async fn sale_refusals(
        &self,
        tx: &impl GenericClient,
        listed: &Listed,
        row: &UnitRow,
        (price, at): (u64, Option<i64>),
        scanned: Vec<tanba_plugin_host::types::Element>,
    ) -> Result<Vec<Value>, RegistryError> {
        let (Some(mut code), Some(group)) = (flc::marking_code(row), self.group_of(tx, row).await?)
        else {
            return Ok(Vec::new());
        };
        if !scanned.is_empty() {
            code.elements = scanned;
        }
        let product = self
            .db
            .products_by_gtin(std::slice::from_ref(&code.gtin))
            .await?;
        let Some(product) = product.iter().find(|p| p.product_group == group) else {
            return Ok(Vec::new());
        };
        let context = flc::context_at(at);
        let sale = tanba_plugin_host::types::Sale {
            price_tiyn: price,
            now_unix_seconds: context.now_unix_seconds,
            today: context.today,
        };
        let answer = self
            .rules
            .check_sale(&group, &code, &flc::product(product), sale)
            .await;
        let (label, verdict) = match answer {
            Ok(Some(answer)) => answer,
            Ok(None) => return Ok(Vec::new()),
            Err(err) => {
                return Ok(vec![warning(
                    self.core(&CoreFinding {
                        code: "RULE_SET_FAILED",
                        path: listed.path.clone(),
                        msg: Msg::new("document-rule-set-failed")
                            .with("group", &group)
                            .with("reason", err.msg().id()),
                    }),
                )]);
            }
        };
        if verdict.allowed {
            return Ok(Vec::new());
        }
        let mut refusals: Vec<Value> = verdict
            .findings
            .into_iter()
            .map(|f| {
                FindingView {
                    code: f.code,
                    severity: Severity::Warning,
                    path: listed.path.clone(),
                    message: Texts {
                        kk: f.message.kk,
                        ru: f.message.ru,
                        en: f.message.en,
                    },
                    source: label.clone(),
                }
                .to_json()
            })
            .collect();
        if refusals.is_empty() {
            refusals.push(warning(
                self.core(&CoreFinding {
                    code: "SALE_NOT_ALLOWED",
                    path: listed.path.clone(),
                    msg: Msg::new("sale-not-allowed")
                        .with("unit", &row.key)
                        .with("rules", &label),
                }),
            ));
        }
        Ok(refusals)
    }

    /// A code's product group: its emission order's, else its product's.
    async fn group_of(
        &self,
        tx: &impl GenericClient,
        row: &UnitRow,
    ) -> Result<Option<String>, RegistryError> {
        let gtin = row
            .key
            .strip_prefix("01")
            .and_then(|r| r.get(..14))
            .unwrap_or_default();
        let found = tx
            .query_one(
                "select coalesce(
                     (select product_group from emission_orders where id = $1),
                     (select product_group from products where gtin = $2))",
                &[&row.order_id, &gtin],
            )
            .await
            .map_err(|e| RegistryError::from(StoreError::from_pg("reading a code's group", e)))?;
        Ok(found.get(0))
    }
}

/// A finding demoted to a warning: the receipt applies, this code does not move.
fn warning(mut finding: Value) -> Value {
    finding["severity"] = Value::String("warning".into());
    finding
}
