//! The public check from a photo (issue 8, R7): the hub reads the DataMatrix in an uploaded
//! PNG or JPEG and answers as the check by code does, over the API and on the web page;
//! a photo without a readable code, bytes that are no image and a body over the limit are
//! each refused for their own reason, in the caller's language.

mod support;

use http::StatusCode;
use serde_json::Value;
use support::*;

/// A white PNG: an image, but no code in it.
fn blank_png() -> Vec<u8> {
    let white = image::GrayImage::from_pixel(300, 200, image::Luma([255]));
    let mut png = Vec::new();
    image::DynamicImage::ImageLuma8(white)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("a PNG");
    png
}

/// The verdict of the check by code, to compare the photo's with.
async fn verdict_by_code(w: &World, code: &str) -> Value {
    let (status, answer) = w
        .call(
            "POST",
            "/api/v1/public/check",
            "",
            Some(serde_json::json!({ "code": code })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    answer["verdict"].clone()
}

async fn post_photo(w: &World, photo: Vec<u8>, lang: &str) -> (StatusCode, Value) {
    let response = w
        .app
        .http
        .post(format!(
            "{}/api/v1/public/check/photo?lang={lang}",
            w.app.address
        ))
        .header("content-type", "image/png")
        .body(photo)
        .send()
        .await
        .expect("the hub answers");
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

async fn genuine_code(w: &World) -> String {
    w.with_product().await;
    w.applied_codes(1).await.remove(0)
}

#[tokio::test]
async fn a_photo_of_a_genuine_code_is_read_and_checked() {
    let w = world().await;
    let code = genuine_code(&w).await;
    let photo = tanba_scan::datamatrix_png(&code, 5).expect("drawn");
    let (status, answer) = post_photo(&w, photo, "ru").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    // Applied but not yet introduced: genuine, with its card.
    assert_eq!(answer["verdict"], "not_in_circulation", "{answer}");
    assert_eq!(answer["verdict"], verdict_by_code(&w, &code).await);
    assert_eq!(answer["lang"], "ru");
    assert_eq!(answer["product"]["gtin"], GTIN, "{answer}");
    let read = answer["code"].as_str().expect("the code read");
    assert!(read.starts_with("]d2"), "a GS1 DataMatrix: {read:?}");
    assert!(
        read.ends_with(code.trim_start_matches('\u{1d}')),
        "{read:?} / {code:?}"
    );
}

#[tokio::test]
async fn a_photo_of_a_forged_code_gets_the_forgery_verdict() {
    let w = world().await;
    let code = genuine_code(&w).await;
    // Same GTIN and serial, another verification code (the part after `93`).
    let at = code.rfind("93").expect("a verification field") + 2;
    let forged = format!("{}ZZZZ", &code[..at]);
    let photo = tanba_scan::datamatrix_png(&forged, 5).expect("drawn");
    let (status, answer) = post_photo(&w, photo, "en").await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["verdict"], "verification_failed", "{answer}");
    assert!(answer["product"].is_null(), "{answer}");
}

#[tokio::test]
async fn photos_without_a_code_or_that_are_no_image_are_refused_in_the_callers_language() {
    let w = world().await;
    let (status, problem) = post_photo(&w, blank_png(), "kk").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["code"], "PHOTO_NO_CODE");
    assert_eq!(problem["errors"][0]["pointer"], "/photo");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("DataMatrix кодын"),
        "Kazakh: {problem}"
    );
    let (status, problem) = post_photo(&w, b"GIF89a".to_vec(), "en").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["code"], "PHOTO_NOT_IMAGE");
    let (status, problem) = post_photo(&w, vec![0; 9 << 20], "en").await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{problem}");
    assert_eq!(problem["code"], "BODY_TOO_LARGE");
}

/// A multipart form with the photo in its `photo` field, as the browser sends the page's form.
async fn web_photo(w: &World, photo: Vec<u8>) -> (StatusCode, String) {
    let boundary = "tanba-test-boundary-7f3a";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"code.png\"\r\n\
         Content-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(&photo);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let response = w
        .app
        .http
        .post(format!("{}/check/photo", w.app.address))
        .header("cookie", "tanba_lang=en")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("the hub answers");
    let status = response.status();
    (status, response.text().await.expect("a page"))
}

#[tokio::test]
async fn the_check_page_reads_an_uploaded_photo() {
    let w = world().await;
    let code = genuine_code(&w).await;
    let photo = tanba_scan::datamatrix_png(&code, 5).expect("drawn");
    let (status, page) = web_photo(&w, photo).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("The code is genuine, but the goods were never put into circulation"),
        "{page}"
    );
    assert!(page.contains(GTIN), "the product card: {page}");
    let (status, page) = web_photo(&w, blank_png()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("id=\"photo-error\""), "{page}");
    assert!(page.contains("No DataMatrix code could be read"), "{page}");
}
