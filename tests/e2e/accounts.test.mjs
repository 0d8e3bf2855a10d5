// accounts.test.mjs (issue #17): the administrator's accounts in a real
// browser: search, create (its setup link shown once), disable; a CSV with
// one bad row (the row named, nothing created), then a good one (the links
// CSV and the 通知書); a setup link opened in a fresh browser sets the
// password and signs in, and the new password logs in again; the login
// page's 「パスワードを忘れた方」. Screenshots at 1280 and 390 px wide.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startDemo, withBrowser, asUser, screenshot } from "./lib.mjs";

const binary = process.env.SHOKAI_BIN;
let server;
before(async () => { server = await startDemo(binary); });
after(() => server.stop());

const HEADER = "団体コード,ログイン名,役割,氏名,所属,電話番号,メール";
const PASSWORD = "e2e のための長いパスワード";
let setupUrl = null;

// The page at both widths the screenshots ask for.
async function shoot(page, name) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function upload(page, name, text) {
  await page.goto(server.base + "/admin/accounts/import");
  await page.setInputFiles("#file", { name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });
  await Promise.all([page.waitForLoadState("load"), page.click("form.card button[type=submit]")]);
  await page.waitForSelector("#import-problems, #import-done");
}

test("an administrator searches, creates and disables accounts", async () => {
  await asUser(server, "demo-admin", { viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    await page.click("nav >> text=アカウント管理");
    await page.fill("#q", "demo-org");
    await Promise.all([page.waitForURL(/q=demo-org/), page.click("form.filters button[type=submit]")]);
    const logins = await page.locator("table.data tbody td:first-child a").allTextContents();
    assert.deepEqual(logins.sort(), ["demo-org", "demo-org2"]);
    assert.match(await page.textContent("#account-count"), /^2件中/);
    await shoot(page, "accounts-list");

    await page.goto(server.base + "/admin/accounts/new");
    await page.fill("#login", "e2e-sapporo");
    await page.selectOption("#role", "org");
    await page.fill("#organization", "011002");
    await page.fill("#full_name", "札幌 太郎");
    await page.fill("#department", "デジタル戦略室");
    await page.fill("#phone", "011-211-2111");
    await page.fill("#email", "taro@city.sapporo.example.jp");
    await Promise.all([page.waitForSelector("#link-url"), page.click("form.card button[type=submit]")]);
    const link = await page.textContent("#link-url");
    assert.match(link, /\/account\/setup\?token=[A-Za-z0-9_-]{43}$/);
    await shoot(page, "account-link");

    await page.click("text=アカウントの画面へ");
    assert.match(await page.textContent("#account-link"), /^初期設定リンク発行済（期限 /);
    await shoot(page, "account-page");
    await Promise.all([page.waitForURL(/done=disabled/), page.click("text=このアカウントを停止")]);
    assert.equal(await page.textContent("#account-state"), "停止中");
    assert.equal(await page.locator("#account-link").count(), 0, "a disabled account's link is not live");
  });
});

test("a CSV with a bad row creates nothing; a good one issues links and 通知書", async () => {
  await asUser(server, "demo-admin", { viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    const bad = `${HEADER}\n011002,e2e-a,団体,札幌 一郎,総務課,,\n999999,e2e-b,団体,,,,\n012025,e2e-c,団体,,,,\n`;
    await upload(page, "bad.csv", bad);
    const problems = await page.textContent("#import-problems");
    assert.match(problems, /3行目: 団体コード 999999 の団体はありません。/);
    await shoot(page, "accounts-import-refused");
    await page.goto(server.base + "/admin/accounts?q=e2e-");
    assert.match(await page.textContent("#account-count"), /^1件中/, "only the account made before exists");

    const good = `${HEADER}\n011002,e2e-a,団体,札幌 一郎,総務課,011-000-0001,ichiro@example.jp\n` +
      `012025,e2e-c,団体,函館 花子,情報政策課,,\n010006,e2e-pref,都道府県,道庁 次郎,,,\n`;
    await upload(page, "good.csv", good);
    assert.match(await page.textContent("#import-done"), /3件のアカウントを発行しました/);
    await shoot(page, "accounts-imported");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#links-csv")]);
    const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
    const row = csv.split(/\r?\n/).find((line) => line.startsWith("e2e-a,"));
    setupUrl = row.split(",")[6];
    assert.match(setupUrl, /^http:\/\/127\.0\.0\.1:\d+\/account\/setup\?token=/);
    await page.click("#notices");
    await page.waitForSelector(".notice-sheet");
    assert.equal(await page.locator(".notice-sheet").count(), 3, "one 通知書 per 団体");
    await shoot(page, "account-notices");
  });
});

test("a setup link opened in a fresh browser sets the password and signs in", async () => {
  assert.ok(setupUrl, "the import gave a link");
  await withBrowser({ viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    await page.goto(setupUrl);
    assert.match(await page.textContent("main"), /e2e-a/);
    await shoot(page, "account-setup");
    await page.fill("#new", PASSWORD);
    await page.fill("#confirm", PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.click("form.card button[type=submit]")]);
    assert.match(await page.textContent(".who"), /e2e-a/);
    await page.click(".who button[type=submit]");
    await page.waitForURL(/\/login/);
    await page.goto(setupUrl);
    assert.match(await page.textContent("main"), /このリンクは使えません/, "the link is used up");
    await page.goto(server.base + "/login");
    await page.fill("#login", "e2e-a");
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.click("form.card button[type=submit]")]);
    assert.match(await page.textContent(".who"), /e2e-a/);
  });
});

test("「パスワードを忘れた方」 answers alike and shows no link", async () => {
  await withBrowser({ viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    const answers = [];
    for (const name of ["e2e-a", "no-such-account"]) {
      await page.goto(server.base + "/login");
      await page.click("#forgot-link");
      await page.fill("#name", name);
      await Promise.all([page.waitForSelector("#forgot-sent"), page.click("form.card button[type=submit]")]);
      answers.push(await page.textContent("main"));
    }
    assert.equal(answers[0], answers[1]);
    assert.doesNotMatch(answers[0], /token=/);
    await shoot(page, "forgot-sent");
    await page.goto(server.base + "/login/forgot");
    await shoot(page, "forgot");
  });
});
