//! The classifiers the hub keeps (R20), each with the shape of its codes.

use tanba_domain::Msg;

/// One classifier. Its stable id names it in URLs, files and the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Classifier {
    /// Product groups' reference names (`tobacco`, `pharma`, ...).
    ProductGroup,
    /// The EAEU commodity nomenclature: chapter (2 digits), heading (4), subheading (6),
    /// 8 and 10 digits.
    TnVed,
    /// ISO 3166-1 countries by alpha-2, with alpha-3 and numeric codes.
    Country,
    /// Units of measure by their 3-digit OKEI code.
    Unit,
    /// Kazakhstan's administrative-territorial units (KATO), 9 digits.
    Kato,
    /// Document kinds, as documents name them (`write_off`).
    DocumentKind,
    /// How goods come into circulation.
    IntroductionRoute,
    /// Why a code is written off.
    WriteOffReason,
    /// Why goods leave circulation other than by retail sale.
    WithdrawalReason,
    /// A marking code's statuses.
    CodeStatus,
}

/// How codes of a classifier are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeShape {
    /// Digits, of one of these lengths; a parent is a shorter prefix of one of them.
    Digits(&'static [usize]),
    /// `[A-Z]{n}`.
    Upper(usize),
    /// `[a-z][a-z0-9-]*` (product groups).
    Slug,
    /// `[a-z][a-z0-9_]*` (document kinds).
    Snake,
    /// `[A-Z][A-Z0-9_]*` (statuses, reasons, routes).
    Constant,
}

impl Classifier {
    /// Every classifier, in the order the demo imports them.
    pub const ALL: &'static [Classifier] = &[
        Classifier::ProductGroup,
        Classifier::TnVed,
        Classifier::Country,
        Classifier::Unit,
        Classifier::Kato,
        Classifier::DocumentKind,
        Classifier::IntroductionRoute,
        Classifier::WriteOffReason,
        Classifier::WithdrawalReason,
        Classifier::CodeStatus,
    ];

    /// The stable id.
    pub fn as_str(self) -> &'static str {
        match self {
            Classifier::ProductGroup => "product-group",
            Classifier::TnVed => "tn-ved",
            Classifier::Country => "country",
            Classifier::Unit => "unit",
            Classifier::Kato => "kato",
            Classifier::DocumentKind => "document-kind",
            Classifier::IntroductionRoute => "introduction-route",
            Classifier::WriteOffReason => "write-off-reason",
            Classifier::WithdrawalReason => "withdrawal-reason",
            Classifier::CodeStatus => "code-status",
        }
    }

    /// The classifier with this id.
    pub fn parse(id: &str) -> Option<Classifier> {
        Classifier::ALL.iter().copied().find(|c| c.as_str() == id)
    }

    /// Its name for people.
    pub fn title(self) -> Msg {
        Msg::new(match self {
            Classifier::ProductGroup => "reference-classifier-product-group",
            Classifier::TnVed => "reference-classifier-tn-ved",
            Classifier::Country => "reference-classifier-country",
            Classifier::Unit => "reference-classifier-unit",
            Classifier::Kato => "reference-classifier-kato",
            Classifier::DocumentKind => "reference-classifier-document-kind",
            Classifier::IntroductionRoute => "reference-classifier-introduction-route",
            Classifier::WriteOffReason => "reference-classifier-write-off-reason",
            Classifier::WithdrawalReason => "reference-classifier-withdrawal-reason",
            Classifier::CodeStatus => "reference-classifier-code-status",
        })
    }

    /// How its codes are written.
    pub fn shape(self) -> CodeShape {
        match self {
            Classifier::ProductGroup => CodeShape::Slug,
            Classifier::TnVed => CodeShape::Digits(&[2, 4, 6, 8, 10]),
            Classifier::Country => CodeShape::Upper(2),
            Classifier::Unit => CodeShape::Digits(&[3]),
            Classifier::Kato => CodeShape::Digits(&[9]),
            Classifier::DocumentKind => CodeShape::Snake,
            Classifier::IntroductionRoute
            | Classifier::WriteOffReason
            | Classifier::WithdrawalReason
            | Classifier::CodeStatus => CodeShape::Constant,
        }
    }

    /// Whether its entries may name a parent (which must then exist).
    pub fn is_hierarchical(self) -> bool {
        matches!(self, Classifier::TnVed | Classifier::Kato)
    }

    /// Attribute columns every row must fill, with the pattern each value must match.
    pub fn required_attributes(self) -> &'static [(&'static str, CodeShape)] {
        match self {
            Classifier::Country => &[
                ("alpha3", CodeShape::Upper(3)),
                ("numeric", CodeShape::Digits(&[3])),
            ],
            _ => &[],
        }
    }
}

impl CodeShape {
    /// Whether `code` is written this way (1 to 64 characters).
    pub fn fits(self, code: &str) -> bool {
        let b = code.as_bytes();
        let rest_ok = |ok: fn(&u8) -> bool| b.iter().skip(1).all(ok);
        !b.is_empty()
            && b.len() <= 64
            && match self {
                CodeShape::Digits(lengths) => {
                    lengths.contains(&b.len()) && b.iter().all(u8::is_ascii_digit)
                }
                CodeShape::Upper(n) => b.len() == n && b.iter().all(u8::is_ascii_uppercase),
                CodeShape::Slug => {
                    b[0].is_ascii_lowercase()
                        && rest_ok(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                }
                CodeShape::Snake => {
                    b[0].is_ascii_lowercase()
                        && rest_ok(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
                }
                CodeShape::Constant => {
                    b[0].is_ascii_uppercase()
                        && rest_ok(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
                }
            }
    }

    /// The form, for a message (`10 digits`, `A-Z`).
    pub fn describe(self) -> String {
        match self {
            CodeShape::Digits(lengths) => {
                let list: Vec<String> = lengths.iter().map(usize::to_string).collect();
                format!("0-9 × {}", list.join("/"))
            }
            CodeShape::Upper(n) => format!("A-Z × {n}"),
            CodeShape::Slug => "a-z, 0-9, -".to_owned(),
            CodeShape::Snake => "a-z, 0-9, _".to_owned(),
            CodeShape::Constant => "A-Z, 0-9, _".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_unknown_ones_are_none() {
        for c in Classifier::ALL {
            assert_eq!(Classifier::parse(c.as_str()), Some(*c));
        }
        assert_eq!(Classifier::parse("tnved"), None);
    }

    #[test]
    fn shapes_accept_their_codes_only() {
        let tn = Classifier::TnVed.shape();
        assert!(tn.fits("64") && tn.fits("6403") && tn.fits("6403990000"));
        assert!(!tn.fits("640") && !tn.fits("64039900001") && !tn.fits("64a3"));
        assert!(Classifier::Country.shape().fits("KZ"));
        assert!(
            !Classifier::Country.shape().fits("kz") && !Classifier::Country.shape().fits("KAZ")
        );
        assert!(Classifier::ProductGroup.shape().fits("light-industry"));
        assert!(!Classifier::ProductGroup.shape().fits("Light"));
        assert!(Classifier::DocumentKind.shape().fits("write_off"));
        assert!(Classifier::CodeStatus.shape().fits("WRITTEN_OFF"));
        assert!(!Classifier::CodeStatus.shape().fits("written_off"));
        assert!(!Classifier::Kato.shape().fits(""));
    }
}
