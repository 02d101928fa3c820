//! Distinguished names as a person reads them: Cyrillic and Kazakh text decoded from whatever
//! string type the CA chose, with the national attributes (SERIALNUMBER=IIN..., OU=BIN...) at
//! hand.

use std::fmt;

use der::asn1::ObjectIdentifier;
use der::{Decode, Tag, Tagged};
use x509_cert::name::RdnSequence;

use crate::error::{Object, PkiError};
use crate::oid;

/// A subject or issuer name: its attributes in the order written, and its DER for exact
/// comparison (chains are built by comparing names byte for byte).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Name {
    attributes: Vec<(ObjectIdentifier, String)>,
    der: Vec<u8>,
}

impl Name {
    /// Decodes a DER `Name`.
    pub(crate) fn from_der(der: &[u8], object: Object) -> Result<Name, PkiError> {
        let rdns = RdnSequence::from_der(der).map_err(|e| PkiError::malformed(object, e))?;
        let attributes = rdns
            .0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .map(|atv| (atv.oid, decode_text(atv.value.tag(), atv.value.value())))
            .collect();
        Ok(Name {
            attributes,
            der: der.to_vec(),
        })
    }

    /// The first value of an attribute.
    pub fn get(&self, oid: &ObjectIdentifier) -> Option<&str> {
        self.all(oid).next()
    }

    /// Every value of an attribute, in order.
    pub fn all<'a>(&'a self, oid: &ObjectIdentifier) -> impl Iterator<Item = &'a str> + use<'a> {
        let oid = *oid;
        self.attributes
            .iter()
            .filter(move |(o, _)| *o == oid)
            .map(|(_, v)| v.as_str())
    }

    /// All attributes, in the order written.
    pub fn attributes(&self) -> &[(ObjectIdentifier, String)] {
        &self.attributes
    }

    /// The DER encoding, exactly as in the certificate or CRL.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// CN.
    pub fn common_name(&self) -> Option<&str> {
        self.get(&oid::CN)
    }
    /// SURNAME.
    pub fn surname(&self) -> Option<&str> {
        self.get(&oid::SURNAME)
    }
    /// GIVENNAME (G): the national CA writes the patronymic here.
    pub fn given_name(&self) -> Option<&str> {
        self.get(&oid::GIVEN_NAME)
    }
    /// O.
    pub fn organization(&self) -> Option<&str> {
        self.get(&oid::ORGANIZATION)
    }
    /// Every OU.
    pub fn organizational_units(&self) -> impl Iterator<Item = &str> {
        self.all(&oid::ORG_UNIT)
    }
    /// SERIALNUMBER (`IIN...` in national certificates).
    pub fn serial_number(&self) -> Option<&str> {
        self.get(&oid::SERIAL_NUMBER)
    }
    /// C.
    pub fn country(&self) -> Option<&str> {
        self.get(&oid::COUNTRY)
    }
    /// L.
    pub fn locality(&self) -> Option<&str> {
        self.get(&oid::LOCALITY)
    }
    /// ST.
    pub fn state(&self) -> Option<&str> {
        self.get(&oid::STATE)
    }
    /// E (emailAddress).
    pub fn email(&self) -> Option<&str> {
        self.get(&oid::EMAIL)
    }

    /// The 12 characters after `IIN` in SERIALNUMBER, unchecked.
    pub(crate) fn iin_text(&self) -> Option<&str> {
        self.serial_number()?.strip_prefix("IIN")
    }

    /// The 12 characters after `BIN` in the first OU that has them, unchecked.
    pub(crate) fn bin_text(&self) -> Option<&str> {
        self.organizational_units()
            .find_map(|ou| ou.strip_prefix("BIN"))
    }
}

fn label(oid: &ObjectIdentifier) -> Option<&'static str> {
    [
        (oid::CN, "CN"),
        (oid::SURNAME, "SURNAME"),
        (oid::GIVEN_NAME, "G"),
        (oid::SERIAL_NUMBER, "SERIALNUMBER"),
        (oid::COUNTRY, "C"),
        (oid::LOCALITY, "L"),
        (oid::STATE, "ST"),
        (oid::ORGANIZATION, "O"),
        (oid::ORG_UNIT, "OU"),
        (oid::EMAIL, "E"),
        (oid::DOMAIN_COMPONENT, "DC"),
        (oid::USER_ID, "UID"),
        (oid::BUSINESS_CATEGORY, "businessCategory"),
    ]
    .into_iter()
    .find_map(|(o, l)| (o == *oid).then_some(l))
}

/// `CN=ТЕСТОВ ТЕСТ, SURNAME=ТЕСТОВ, ...` in the order written.
impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (oid, value)) in self.attributes.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match label(oid) {
                Some(l) => write!(f, "{l}={value}")?,
                None => write!(f, "{oid}={value}")?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Name({self})")
    }
}

/// Text of a directory string in any of the encodings X.520 allows; anything else as `#hex`.
fn decode_text(tag: Tag, value: &[u8]) -> String {
    match tag {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::VisibleString
        | Tag::NumericString => String::from_utf8_lossy(value).into_owned(),
        Tag::BmpString => {
            let units: Vec<u16> = value
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        // T.61 in practice carries Latin-1.
        Tag::TeletexString => value.iter().map(|b| char::from(*b)).collect(),
        _ => {
            let hex: String = value.iter().map(|b| format!("{b:02x}")).collect();
            format!("#{hex}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bmp_and_teletex_strings_decode() {
        assert_eq!(decode_text(Tag::BmpString, &[0x04, 0x22, 0x04, 0x15]), "ТЕ");
        assert_eq!(decode_text(Tag::TeletexString, &[0x41, 0xE9]), "Aé");
        assert_eq!(decode_text(Tag::Boolean, &[0xFF]), "#ff");
    }
}
