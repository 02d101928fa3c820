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

/// The named roles, in declaration order.
const NAMED: [Role; 7] = [
    Role::Individual,
    Role::Organisation,
    Role::Head,
    Role::MaySign,
    Role::FinancialSigning,
    Role::Hr,
    Role::Employee,
];

impl Role {
    /// The named role called `name` ([`Role::name`]); `None` for anything else, so a stored
    /// name this build does not know never grants a right.
    pub fn from_name(name: &str) -> Option<Role> {
        NAMED.into_iter().find(|r| r.name() == name)
    }
}

/// Whether a holder with `roles` may sign and change things for whom its certificate names
/// (issue 6: "the certificate's role decides what the person may do for that organisation").
/// A person signs for themself; for an organisation, only its head and employees with the
/// right to sign may; a plain employee, HR or financial signer may read but not act.
pub fn may_act(roles: &[Role]) -> bool {
    !roles.contains(&Role::Organisation)
        || roles
            .iter()
            .any(|r| matches!(r, Role::Head | Role::MaySign))
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
        for role in NAMED {
            assert_eq!(Role::from_oid(role.oid()), role);
            assert_eq!(Role::from_name(role.name()), Some(role));
        }
        assert_eq!(Role::from_name("other"), None);
        let treasury = ObjectIdentifier::new_unwrap("1.2.398.3.3.4.1.2.6");
        assert_eq!(Role::from_oid(treasury), Role::Other(treasury));
        assert_eq!(Role::Other(treasury).to_string(), "1.2.398.3.3.4.1.2.6");
    }

    #[test]
    fn an_organisations_head_and_signers_act_and_its_other_staff_read() {
        let org = |r: Role| [Role::Organisation, r];
        assert!(may_act(&org(Role::Head)));
        assert!(may_act(&org(Role::MaySign)));
        for reader in [Role::Employee, Role::Hr, Role::FinancialSigning] {
            assert!(!may_act(&org(reader)), "{reader}");
        }
        assert!(!may_act(&[Role::Organisation]));
        assert!(may_act(&[Role::Individual]));
    }
}
