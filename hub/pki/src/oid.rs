//! The object identifiers the PKI layer reads (RFC 5280, RFC 5652, RFC 5758, the national CA's
//! profile in `shared/formats/GOVERNMENT.md`).

use der::asn1::ObjectIdentifier as Oid;

const fn oid(s: &str) -> Oid {
    Oid::new_unwrap(s)
}

// Name attributes.
pub(crate) const CN: Oid = oid("2.5.4.3");
pub(crate) const SURNAME: Oid = oid("2.5.4.4");
pub(crate) const SERIAL_NUMBER: Oid = oid("2.5.4.5");
pub(crate) const COUNTRY: Oid = oid("2.5.4.6");
pub(crate) const LOCALITY: Oid = oid("2.5.4.7");
pub(crate) const STATE: Oid = oid("2.5.4.8");
pub(crate) const ORGANIZATION: Oid = oid("2.5.4.10");
pub(crate) const ORG_UNIT: Oid = oid("2.5.4.11");
pub(crate) const BUSINESS_CATEGORY: Oid = oid("2.5.4.15");
pub(crate) const GIVEN_NAME: Oid = oid("2.5.4.42");
pub(crate) const EMAIL: Oid = oid("1.2.840.113549.1.9.1");
pub(crate) const DOMAIN_COMPONENT: Oid = oid("0.9.2342.19200300.100.1.25");
pub(crate) const USER_ID: Oid = oid("0.9.2342.19200300.100.1.1");

// Certificate and CRL extensions.
pub(crate) const KEY_USAGE: Oid = oid("2.5.29.15");
pub(crate) const EXT_KEY_USAGE: Oid = oid("2.5.29.37");
pub(crate) const CERT_POLICIES: Oid = oid("2.5.29.32");
pub(crate) const BASIC_CONSTRAINTS: Oid = oid("2.5.29.19");
pub(crate) const SUBJECT_KEY_ID: Oid = oid("2.5.29.14");
pub(crate) const AUTHORITY_KEY_ID: Oid = oid("2.5.29.35");
// OCSP (RFC 6960).
pub(crate) const OCSP_BASIC: Oid = oid("1.3.6.1.5.5.7.48.1.1");
pub(crate) const OCSP_NONCE: Oid = oid("1.3.6.1.5.5.7.48.1.2");
pub(crate) const OCSP_SIGNING: Oid = oid("1.3.6.1.5.5.7.3.9");
pub(crate) const CRL_NUMBER: Oid = oid("2.5.29.20");
pub(crate) const DELTA_CRL_INDICATOR: Oid = oid("2.5.29.27");
pub(crate) const CRL_REASON: Oid = oid("2.5.29.21");

// Key and signature algorithms.
pub(crate) const RSA_ENCRYPTION: Oid = oid("1.2.840.113549.1.1.1");
pub(crate) const SHA256_WITH_RSA: Oid = oid("1.2.840.113549.1.1.11");
pub(crate) const SHA384_WITH_RSA: Oid = oid("1.2.840.113549.1.1.12");
pub(crate) const SHA512_WITH_RSA: Oid = oid("1.2.840.113549.1.1.13");
pub(crate) const EC_PUBLIC_KEY: Oid = oid("1.2.840.10045.2.1");
pub(crate) const ECDSA_SHA256: Oid = oid("1.2.840.10045.4.3.2");
pub(crate) const ECDSA_SHA384: Oid = oid("1.2.840.10045.4.3.3");
pub(crate) const CURVE_P256: Oid = oid("1.2.840.10045.3.1.7");
pub(crate) const CURVE_P384: Oid = oid("1.3.132.0.34");

// Digests.
pub(crate) const SHA256: Oid = oid("2.16.840.1.101.3.4.2.1");
pub(crate) const SHA384: Oid = oid("2.16.840.1.101.3.4.2.2");
pub(crate) const SHA512: Oid = oid("2.16.840.1.101.3.4.2.3");
/// GOST 34.11-2015 (Streebog) 256, national OID.
pub(crate) const KZ_STREEBOG256: Oid = oid("1.2.398.3.10.1.3.2");
/// GOST R 34.11-2012 256, TC26 OID.
pub(crate) const TC26_STREEBOG256: Oid = oid("1.2.643.7.1.1.2.2");
/// GOST 34.11-2015 (Streebog) 512, national OID.
pub(crate) const KZ_STREEBOG512: Oid = oid("1.2.398.3.10.1.3.3");
/// GOST R 34.11-2012 512, TC26 OID (the same function).
pub(crate) const TC26_STREEBOG512: Oid = oid("1.2.643.7.1.1.2.3");
/// GOST 34.311-95, national OID.
pub(crate) const KZ_GOST34311: Oid = oid("1.2.398.3.10.1.3.1");

// CMS.
#[cfg_attr(not(feature = "testpki"), allow(dead_code))]
pub(crate) const CMS_DATA: Oid = oid("1.2.840.113549.1.7.1");
pub(crate) const CMS_SIGNED_DATA: Oid = oid("1.2.840.113549.1.7.2");
pub(crate) const ATTR_CONTENT_TYPE: Oid = oid("1.2.840.113549.1.9.3");
pub(crate) const ATTR_MESSAGE_DIGEST: Oid = oid("1.2.840.113549.1.9.4");
pub(crate) const ATTR_SIGNING_TIME: Oid = oid("1.2.840.113549.1.9.5");

// National extended key usages (roles) and policy.
pub(crate) const ROLE_INDIVIDUAL: Oid = oid("1.2.398.3.3.4.1.1");
pub(crate) const ROLE_ORGANISATION: Oid = oid("1.2.398.3.3.4.1.2");
pub(crate) const ROLE_HEAD: Oid = oid("1.2.398.3.3.4.1.2.1");
pub(crate) const ROLE_MAY_SIGN: Oid = oid("1.2.398.3.3.4.1.2.2");
pub(crate) const ROLE_FINANCIAL: Oid = oid("1.2.398.3.3.4.1.2.3");
pub(crate) const ROLE_HR: Oid = oid("1.2.398.3.3.4.1.2.4");
pub(crate) const ROLE_EMPLOYEE: Oid = oid("1.2.398.3.3.4.1.2.5");
/// The national CA's certificate policy.
pub const NCA_POLICY: Oid = oid("1.2.398.3.3.2");
