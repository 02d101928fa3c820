// The regulator's rule-set page in a real browser (issue 8; R17): sign in with NCALayer (the
// harness's double), upload a signed package through the form, activate it, roll the group
// back to the version before, and start the new one as a shadow run; the page shows each
// result. From the harness (hub/api/tests/browser.rs):
//   TANBA_URL          the hub on loopback (its [web] ncalayer_url is the double)
//   TANBA_GOVERN       {"group", "plugin", "before": the active version, "new": the version
//                       to upload, "manifest" and "component": its files, "key_id" and
//                       "ed25519": its publisher key's id and signature (hex)}
//   TANBA_SCREENSHOTS  a folder for the pages' screenshots
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, shot, useBrowser } from "./support.js";

const fixture = JSON.parse(process.env.TANBA_GOVERN || "{}");
const held = useBrowser();

/** The row of the package of `version`. */
const row = (version) => `#packages tr[data-plugin="${fixture.plugin}@${version}"]`;

/**
 * Clicks `button` (an API action sent by api-form.js) and waits until the page reloads on
 * success; a refusal shown on the page instead fails with the problem's detail.
 */
async function act(page, button) {
  const reloaded = page.waitForEvent("load").then(() => null);
  const refused = page
    .waitForSelector(".api-result:not([hidden])")
    .then((el) => el.textContent(), () => null);
  await page.click(button);
  const problem = await Promise.race([reloaded, refused]);
  assert.equal(problem, null, `the API refused: ${problem}`);
}

/** The groups a package's `column` (`active-for` or `shadow-for`) lists. */
async function groups(page, version, column) {
  return (await page.textContent(`${row(version)} td.${column}`)).trim();
}

test("upload, activate, roll back and shadow-run a rule set", async () => {
  const context = await held.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`${base}/lang/en?back=/login`);
  await Promise.all([page.waitForURL(/\/cabinet$/), page.click("#login-sign")]);
  await page.click('nav.cabinet-nav a[href="/cabinet/rule-sets"]');
  assert.equal(await groups(page, fixture.before, "active-for"), fixture.group, "the version in force");
  assert.equal(await page.$(row(fixture.new)), null, "not uploaded yet");

  // Upload: the package's files and its signature, sent to the API by api-form.js.
  await page.setInputFiles("#manifest", fixture.manifest);
  await page.setInputFiles("#component", fixture.component);
  await page.fill("#key_id", fixture.key_id);
  await page.fill("#ed25519", fixture.ed25519);
  await shot(page, "rule-sets-upload-en");
  await act(page, '#deploy-form button[type="submit"]');
  assert.ok(await page.$(row(fixture.new)), await page.textContent("#packages"));
  assert.equal(await groups(page, fixture.new, "active-for"), "", "stored, not active");
  await shot(page, "rule-sets-uploaded-en");

  // Activate it for the group: the table says it is the active one now.
  const activate = `${row(fixture.new)} form[action="/api/v1/product-groups/${fixture.group}/rule-set"] button`;
  await act(page, activate);
  assert.equal(await groups(page, fixture.new, "active-for"), fixture.group);
  assert.equal(await groups(page, fixture.before, "active-for"), "");
  await shot(page, "rule-sets-activated-en");

  // Roll back: the version before is active again.
  const groupActions = `section.group-actions[data-group="${fixture.group}"]`;
  await act(page, `${groupActions} form[action$="/rule-set/rollback"] button`);
  assert.equal(await groups(page, fixture.before, "active-for"), fixture.group);
  assert.equal(await groups(page, fixture.new, "active-for"), "");
  await shot(page, "rule-sets-rolled-back-en");

  // Shadow-run the new version beside it: the table says so, and its report opens.
  const shadow = `${row(fixture.new)} form[action="/api/v1/product-groups/${fixture.group}/shadow"] button`;
  await act(page, shadow);
  assert.equal(await groups(page, fixture.new, "shadow-for"), fixture.group);
  assert.equal(await page.$(shadow), null, "no second start while it runs");
  await shot(page, "rule-sets-shadow-en");
  await page.click(`${groupActions} a[href="/cabinet/rule-sets/${fixture.group}/shadow"]`);
  assert.ok(await page.isVisible("#disagreements"));
  await shot(page, "rule-sets-shadow-report-en");

  assert.deepEqual(errors, [], "no script errors and no CSP violations");
  await context.close();
});
