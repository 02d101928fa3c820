//! A GS1 DataMatrix read from a photo, and drawn as a PNG (R7: anyone checks a code by
//! uploading a photo of it when the phone's browser cannot scan; R2: the code as printed).
//!
//! Pure computation on bytes, no IO: the API decides who may call it, how large a body may be,
//! and runs it off the async workers (`spawn_blocking`), since a 12-megapixel photo takes a
//! noticeable fraction of a second.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageError, ImageFormat, ImageReader, Limits, Luma};
use rxing::{
    BarcodeFormat, DecodeHints, RXingResult, RXingResultMetadataType, RXingResultMetadataValue,
};

mod draw;

/// The longest side of a photo accepted, in pixels (a 40-megapixel phone camera's is ~7,700).
pub const MAX_SIDE: u32 = 8_000;

/// The memory a decoded photo may take (an 8,000 x 8,000 RGB image is 192 MB).
const MAX_ALLOC: u64 = 256 << 20;

/// A first attempt is made on the photo scaled down to this longest side: codes fill a good
/// part of a photo taken to be checked, and the detector is much faster on fewer pixels.
const QUICK_SIDE: u32 = 1_600;

/// The separator of GS1 element strings (ASCII 29), as a scanner delivers it.
const GS: char = '\u{1d}';

/// Why a photo gave no code.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScanError {
    /// The bytes are not a PNG or JPEG image, or the image is damaged.
    #[error("not a readable PNG or JPEG image: {0}")]
    NotAnImage(String),
    /// The image is larger than [`MAX_SIDE`] on a side.
    #[error("the image is {width} x {height} pixels, over {MAX_SIDE} on a side")]
    TooLarge {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
    },
    /// No DataMatrix could be found and read in the image.
    #[error("no readable DataMatrix code in the image")]
    NoCode,
    /// The text cannot be drawn as a DataMatrix (too long, or characters it cannot hold).
    #[error("cannot draw this text as a DataMatrix: {0}")]
    Unencodable(String),
}

/// Reads the DataMatrix in a PNG or JPEG photo and gives its text as a scanner would: a GS1
/// DataMatrix (FNC1 first) as `]d2` followed by its element strings with GS between variable
/// fields; any other DataMatrix as its plain text.
pub fn read_datamatrix(photo: &[u8]) -> Result<String, ScanError> {
    let image = decode(photo)?;
    let quick = (image.width().max(image.height()) > QUICK_SIDE)
        .then(|| image.thumbnail(QUICK_SIDE, QUICK_SIDE));
    let found = quick
        .as_ref()
        .and_then(|small| detect(small).ok())
        .map_or_else(|| detect(&image), Ok)?;
    Ok(scanner_text(&found))
}

fn decode(photo: &[u8]) -> Result<DynamicImage, ScanError> {
    let not_image = |e: ImageError| ScanError::NotAnImage(e.to_string());
    let reader = || {
        ImageReader::new(Cursor::new(photo))
            .with_guessed_format()
            .map_err(|e| ScanError::NotAnImage(e.to_string()))
    };
    let first = reader()?;
    if !matches!(first.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Err(ScanError::NotAnImage("neither PNG nor JPEG".into()));
    }
    let (width, height) = first.into_dimensions().map_err(not_image)?;
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ScanError::TooLarge { width, height });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut second = reader()?;
    second.limits(limits);
    second.decode().map_err(not_image)
}

fn detect(image: &DynamicImage) -> Result<RXingResult, ScanError> {
    let luma = image.to_luma8();
    let (width, height) = luma.dimensions();
    rxing::helpers::detect_in_luma_with_hints(
        luma.into_raw(),
        width,
        height,
        Some(BarcodeFormat::DATA_MATRIX),
        &mut DecodeHints::default(),
    )
    .map_err(|_| ScanError::NoCode)
}

fn scanner_text(found: &RXingResult) -> String {
    let gs1 = matches!(
        found
            .getRXingResultMetadata()
            .get(&RXingResultMetadataType::SYMBOLOGY_IDENTIFIER),
        Some(RXingResultMetadataValue::SymbologyIdentifier(id)) if id == "]d2"
    );
    if gs1 {
        format!("]d2{}", found.getText())
    } else {
        found.getText().to_owned()
    }
}

/// Draws a code as a GS1 DataMatrix PNG: FNC1 first, GS in `code` becomes FNC1 between
/// fields; `module_px` pixels per module, with a quiet zone of two modules around it. A
/// leading `]d2` or GS in `code` is taken as the GS1 mark and not drawn twice.
pub fn datamatrix_png(code: &str, module_px: u32) -> Result<Vec<u8>, ScanError> {
    let fields = code
        .strip_prefix("]d2")
        .unwrap_or(code)
        .trim_start_matches(GS);
    let modules = draw::modules(fields)?;
    let scale = module_px.clamp(1, 64);
    let quiet = 2;
    let side = u32::try_from(modules.len()).unwrap_or(u32::MAX);
    let total = (side + 2 * quiet) * scale;
    let image = GrayImage::from_fn(total, total, |x, y| {
        let at = |v: u32| (v / scale).checked_sub(quiet).filter(|m| *m < side);
        let dark =
            matches!((at(x), at(y)), (Some(mx), Some(my)) if modules[my as usize][mx as usize]);
        Luma([if dark { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|e| ScanError::Unencodable(e.to_string()))?;
    Ok(png)
}
