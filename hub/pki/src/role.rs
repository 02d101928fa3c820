//! The holder's role, as the national CA writes it into extended key usage (GOVERNMENT.md).

use std::fmt;

use der::asn1::ObjectIdentifier;

use crate::oid;

/// What an extended key usage OID says about the holder. The national roles are named; every
/// other OID (e.g. e-mail protection, the information-system and treasury roles the test CA
/// issues) stays visible as [`Role::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// 1.2.398.3.3.4.1.1: a private person.
    Individual,
    /// 1.2.398.3.3.4.1.2: someone acting for an organisation (BIN in OU).
    Organisation,
    /// 1.2.398.3.3.4.1.2.1: the head of the organisation.
    Head,
    /// 1.2.398.3.3.4.1.2.2: an employee with the right to sign.
    MaySign,
    /// 1.2.398.3.3.4.1.2.3: financial signing right.
    FinancialSigning,
    /// 1.2.398.3.3.4.1.2.4: HR officer.
    Hr,
    /// 1.2.398.3.3.4.1.2.5: an employee.
    Employee,
    /// Any other extended key usage OID.
    Other(ObjectIdentifier),
}

impl Role {
    /// The role an extended key usage OID names.
    pub fn from_oid(oid: ObjectIdentifier) -> Role {
        match oid {
            o if o == oid::ROLE_INDIVIDUAL => Role::Individual,
            o if o == oid::ROLE_ORGANISATION => Role::Organisation,
            o if o == oid::ROLE_HEAD => Role::Head,
            o if o == oid::ROLE_MAY_SIGN => Role::MaySign,
            o if o == oid::ROLE_FINANCIAL => Role::FinancialSigning,
            o if o == oid::ROLE_HR => Role::Hr,
            o if o == oid::ROLE_EMPLOYEE => Role::Employee,
            other => Role::Other(other),
        }
    }

    /// The extended key usage OID of this role.
    pub fn oid(self) -> ObjectIdentifier {
        match self {
            Role::Individual => oid::ROLE_INDIVIDUAL,
            Role::Organisation => oid::ROLE_ORGANISATION,
            Role::Head => oid::ROLE_HEAD,
            Role::MaySign => oid::ROLE_MAY_SIGN,
            Role::FinancialSigning => oid::ROLE_FINANCIAL,
            Role::Hr => oid::ROLE_HR,
            Role::Employee => oid::ROLE_EMPLOYEE,
            Role::Other(oid) => oid,
        }
    }

    /// A stable lower-case name, also the catalogue's selector (`other` for unknown OIDs).
    pub fn name(self) -> &'static str {
        match self {
            Role::Individual => "individual",
            Role::Organisation => "organisation",
            Role::Head => "head",
            Role::MaySign => "may-sign",
            Role::FinancialSigning => "financial",
            Role::Hr => "hr",
            Role::Employee => "employee",
            Role::Other(_) => "other",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Other(oid) => write!(f, "{oid}"),
            named => f.write_str(named.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_roles_round_trip_and_unknown_oids_stay_visible() {
        for role in [
            Role::Individual,
            Role::Organisation,
            Role::Head,
            Role::MaySign,
            Role::FinancialSigning,
            Role::Hr,
            Role::Employee,
        ] {
            assert_eq!(Role::from_oid(role.oid()), role);
        }
        let treasury = ObjectIdentifier::new_unwrap("1.2.398.3.3.4.1.2.6");
        assert_eq!(Role::from_oid(treasury), Role::Other(treasury));
        assert_eq!(Role::Other(treasury).to_string(), "1.2.398.3.3.4.1.2.6");
    }
}
