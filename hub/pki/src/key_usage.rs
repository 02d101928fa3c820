//! The keyUsage bits (RFC 5280 4.2.1.3), as a small set type of our own so the public API does
//! not expose `x509-cert`'s flag set.

use std::fmt;

/// One keyUsage bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyUsageBit {
    /// digitalSignature (0).
    DigitalSignature,
    /// nonRepudiation / contentCommitment (1).
    NonRepudiation,
    /// keyEncipherment (2).
    KeyEncipherment,
    /// dataEncipherment (3).
    DataEncipherment,
    /// keyAgreement (4).
    KeyAgreement,
    /// keyCertSign (5): may sign certificates.
    KeyCertSign,
    /// cRLSign (6): may sign CRLs.
    CrlSign,
    /// encipherOnly (7).
    EncipherOnly,
    /// decipherOnly (8).
    DecipherOnly,
}

impl KeyUsageBit {
    const ALL: [KeyUsageBit; 9] = [
        KeyUsageBit::DigitalSignature,
        KeyUsageBit::NonRepudiation,
        KeyUsageBit::KeyEncipherment,
        KeyUsageBit::DataEncipherment,
        KeyUsageBit::KeyAgreement,
        KeyUsageBit::KeyCertSign,
        KeyUsageBit::CrlSign,
        KeyUsageBit::EncipherOnly,
        KeyUsageBit::DecipherOnly,
    ];

    fn mask(self) -> u16 {
        1 << (self as u16)
    }

    /// The RFC 5280 name (`keyCertSign`), also used in messages.
    pub fn name(self) -> &'static str {
        match self {
            KeyUsageBit::DigitalSignature => "digitalSignature",
            KeyUsageBit::NonRepudiation => "nonRepudiation",
            KeyUsageBit::KeyEncipherment => "keyEncipherment",
            KeyUsageBit::DataEncipherment => "dataEncipherment",
            KeyUsageBit::KeyAgreement => "keyAgreement",
            KeyUsageBit::KeyCertSign => "keyCertSign",
            KeyUsageBit::CrlSign => "cRLSign",
            KeyUsageBit::EncipherOnly => "encipherOnly",
            KeyUsageBit::DecipherOnly => "decipherOnly",
        }
    }
}

/// The set of keyUsage bits a certificate asserts.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyUsage(u16);

impl KeyUsage {
    /// From `x509-cert`'s bit layout (bit n of the BIT STRING is `1 << n`).
    pub(crate) fn from_bits(bits: u16) -> Self {
        KeyUsage(bits)
    }

    /// Whether `bit` is set.
    pub fn contains(self, bit: KeyUsageBit) -> bool {
        self.0 & bit.mask() != 0
    }

    /// The bits that are set, in RFC order.
    pub fn bits(self) -> impl Iterator<Item = KeyUsageBit> {
        KeyUsageBit::ALL
            .into_iter()
            .filter(move |b| self.contains(*b))
    }
}

impl fmt::Debug for KeyUsage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.bits().map(KeyUsageBit::name))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_follow_rfc_numbering() {
        let ku = KeyUsage::from_bits((1 << 5) | (1 << 6));
        assert!(ku.contains(KeyUsageBit::KeyCertSign));
        assert!(ku.contains(KeyUsageBit::CrlSign));
        assert!(!ku.contains(KeyUsageBit::DigitalSignature));
        assert_eq!(format!("{ku:?}"), r#"{"keyCertSign", "cRLSign"}"#);
    }
}
