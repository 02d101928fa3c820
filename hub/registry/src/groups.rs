//! Product groups as data (issue 3): names, serial format, crypto tail, mandatory AIs and
//! verification key ids. Only the operator changes them.

use serde::{Deserialize, Serialize};
use tanba_domain::emission::{KeyId, SerialFormat, TailLength};
use tanba_domain::{Ai, Msg};
use tanba_store::registry::ProductGroupRow;

use crate::{Caller, Names, Registry, RegistryError};

/// A product group as the operator describes it (TOML or JSON).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// `tobacco`: lower-case letters, digits and '-', starting with a letter (in a URL path, the path names it).
    #[serde(default)]
    pub id: String,
    /// Names in kk, ru and en.
    pub names: Names,
    /// Serial length and alphabet.
    pub serial: SerialSpec,
    /// `93`, `92-44` or `92-88`.
    pub tail: String,
    /// AIs every code must carry when introduced, e.g. `["17", "10"]`.
    #[serde(default)]
    pub mandatory_ais: Vec<String>,
}

/// A serial format.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SerialSpec {
    /// Characters per serial.
    pub length: usize,
    /// The characters serials are made of.
    pub alphabet: String,
}

/// A product group as callers see it (no key material exists to show: only ids).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProductGroupView {
    /// Its id.
    pub id: String,
    /// Names.
    pub names: Names,
    /// Serial format.
    pub serial: SerialSpec,
    /// Crypto tail form.
    pub tail: String,
    /// Mandatory AIs.
    pub mandatory_ais: Vec<String>,
    /// The key id new codes are made with.
    pub current_key_id: Option<String>,
    /// Every key id that verifies codes of this group.
    pub key_ids: Vec<String>,
}

/// A stored group read back into domain types.
pub(crate) struct Group {
    pub format: SerialFormat,
    pub tail: TailLength,
    pub current_key: Option<KeyId>,
}

pub(crate) fn tail_of(text: &str) -> Option<TailLength> {
    match text {
        "93" => Some(TailLength::Short4),
        "92-44" => Some(TailLength::Long44),
        "92-88" => Some(TailLength::Long88),
        _ => None,
    }
}

impl GroupSpec {
    fn checked(self) -> Result<ProductGroupRow, RegistryError> {
        let id_ok = self.id.len() <= 32
            && self.id.starts_with(|c: char| c.is_ascii_lowercase())
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(RegistryError::invalid(
                "/id",
                "GROUP_ID_INVALID",
                Msg::new("group-id-invalid").with("id", self.id.escape_debug()),
            ));
        }
        let names = self.names.checked("/names", true)?;
        SerialFormat::new(self.serial.length, &self.serial.alphabet)
            .map_err(|e| RegistryError::invalid("/serial", e.code(), e.msg()))?;
        if tail_of(&self.tail).is_none() {
            return Err(RegistryError::invalid(
                "/tail",
                "GROUP_TAIL_INVALID",
                Msg::new("group-tail-invalid").with("tail", self.tail.escape_debug()),
            ));
        }
        for (i, ai) in self.mandatory_ais.iter().enumerate() {
            Ai::parse(ai).map_err(|e| {
                RegistryError::invalid(format!("/mandatory_ais/{i}"), e.code(), e.msg())
            })?;
        }
        Ok(ProductGroupRow {
            id: self.id,
            names: names.to_json(),
            serial_length: i32::try_from(self.serial.length).unwrap_or(i32::MAX),
            serial_alphabet: self.serial.alphabet,
            tail: self.tail,
            mandatory_ais: self.mandatory_ais,
            current_key: None,
            key_ids: Vec::new(),
        })
    }
}

fn view(row: ProductGroupRow) -> ProductGroupView {
    ProductGroupView {
        names: Names::from_json(&row.names),
        serial: SerialSpec {
            length: usize::try_from(row.serial_length).unwrap_or_default(),
            alphabet: row.serial_alphabet,
        },
        id: row.id,
        tail: row.tail,
        mandatory_ais: row.mandatory_ais,
        current_key_id: row.current_key,
        key_ids: row.key_ids,
    }
}

fn group_not_found(id: &str) -> RegistryError {
    RegistryError::not_found(
        "GROUP_NOT_FOUND",
        Msg::new("group-not-found").with("id", id.escape_debug()),
    )
}

impl Registry {
    /// Creates or updates a product group (operator only); a new group gets its first
    /// verification key.
    pub async fn put_group(
        &self,
        caller: &Caller,
        spec: GroupSpec,
    ) -> Result<ProductGroupView, RegistryError> {
        caller.require_operator()?;
        let row = spec.checked()?;
        self.db
            .put_product_group(&row, &caller.audit("group.put", &row.id, "ok"))
            .await?;
        if self
            .db
            .product_group(&row.id)
            .await?
            .and_then(|g| g.current_key)
            .is_none()
        {
            self.rotate_key(caller, &row.id).await?;
        }
        self.group_view(&row.id).await
    }

    /// Starts a new verification key for `group` (operator only); the old one keeps verifying
    /// the codes it made. Returns the new key id.
    pub async fn rotate_key(&self, caller: &Caller, group: &str) -> Result<String, RegistryError> {
        caller.require_operator()?;
        if self.db.product_group(group).await?.is_none() {
            return Err(group_not_found(group));
        }
        loop {
            let id = random_key_id();
            let audit = caller.audit("group.rotate_key", format!("{group}/{id}"), "ok");
            if self.db.rotate_verification_key(group, &id, &audit).await? {
                tracing::info!(group, key_id = %id, "verification key rotated");
                return Ok(id);
            }
        }
    }

    /// Every product group.
    pub async fn groups(&self) -> Result<Vec<ProductGroupView>, RegistryError> {
        Ok(self
            .db
            .product_groups()
            .await?
            .into_iter()
            .map(view)
            .collect())
    }

    /// One product group.
    pub async fn group_view(&self, id: &str) -> Result<ProductGroupView, RegistryError> {
        self.db
            .product_group(id)
            .await?
            .map(view)
            .ok_or_else(|| group_not_found(id))
    }

    /// A group in domain types, for emission and look-up.
    pub(crate) async fn group(&self, id: &str) -> Result<Group, RegistryError> {
        let row = self
            .db
            .product_group(id)
            .await?
            .ok_or_else(|| group_not_found(id))?;
        let broken = |what: &str| {
            tracing::error!(group = id, what, "stored product group is unusable");
            RegistryError::new(
                crate::Kind::Internal,
                "GROUP_BROKEN",
                Msg::new("group-broken").with("id", id),
            )
        };
        let length = usize::try_from(row.serial_length).map_err(|_| broken("serial length"))?;
        Ok(Group {
            format: SerialFormat::new(length, &row.serial_alphabet)
                .map_err(|_| broken("serial format"))?,
            tail: tail_of(&row.tail).ok_or_else(|| broken("tail"))?,
            current_key: row
                .current_key
                .map(|k| KeyId::parse(&k))
                .transpose()
                .map_err(|_| broken("key id"))?,
        })
    }
}

/// Four random upper-case letters or digits.
fn random_key_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).expect("the operating system's random source works");
    // 256 % 36 = 4: a negligible bias for an id that is not a secret.
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}
