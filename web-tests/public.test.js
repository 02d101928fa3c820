// The public pages in a real browser (issue 8; R7, R18, R19): Debian's Chromium, headless,
// driven by playwright-core. The hub, its test database and the codes come from the Rust
// harness (hub/api/tests/browser.rs) through the environment:
//   TANBA_URL          the hub on loopback
//   TANBA_CODES        {"authentic": ..., "verification_failed": ..., "sold": ...} as typed,
//                      "photo": a PNG file of the authentic code drawn as a DataMatrix
//   TANBA_SCREENSHOTS  a folder under the build's target dir for the pages' screenshots
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, phone, shot, useBrowser } from "./support.js";

const codes = JSON.parse(process.env.TANBA_CODES || "{}");
/** The verdict's heading in each language (web.ftl), so a page in the wrong language fails. */
const headings = {
  kk: { authentic: "Түпнұсқа", verification_failed: "Жалған код", sold: "Сатылып қойған" },
  ru: { authentic: "Подлинный", verification_failed: "Поддельный код", sold: "Уже продан" },
  en: { authentic: "Genuine", verification_failed: "Forged code", sold: "Already sold" },
};
/** A 1x1 PNG, as a phone's photo stands in. */
const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4DwABAQEABRjYTgAAAABJRU5ErkJggg==",
  "base64",
);

const held = useBrowser();

/** A fresh phone whose pages are in `lang`, chosen with the switch on the first page. */
async function phoneIn(lang) {
  const context = await held.browser.newContext({ ...phone, locale: "ru-RU" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${base}/`);
  await page.click(`nav.langs a[hreflang="${lang}"]`);
  assert.equal(await page.getAttribute("html", "lang"), lang);
  return { context, page, errors };
}

for (const lang of ["kk", "ru", "en"]) {
  test(`a valid, a forged and a sold code in ${lang}`, async () => {
    const { context, page, errors } = await phoneIn(lang);
    for (const verdict of ["authentic", "verification_failed", "sold"]) {
      await page.goto(`${base}/`);
      await page.fill("#code", codes[verdict]);
      await page.click("#check-form button[type=submit]");
      await page.waitForSelector("#verdict");
      assert.equal(await page.getAttribute("#verdict", "data-verdict"), verdict);
      const heading = await page.textContent("#verdict h2");
      assert.equal(heading.trim(), headings[lang][verdict]);
      assert.equal(await page.isVisible("#product"), verdict !== "verification_failed");
      await shot(page, `verdict-${verdict}-${lang}`);
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, "the page fits a phone's width");
    assert.deepEqual(errors, [], "no script errors (and no CSP violations)");
    await context.close();
  });
}

test("the chosen language is remembered across pages and visits", async () => {
  const { context, page } = await phoneIn("en");
  await page.goto(`${base}/report`);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.click('nav.langs a[hreflang="kk"]');
  assert.equal(await page.getAttribute("html", "lang"), "kk");
  assert.ok(page.url().endsWith("/report?code="), page.url());
  const again = await context.newPage();
  await again.goto(`${base}/`);
  assert.equal(await again.getAttribute("html", "lang"), "kk", "a new tab keeps the choice");
  const cookies = await context.cookies();
  assert.ok(cookies.some((c) => c.name === "tanba_lang" && c.value === "kk"), JSON.stringify(cookies));
  await shot(again, "check-page-kk");
  await context.close();
});

test("a violation report is sent from the verdict page with a photo", async () => {
  const { context, page, errors } = await phoneIn("ru");
  await page.goto(`${base}/check?code=${encodeURIComponent(codes.verification_failed)}`);
  await page.click("#report-link");
  assert.equal(await page.inputValue("#code"), codes.verification_failed, "the code comes along");
  await page.selectOption("#reason", "check_failed");
  await page.fill("#details", "Продаётся на рынке без чека");
  await page.fill("#address", "Алматы, Зелёный базар");
  await page.setInputFiles("#photo", { name: "photo.png", mimeType: "image/png", buffer: png });
  await shot(page, "report-form-ru");
  await page.click("#report-form button[type=submit]");
  await page.waitForSelector("#reported");
  const id = Number(await page.getAttribute("#reported", "data-id"));
  assert.ok(id > 0, `a report number: ${id}`);
  assert.ok((await page.textContent("#reported")).includes(String(id)));
  await shot(page, "report-sent-ru");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a photo of a code is read on the server and its verdict shown", async () => {
  for (const lang of ["en", "kk"]) {
    const { context, page, errors } = await phoneIn(lang);
    await page.setInputFiles("#photo", codes.photo);
    await shot(page, `check-photo-chosen-${lang}`);
    await Promise.all([page.waitForURL(/\/check\/photo$/), page.click("#photo-form button[type=submit]")]);
    await page.waitForSelector("#verdict");
    assert.equal(await page.getAttribute("#verdict", "data-verdict"), "authentic", await page.textContent("main"));
    assert.equal((await page.textContent("#verdict h2")).trim(), headings[lang].authentic);
    assert.ok(await page.isVisible("#product"), "the product card");
    await shot(page, `verdict-photo-${lang}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
