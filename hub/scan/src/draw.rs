//! A GS1 DataMatrix (ECC 200) as a square of modules, in ASCII encodation only.
//!
//! rxing's own writer chooses among all encodations, and its C40/Text path panics on an FNC1
//! inside a C40 run (an `assert!` carried over from ZXing's Java, where asserts are off), which
//! GS1 codes with upper-case serials hit. ASCII encodation (ISO/IEC 16022 5.2.3: digit pairs
//! in one codeword, FNC1 as 232) is what GS1 DataMatrix printers commonly emit and never takes
//! that path; rxing still does the Reed-Solomon error correction and the module placement.

use rxing::datamatrix::encoder::{
    DefaultPlacement, SymbolInfo, SymbolInfoLookup, SymbolShapeHint, error_correction,
};

use crate::{GS, ScanError};

/// The FNC1 codeword: first, it marks GS1; between fields, it ends a variable-length one.
const FNC1: u32 = 232;
/// The first pad codeword; later pads are scrambled (ISO/IEC 16022 5.2.3).
const PAD: u32 = 129;

/// The data codewords of `fields` (GS1 element strings, GS between fields) with FNC1 first.
fn codewords(fields: &str) -> Result<Vec<u32>, ScanError> {
    let mut words = vec![FNC1];
    let chars: Vec<char> = fields.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let (c, next) = (chars[i], chars.get(i + 1));
        match (c.to_digit(10), next.and_then(|n| n.to_digit(10))) {
            (Some(a), Some(b)) => {
                words.push(130 + a * 10 + b);
                i += 2;
                continue;
            }
            _ if c == GS => words.push(FNC1),
            _ if c.is_ascii() && !c.is_ascii_control() => words.push(u32::from(c) + 1),
            _ => {
                return Err(ScanError::Unencodable(format!(
                    "character {c:?} at {i} is not printable ASCII"
                )));
            }
        }
        i += 1;
    }
    Ok(words)
}

/// `words` padded to `capacity`: 129, then the 253-state scrambled pads.
fn padded(mut words: Vec<u32>, capacity: usize) -> Vec<u32> {
    if words.len() < capacity {
        words.push(PAD);
    }
    while words.len() < capacity {
        let position = u32::try_from(words.len() + 1).unwrap_or(u32::MAX);
        let pad = PAD + ((149 * position) % 253) + 1;
        words.push(if pad <= 254 { pad } else { pad - 254 });
    }
    words
}

/// The symbol's modules, row by row (`true` is dark), finder and timing patterns included.
pub(crate) fn modules(fields: &str) -> Result<Vec<Vec<bool>>, ScanError> {
    let fail = |e: rxing::Exceptions| ScanError::Unencodable(e.to_string());
    let words = codewords(fields)?;
    let count = u32::try_from(words.len()).unwrap_or(u32::MAX);
    let symbol = SymbolInfoLookup::new()
        .lookup_with_shape(count, SymbolShapeHint::FORCE_SQUARE)
        .map_err(fail)?
        .ok_or_else(|| ScanError::Unencodable(format!("{count} codewords do not fit")))?;
    let capacity = symbol.getDataCapacity() as usize;
    let data: String = padded(words, capacity)
        .into_iter()
        .filter_map(char::from_u32)
        .collect();
    let all = error_correction::encodeECC200(&data, symbol).map_err(fail)?;
    let (data_w, data_h) = (
        symbol.getSymbolDataWidth().map_err(fail)?,
        symbol.getSymbolDataHeight().map_err(fail)?,
    );
    let mut placement = DefaultPlacement::new(all, data_w as usize, data_h as usize);
    placement.place().map_err(fail)?;
    frame(symbol, &placement, data_w, data_h).map_err(fail)
}

/// Places the data regions inside their finder (solid left and bottom) and timing (alternating
/// top and right) patterns.
fn frame(
    symbol: &SymbolInfo,
    placement: &DefaultPlacement,
    data_w: u32,
    data_h: u32,
) -> Result<Vec<Vec<bool>>, rxing::Exceptions> {
    let (side_w, side_h) = (symbol.getSymbolWidth()?, symbol.getSymbolHeight()?);
    let regions_x = (side_w - data_w) / 2;
    let regions_y = (side_h - data_h) / 2;
    let (region_w, region_h) = (data_w / regions_x, data_h / regions_y);
    let mut rows = vec![vec![false; side_w as usize]; side_h as usize];
    for (y, row) in rows.iter_mut().enumerate() {
        let (y, ry) = (y as u32 % (region_h + 2), y as u32 / (region_h + 2));
        for (x, module) in row.iter_mut().enumerate() {
            let (x, rx) = (x as u32 % (region_w + 2), x as u32 / (region_w + 2));
            *module = if y == region_h + 1 || x == 0 {
                true
            } else if y == 0 {
                x % 2 == 0
            } else if x == region_w + 1 {
                y % 2 == 1
            } else {
                placement.getBit(
                    (rx * region_w + x - 1) as usize,
                    (ry * region_h + y - 1) as usize,
                )
            };
        }
    }
    Ok(rows)
}
