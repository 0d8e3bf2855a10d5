// a11y.test.mjs: every page type, signed in as each role, has no axe
// violation at WCAG 2.x A/AA (JIS X 8341-3:2016 AA); a survey can be
// completed with the keyboard alone; focus is visible; pages reflow at 320 px
// (and so at 200% zoom) without sideways scrolling.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, withBrowser, asUser, login, enterCode, axeViolations, tabTo, screenshot } from "./lib.mjs";

const binary = process.env.SHOKAI_BIN;
let server;
before(async () => { server = await startDemo(binary); });
after(() => server.stop());

const PAGES = {
  "demo-org": ["/", "/account/password", "/account/tokens", "/surveys", "/surveys/r7-ikenshokai/responses/011002", "/surveys/r7-ikenshokai/responses/011002/history",
    "/surveys/r3-ikenshokai/responses/011002", "/surveys/selfcheck-guideline/responses/011002",
    "/surveys/selfcheck-guideline/responses/011002/summary", "/no-such-page"],
  "demo-pref": ["/", "/surveys/r7-ikenshokai/progress", "/surveys/r7-ikenshokai/results", "/surveys/r7-ikenshokai/responses/012025"],
  "demo-ministry": ["/", "/organizations?kind=%E6%9D%91", "/organizations/012025", "/surveys/r7-ikenshokai/results", "/surveys/r7-ikenshokai/entries",
    "/surveys/r3-ikenshokai/entries", "/surveys/r7-ikenshokai/report", "/surveys/r7-ikenshokai/publish", "/surveys/r7-ikenshokai/progress", "/audit",
    "/surveys/selfcheck-guideline/selfcheck", "/surveys/r7-ikenshokai/respondents?question=challenges",
    "/surveys/new", "/surveys/r7-ikenshokai/edit?open=challenges", "/surveys/r7-ikenshokai/preview",
    "/surveys/r7-ikenshokai/report/curation", "/surveys/r7-ikenshokai/report/rounds", "/groupings",
    "/surveys/selfcheck-guideline-kaitei/diff"],
  "demo-admin": ["/", "/audit", "/admin/accounts", "/admin/accounts?q=demo&role=org", "/admin/accounts/new",
    "/admin/accounts/1", "/admin/accounts/import"],
};

test("the login page has no violations and lang=ja", async () => {
  await withBrowser({}, async ({ page }) => {
    await page.goto(server.base + "/login");
    assert.equal(await page.getAttribute("html", "lang"), "ja");
    assert.deepEqual(await axeViolations(page), []);
  });
});

test("the second factor's set-up page (QR code and key) has no violations", async () => {
  await withBrowser({}, async ({ page }) => {
    await page.goto(server.base + "/login");
    await page.fill("#login", "demo-admin");
    await page.fill("#password", server.accounts["demo-admin"]);
    await Promise.all([page.waitForURL(/\/login\/second-factor/), page.click("form.card button[type=submit]")]);
    assert.equal(await page.locator("svg.qr").count(), 1, "a QR code to scan");
    assert.match(await page.textContent("#secret-text"), /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, "and the key to type");
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, "second-factor-setup");
    await enterCode(page, server, "demo-admin");
    assert.equal(new URL(page.url()).pathname, "/");
  });
});

for (const [user, paths] of Object.entries(PAGES)) {
  test(`every page type is free of WCAG A/AA violations as ${user}`, async () => {
    await asUser(server, user, {}, async ({ page }) => {
      for (const path of paths) {
      await page.goto(server.base + path);
      assert.deepEqual(await axeViolations(page), [], `${user} ${path}`);
      }
    });
  });
}

test("a form with errors announces them and links them to their fields", async () => {
  await asUser(server, "demo-org", {}, async ({ page }) => {
    await page.goto(server.base + "/surveys/sanso-2023/responses/011002");
    await page.click('.actions button[value="confirm"]');
    const summary = page.locator("#error-summary");
    assert.equal(await summary.getAttribute("role"), "alert");
    const href = await summary.locator("a").first().getAttribute("href");
    assert.ok(await page.locator(href).count(), "the summary links to the question");
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, "errors");
  });
});

test("a survey can be completed with the keyboard alone, with visible focus", async () => {
  await asUser(server, "demo-org2", {}, async ({ page }) => {
    await page.goto(server.base + "/surveys/sanso-2023/responses/012025");
    await tabTo(page, 'input[name="q.model"]');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, "none", "the focused control shows a focus ring");
    await page.keyboard.press("ArrowDown"); // radio group: to βモデル
    await tabTo(page, '.actions button[value="confirm"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/confirm$/);
    await tabTo(page, "form.actions button[type=submit]");
    await page.keyboard.press("Enter");
    await page.waitForSelector("text=提出しました");
  });
});

test("pages reflow at 320 px wide without sideways scrolling", async () => {
  await withBrowser({ viewport: { width: 320, height: 640 } }, async ({ page }) => {
    await page.goto(server.base + "/login");
    let width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `login page is ${width}px wide`);
    await login(page, server.base, "demo-org", server.accounts["demo-org"]);
    for (const path of ["/surveys", "/surveys/sanso-2023/responses/011002"]) {
    await page.goto(server.base + path);
    width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 320, `${path} is ${width}px wide`);
    }
    await screenshot(page, "narrow-320");
  });
});

test("the pages reached without a password have no violations", async () => {
  await withBrowser({}, async ({ page }) => {
    for (const path of ["/login/forgot", "/account/setup?token=no-such-link"]) {
      await page.goto(server.base + path);
      assert.deepEqual(await axeViolations(page), [], path);
    }
    await page.goto(server.base + "/login/forgot");
    await page.fill("#name", "demo-org");
    await Promise.all([page.waitForSelector("#forgot-sent"), page.click("form.card button[type=submit]")]);
    assert.deepEqual(await axeViolations(page), [], "the answer to 「パスワードを忘れた方」");
  });
});

test("the administrator's account pages, a setup link and the import's answers have no violations", async () => {
  await asUser(server, "demo-admin", {}, async ({ page }) => {
    await page.goto(server.base + "/admin/accounts/new");
    await page.fill("#login", "a11y-new");
    await page.selectOption("#role", "org");
    await page.fill("#organization", "011002");
    await Promise.all([page.waitForSelector("#link-url"), page.click("form.card button[type=submit]")]);
    assert.deepEqual(await axeViolations(page), [], "the link issued");
    const link = await page.textContent("#link-url");
    await page.goto(server.base + "/admin/accounts/import");
    const csv = "団体コード,ログイン名,役割,氏名,所属,電話番号,メール\n999999,a11y-bad,団体,,,,\n";
    await page.setInputFiles("#file", { name: "a.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
    await Promise.all([page.waitForSelector("#import-problems"), page.click("form.card button[type=submit]")]);
    assert.deepEqual(await axeViolations(page), [], "the import refused");
    const good = "団体コード,ログイン名,役割,氏名,所属,電話番号,メール\n011002,a11y-good,団体,,,,\n";
    await page.setInputFiles("#file", { name: "a.csv", mimeType: "text/csv", buffer: Buffer.from(good, "utf8") });
    await Promise.all([page.waitForSelector("#import-done"), page.click("form.card button[type=submit]")]);
    assert.deepEqual(await axeViolations(page), [], "the import done");
    await page.click("#notices");
    await page.waitForSelector(".notice-sheet");
    assert.deepEqual(await axeViolations(page), [], "the 通知書");
    await withBrowser({}, async (fresh) => {
      await fresh.page.goto(link);
      assert.deepEqual(await axeViolations(fresh.page), [], "the setup page");
    });
  });
});
