// What the browser tests share (issue 8): Debian's Chromium launched once per file through
// playwright-core, a phone's viewport, and screenshots kept under TANBA_SCREENSHOTS.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { chromium } from "playwright-core";

export const base = process.env.TANBA_URL;
export const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const shots = process.env.TANBA_SCREENSHOTS;

/** The file's browser: launched before its tests, closed after them. */
export function useBrowser() {
  const held = { browser: null };
  before(async () => {
    assert.ok(base, "TANBA_URL is set by the Rust harness");
    held.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
    });
  });
  after(async () => {
    if (held.browser) await held.browser.close();
  });
  return held;
}

/** A full-page screenshot named `name`, when the harness gives a folder. */
export async function shot(page, name) {
  if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}
