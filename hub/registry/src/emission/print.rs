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

/// The lines of an order's print file (a million codes never sit in memory).
pub struct PrintLines {
    codec: OrderCodec,
    format: PrintFormat,
    next: i64,
    header_done: bool,
}

impl PrintLines {
    pub(crate) fn new(codec: OrderCodec, format: PrintFormat) -> Self {
        PrintLines {
            codec,
            format,
            next: 0,
            header_done: false,
        }
    }
}

impl Iterator for PrintLines {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if self.format == PrintFormat::Csv && !self.header_done {
            self.header_done = true;
            return Some("gtin,serial,key_id,verification_code,code\n".to_owned());
        }
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
