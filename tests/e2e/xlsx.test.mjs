// xlsx.test.mjs (issue #18): a 団体 downloads its 調査票 in Excel from the
// answering page and uploads it back through the page's form: the page says
// it was read and asks to check and submit, with the same answers. The new
// pages (the answering page's Excel section, the Ministry's bulk upload, the
// printable 調査票) have no axe violation; screenshots at 1280 and 390 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startDemo, asUser, axeViolations, screenshot } from "./lib.mjs";

const binary = process.env.SHOKAI_BIN;
let server;
before(async () => { server = await startDemo(binary); });
after(() => server.stop());

const ANSWER = "/surveys/r7-ikenshokai/responses/011002";

test("a 団体 downloads its 調査票 and uploads it back, then sees the confirmation", async () => {
  await asUser(server, "demo-org", { viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    // The demo's 札幌市 has answered R7: its answers go through Excel and back.
    await page.goto(server.base + ANSWER + "?edit=1");
    const before = await page.evaluate(async (path) =>
      (await fetch("/api/v1" + path)).json(), ANSWER);
    const [download] = await Promise.all([page.waitForEvent("download"),
      page.click("text=Excelの調査票をダウンロード")]);
    assert.match(download.suggestedFilename(), /^chohyo-r7-ikenshokai-011002\.xlsx$/);
    const file = await download.path();
    assert.equal(readFileSync(file).subarray(0, 4).toString("latin1"), "PK\x03\x04", "an XLSX");
    await page.setInputFiles("#chohyo-file", file);
    await Promise.all([page.waitForURL(/done=xlsx/), page.click("text=Excelの調査票を読み込む")]);
    assert.match(await page.textContent("main"), /Excelから読み込みました。内容を確認して提出してください/);
    const after = await page.evaluate(async (path) => (await fetch("/api/v1" + path)).json(), ANSWER);
    assert.deepEqual(after.answers, before.answers, "the same answers came back");
    assert.equal(after.version, before.version + 1, "as a new draft version");
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, "xlsx-uploaded-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "xlsx-uploaded-390");
  });
});

test("the Ministry's bulk upload and the printable 調査票 have no violations", async () => {
  await asUser(server, "demo-ministry", { viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    for (const [path, name] of [["/surveys/r7-ikenshokai/responses/import", "xlsx-import"],
      ["/surveys/r7-ikenshokai/print", "print"]]) {
      await page.goto(server.base + path);
      assert.deepEqual(await axeViolations(page), [], path);
      await page.setViewportSize({ width: 1280, height: 900 });
      await screenshot(page, name + "-1280");
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, name + "-390");
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
