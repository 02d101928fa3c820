//! One order's codes: its serial cipher and verification key, rebuilt from the order row and
//! the master secret. Makes the order's codes (print file) and recognises them (reports,
//! look-ups), so both sides use one definition.

use tanba_domain::emission::{
    CodeToVerify, KeyId, Keyring, SerialCipher, SerialFormat, TailLength, VerificationKey,
    emitted_code, verify,
};
use tanba_domain::{Ai, ElementString, EmissionError, Gtin, Msg};
use tanba_store::registry::OrderRow;

use crate::groups::tail_of;
use crate::{Kind, RegistryError};

/// An order's code maker and checker.
pub(crate) struct OrderCodec {
    pub order: OrderRow,
    pub gtin: Gtin,
    cipher: SerialCipher,
    key: VerificationKey,
    tail: TailLength,
}

impl OrderCodec {
    /// The codec of `order`, with keys derived from `master`.
    pub fn new(
        master: &tanba_domain::emission::MasterSecret,
        order: OrderRow,
    ) -> Result<Self, RegistryError> {
        let broken = || {
            tracing::error!(order = %order.id, "stored emission order is unusable");
            RegistryError::new(
                Kind::Internal,
                "ORDER_BROKEN",
                Msg::new("order-broken").with("id", order.id),
            )
        };
        let length = usize::try_from(order.serial_length).map_err(|_| broken())?;
        let format = SerialFormat::new(length, &order.serial_alphabet).map_err(|_| broken())?;
        let cipher = SerialCipher::new(format, &master.serial_key(&order.product_group))
            .map_err(|_| broken())?;
        let key_id = KeyId::parse(&order.key_id).map_err(|_| broken())?;
        let tail = tail_of(&order.tail).ok_or_else(broken)?;
        Ok(OrderCodec {
            key: master.verification_key(&order.product_group, &key_id),
            gtin: Gtin::parse(&order.gtin).map_err(|_| broken())?,
            cipher,
            tail,
            order,
        })
    }

    /// The order's `index`-th code (0-based), `None` past its end.
    pub fn code_at(&self, index: i64) -> Option<ElementString> {
        if !(0..self.order.quantity).contains(&index) {
            return None;
        }
        let counter = u64::try_from(self.order.first_counter + index).ok()?;
        let serial = self.cipher.encrypt(self.gtin, counter).ok()?;
        Some(emitted_code(self.gtin, &serial, &self.key, self.tail))
    }

    /// Whether `code` is one of this order's, with a genuine crypto tail: its serial decrypts
    /// into the order's counter range and its verification code matches the order's key.
    pub fn check(&self, code: &ElementString) -> Result<(), EmissionError> {
        let mut scanned = CodeToVerify::from_element_string(code, Some(self.key.id()))?;
        if code.gtin() != Some(self.gtin) {
            return Err(EmissionError::VerificationFailed);
        }
        let counter = self.cipher.decrypt(self.gtin, &scanned.serial)?;
        let range = self.order.first_counter..self.order.first_counter + self.order.quantity;
        if !i64::try_from(counter).is_ok_and(|c| range.contains(&c)) {
            return Err(EmissionError::SerialNotEmitted {
                serial: scanned.serial.to_string(),
            });
        }
        // A short tail names no key; a long one must name the order's.
        if code.get(Ai::VERIFICATION_CODE).is_none() {
            scanned.key_id = self.key.id().clone();
        }
        let keyring = Keyring::new([self.key.clone()])?;
        verify(&keyring, &scanned).into_result().map(|_| ())
    }

    /// The verification key's id.
    pub fn key_id(&self) -> &KeyId {
        self.key.id()
    }
}
