//! GS1 Application Identifiers: which exist, how long their values are, which characters and
//! rules apply (GS1 General Specifications §3; the table itself is in `ai_table.rs`).

use std::fmt;
use std::str::FromStr;

use super::ai_table::TABLE;
use super::error::Gs1Error;
use super::mod10_check_digit;

/// The character set a GS1 value component is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CharSet {
    /// Digits `0`-`9`.
    Numeric,
    /// GS1 AI encodable character set 82: digits, letters and ``!"%&'()*+,-./:;<=>?_``.
    Cset82,
    /// GS1 AI encodable character set 39: digits, upper-case letters, `#`, `-`, `/`.
    Cset39,
    /// GS1 AI encodable character set 64 (base64url), with `=` only as trailing padding.
    Cset64,
}

impl CharSet {
    fn admits(self, c: char) -> bool {
        match self {
            CharSet::Numeric => c.is_ascii_digit(),
            CharSet::Cset82 => c.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(c),
            CharSet::Cset39 => c.is_ascii_digit() || c.is_ascii_uppercase() || "#-/".contains(c),
            CharSet::Cset64 => c.is_ascii_alphanumeric() || c == '-' || c == '_',
        }
    }
}

/// A content rule beyond the character set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rule {
    None,
    /// The last digit is the GS1 mod-10 check digit of the others.
    CheckDigit,
    /// The first six digits are a date YYMMDD; `day_zero` allows day `00` ("end of month").
    Date {
        day_zero: bool,
    },
}

/// One component of an AI's value, such as `N6` or `X..20`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Part {
    pub(super) set: CharSet,
    pub(super) min: u8,
    pub(super) max: u8,
    pub(super) optional: bool,
    pub(super) rule: Rule,
}

/// One line of the AI table: an AI or a range of AIs sharing a format.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) first: &'static str,
    pub(super) last: &'static str,
    /// In the GS1 table of predefined lengths: no FNC1 (GS) is needed after the value.
    pub(super) predefined: bool,
    pub(super) parts: &'static [Part],
    pub(super) title: &'static str,
}

impl Entry {
    const fn contains(&self, code: &[u8]) -> bool {
        let (first, last) = (self.first.as_bytes(), self.last.as_bytes());
        if first.len() != code.len() {
            return false;
        }
        let mut i = 0;
        // Same-length digit strings compare like numbers; written as a loop to stay const.
        let (mut above_first, mut below_last) = (false, false);
        while i < code.len() {
            if !above_first && code[i] != first[i] {
                if code[i] < first[i] {
                    return false;
                }
                above_first = true;
            }
            if !below_last && code[i] != last[i] {
                if code[i] > last[i] {
                    return false;
                }
                below_last = true;
            }
            i += 1;
        }
        true
    }
}

/// A GS1 Application Identifier that GS1 defines, such as `01` (GTIN) or `8005` (price per
/// unit). Made by [`Ai::parse`] or taken from the constants.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ai {
    code: [u8; 4],
    len: u8,
    entry: u16,
}

impl Ai {
    /// `00`: Serial Shipping Container Code of a transport unit.
    pub const SSCC: Ai = Ai::known("00");
    /// `01`: GTIN of the trade item.
    pub const GTIN: Ai = Ai::known("01");
    /// `10`: batch or lot number.
    pub const BATCH: Ai = Ai::known("10");
    /// `11`: production date.
    pub const PRODUCTION_DATE: Ai = Ai::known("11");
    /// `17`: expiry date.
    pub const EXPIRY_DATE: Ai = Ai::known("17");
    /// `21`: serial number.
    pub const SERIAL: Ai = Ai::known("21");
    /// `91`: verification key id in the national marking code (a company-internal AI for GS1).
    pub const VERIFICATION_KEY_ID: Ai = Ai::known("91");
    /// `92`: verification code in the national marking code.
    pub const VERIFICATION_CODE: Ai = Ai::known("92");
    /// `93`: short verification code (crypto tail of 4 characters) in the national marking code.
    pub const SHORT_VERIFICATION_CODE: Ai = Ai::known("93");
    /// `8005`: price per unit of measure (the maximum retail price on tobacco blocks).
    pub const PRICE_PER_UNIT: Ai = Ai::known("8005");

    /// A constant for an AI that is in the table; fails to compile otherwise.
    const fn known(code: &str) -> Ai {
        match Ai::lookup(code.as_bytes()) {
            Some(ai) => ai,
            None => panic!("an Ai constant names an AI missing from the table"),
        }
    }

    const fn lookup(code: &[u8]) -> Option<Ai> {
        if code.len() < 2 || code.len() > 4 {
            return None;
        }
        let mut i = 0;
        while i < TABLE.len() {
            if TABLE[i].contains(code) {
                let mut digits = [0u8; 4];
                let mut j = 0;
                while j < code.len() {
                    digits[j] = code[j];
                    j += 1;
                }
                return Some(Ai {
                    code: digits,
                    len: code.len() as u8,
                    entry: i as u16,
                });
            }
            i += 1;
        }
        None
    }

    /// The AI written as its digits, such as `01` or `8005`.
    pub fn parse(code: &str) -> Result<Ai, Gs1Error> {
        Ai::lookup(code.as_bytes()).ok_or_else(|| Gs1Error::UnknownAi {
            found: code.chars().take(4).collect(),
            position: 0,
        })
    }

    /// The AI at the start of `text` (2, 3 or 4 digits: GS1 AIs are prefix-free); `position` is
    /// where `text` starts in the whole input, for the error.
    pub(super) fn read(text: &str, position: usize) -> Result<Ai, Gs1Error> {
        let bytes = text.as_bytes();
        (2..=4)
            .filter(|&n| n <= bytes.len() && bytes[..n].iter().all(u8::is_ascii_digit))
            .find_map(|n| Ai::lookup(&bytes[..n]))
            .ok_or_else(|| Gs1Error::UnknownAi {
                found: text.chars().take(4).collect(),
                position,
            })
    }

    /// The AI's digits.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.code[..usize::from(self.len)])
            .expect("an Ai holds the ASCII digits it was looked up by")
    }

    /// GS1's short title of the AI, such as `GTIN` or `USE BY or EXPIRY`.
    pub fn title(&self) -> &'static str {
        self.entry().title
    }

    /// Whether GS1 predefines the value's length, so that no GS (FNC1) follows it in a raw
    /// element string (GS1 General Specifications, figure 7.8.5-2).
    pub fn is_predefined_length(&self) -> bool {
        self.entry().predefined
    }

    /// The value's length when it can have only one.
    pub fn fixed_length(&self) -> Option<usize> {
        let parts = self.entry().parts;
        parts
            .iter()
            .all(|p| p.min == p.max && !p.optional)
            .then(|| parts.iter().map(|p| usize::from(p.max)).sum())
    }

    /// The shortest and the longest value the AI allows.
    pub fn length_range(&self) -> (usize, usize) {
        let parts = self.entry().parts;
        let min = parts
            .iter()
            .filter(|p| !p.optional)
            .map(|p| usize::from(p.min))
            .sum();
        (min, parts.iter().map(|p| usize::from(p.max)).sum())
    }

    fn entry(&self) -> &'static super::ai::Entry {
        &TABLE[usize::from(self.entry)]
    }

    /// Checks `value` against the AI's format; `position` is where the value starts in the
    /// input, for errors.
    pub(super) fn validate(self, value: &str, position: usize) -> Result<(), Gs1Error> {
        let (min, max) = self.length_range();
        let len = value.chars().count();
        let length_error = Gs1Error::Length {
            ai: self,
            position,
            len,
            min,
            max,
        };
        if len < min || len > max {
            return Err(length_error);
        }
        let mut rest = value;
        let mut at = position;
        for part in self.entry().parts {
            if rest.is_empty() && part.optional {
                break;
            }
            let take = if part.min == part.max {
                usize::from(part.max)
            } else {
                rest.len()
            };
            let Some(component) = rest.get(..take) else {
                // Too short for a fixed component, or cut inside a non-ASCII character.
                return Err(self
                    .first_foreign_char(value, position)
                    .unwrap_or(length_error));
            };
            self.check_part(part, component, at)?;
            rest = &rest[take..];
            at += take;
        }
        if rest.is_empty() {
            Ok(())
        } else {
            Err(length_error)
        }
    }

    /// The first character of `value` outside every set, as an error (for values that cannot
    /// even be cut into components).
    fn first_foreign_char(self, value: &str, position: usize) -> Option<Gs1Error> {
        value
            .char_indices()
            .find(|(_, c)| !c.is_ascii())
            .map(|(i, character)| Gs1Error::Character {
                ai: self,
                position: position + i,
                character,
                set: self.entry().parts[0].set,
            })
    }

    fn check_part(self, part: &Part, component: &str, position: usize) -> Result<(), Gs1Error> {
        let padding = if part.set == CharSet::Cset64 {
            component.len() - component.trim_end_matches('=').len()
        } else {
            0
        };
        let body = &component[..component.len() - padding];
        if let Some((i, character)) = body.char_indices().find(|(_, c)| !part.set.admits(*c)) {
            return Err(Gs1Error::Character {
                ai: self,
                position: position + i,
                character,
                set: part.set,
            });
        }
        match part.rule {
            Rule::None => Ok(()),
            Rule::CheckDigit => check_digit(self, component, position),
            Rule::Date { day_zero } => check_date(self, &component[..6], day_zero, position),
        }
    }
}

fn check_digit(ai: Ai, digits: &str, position: usize) -> Result<(), Gs1Error> {
    let (body, last) = digits.as_bytes().split_at(digits.len() - 1);
    let expected = mod10_check_digit(body);
    if last[0] == expected {
        Ok(())
    } else {
        Err(Gs1Error::CheckDigit {
            ai,
            position: position + body.len(),
            expected: char::from(expected),
            found: char::from(last[0]),
        })
    }
}

/// A GS1 date YYMMDD. The year's century is not known here, so 29 February is allowed in years
/// divisible by four (right for 2000-2099, where the GS1 century rule puts dates of our time).
fn check_date(ai: Ai, date: &str, day_zero: bool, position: usize) -> Result<(), Gs1Error> {
    let field = |i: usize| date[i..i + 2].parse::<u8>().unwrap_or(u8::MAX);
    let (year, month, day) = (field(0), field(2), field(4));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 => 29,
        2 => 28,
        _ => 0,
    };
    let day_ok = (day == 0 && day_zero) || (1..=days).contains(&day);
    if days > 0 && day_ok {
        Ok(())
    } else {
        Err(Gs1Error::Date {
            ai,
            position,
            value: date.to_owned(),
        })
    }
}

impl FromStr for Ai {
    type Err = Gs1Error;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Ai::parse(code)
    }
}

impl fmt::Display for Ai {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Ai {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ai({})", self.as_str())
    }
}
