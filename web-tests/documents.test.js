// Every other kind of document in the cabinet, in a real browser (issue 8; R3, R10, R16):
// each made from its form, shown exactly as it will be signed, signed in NCALayer (the Rust
// harness runs a double of its WebSocket protocol) and submitted; a rejected one shows its
// findings in the page's language. From the harness (hub/api/tests/browser.rs):
//   TANBA_URL          the hub on loopback (its [web] ncalayer_url is the double)
//   TANBA_DOCUMENTS    {"maker": BIN of a former owner, "imported": applied codes to introduce
//                       from import, "written_off", "withdrawn", "remarked": codes in
//                       circulation, "new_code": an applied code for the remarking,
//                       "returned": a code bought from the maker, "refused": a shipment id}
//   TANBA_SCREENSHOTS  a folder for the pages' screenshots
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, phone, shot, useBrowser } from "./support.js";

const fixture = JSON.parse(process.env.TANBA_DOCUMENTS || "{}");
const held = useBrowser();

/** Reloads a document's page until it is decided (it also refreshes itself). */
async function decided(page) {
  for (let i = 0; i < 40; i++) {
    const status = await page.getAttribute("#document-status", "data-status");
    if (status === "applied" || status === "rejected") return status;
    await page.waitForTimeout(500);
    await page.reload();
  }
  return "undecided";
}

/**
 * Reviews the filled form, checks the text to sign is `expected`, signs it in NCALayer and
 * waits for the hub's decision: the document page's status.
 */
async function signAndSend(page, expected, name) {
  await shot(page, `documents-${name}-form`);
  await page.click('#document-form button[type="submit"]');
  const shown = JSON.parse(await page.textContent("#document-text"));
  assert.deepEqual(shown, expected);
  await Promise.all([page.waitForURL(/\/cabinet\/documents\/[^/]+$/), page.click("#sign-submit")]);
  const status = await decided(page);
  await shot(page, `documents-${name}-${status}`);
  return status;
}

/** Opens the form of `kind` from the documents list. */
async function form(page, kind) {
  await page.goto(`${base}/cabinet/documents`);
  await page.click(`#new-documents a[data-kind="${kind}"]`);
  assert.equal(await page.getAttribute("#document-form", "data-kind"), kind);
}

test("documents of every kind, signed in NCALayer, with findings in the page's language", async () => {
  const context = await held.browser.newContext({ ...phone, locale: "en-GB" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${base}/lang/en?back=/login`);
  await Promise.all([page.waitForURL(/\/cabinet$/), page.click("#login-sign")]);

  // Introduction from import: the customs declaration, its date and the country.
  await form(page, "introduction");
  await page.selectOption("#route", "IMPORT");
  await page.fill("#customs_declaration", "50101010/201126/0001234");
  await page.fill("#declaration_date", "2026-11-20");
  await page.fill("#country_of_origin", "CN");
  await page.fill("#units", fixture.imported.join("\n"));
  assert.equal(await signAndSend(page, {
    kind: "introduction", route: "IMPORT", customs_declaration: "50101010/201126/0001234",
    declaration_date: "2026-11-20", country_of_origin: "CN", units: fixture.imported,
  }, "import"), "applied");

  // A write-off: the API's reasons, named from the reference data in the page's language.
  await form(page, "write_off");
  const reasons = await page.$$eval("#reason option", (os) => os.map((o) => [o.value, o.textContent.trim()]));
  assert.deepEqual(reasons.map(([code]) => code), ["DESTRUCTION", "LOSS", "EXPIRY", "DAMAGE", "OTHER"]);
  assert.ok(reasons.some(([code, name]) => code === "DAMAGE" && name === "Damage"), JSON.stringify(reasons));
  await page.selectOption("#reason", "DAMAGE");
  await page.fill("#units", fixture.written_off);
  const writeOff = { kind: "write_off", reason: "DAMAGE", units: [fixture.written_off] };
  assert.equal(await signAndSend(page, writeOff, "write-off"), "applied");

  // The same again: rejected, and the finding says why in the page's language.
  await form(page, "write_off");
  await page.selectOption("#reason", "DAMAGE");
  await page.fill("#units", fixture.written_off);
  assert.equal(await signAndSend(page, writeOff, "write-off-again"), "rejected");
  assert.ok((await page.textContent("#findings")).includes('"Written off"'), await page.textContent("#findings"));
  await page.click('nav.langs a[hreflang="kk"]');
  assert.ok((await page.textContent("#findings")).includes("«Есептен шығарылған»"), await page.textContent("#findings"));
  await shot(page, "documents-write-off-again-rejected-kk");

  // A withdrawal, in Kazakh now: the reasons are named in Kazakh.
  await form(page, "withdrawal");
  const own = await page.textContent('#reason option[value="OWN_USE"]');
  assert.equal(own.trim(), "Өз қажеттіліктеріне пайдалану");
  await page.selectOption("#reason", "OWN_USE");
  await page.fill("#units", fixture.withdrawn);
  assert.equal(await signAndSend(page, { kind: "withdrawal", reason: "OWN_USE", units: [fixture.withdrawn] }, "withdrawal"), "applied");

  // An incomplete form is shown again, naming what to fill in.
  await form(page, "remark");
  await page.fill("#old", fixture.remarked);
  await page.evaluate(() => document.getElementById("new").removeAttribute("required"));
  await page.click('#document-form button[type="submit"]');
  assert.ok((await page.textContent("#form-error")).includes("Жаңа код"), await page.textContent("#form-error"));
  assert.equal(await page.inputValue("#old"), fixture.remarked, "what was typed stays");
  // The page came with 422, which Chromium reports on the console: that one is expected.
  assert.deepEqual(errors.splice(0), ["Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"]);
  await shot(page, "documents-remark-incomplete-kk");

  // Remarking: the damaged code replaced by a new one.
  await page.fill("#new", fixture.new_code);
  assert.equal(await signAndSend(page, { kind: "remark", old: fixture.remarked, new: fixture.new_code }, "remark"), "applied");

  // A return to the former owner, in Russian.
  await page.click('nav.langs a[hreflang="ru"]');
  await form(page, "return");
  await page.fill("#receiver", fixture.maker);
  await page.fill("#units", fixture.returned);
  assert.equal(await signAndSend(page, { kind: "return", receiver: fixture.maker, units: [fixture.returned] }, "return"), "applied");

  // A refusal of a received shipment.
  await page.goto(`${base}/cabinet/documents/${fixture.refused}`);
  await page.click("#accept");
  await page.selectOption("#result", "refusal");
  assert.equal(await signAndSend(page, { kind: "acceptance", shipment: fixture.refused, result: "refusal" }, "refusal"), "applied");
  assert.equal((await page.textContent("#document-status")).trim(), "Проведён");

  assert.deepEqual(errors, [], "no script errors and no CSP violations");
  await context.close();
});
