// The participant's cabinet in a real browser (issue 8; R14, R16, R18, R19): sign in with an
// EDS through NCALayer (the Rust harness runs a double of NCALayer's WebSocket protocol that
// signs with the test PKI), see the dashboard, make a shipment, sign it in NCALayer, see it
// applied, and switch languages on a signed-in page. From the harness (hub/api/tests/browser.rs):
//   TANBA_URL          the hub on loopback (its [web] ncalayer_url is the double)
//   TANBA_CABINET      {"participant": BIN, "receiver": BIN, "units": [codes to ship],
//                       "in_circulation": its codes in circulation (one order of them),
//                       "gtin": their GTIN,
//                       "incoming": a shipment to it from another participant,
//                       "shipped": the two units that shipment brings (the first is
//                       accepted, the other not), "accepted_unit": the first, "sscc": a new SSCC,
//                       "violation": id of a report on the participant's group (it regulates it)}
//   TANBA_SCREENSHOTS  a folder for the pages' screenshots
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, phone, shot, useBrowser } from "./support.js";

const cabinet = JSON.parse(process.env.TANBA_CABINET || "{}");
/** Texts from web.ftl, so a page in the wrong language fails. */
const applied = { kk: "Өткізілді", ru: "Проведён", en: "Applied" };
const title = { kk: "Жеке кабинет", ru: "Личный кабинет", en: "My cabinet" };

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

test("sign in with NCALayer, ship goods signed in NCALayer, switch languages", async () => {
  const context = await held.browser.newContext({ ...phone, locale: "en-GB" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

  // Sign in: the page asks NCALayer (the double) to sign the challenge and posts it.
  await page.goto(`${base}/`);
  await page.click('nav.langs a[hreflang="en"]');
  await page.click("a.signin");
  assert.match(page.url(), /\/login$/);
  await shot(page, "cabinet-login-en");
  await Promise.all([page.waitForURL(/\/cabinet$/), page.click("#login-sign")]);
  assert.equal(await page.textContent("h1"), title.en);
  assert.ok((await page.textContent(".who")).includes(cabinet.participant));
  assert.ok(await page.isVisible("#status-chart"), "the codes-by-status chart");
  assert.ok(await page.isVisible("#flow-chart"), "the flows chart");
  const tobacco = await page.textContent('#stock-by-group tr[data-group="tobacco"]');
  assert.ok(tobacco.includes(String(cabinet.in_circulation)), `in circulation: ${tobacco}`);
  await shot(page, "cabinet-dashboard-en");

  // A shipment: the form, the exact document to sign, NCALayer's signature, the API.
  await page.click('a[href="/cabinet/documents"]');
  await page.click('#new-documents a[data-kind="shipment"]');
  await page.fill("#receiver", cabinet.receiver);
  await page.fill("#units", cabinet.units.join("\n"));
  await shot(page, "cabinet-shipment-form-en");
  await page.click('#document-form button[type="submit"]');
  const shown = JSON.parse(await page.textContent("#document-text"));
  assert.deepEqual(shown, { kind: "shipment", receiver: cabinet.receiver, units: cabinet.units });
  await shot(page, "cabinet-sign-en");
  await Promise.all([page.waitForURL(/\/cabinet\/documents\/[^/]+$/), page.click("#sign-submit")]);
  assert.equal(await decided(page), "applied", await page.textContent("main"));
  assert.equal((await page.textContent("#document-status")).trim(), applied.en);
  await shot(page, "cabinet-document-en");

  // The shipment another participant sent: accepted in part (one unit ticked), signed in
  // NCALayer; the other unit goes back to the sender.
  await page.goto(`${base}/cabinet/documents/${cabinet.incoming}`);
  await page.click("#accept");
  const offered = await page.$$eval('#accepted input[type="checkbox"]', (boxes) => boxes.map((b) => b.value));
  assert.deepEqual(offered, cabinet.shipped, "the shipment's units are offered");
  await page.selectOption("#result", "partial");
  await page.check(`#accepted input[value="${cabinet.accepted_unit}"]`);
  await shot(page, "cabinet-acceptance-form-en");
  await page.click('#document-form button[type="submit"]');
  const acceptance = JSON.parse(await page.textContent("#document-text"));
  assert.deepEqual(acceptance, {
    kind: "acceptance", shipment: cabinet.incoming, result: "partial", accepted: [cabinet.accepted_unit],
  });
  await Promise.all([page.waitForURL(/\/cabinet\/documents\/[^/]+$/), page.click("#sign-submit")]);
  assert.equal(await decided(page), "applied", await page.textContent("main"));
  await shot(page, "cabinet-acceptance-en");

  // The language switch on a signed-in page keeps the session and the page.
  for (const lang of ["kk", "ru"]) {
    await page.click(`nav.langs a[hreflang="${lang}"]`);
    assert.equal(await page.getAttribute("html", "lang"), lang);
    assert.equal((await page.textContent("#document-status")).trim(), applied[lang]);
    await shot(page, `cabinet-document-${lang}`);
  }
  await page.click('nav.cabinet-nav a[href="/cabinet"]');
  assert.equal(await page.textContent("h1"), title.ru);

  // The shipped code's history names the shipment.
  await page.goto(`${base}/cabinet/codes?code=${encodeURIComponent(cabinet.units[0])}`);
  assert.ok(await page.isVisible("#history"));
  assert.ok((await page.textContent("#history")).includes("SHIP"), await page.textContent("#history"));
  await shot(page, "cabinet-code-history-ru");

  // Aggregation: the accepted unit packed into a new SSCC, whose history the page then shows.
  await page.click('nav.cabinet-nav a[href="/cabinet/aggregation"]');
  await page.selectOption("#operation", "aggregate");
  await page.fill("#parent", cabinet.sscc);
  await page.fill("#children", cabinet.accepted_unit);
  await Promise.all([page.waitForURL(/\/cabinet\/codes\?code=/), page.click('#aggregation-form button[type="submit"]')]);
  assert.ok(await page.isVisible("#trace"), await page.textContent("main"));
  await shot(page, "cabinet-aggregation-ru");

  // The emission order and its print file, opened with the session cookie.
  await page.click('nav.cabinet-nav a[href="/cabinet/orders"]');
  const orders = await page.textContent("#orders tbody");
  assert.ok(orders.includes(cabinet.gtin), orders);
  const href = await page.getAttribute('#orders a[href$="/codes.txt"]', "href");
  const printed = await page.request.get(`${base}${href}`);
  assert.equal(printed.status(), 200);
  assert.equal((await printed.text()).trim().split("\n").length, cabinet.in_circulation);
  await shot(page, "cabinet-orders-ru");

  // The regulator's page: a report moves to "under review" through the API (api-form.js).
  await page.click('nav.cabinet-nav a[href="/cabinet/violations"]');
  const status = `#violations tr[data-id="${cabinet.violation}"] .violation-status`;
  assert.equal((await page.textContent(status)).trim(), "Новое");
  await page.click(`#violations tr[data-id="${cabinet.violation}"] button[data-to="in_review"]`);
  let now = "";
  for (let i = 0; i < 40 && now !== "На рассмотрении"; i++) {
    await page.waitForTimeout(250);
    now = await page.textContent(status).then((t) => t.trim(), () => "");
  }
  assert.equal(now, "На рассмотрении");
  await shot(page, "cabinet-violations-ru");

  // Sign out: the cabinet sends the browser back to the sign-in page.
  await page.click("#logout");
  await page.goto(`${base}/cabinet`);
  assert.match(page.url(), /\/login$/);

  assert.deepEqual(errors, [], "no script errors and no CSP violations");
  await context.close();
});
