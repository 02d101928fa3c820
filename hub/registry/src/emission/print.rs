//! Print files: an order's codes as text (one raw code per line, GS as byte 0x1D, what a
//! printer's DataMatrix encoder takes) or CSV, made line by line as they are read.

use super::codec::OrderCodec;

/// A print file's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintFormat {
    /// One raw code per line.
    Text,
    /// CSV with a header: gtin, serial, key id, verification code, bracketed code.
    Csv,
}

/// The code lines of an order's print file (a million codes never sit in memory); the CSV
/// header is [`PrintLines::header`].
pub struct PrintLines {
    codec: OrderCodec,
    format: PrintFormat,
    next: i64,
}

impl PrintLines {
    pub(crate) fn new(codec: OrderCodec, format: PrintFormat) -> Self {
        PrintLines {
            codec,
            format,
            next: 0,
        }
    }
}

impl PrintLines {
    /// The line before the codes: CSV's header.
    pub fn header(&self) -> Option<&'static str> {
        match self.format {
            PrintFormat::Text => None,
            PrintFormat::Csv => Some("gtin,serial,key_id,verification_code,code\n"),
        }
    }

    /// Continues from the order's `index`-th code (0-based). Lets several threads make slices
    /// of one file.
    pub fn seek(&mut self, index: i64) {
        self.next = index.max(0);
    }
}

impl Iterator for PrintLines {
    type Item = String;

    /// Jumps over `n` codes without making them, so `skip` is free.
    fn nth(&mut self, n: usize) -> Option<String> {
        self.next = self
            .next
            .saturating_add(i64::try_from(n).unwrap_or(i64::MAX));
        self.next()
    }

    fn next(&mut self) -> Option<String> {
        let code = self.codec.code_at(self.next)?;
        self.next += 1;
        Some(match self.format {
            PrintFormat::Text => format!("{}\n", code.to_raw()),
            PrintFormat::Csv => {
                let tail = code
                    .elements()
                    .last()
                    .map(|e| e.value())
                    .unwrap_or_default();
                format!(
                    "{},{},{},{},{}\n",
                    self.codec.gtin,
                    csv_field(code.serial().unwrap_or_default()),
                    self.codec.key_id(),
                    tail,
                    csv_field(&code.to_bracketed())
                )
            }
        })
    }
}

/// Quotes a CSV field that holds a quote or comma, or starts like a spreadsheet formula
/// (`=`, `+`, `-` are in CSET 82), doubling inner quotes.
fn csv_field(text: &str) -> String {
    if text.contains(['"', ',']) || text.starts_with(['=', '+', '-']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
