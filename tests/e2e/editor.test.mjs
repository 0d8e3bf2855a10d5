// editor.test.mjs: the Ministry designs next year's survey in the browser
// (issue #18): it copies the R7 意見照会, renames it and sets its period, adds
// a section and a single-choice question shown only under a condition,
// previews it (the condition works live), opens it after the confirmation
// page, and a 団体 then sees it in its list and answers it. axe runs on every
// editor page; screenshots at 1280 and 390 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, asUser, screenshot, axeViolations } from "./lib.mjs";

const binary = process.env.SHOKAI_BIN;
let server;
before(async () => { server = await startDemo(binary); });
after(() => server.stop());

const WIDE = { width: 1280, height: 900 }, NARROW = { width: 390, height: 844 };
const ID = "r8-ikenshokai";

// A datetime-local value in JST, days from the server's clock.
function jst(days) {
  const t = new Date((server.now() + days * 86400 + 9 * 3600) * 1000);
  return t.toISOString().slice(0, 16);
}

async function noViolations(page, what) {
  assert.deepEqual(await axeViolations(page), [], what);
}

test("the Ministry copies R7, edits, previews and opens it; a 団体 answers it", async () => {
  await asUser(server, "demo-ministry", { viewport: WIDE }, async ({ page }) => {
    await page.goto(server.base + "/surveys");
    await Promise.all([page.waitForURL(/\/surveys\/new$/), page.click('a[href="/surveys/new"]')]);
    await noViolations(page, "the new survey page");
    // An XLSForm file goes to the server as it is; a broken one is refused, saying why.
    await page.setInputFiles("#definition-file", { name: "r8.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: Buffer.from("PK\x03\x04 not really a workbook") });
    await page.waitForSelector("#definition-status:has-text('Excel ファイル（.xlsx）として開けません')");
    await screenshot(page, "editor-new-1280");
    await page.selectOption("#copy-of", "r7-ikenshokai");
    await page.fill("#copy-id", ID);
    await Promise.all([page.waitForURL(new RegExp(`/surveys/${ID}/edit$`)), page.click("text=コピーして下書きを作る")]);
    assert.match(await page.inputValue("#set-title"), /（コピー）$/, "the copy's title says （コピー）");
    assert.equal(await page.inputValue("#set-opens"), "", "the copy's period is empty");

    // Rename it and give it a period.
    await page.fill("#set-title", "令和8年 情報セキュリティポリシーに関するガイドライン意見照会");
    await page.fill("#set-opens", jst(-1));
    await page.fill("#set-closes", jst(30));
    await Promise.all([page.waitForURL(/saved=1/), page.click("text=基本情報を保存する")]);
    assert.match(await page.textContent("[role=status]"), /保存しました/);

    // A new section with a single-choice question.
    await page.fill("#new-section-title", "来年度の予定");
    await Promise.all([page.waitForURL(/saved=1/), page.click("text=セクションを追加する")]);
    const sid = await page.locator("section.editor-section", { hasText: "来年度の予定" }).getAttribute("id");
    const s = sid.replace(/^s-/, "");
    await page.selectOption(`#s-${s}-new-type`, "single");
    await page.fill(`#s-${s}-new-label`, "来年度も意見照会に回答する予定はありますか");
    await Promise.all([page.waitForURL(/open=q1/), page.click(`#s-${s} .editor-add button`)]);
    assert.equal(await page.getAttribute("#q-q1", "open"), "", "the new question is open to edit");
    await page.fill("#q-q1-options", "ある\nない\n未定");
    await page.check('#q-q1 input[name="required"]');
    // Shown only when コスト is among the challenges.
    await page.selectOption("#q-q1-cond", "challenges:コスト");
    await Promise.all([page.waitForURL(/saved=1&open=q1/), page.click("#q-q1 >> text=設問を保存する")]);
    assert.match(await page.textContent("#q-q1 summary"), /単一選択・必須・条件付き/);
    await noViolations(page, "the editor page");
    await screenshot(page, "editor-edit-1280");
    await page.setViewportSize(NARROW);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= NARROW.width, `the editor reflows at 390 px (${width}px wide)`);
    await screenshot(page, "editor-edit-390");
    await page.setViewportSize(WIDE);

    // The preview: as a 団体 sees it, the condition live, nothing saved.
    await page.click(`a[href="/surveys/${ID}/preview"]`);
    await page.waitForURL(/\/preview$/);
    assert.equal(await page.isVisible("#q-q1"), false, "the question is hidden while コスト is not chosen");
    await page.check('input[name="q.challenges"][value="コスト"]');
    assert.equal(await page.isVisible("#q-q1"), true, "and shown once it is");
    await page.uncheck('input[name="q.challenges"][value="コスト"]');
    assert.equal(await page.isVisible("#q-q1"), false, "and hidden again");
    await noViolations(page, "the preview");
    await screenshot(page, "editor-preview-1280");
    await page.setViewportSize(NARROW);
    await screenshot(page, "editor-preview-390");
    await page.setViewportSize(WIDE);

    // Opening is a separate, confirmed step.
    await page.goto(server.base + `/surveys/${ID}/edit`);
    await page.click(`a[href="/surveys/${ID}/open"]`);
    await page.waitForURL(/\/open$/);
    const confirm = await page.textContent("main");
    assert.match(confirm, /照会期間/);
    assert.match(confirm, /すべての団体（1788団体）/);
    assert.match(confirm, /団体が回答できるようになります/);
    await noViolations(page, "the confirmation page");
    await screenshot(page, "editor-open-1280");
    await Promise.all([page.waitForURL(/\/progress$/), page.click("text=確認しました。公開する")]);
  });

  await asUser(server, "demo-org", { viewport: WIDE }, async ({ page }) => {
    await page.goto(server.base + "/surveys");
    assert.match(await page.textContent("main"), /令和8年 情報セキュリティポリシーに関するガイドライン意見照会/);
    await page.click(`a[href="/surveys/${ID}/responses/011002"]`);
    for (const box of await page.locator('input[name="q.challenges"]').all()) await box.uncheck();
    await page.check('input[name="q.challenges"][value="コスト"]');
    assert.equal(await page.isVisible("#q-q1"), true, "the new question appears under its condition");
    await page.check('input[name="q.q1"][value="ある"]');
    await page.check('input[name="q.details.0.item"][value="SBOM"]');
    await page.check('input[name="q.details.0.challenge"][value="コスト"]');
    await page.fill('textarea[name="q.details.0.content"]', "SBOM の作成に費用がかかる（令和8年）");
    await page.click('.actions button[value="confirm"]');
    await page.waitForURL(/\/confirm$/);
    assert.match(await page.textContent("main"), /来年度も意見照会に回答する予定はありますか/);
    await page.click("form.actions button[type=submit]");
    await page.waitForSelector("text=提出しました");
    assert.match(await page.textContent(".state"), /提出済/);
    await screenshot(page, "editor-answered-1280");
  });
});

test("the editor works without JavaScript: a section renamed and moved", async () => {
  await asUser(server, "demo-ministry", { javaScriptEnabled: false, viewport: NARROW }, async ({ page }) => {
    await page.goto(server.base + "/surveys/new");
    await page.fill("#empty-id", "nojs-survey");
    await page.fill("#empty-title", "JavaScript なしで作る照会");
    await Promise.all([page.waitForURL(/\/surveys\/nojs-survey\/edit$/), page.click("text=空の下書きを作る")]);
    await page.fill("#s-s1-title", "はじめに");
    await Promise.all([page.waitForURL(/saved=1/), page.click("#s-s1 >> text=セクションを保存する")]);
    await page.fill("#new-section-title", "二つ目");
    await Promise.all([page.waitForURL(/saved=1/), page.click("text=セクションを追加する")]);
    await Promise.all([page.waitForURL(/saved=1/), page.click('#s-s2 .inline-forms button:has-text("上へ")')]);
    const titles = await page.locator("section.editor-section h2[id^=h-s-]").allTextContents();
    assert.deepEqual(titles, ["セクション 1: 二つ目", "セクション 2: はじめに"]);
    await page.goto(server.base + "/surveys/nojs-survey/open");
    assert.match(await page.textContent("main"), /まだ公開できません/, "an unfinished draft cannot be opened, and says why");
    await screenshot(page, "editor-nojs-390");
  });
});
