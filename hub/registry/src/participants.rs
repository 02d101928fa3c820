//! Participants (R9): registered by the operator; a participant's data is visible to itself,
//! to the regulators of its product groups and to the operator, and to nobody else (a hidden
//! participant reads as not found, so its existence is not disclosed either).

use serde::{Deserialize, Serialize};
use tanba_domain::{Msg, ParticipantId, ParticipantStatus, Role};
use tanba_store::registry::ParticipantRow;

use crate::{Caller, Names, Page, Registry, RegistryError};

/// A participant as the operator registers it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantInput {
    /// BIN or IIN (in a URL path, the path names it).
    #[serde(default)]
    pub id: String,
    /// Names in kk and ru (en optional).
    pub names: Names,
    /// Roles (at least one).
    pub roles: Vec<String>,
    /// Product groups it works in or regulates.
    #[serde(default)]
    pub product_groups: Vec<String>,
    /// `active` (default) or `suspended`.
    #[serde(default)]
    pub status: Option<String>,
    /// The KATO code (9 digits) of its region, if known; analytic exports group flows by it
    /// (R15).
    #[serde(default)]
    pub kato: Option<String>,
}

/// A participant as a caller who may see it sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ParticipantView {
    /// BIN or IIN.
    pub id: String,
    /// `bin` or `iin`.
    pub kind: String,
    /// Names.
    pub names: Names,
    /// Roles.
    pub roles: Vec<String>,
    /// Product groups.
    pub product_groups: Vec<String>,
    /// `active` or `suspended`.
    pub status: String,
    /// The KATO code of its region, if known.
    pub kato: Option<String>,
}

impl From<ParticipantRow> for ParticipantView {
    fn from(row: ParticipantRow) -> Self {
        ParticipantView {
            names: Names::from_json(&row.names),
            id: row.id,
            kind: row.kind,
            roles: row.roles,
            product_groups: row.product_groups,
            status: row.status,
            kato: row.kato,
        }
    }
}

fn participant_not_found(id: &str) -> RegistryError {
    RegistryError::not_found(
        "PARTICIPANT_NOT_FOUND",
        Msg::new("participant-not-found").with("id", id.escape_debug()),
    )
}

fn may_see(caller: &Caller, row: &ParticipantRow) -> bool {
    caller.id == row.id || caller.is_operator() || caller.regulates_any(&row.product_groups)
}

/// An entry of a state register (issue 7, R1: participants come from the state registers),
/// as an adapter reported it.
#[derive(Debug, Clone)]
pub struct RegisterEntry {
    /// IIN or BIN.
    pub id: String,
    /// The registered name (the same in every language).
    pub name: String,
    /// Whether it may trade: `false` for suspended, deregistered or closed.
    pub active: bool,
    /// Who reported it, e.g. `adapter:shep`, for the audit log.
    pub source: String,
    /// Its KATO code where the register gives one (an entrepreneur's place of registration);
    /// `None` keeps what the participant had.
    pub kato: Option<String>,
}

/// A KATO code (R15: the region of a participant's flows in exports) has nine digits.
fn checked_kato(kato: &str) -> Result<(), RegistryError> {
    if kato.len() == 9 && kato.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    Err(RegistryError::invalid(
        "/kato",
        "KATO_INVALID",
        Msg::new("participant-kato-invalid").with("kato", kato.escape_debug()),
    ))
}

/// A new participant known only from a register gets this role until the operator changes it:
/// a registered entrepreneur most often sells to the public.
const REGISTER_ROLE: Role = Role::Retailer;

impl Registry {
    /// Checks a register entry into the participant row to create or update, and the audit
    /// entry that records it; the caller writes both in its transaction (with
    /// `tanba_store::registry::upsert_register_participant`). An existing participant keeps
    /// its roles and groups; a closed one becomes suspended (it may read, not act).
    pub fn register_entry(
        &self,
        entry: &RegisterEntry,
    ) -> Result<(ParticipantRow, tanba_store::AuditEntry), RegistryError> {
        let id = ParticipantId::parse(entry.id.trim(), self.ids)
            .map_err(|e| RegistryError::invalid("/iin-bin", e.code(), e.msg()))?;
        let name = entry.name.trim();
        if name.is_empty() || name.chars().count() > 500 {
            return Err(RegistryError::invalid(
                "/name",
                "NAME_INVALID",
                Msg::new("participant-register-name").with("id", id.to_string()),
            ));
        }
        if let Some(kato) = &entry.kato {
            checked_kato(kato)?;
        }
        let status = if entry.active {
            ParticipantStatus::Active
        } else {
            ParticipantStatus::Suspended
        };
        let row = ParticipantRow {
            id: id.to_string(),
            kind: id.kind().to_owned(),
            names: serde_json::json!({ "kk": name, "ru": name }),
            roles: vec![REGISTER_ROLE.as_str().to_owned()],
            product_groups: Vec::new(),
            status: status.as_str().to_owned(),
            kato: entry.kato.clone(),
        };
        let audit = tanba_store::AuditEntry {
            action: "participant.register-sync".into(),
            object: Some(row.id.clone()),
            outcome: "ok".into(),
            role: Some(entry.source.clone()),
            ..Default::default()
        };
        Ok((row, audit))
    }

    async fn checked_participant(
        &self,
        input: ParticipantInput,
    ) -> Result<ParticipantRow, RegistryError> {
        let id = ParticipantId::parse(input.id.trim(), self.ids)
            .map_err(|e| RegistryError::invalid("/id", e.code(), e.msg()))?;
        let names = input.names.checked("/names", false)?;
        if input.roles.is_empty() {
            return Err(RegistryError::invalid(
                "/roles",
                "ROLES_EMPTY",
                Msg::new("participant-roles-empty"),
            ));
        }
        for (i, role) in input.roles.iter().enumerate() {
            role.parse::<Role>().map_err(|e| {
                RegistryError::invalid(format!("/roles/{i}"), "ROLE_UNKNOWN", e.msg())
            })?;
        }
        let status = input.status.unwrap_or_else(|| "active".into());
        status
            .parse::<ParticipantStatus>()
            .map_err(|e| RegistryError::invalid("/status", "STATUS_UNKNOWN", e.msg()))?;
        if let Some(kato) = &input.kato {
            checked_kato(kato)?;
        }
        for (i, group) in input.product_groups.iter().enumerate() {
            if self.db.product_group(group).await?.is_none() {
                return Err(RegistryError::invalid(
                    format!("/product_groups/{i}"),
                    "GROUP_NOT_FOUND",
                    Msg::new("group-not-found").with("id", group.escape_debug()),
                ));
            }
        }
        Ok(ParticipantRow {
            id: id.to_string(),
            kind: id.kind().to_owned(),
            names: names.to_json(),
            roles: input.roles,
            product_groups: input.product_groups,
            status,
            kato: input.kato,
        })
    }

    /// Registers a participant. `caller` is the operator, or `None` for the hub's own console
    /// (`tanba participant add`), which is how the first operator comes to exist.
    pub async fn register_participant(
        &self,
        caller: Option<&Caller>,
        input: ParticipantInput,
    ) -> Result<ParticipantView, RegistryError> {
        if let Some(caller) = caller {
            caller.require_operator()?;
        }
        let row = self.checked_participant(input).await?;
        let by = caller.cloned().unwrap_or_else(Caller::console);
        let audit = by.audit("participant.register", &row.id, "ok");
        if !self.db.insert_participant(&row, &audit).await? {
            return Err(RegistryError::new(
                crate::Kind::Conflict,
                "PARTICIPANT_EXISTS",
                Msg::new("participant-exists").with("id", &row.id),
            )
            .at("/id"));
        }
        Ok(row.into())
    }

    /// Replaces a participant's names, roles, groups and status (operator only).
    pub async fn update_participant(
        &self,
        caller: &Caller,
        input: ParticipantInput,
    ) -> Result<ParticipantView, RegistryError> {
        caller.require_operator()?;
        let row = self.checked_participant(input).await?;
        let audit = caller.audit("participant.update", &row.id, "ok");
        if !self.db.update_participant(&row, &audit).await? {
            return Err(participant_not_found(&row.id));
        }
        Ok(row.into())
    }

    /// One participant, if `caller` may see it.
    pub async fn participant(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<ParticipantView, RegistryError> {
        match self.db.participant(id).await? {
            Some(row) if may_see(caller, &row) => Ok(row.into()),
            _ => Err(participant_not_found(id)),
        }
    }

    /// The participants `caller` may see: all for the operator; those of a regulated group for
    /// a regulator (which must name the group); itself for anyone else.
    pub async fn participants(
        &self,
        caller: &Caller,
        group: Option<&str>,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Page<ParticipantView>, RegistryError> {
        let allowed =
            caller.is_operator() || group.is_some_and(|g| caller.regulates_any(&[g.to_owned()]));
        let rows = if allowed {
            self.db.participants(group, cursor, limit).await?
        } else {
            let own = self.db.participant(&caller.id).await?;
            own.into_iter()
                .filter(|r| cursor.is_none_or(|c| r.id.as_str() > c))
                .filter(|r| group.is_none_or(|g| r.product_groups.iter().any(|p| p == g)))
                .collect()
        };
        let views = rows.into_iter().map(ParticipantView::from).collect();
        Ok(Page::of(views, limit, |p: &ParticipantView| p.id.clone()))
    }
}
