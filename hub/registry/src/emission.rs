//! Emission (R1, R2): a participant orders codes for a GTIN it owns; the order reserves a range
//! of the GTIN's serial counters (disjoint forever, enforced by the database), and its print
//! file is made on demand: serial = FF1 of the counter under the group's serial key, tail =
//! MAC under the group's current verification key (DESIGN.md, "Emission at scale"). Nothing is
//! written per code; a scanned code decrypts back to its counter and so to its order.
//!
//! The issue asks for serials "from a CSPRNG"; FF1 under a key drawn from the operating
//! system's CSPRNG gives serials indistinguishable from random to anyone without the key, and
//! unlike random draws they can never collide, so no retry is ever needed.

use serde::Serialize;
use tanba_domain::emission::{
    CodeToVerify, KeyId, SerialCipher, SerialFormat, VerificationKey, emitted_code,
};
use tanba_domain::{ElementString, Gtin, Msg};
use tanba_store::registry::{NewOrder, OrderRow};
use uuid::Uuid;

use crate::products::{parse_gtin, product_not_found};
use crate::{Caller, Kind, Page, Registry, RegistryError};

/// The most codes one order may ask for.
pub const MAX_ORDER: i64 = 1_000_000;

/// An order as its participant sees it.
#[derive(Debug, Clone, Serialize)]
pub struct OrderView {
    /// Its id.
    #[serde(serialize_with = "crate::serialize_display")]
    pub id: Uuid,
    /// Who ordered.
    pub participant: String,
    /// The GTIN.
    pub gtin: String,
    /// Its product group.
    pub product_group: String,
    /// How many codes.
    pub quantity: i64,
    /// The verification key id of its codes.
    pub key_id: String,
    /// When, RFC 3339 UTC.
    pub created_at: String,
}

impl From<&OrderRow> for OrderView {
    fn from(o: &OrderRow) -> Self {
        OrderView {
            id: o.id,
            participant: o.participant.clone(),
            gtin: o.gtin.clone(),
            product_group: o.product_group.clone(),
            quantity: o.quantity,
            key_id: o.key_id.clone(),
            created_at: o.created_at.clone(),
        }
    }
}

/// What the registry knows of a scanned code.
#[derive(Debug, Clone, Serialize)]
pub struct CodeStatus {
    /// GTIN.
    pub gtin: String,
    /// Serial.
    pub serial: String,
    /// Product group.
    pub product_group: String,
    /// Lifecycle status.
    pub status: &'static str,
    /// The verification key that made the code.
    pub key_id: String,
    /// The emission order (shown to its participant and the operator only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
}

/// A print file's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintFormat {
    /// One raw code per line, GS as byte 0x1D: what a printer's DataMatrix encoder takes.
    Text,
    /// CSV with a header: gtin, serial, key id, verification code, bracketed code.
    Csv,
}

/// The lines of an order's print file, made on the fly (a million codes never sit in memory).
pub struct PrintLines {
    cipher: SerialCipher,
    key: VerificationKey,
    order: OrderRow,
    gtin: Gtin,
    format: PrintFormat,
    next: i64,
    header_done: bool,
}

impl Iterator for PrintLines {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if self.format == PrintFormat::Csv && !self.header_done {
            self.header_done = true;
            return Some("gtin,serial,key_id,verification_code,code\n".to_owned());
        }
        if self.next >= self.order.quantity {
            return None;
        }
        let counter = u64::try_from(self.order.first_counter + self.next).ok()?;
        self.next += 1;
        let serial = self.cipher.encrypt(self.gtin, counter).ok()?;
        let code = emitted_code(self.gtin, &serial, &self.key, self.cipher_tail());
        Some(match self.format {
            PrintFormat::Text => format!("{}\n", code.to_raw()),
            PrintFormat::Csv => {
                let tail = code
                    .elements()
                    .last()
                    .map(|e| e.value().to_owned())
                    .unwrap_or_default();
                format!(
                    "{},{},{},{},{}\n",
                    self.gtin,
                    csv_field(serial.as_str()),
                    self.key.id(),
                    tail,
                    csv_field(&code.to_bracketed())
                )
            }
        })
    }
}

impl PrintLines {
    fn cipher_tail(&self) -> tanba_domain::emission::TailLength {
        crate::groups::tail_of(&self.order.tail)
            .unwrap_or(tanba_domain::emission::TailLength::Long44)
    }
}

/// Quotes a CSV field when it holds a quote, comma or spreadsheet formula start (CSET 82 has
/// all of `" , = + - @`... except `@`), doubling inner quotes.
fn csv_field(text: &str) -> String {
    if text.contains(['"', ',']) || text.starts_with(['=', '+', '-']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn order_not_found(id: &str) -> RegistryError {
    RegistryError::not_found(
        "ORDER_NOT_FOUND",
        Msg::new("order-not-found").with("id", id.escape_debug()),
    )
}

impl Registry {
    /// Orders `quantity` codes for `gtin`, which `caller` must own.
    pub async fn order_codes(
        &self,
        caller: &Caller,
        gtin: &str,
        quantity: i64,
    ) -> Result<OrderView, RegistryError> {
        caller.require_active()?;
        if !(1..=MAX_ORDER).contains(&quantity) {
            return Err(RegistryError::invalid(
                "/quantity",
                "ORDER_QUANTITY",
                Msg::new("order-quantity").with("max", MAX_ORDER),
            ));
        }
        let gtin = parse_gtin(gtin, "/gtin")?.to_string();
        let product = self
            .db
            .product(&gtin)
            .await?
            .ok_or_else(|| product_not_found(&gtin).at("/gtin"))?;
        if product.owner != caller.id {
            return Err(RegistryError::forbidden(
                "GTIN_NOT_OWNED",
                Msg::new("gtin-not-owned").with("gtin", &gtin),
            )
            .at("/gtin"));
        }
        let group = self.group(&product.product_group).await?;
        let key = group.current_key.ok_or_else(|| {
            RegistryError::new(
                Kind::Conflict,
                "GROUP_HAS_NO_KEY",
                Msg::new("group-has-no-key").with("id", &product.product_group),
            )
        })?;
        let capacity = i64::try_from(group.format.capacity()).unwrap_or(i64::MAX);
        let new = NewOrder {
            participant: caller.id.clone(),
            gtin: gtin.clone(),
            product_group: product.product_group.clone(),
            quantity,
            key_id: key.to_string(),
            serial_length: i32::try_from(group.format.length()).unwrap_or(i32::MAX),
            serial_alphabet: group.format.alphabet().iter().collect(),
            tail: tail_name(group.tail).to_owned(),
        };
        let order = self.db.create_order(&new, capacity).await?.ok_or_else(|| {
            RegistryError::new(
                Kind::Conflict,
                "GTIN_SERIALS_EXHAUSTED",
                Msg::new("gtin-serials-exhausted").with("gtin", &gtin),
            )
        })?;
        tracing::info!(order = %order.id, gtin, quantity, "codes ordered");
        Ok(OrderView::from(&order))
    }

    async fn visible_order(&self, caller: &Caller, id: &str) -> Result<OrderRow, RegistryError> {
        let uuid = Uuid::parse_str(id).map_err(|_| order_not_found(id))?;
        match self.db.order(uuid).await? {
            Some(o) if o.participant == caller.id || caller.is_operator() => Ok(o),
            _ => Err(order_not_found(id)),
        }
    }

    /// One order, for its participant or the operator.
    pub async fn order(&self, caller: &Caller, id: &str) -> Result<OrderView, RegistryError> {
        Ok(OrderView::from(&self.visible_order(caller, id).await?))
    }

    /// The caller's orders, newest first.
    pub async fn orders(
        &self,
        caller: &Caller,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Page<OrderView>, RegistryError> {
        let cursor = cursor
            .map(|c| {
                Uuid::parse_str(c).map_err(|_| {
                    RegistryError::invalid("/cursor", "CURSOR_INVALID", Msg::new("cursor-invalid"))
                })
            })
            .transpose()?;
        let rows = self.db.orders(&caller.id, cursor, limit).await?;
        let views = rows.iter().map(OrderView::from).collect();
        Ok(Page::of(views, limit, |o: &OrderView| o.id.to_string()))
    }

    /// The order's print file, for its participant only (the operator may see the order but
    /// never print someone's codes).
    pub async fn print_file(
        &self,
        caller: &Caller,
        id: &str,
        format: PrintFormat,
    ) -> Result<PrintLines, RegistryError> {
        let order = self.visible_order(caller, id).await?;
        if order.participant != caller.id {
            return Err(order_not_found(id));
        }
        let broken = || {
            RegistryError::new(
                Kind::Internal,
                "ORDER_BROKEN",
                Msg::new("order-broken").with("id", order.id),
            )
        };
        let length = usize::try_from(order.serial_length).map_err(|_| broken())?;
        let format_ = SerialFormat::new(length, &order.serial_alphabet).map_err(|_| broken())?;
        let cipher = SerialCipher::new(format_, &self.master.serial_key(&order.product_group))
            .map_err(|_| broken())?;
        let key_id = KeyId::parse(&order.key_id).map_err(|_| broken())?;
        let key = self.master.verification_key(&order.product_group, &key_id);
        let gtin = Gtin::parse(&order.gtin).map_err(|_| broken())?;
        Ok(PrintLines {
            cipher,
            key,
            order,
            gtin,
            format,
            next: 0,
            header_done: false,
        })
    }

    /// What the registry knows of `code` (any scanned form): which order emitted it and
    /// whether its crypto tail is genuine.
    pub async fn code_status(
        &self,
        caller: &Caller,
        code: &str,
    ) -> Result<CodeStatus, RegistryError> {
        let parsed = ElementString::parse(code)
            .map_err(|e| RegistryError::invalid("/code", e.code(), e.msg()))?;
        let incomplete = |ai: &'static str| {
            let e = tanba_domain::EmissionError::CodeIncomplete { ai };
            RegistryError::invalid("/code", e.code(), e.msg())
        };
        let gtin = parsed.gtin().ok_or_else(|| incomplete("01"))?;
        let product = self
            .db
            .product(&gtin.to_string())
            .await?
            .ok_or_else(|| product_not_found(&gtin.to_string()).at("/code"))?;
        let group_id = product.product_group;
        let group = self.group(&group_id).await?;
        let emission_err = |e: tanba_domain::EmissionError| {
            let kind = match e {
                tanba_domain::EmissionError::SerialNotEmitted { .. } => Kind::NotFound,
                _ => Kind::Invalid,
            };
            RegistryError::new(kind, e.code(), e.msg()).at("/code")
        };
        let cipher = SerialCipher::new(group.format, &self.master.serial_key(&group_id))
            .map_err(emission_err)?;
        let to_verify = CodeToVerify::from_element_string(&parsed, group.current_key.as_ref())
            .map_err(emission_err)?;
        let counter = cipher
            .decrypt(gtin, &to_verify.serial)
            .map_err(emission_err)?;
        let not_emitted = || {
            emission_err(tanba_domain::EmissionError::SerialNotEmitted {
                serial: to_verify.serial.to_string(),
            })
        };
        let counter = i64::try_from(counter).map_err(|_| not_emitted())?;
        let order = self
            .db
            .order_by_counter(&gtin.to_string(), counter)
            .await?
            .ok_or_else(not_emitted)?;
        // A short tail names no key: the order says which key made it.
        let key_id = KeyId::parse(&order.key_id).map_err(emission_err)?;
        let to_verify = CodeToVerify {
            key_id: if parsed.get(tanba_domain::Ai::VERIFICATION_CODE).is_some() {
                to_verify.key_id
            } else {
                key_id
            },
            ..to_verify
        };
        let keyring = tanba_domain::emission::Keyring::new([self
            .master
            .verification_key(&group_id, &to_verify.key_id)])
        .map_err(emission_err)?;
        if to_verify.key_id.as_str() != order.key_id {
            return Err(emission_err(
                tanba_domain::EmissionError::VerificationFailed,
            ));
        }
        tanba_domain::emission::verify(&keyring, &to_verify)
            .into_result()
            .map_err(emission_err)?;
        let sees_order = order.participant == caller.id || caller.is_operator();
        Ok(CodeStatus {
            gtin: gtin.to_string(),
            serial: to_verify.serial.to_string(),
            product_group: group_id,
            status: "EMITTED",
            key_id: order.key_id,
            order_id: sees_order.then(|| order.id.to_string()),
        })
    }
}

fn tail_name(tail: tanba_domain::emission::TailLength) -> &'static str {
    match tail {
        tanba_domain::emission::TailLength::Short4 => "93",
        tanba_domain::emission::TailLength::Long44 => "92-44",
        tanba_domain::emission::TailLength::Long88 => "92-88",
    }
}
