//! The product catalogue: GTIN -> names, group, owner and attributes. Only the GTIN's owner
//! (its manufacturer or importer) or the operator may change a product; anyone signed in may
//! read the catalogue (the public check shows product names too).

use serde::{Deserialize, Serialize};
use tanba_domain::{Gtin, Msg, Role};
use tanba_store::registry::ProductRow;

use crate::{Caller, Names, Page, Registry, RegistryError};

/// A product as its owner describes it.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    /// GTIN-8/12/13/14 with its check digit (in a URL path, the path names it).
    #[serde(default)]
    pub gtin: String,
    /// Product group id.
    pub product_group: String,
    /// Names in kk, ru and en.
    pub names: Names,
    /// Brand.
    #[serde(default)]
    pub brand: Option<String>,
    /// Manufacturer's name as printed on the pack.
    #[serde(default)]
    pub manufacturer: Option<String>,
    /// BIN of the importing participant.
    #[serde(default)]
    pub importer: Option<String>,
    /// TN VED (EAEU commodity code), 10 digits.
    #[serde(default)]
    pub tn_ved: Option<String>,
    /// Shelf life in days.
    #[serde(default)]
    pub shelf_life_days: Option<i32>,
    /// Attributes the product group needs (a JSON object).
    #[serde(default)]
    pub attributes: Option<serde_json::Map<String, serde_json::Value>>,
    /// The owning participant: the operator names it; anyone else owns what it registers.
    #[serde(default)]
    pub owner: Option<String>,
}

/// A product as the catalogue shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProductView {
    /// GTIN, 14 digits.
    pub gtin: String,
    /// Product group.
    pub product_group: String,
    /// Owning participant.
    pub owner: String,
    /// Names.
    pub names: Names,
    /// Brand.
    pub brand: Option<String>,
    /// Manufacturer.
    pub manufacturer: Option<String>,
    /// Importer.
    pub importer: Option<String>,
    /// TN VED.
    pub tn_ved: Option<String>,
    /// Shelf life, days.
    pub shelf_life_days: Option<i32>,
    /// Group-specific attributes.
    pub attributes: serde_json::Value,
}

impl From<ProductRow> for ProductView {
    fn from(r: ProductRow) -> Self {
        ProductView {
            names: Names::from_json(&r.names),
            gtin: r.gtin,
            product_group: r.product_group,
            owner: r.owner,
            brand: r.brand,
            manufacturer: r.manufacturer,
            importer: r.importer,
            tn_ved: r.tn_ved,
            shelf_life_days: r.shelf_life_days,
            attributes: r.attributes,
        }
    }
}

pub(crate) fn parse_gtin(text: &str, pointer: &str) -> Result<Gtin, RegistryError> {
    Gtin::parse(text.trim()).map_err(|e| RegistryError::invalid(pointer, e.code(), e.msg()))
}

pub(crate) fn product_not_found(gtin: &str) -> RegistryError {
    RegistryError::not_found(
        "PRODUCT_NOT_FOUND",
        Msg::new("product-not-found").with("gtin", gtin.escape_debug()),
    )
}

fn optional_text(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().chars().take(500).collect::<String>())
        .filter(|v| !v.is_empty())
}

impl Registry {
    /// Creates or changes a product, as its owner or the operator.
    pub async fn put_product(
        &self,
        caller: &Caller,
        input: ProductInput,
    ) -> Result<ProductView, RegistryError> {
        caller.require_active()?;
        let gtin = parse_gtin(&input.gtin, "/gtin")?.to_string();
        let existing = self.db.product(&gtin).await?;
        if let Some(p) = &existing
            && p.owner != caller.id
            && !caller.is_operator()
        {
            return Err(RegistryError::forbidden(
                "GTIN_NOT_OWNED",
                Msg::new("gtin-not-owned").with("gtin", &gtin),
            )
            .at("/gtin"));
        }
        // The owner stays unless the operator names another; a new product is the caller's.
        let current = existing.as_ref().map(|p| p.owner.clone());
        let owner = match (&input.owner, caller.is_operator()) {
            (Some(owner), true) => owner.clone(),
            (Some(owner), false) if *owner != caller.id => {
                return Err(RegistryError::forbidden(
                    "OWNER_NOT_CALLER",
                    Msg::new("product-owner-not-caller"),
                )
                .at("/owner"));
            }
            _ => current.clone().unwrap_or_else(|| caller.id.clone()),
        };
        self.check_owner(&owner, &input.product_group).await?;
        let expected_owner = current.unwrap_or_else(|| owner.clone());
        let row = self.checked_product(input, gtin, owner).await?;
        let audit = caller.audit("product.put", &row.gtin, "ok");
        if !self.db.put_product(&row, &expected_owner, &audit).await? {
            return Err(RegistryError::new(
                crate::Kind::Conflict,
                "GTIN_OWNER_CHANGED",
                Msg::new("gtin-owner-changed").with("gtin", &row.gtin),
            ));
        }
        Ok(row.into())
    }

    /// The owner must be an active manufacturer or importer working in the group.
    async fn check_owner(&self, owner: &str, group: &str) -> Result<(), RegistryError> {
        let row = self.db.participant(owner).await?.ok_or_else(|| {
            RegistryError::invalid(
                "/owner",
                "PARTICIPANT_NOT_FOUND",
                Msg::new("participant-not-found").with("id", owner.escape_debug()),
            )
        })?;
        let owner = Caller::from_row(&row);
        let makes = owner.has(Role::Manufacturer) || owner.has(Role::Importer);
        if !makes || !owner.product_groups.iter().any(|g| g == group) {
            return Err(RegistryError::forbidden(
                "OWNER_NOT_IN_GROUP",
                Msg::new("product-owner-not-in-group")
                    .with("id", &owner.id)
                    .with("group", group.escape_debug()),
            )
            .at("/product_group"));
        }
        owner.require_active()
    }

    async fn checked_product(
        &self,
        input: ProductInput,
        gtin: String,
        owner: String,
    ) -> Result<ProductRow, RegistryError> {
        self.group(&input.product_group)
            .await
            .map_err(|e| e.at("/product_group"))?;
        let names = input.names.checked("/names", true)?;
        if let Some(tn_ved) = &input.tn_ved
            && (tn_ved.len() != 10 || !tn_ved.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(RegistryError::invalid(
                "/tn_ved",
                "TN_VED_INVALID",
                Msg::new("tn-ved-invalid").with("value", tn_ved.escape_debug()),
            ));
        }
        if input
            .shelf_life_days
            .is_some_and(|d| !(1..=36_500).contains(&d))
        {
            return Err(RegistryError::invalid(
                "/shelf_life_days",
                "SHELF_LIFE_INVALID",
                Msg::new("shelf-life-invalid"),
            ));
        }
        if let Some(importer) = &input.importer
            && self.db.participant(importer).await?.is_none()
        {
            return Err(RegistryError::invalid(
                "/importer",
                "PARTICIPANT_NOT_FOUND",
                Msg::new("participant-not-found").with("id", importer.escape_debug()),
            ));
        }
        Ok(ProductRow {
            gtin,
            product_group: input.product_group,
            owner,
            names: names.to_json(),
            brand: optional_text(input.brand),
            manufacturer: optional_text(input.manufacturer),
            importer: input.importer,
            tn_ved: input.tn_ved,
            shelf_life_days: input.shelf_life_days,
            attributes: serde_json::Value::Object(input.attributes.unwrap_or_default()),
        })
    }

    /// One product.
    pub async fn product(&self, gtin: &str) -> Result<ProductView, RegistryError> {
        let gtin = parse_gtin(gtin, "/gtin")?.to_string();
        self.db
            .product(&gtin)
            .await?
            .map(ProductView::from)
            .ok_or_else(|| product_not_found(&gtin))
    }

    /// A page of the catalogue, optionally one owner's products.
    pub async fn products(
        &self,
        owner: Option<&str>,
        cursor: Option<&str>,
        limit: i64,
    ) -> Result<Page<ProductView>, RegistryError> {
        let rows = self.db.products(owner, cursor, limit).await?;
        let views = rows.into_iter().map(ProductView::from).collect();
        Ok(Page::of(views, limit, |p: &ProductView| p.gtin.clone()))
    }
}
