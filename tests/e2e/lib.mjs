// lib.mjs: what the browser tests share: a demo server on 127.0.0.1 with a
// fresh database, Debian's chromium driven by playwright-core with an empty
// profile, login, axe checks and screenshots.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

export const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// extraArgs: more options for `shokai serve` (mail.test.mjs: --smtp ...).
export async function startDemo(binary, extraArgs = []) {
  const dir = mkdtempSync(join(tmpdir(), "shokai-e2e-"));
  // The server's injectable clock (seconds in a file): it starts at the real
  // time and moves only when a test moves it, so no test waits for time to pass.
  const clock = join(dir, "clock");
  writeFileSync(clock, `${Math.floor(Date.now() / 1000)}\n`);
  const proc = spawn(binary, ["serve", "--demo", "--db", join(dir, "demo.db"), "--listen", "127.0.0.1:0",
    "--log", join(dir, "server.log"), ...extraArgs],
    { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, SHOKAI_TEST_CLOCK_FILE: clock } });
  const accounts = {};
  let out = "";
  const base = await new Promise((resolve, reject) => {
    proc.stdout.on("data", (chunk) => {
      out += chunk;
      for (const m of out.matchAll(/^\s+(demo-\S+)\s+\S+\s+(\S+)$/gm)) accounts[m[1]] = m[2];
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve(m[1]);
    });
    proc.on("exit", () => reject(new Error("the demo server exited: " + out)));
  });
  return {
    base, accounts, db: join(dir, "demo.db"),
    now: () => Number(readFileSync(clock, "utf8").trim()),
    setClock: (seconds) => writeFileSync(clock, `${seconds}\n`),
    stop: () => { proc.kill(); rmSync(dir, { recursive: true, force: true }); },
  };
}

// A browser with an empty profile of its own; javaScriptEnabled false for the no-JS runs.
export async function openBrowser({ javaScriptEnabled = true, viewport = { width: 1200, height: 900 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "shokai-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: FLAGS, headless: true,
    javaScriptEnabled, viewport, acceptDownloads: true, locale: "ja-JP",
  });
  const page = context.pages()[0] || await context.newPage();
  return { context, page, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

// The code an authenticator app shows for a base32 key at a 30-second time
// step (RFC 6238, HMAC-SHA1, 6 digits).
export function totp(keyBase32, step) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of keyBase32.replace(/\s/g, "")) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", key).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, "0");
}

// Logs in; for a Ministry or admin account (server given) also enters the
// authenticator's code, setting the app up from the page the first time.
export async function login(page, base, user, password, server = null) {
  await page.goto(base + "/login");
  await page.fill("#login", user);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login") || u.pathname === "/login/second-factor"),
    page.click("form.card button[type=submit]")]);
  if (new URL(page.url()).pathname === "/login/second-factor") await enterCode(page, server, user);
}

// What a person with the app does on the second-factor page: scan the key if
// it is shown, then type a code not used before (a code is accepted once).
// When every code of the current window was used, the server's clock moves on
// to the next 30-second step instead of the test waiting for it.
export async function enterCode(page, server, user) {
  const apps = (server.apps ||= {});
  if (await page.locator("#secret-text").count()) apps[user] = { key: await page.textContent("#secret-text"), last: 0 };
  const app = apps[user];
  const step = Math.floor(server.now() / 30);
  const use = Math.max(step, app.last + 1);
  if (use > step + 1) server.setClock(use * 30);
  app.last = use;
  await page.fill("#code", totp(app.key, use));
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.click("form.card button[type=submit]")]);
}

const shots = process.env.SHOKAI_SCREENSHOTS;
if (shots) mkdirSync(shots, { recursive: true });
export async function screenshot(page, name) {
  if (shots) await page.screenshot({ path: join(shots, name + ".png"), fullPage: true });
}

// Zero axe violations at WCAG 2.x A and AA (JIS X 8341-3:2016 AA); the list if any.
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.length} ${v.nodes[0]?.target}`);
}

// Presses Tab until the focused element matches selector (keyboard only).
export async function tabTo(page, selector, max = 300) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((sel) => document.activeElement && document.activeElement.matches(sel), selector)) return;
  }
  throw new Error("Tab never reached " + selector);
}

// Runs use({ context, page }) in a fresh browser, closed afterwards whatever happens.
export async function withBrowser(options, use) {
  const browser = await openBrowser(options);
  try {
    await use(browser);
  } finally {
    await browser.close();
  }
}

// The same, logged in as one of the demo accounts first.
export async function asUser(server, user, options, use) {
  await withBrowser(options, async (browser) => {
    await login(browser.page, server.base, user, server.accounts[user], server);
    await use(browser);
  });
}
