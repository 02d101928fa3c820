//! Emission (R1, R2): a participant orders codes for a GTIN it owns; the order reserves a range
//! of the GTIN's serial counters (disjoint forever, enforced by the database), and its print
//! file is made on demand: serial = FF1 of the counter under the group's serial key, tail =
//! MAC under the group's current verification key (DESIGN.md, "Emission at scale"). Nothing is
//! written per code; a scanned code decrypts back to its counter and so to its order.
//!
//! The issue asks for serials "from a CSPRNG"; FF1 under a key drawn from the operating
//! system's CSPRNG gives serials indistinguishable from random to anyone without the key, and
//! unlike random draws they can never collide, so no retry is ever needed.

mod codec;
mod print;

use serde::Serialize;
use tanba_domain::emission::SerialCipher;
use tanba_domain::{ElementString, EmissionError, Msg};
use tanba_store::registry::{NewOrder, OrderRow};
use uuid::Uuid;

use crate::products::{parse_gtin, product_not_found};
use crate::{Caller, Kind, Page, Registry, RegistryError};
pub(crate) use codec::OrderCodec;
pub use print::{PrintFormat, PrintLines};

/// The most codes one order may ask for.
pub const MAX_ORDER: i64 = 1_000_000;

/// An order as its participant sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CodeStatus {
    /// GTIN.
    pub gtin: String,
    /// Serial.
    pub serial: String,
    /// Product group.
    pub product_group: String,
    /// Lifecycle status.
    pub status: String,
    /// The verification key that made the code.
    pub key_id: String,
    /// The emission order (shown to its participant and the operator only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
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
        let audit = caller.audit("order.create", "", "ok");
        let order = self
            .db
            .create_order(&new, capacity, &audit)
            .await?
            .ok_or_else(|| {
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
        Ok(PrintLines::new(
            self.printable_order(caller, id).await?,
            format,
        ))
    }

    /// An order of the caller's own, ready to make or check its codes.
    pub(crate) async fn printable_order(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<OrderCodec, RegistryError> {
        let order = self.visible_order(caller, id).await?;
        if order.participant != caller.id {
            return Err(order_not_found(id));
        }
        OrderCodec::new(&self.master, order)
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
        let codec = self.emitting_order(&parsed, "/code").await?;
        let key = tanba_domain::UnitId::Code {
            gtin: codec.gtin,
            serial: tanba_domain::Serial::parse(parsed.serial().unwrap_or_default())
                .map_err(|e| RegistryError::invalid("/code", e.code(), e.msg()))?,
        };
        let unit = self.db.unit(&key.to_string()).await?;
        let order = &codec.order;
        let sees_order = order.participant == caller.id || caller.is_operator();
        Ok(CodeStatus {
            gtin: codec.gtin.to_string(),
            serial: parsed.serial().unwrap_or_default().to_owned(),
            product_group: order.product_group.clone(),
            status: unit.map_or_else(|| "EMITTED".to_owned(), |u| u.status),
            key_id: order.key_id.clone(),
            order_id: sees_order.then(|| order.id.to_string()),
        })
    }

    /// The order that emitted a scanned code, having checked the code is genuine: its serial
    /// decrypts into the order's range and its tail matches. Errors blame `pointer`.
    pub(crate) async fn emitting_order(
        &self,
        parsed: &ElementString,
        pointer: &str,
    ) -> Result<OrderCodec, RegistryError> {
        let refuse = |e: EmissionError| {
            let kind = match e {
                EmissionError::SerialNotEmitted { .. } => Kind::NotFound,
                _ => Kind::Invalid,
            };
            RegistryError::new(kind, e.code(), e.msg()).at(pointer)
        };
        let gtin = parsed
            .gtin()
            .ok_or_else(|| refuse(EmissionError::CodeIncomplete { ai: "01" }))?;
        let serial = parsed
            .serial()
            .ok_or_else(|| refuse(EmissionError::CodeIncomplete { ai: "21" }))?;
        let serial = tanba_domain::Serial::parse(serial)
            .map_err(|e| RegistryError::invalid(pointer, e.code(), e.msg()))?;
        let product = self
            .db
            .product(&gtin.to_string())
            .await?
            .ok_or_else(|| product_not_found(&gtin.to_string()).at(pointer))?;
        let group = self.group(&product.product_group).await?;
        let cipher = SerialCipher::new(
            group.format,
            &self.master.serial_key(&product.product_group),
        )
        .map_err(refuse)?;
        let counter = cipher.decrypt(gtin, &serial).map_err(refuse)?;
        let not_emitted = || {
            refuse(EmissionError::SerialNotEmitted {
                serial: serial.to_string(),
            })
        };
        let counter = i64::try_from(counter).map_err(|_| not_emitted())?;
        let order = self
            .db
            .order_by_counter(&gtin.to_string(), counter)
            .await?
            .ok_or_else(not_emitted)?;
        let codec = OrderCodec::new(&self.master, order)?;
        codec.check(parsed).map_err(refuse)?;
        Ok(codec)
    }
}

fn tail_name(tail: tanba_domain::emission::TailLength) -> &'static str {
    match tail {
        tanba_domain::emission::TailLength::Short4 => "93",
        tanba_domain::emission::TailLength::Long44 => "92-44",
        tanba_domain::emission::TailLength::Long88 => "92-88",
    }
}
