// curation.test.mjs: the report's 具体的な内容 as the Ministry publishes it, in
// a real browser: it picks two answer rows of a section, merges them into one
// bullet, edits it and writes the section's sentence, and the report shows
// them; 過年度実績 and the grouping schemes have their pages. Every new page
// is free of axe violations; screenshots at 1280 and 390 px wide.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, asUser, screenshot, axeViolations } from "./lib.mjs";

const binary = process.env.SHOKAI_BIN;
let server;
before(async () => { server = await startDemo(binary); });
after(() => server.stop());

const SECTION = "/surveys/r7-ikenshokai/report/curation?g=" + encodeURIComponent("一般市");

test("the Ministry curates a section and the report shows it", async () => {
  await asUser(server, "demo-ministry", { viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    await page.goto(server.base + "/surveys/r7-ikenshokai/report");
    await page.click('a[href="/surveys/r7-ikenshokai/report/curation"]');
    await page.click(`nav a:has-text("一般市")`);
    assert.match(await page.textContent("#section"), /一般市/);
    const before = await page.locator("#bullets ~ .card").count();
    // pick two rows not published yet
    for (let i = 0; i < 2; i++) {
      await Promise.all([page.waitForURL(/curation/), page.locator("table.data tbody button:has-text('掲載する')").first().click()]);
    }
    const cards = page.locator("div.card[id^=b-]");
    assert.equal(await cards.count(), before + 2, "two bullets added");
    // merge the last into the one before it
    const last = cards.last();
    const target = await cards.nth(before).getAttribute("id");
    await last.locator("select[name=into]").selectOption(target.slice(2));
    await Promise.all([page.waitForURL(/curation/), last.locator("button:has-text('統合先にまとめる')").click()]);
    assert.equal(await cards.count(), before + 1, "merged into one bullet");
    const merged = page.locator("#" + target);
    assert.match(await merged.textContent(), /元の回答 2件/, "the bullet links both answers");
    await merged.locator("textarea[name=body]").fill("ブラウザでまとめた具体的な内容。");
    await merged.locator("input[name=item]").fill("全般");
    await Promise.all([page.waitForURL(/curation/), merged.locator("button:has-text('保存する')").click()]);
    await page.fill("#summary", "ブラウザで書いたまとめの文。");
    await Promise.all([page.waitForURL(/curation/), page.click("button:has-text('まとめの文と注記を保存する')")]);
    assert.equal(await page.inputValue("#summary"), "ブラウザで書いたまとめの文。");
    assert.deepEqual(await axeViolations(page), [], "the curation view");
    await screenshot(page, "curation-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "curation-390");
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.goto(server.base + "/surveys/r7-ikenshokai/report");
    const section = page.locator("section.report-page", { has: page.locator("h2", { hasText: "課題の具体的な内容（一般市）" }) });
    assert.match(await section.textContent(), /ブラウザで書いたまとめの文。/, "the report shows the sentence");
    assert.match(await section.textContent(), /ブラウザでまとめた具体的な内容。/, "and the merged bullet");
    assert.deepEqual(await axeViolations(page), [], "the report with curated sections");
    await section.screenshot({ path: process.env.SHOKAI_SCREENSHOTS ? process.env.SHOKAI_SCREENSHOTS + "/report-curated-1280.png" : "/dev/null" });
    await page.setViewportSize({ width: 390, height: 844 });
    if (process.env.SHOKAI_SCREENSHOTS) await section.screenshot({ path: process.env.SHOKAI_SCREENSHOTS + "/report-curated-390.png" });
  });
});

test("the past rounds and grouping schemes pages", async () => {
  await asUser(server, "demo-ministry", { viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    for (const [path, name] of [["/surveys/r7-ikenshokai/report/rounds", "rounds"], ["/groupings", "groupings"],
      ["/surveys/selfcheck-guideline-kaitei/diff", "kaitei-diff"]]) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(server.base + path);
      assert.deepEqual(await axeViolations(page), [], path);
      await screenshot(page, name + "-1280");
      await page.setViewportSize({ width: 390, height: 844 });
      assert.deepEqual(await axeViolations(page), [], path + " at 390 px");
      await screenshot(page, name + "-390");
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.base + "/surveys/r7-ikenshokai/report/rounds");
    await page.fill("#label", "令和４年改定");
    await page.fill("#held", "2022-03");
    await page.fill("#senders_pref", "10");
    await page.fill("#senders_muni", "30");
    await page.fill("#source", "ブラウザのテスト");
    await Promise.all([page.waitForURL(/rounds$/), page.click("button:has-text('追加する')")]);
    assert.match(await page.textContent("table.data"), /令和4年3月/, "a round added in the browser, in 和暦");
    await page.goto(server.base + "/surveys/r7-ikenshokai/report");
    assert.match(await page.textContent("#r-overview ~ ul.rounds, ul.rounds"), /令和４年改定（令和4年3月）/);
  });
});
