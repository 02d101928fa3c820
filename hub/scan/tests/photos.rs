//! Photos in, scanner text out (R7): the drawn code comes back byte for byte through PNG and
//! JPEG, turned, scaled up like a phone photo; anything else is refused for its own reason.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageFormat, Luma};
use tanba_scan::{MAX_SIDE, ScanError, datamatrix_png, read_datamatrix};

/// A tobacco pack's code (GTIN, serial, verification key and code), GS between fields.
const CODE: &str = "010460620309891021sxMGorvNuq6Wk\u{1d}91FFD0\u{1d}92dGVzdGtleQ==";

fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .expect("encode");
    bytes
}

fn drawn() -> DynamicImage {
    let png = datamatrix_png(CODE, 6).expect("draw");
    image::load_from_memory(&png).expect("png")
}

#[test]
fn a_drawn_code_reads_back_as_a_gs1_scanner_delivers_it() {
    let png = datamatrix_png(CODE, 6).expect("draw");
    assert_eq!(read_datamatrix(&png), Ok(format!("]d2{CODE}")));
}

#[test]
fn a_jpeg_turned_and_scaled_like_a_phone_photo_reads_back() {
    let code = drawn().rotate90();
    // A 2,400-pixel photo with the code in its middle third on a grey table.
    let mut photo = GrayImage::from_pixel(2400, 1800, Luma([170]));
    let big = code.resize(700, 700, image::imageops::FilterType::Nearest);
    image::imageops::overlay(&mut photo, &big.to_luma8(), 850, 550);
    let jpeg = encoded(&DynamicImage::ImageLuma8(photo), ImageFormat::Jpeg);
    assert_eq!(read_datamatrix(&jpeg), Ok(format!("]d2{CODE}")));
}

#[test]
fn a_leading_gs1_mark_is_not_drawn_twice() {
    let png = datamatrix_png(&format!("]d2{CODE}"), 4).expect("draw");
    assert_eq!(read_datamatrix(&png), Ok(format!("]d2{CODE}")));
}

#[test]
fn a_photo_without_a_code_says_so() {
    let blank = DynamicImage::ImageLuma8(GrayImage::from_pixel(400, 300, Luma([255])));
    assert_eq!(
        read_datamatrix(&encoded(&blank, ImageFormat::Png)),
        Err(ScanError::NoCode)
    );
}

#[test]
fn bytes_that_are_no_png_or_jpeg_are_refused() {
    assert!(matches!(
        read_datamatrix(b"GIF89a not really"),
        Err(ScanError::NotAnImage(_))
    ));
    let mut png = datamatrix_png(CODE, 2).expect("draw");
    png.truncate(png.len() / 2);
    assert!(matches!(
        read_datamatrix(&png),
        Err(ScanError::NotAnImage(_))
    ));
}

#[test]
fn an_image_over_the_side_limit_is_refused_before_it_is_decoded() {
    let wide = DynamicImage::ImageLuma8(GrayImage::from_pixel(MAX_SIDE + 1, 1, Luma([255])));
    assert_eq!(
        read_datamatrix(&encoded(&wide, ImageFormat::Png)),
        Err(ScanError::TooLarge {
            width: MAX_SIDE + 1,
            height: 1
        })
    );
}

#[test]
fn codes_with_upper_case_runs_around_a_separator_are_drawn_and_read_back() {
    // rxing's own writer panics on these (an FNC1 inside a C40 run).
    for code in [
        "010487000000001221RtmJ9KY\u{1d}93ZZZZ",
        "010487000000001221ABCDEFG\u{1d}93ZZZ1",
        "0104870000000012215\u{1d}93AB",
        // Long enough for a symbol of four data regions (32 x 32 and up).
        "0104870000000012215ABCDEFGHIJKLMN\u{1d}17270101\u{1d}10BATCH42X\u{1d}91EE06\u{1d}92abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL",
    ] {
        let png = datamatrix_png(code, 4).expect("drawn");
        assert_eq!(read_datamatrix(&png), Ok(format!("]d2{code}")), "{code:?}");
    }
}

#[test]
fn text_that_is_not_printable_ascii_is_not_drawn() {
    assert!(matches!(
        datamatrix_png("0104870000000012 21Жок", 4),
        Err(ScanError::Unencodable(_))
    ));
}
