//! The message digests a CMS SignerInfo or an XMLDSig DigestMethod may name: SHA-2 through
//! `ring`, the national GOST hashes through `tanba-gost` (Streebog-256 through `streebog`, the
//! crate `tanba-gost` uses for the 512-bit one).

use der::asn1::ObjectIdentifier;

use crate::oid;

/// A digest algorithm of CMS digestAlgorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DigestAlgorithm {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// Streebog-256 (GOST 34.11-2015), national OID 1.2.398.3.10.1.3.2 or TC26 1.2.643.7.1.1.2.2.
    Streebog256,
    /// Streebog-512 (GOST 34.11-2015), national OID 1.2.398.3.10.1.3.3 or TC26 1.2.643.7.1.1.2.3.
    Streebog512,
    /// GOST 34.311-95, national OID 1.2.398.3.10.1.3.1.
    Gost34311_95,
}

impl DigestAlgorithm {
    /// The algorithm a digestAlgorithm OID names, if supported.
    pub fn from_oid(oid: &ObjectIdentifier) -> Option<DigestAlgorithm> {
        [
            (oid::SHA256, DigestAlgorithm::Sha256),
            (oid::SHA384, DigestAlgorithm::Sha384),
            (oid::SHA512, DigestAlgorithm::Sha512),
            (oid::KZ_STREEBOG256, DigestAlgorithm::Streebog256),
            (oid::TC26_STREEBOG256, DigestAlgorithm::Streebog256),
            (oid::KZ_STREEBOG512, DigestAlgorithm::Streebog512),
            (oid::TC26_STREEBOG512, DigestAlgorithm::Streebog512),
            (oid::KZ_GOST34311, DigestAlgorithm::Gost34311_95),
        ]
        .into_iter()
        .find_map(|(o, alg)| (o == *oid).then_some(alg))
    }

    /// Its OID (the national one for the GOST hashes).
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            DigestAlgorithm::Sha256 => oid::SHA256,
            DigestAlgorithm::Sha384 => oid::SHA384,
            DigestAlgorithm::Sha512 => oid::SHA512,
            DigestAlgorithm::Streebog256 => oid::KZ_STREEBOG256,
            DigestAlgorithm::Streebog512 => oid::KZ_STREEBOG512,
            DigestAlgorithm::Gost34311_95 => oid::KZ_GOST34311,
        }
    }

    /// The digest of `data`, in the hash's normal byte order.
    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        let sha = |alg| ring::digest::digest(alg, data).as_ref().to_vec();
        match self {
            DigestAlgorithm::Sha256 => sha(&ring::digest::SHA256),
            DigestAlgorithm::Sha384 => sha(&ring::digest::SHA384),
            DigestAlgorithm::Sha512 => sha(&ring::digest::SHA512),
            DigestAlgorithm::Streebog256 => tanba_gost::streebog256(data).to_vec(),
            DigestAlgorithm::Streebog512 => tanba_gost::streebog512(data).to_vec(),
            DigestAlgorithm::Gost34311_95 => tanba_gost::gost34311_95(data).to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc_is_the_fips_value() {
        let hex: String = DigestAlgorithm::Sha256
            .digest(b"abc")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            DigestAlgorithm::from_oid(&DigestAlgorithm::Streebog512.oid()),
            Some(DigestAlgorithm::Streebog512)
        );
    }

    #[test]
    fn streebog256_of_the_empty_message_is_the_published_value() {
        // GOST R 34.11-2012, 256-bit hash of the empty message.
        let hex: String = DigestAlgorithm::Streebog256
            .digest(b"")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb"
        );
        assert_eq!(
            DigestAlgorithm::from_oid(&DigestAlgorithm::Streebog256.oid()),
            Some(DigestAlgorithm::Streebog256)
        );
    }
}
