//! Traceability (R8): a code's or transport unit's whole story in order (emission, reports,
//! statuses, owners, parents, causes) from one call, and an aggregate's current contents at
//! any depth from another. Visible to whoever owned or ordered the unit, the regulators of its
//! product group and the operator; to anyone else it does not exist.

use serde::Serialize;
use tanba_domain::{ElementString, Msg, UnitId};
use tanba_store::registry::{HistoryRow, UnitRow, unit_contents};

use crate::units::unit_id;
use crate::{Caller, Registry, RegistryError};

/// A unit's current state.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitView {
    /// Its key (`01<gtin>21<serial>` or `00<sscc>`).
    pub unit: String,
    /// Status.
    pub status: String,
    /// Owner.
    pub owner: String,
    /// The aggregate it sits in.
    pub parent: Option<String>,
}

impl From<&UnitRow> for UnitView {
    fn from(r: &UnitRow) -> Self {
        UnitView {
            unit: r.key.clone(),
            status: r.status.clone(),
            owner: r.owner.clone(),
            parent: r.parent.clone(),
        }
    }
}

/// One step of a unit's story.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// When, RFC 3339 UTC.
    pub at: String,
    /// `EMIT`, `APPLY`, `AGGREGATE`, ...
    pub event: String,
    /// Status after.
    pub status: String,
    /// Owner after.
    pub owner: String,
    /// Parent after.
    pub parent: Option<String>,
    /// Who caused it.
    pub actor: String,
    /// `order`, `report` or `document`.
    pub cause_kind: String,
    /// Its id.
    pub cause_id: String,
}

impl From<HistoryRow> for HistoryEntry {
    fn from(r: HistoryRow) -> Self {
        HistoryEntry {
            at: r.at,
            event: r.event,
            status: r.status,
            owner: r.owner,
            parent: r.parent,
            actor: r.actor,
            cause_kind: r.cause_kind,
            cause_id: r.cause_id.to_string(),
        }
    }
}

/// A unit's story.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitTrace {
    /// Where it is now.
    #[serde(flatten)]
    pub current: UnitView,
    /// Its product group (codes).
    pub product_group: Option<String>,
    /// The damaged code this one replaced (remarking).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// The code that replaced this damaged one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<String>,
    /// Oldest first, emission included.
    pub history: Vec<HistoryEntry>,
}

fn unknown(unit: &str) -> RegistryError {
    RegistryError::not_found("UNIT_UNKNOWN", Msg::new("unit-unknown").with("unit", unit))
}

impl Registry {
    /// The story of `code` (scanned form or unit key).
    pub async fn trace(&self, caller: &Caller, code: &str) -> Result<UnitTrace, RegistryError> {
        let id = unit_id(code, "/code")?;
        let key = id.to_string();
        let row = self.db.unit(&key).await?;
        let history: Vec<HistoryRow> = self.db.unit_history(&key).await?;
        let order = match (&row, &id) {
            (
                Some(UnitRow {
                    order_id: Some(order),
                    ..
                }),
                _,
            ) => self.db.order(*order).await?,
            // Emitted and untouched: only a complete, genuine code leads to its order.
            (None, UnitId::Code { .. }) => match ElementString::parse(code) {
                Ok(parsed) => Some(self.emitting_order(&parsed, "/code").await?.order),
                Err(_) => None,
            },
            _ => None,
        };
        let involved = |who: &str| {
            row.as_ref().is_some_and(|r| r.owner == who)
                || order.as_ref().is_some_and(|o| o.participant == who)
                || history.iter().any(|h| h.owner == who || h.actor == who)
        };
        let group = order.as_ref().map(|o| o.product_group.clone());
        let regulates = group
            .as_ref()
            .is_some_and(|g| caller.regulates_any(std::slice::from_ref(g)));
        if !(involved(&caller.id) || caller.is_operator() || regulates) {
            return Err(unknown(&key));
        }
        let mut entries = Vec::with_capacity(history.len() + 1);
        if let Some(o) = &order {
            entries.push(HistoryEntry {
                at: o.created_at.clone(),
                event: "EMIT".into(),
                status: "EMITTED".into(),
                owner: o.participant.clone(),
                parent: None,
                actor: o.participant.clone(),
                cause_kind: "order".into(),
                cause_id: o.id.to_string(),
            });
        }
        entries.extend(history.into_iter().map(HistoryEntry::from));
        let current = match (&row, &order) {
            (Some(r), _) => UnitView::from(r),
            (None, Some(o)) => UnitView {
                unit: key.clone(),
                status: "EMITTED".into(),
                owner: o.participant.clone(),
                parent: None,
            },
            (None, None) => return Err(unknown(&key)),
        };
        let (replaces, replaced_by) = self.db.remark_links(&key).await?;
        Ok(UnitTrace {
            current,
            product_group: group,
            replaces,
            replaced_by,
            history: entries,
        })
    }

    /// What `code` (an SSCC or a group pack) contains now, at any depth, parents first; for its
    /// owner and the operator.
    pub async fn contents(
        &self,
        caller: &Caller,
        code: &str,
    ) -> Result<Vec<UnitView>, RegistryError> {
        let key = unit_id(code, "/code")?.to_string();
        match self.db.unit(&key).await? {
            Some(row) if row.owner == caller.id || caller.is_operator() => {}
            _ => return Err(unknown(&key)),
        }
        let client = self.db.client().await?;
        let rows = unit_contents(&**client, &key).await?;
        Ok(rows.iter().map(UnitView::from).collect())
    }
}
