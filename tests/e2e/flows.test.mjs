// flows.test.mjs: what people do, in a real browser, with and without
// JavaScript: an org answers the R7 survey (a 具体的な内容 row and two
// 意見・質問), saves, reloads and submits; the Ministry reads the kind6
// table and chart and downloads the CSV; a prefecture coordinator follows
// progress; the Ministry saves the report's まとめ; a self-check is answered across clauses and its score shown; an
// org lists the API tokens of its account and revokes one (#15 finding 10);
// an analyst issues a read-only token on that page and reads with it (#22).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemo, asUser, screenshot, axeViolations } from "./lib.mjs";

const binary = process.env.SHOKAI_BIN;
let server;
before(async () => { server = await startDemo(binary); });
after(() => server.stop());

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`an org answers the R7 survey, ${mode}`, async () => {
    await asUser(server, "demo-org2", { javaScriptEnabled }, async ({ page }) => {
      await page.goto(server.base + "/surveys");
      await page.click('a[href="/surveys/r7-ikenshokai/responses/012025"]');
      // A submitted response opens to be read; 修正する makes it a form (#19).
      assert.equal(await page.locator('form.survey-form').count(), 0, "a submitted response opens read-only");
      await page.click('a[href$="?edit=1"]');
      for (const box of await page.locator('input[name="q.challenges"]').all()) await box.uncheck();
      await page.check('input[name="q.challenges"][value="コスト"]');
      if (javaScriptEnabled) assert.equal(await page.isVisible("#q-details"), true, "details appear once a challenge is chosen");
      await page.check('input[name="q.details.0.item"][value="機器等の調達"]');
      await page.check('input[name="q.details.0.challenge"][value="コスト"]');
      await page.fill('textarea[name="q.details.0.content"]', "調達基準のサンプルがほしい（ブラウザ）");
      const material = '（案）別紙 マイナンバー利用事務系に係る画面転送の方式について';
      await page.check('input[name="q.entries.0.kind"][value="意見"]');
      await page.check(`input[name="q.entries.0.material"][value="${material}"]`);
      await page.check('input[name="q.entries.0.category"][value="SBOM"]');
      await page.fill('textarea[name="q.entries.0.body"]', "一件目の意見（ブラウザ）");
      await page.click('button[value="add_row:entries"]');
      // #19: the page opens at the new row, not at the top of the form.
      // The page comes back at the row just added (the last one), not at the top.
      const added = new URL(page.url()).hash.slice(1);
      assert.match(added, /^row-entries-\d+$/, "the form posted to the new row's fragment");
      assert.ok(await page.evaluate((id) => {
        const row = document.getElementById(id).getBoundingClientRect();
        return row.top >= 0 && row.top < window.innerHeight && !document.getElementById(id).nextElementSibling.matches("fieldset.table-row");
      }, added), "the new row is in view, and it is the last");
      if (javaScriptEnabled) {
        assert.equal(await page.evaluate(() => document.activeElement.name), "q.entries.1.kind", "and its first field has the focus");
        assert.equal(added, "row-entries-1");
        // A long text pasted is kept whole, and the count says how much to remove.
        await page.fill('textarea[name="q.entries.1.body"]', "あ".repeat(4010));
        assert.equal((await page.inputValue('textarea[name="q.entries.1.body"]')).length, 4010, "nothing is cut");
        assert.match(await page.textContent("#f-entries-1-body-count"), /上限を 10 文字超えています/);
        await screenshot(page, `answer-over-limit-${javaScriptEnabled ? "js" : "nojs"}`);
        await page.fill('textarea[name="q.entries.1.body"]', "あ".repeat(3700));
        assert.match(await page.textContent("#f-entries-1-body-count"), /残り 300 文字/);
      }
      await page.check('input[name="q.entries.1.kind"][value="質問"]');
      await page.check(`input[name="q.entries.1.material"][value="${material}"]`);
      await page.check('input[name="q.entries.1.category"][value="全般"]');
      await page.fill('textarea[name="q.entries.1.body"]', "二件目の質問（ブラウザ）");
      await page.click('.actions button[value="save"]');
      await page.waitForSelector("text=一時保存しました");
      await page.reload();
      assert.equal(await page.inputValue('textarea[name="q.entries.1.body"]'), "二件目の質問（ブラウザ）", "saved rows come back");
      await screenshot(page, `answer-r7-${javaScriptEnabled ? "js" : "nojs"}`);
      await page.click('.actions button[value="confirm"]');
      await page.waitForURL(/\/confirm$/);
      assert.match(await page.textContent("main"), /一件目の意見（ブラウザ）/);
      await page.click('form.actions button[type=submit]');
      await page.waitForSelector("text=提出しました");
      assert.match(await page.textContent(".state"), /提出済/);
    });
  });

  test(`the Ministry reads the kind6 results and downloads the CSV, ${mode}`, async () => {
    await asUser(server, "demo-ministry", { javaScriptEnabled }, async ({ page }) => {
      await page.goto(server.base + "/surveys/r7-ikenshokai/results?group=kind6");
      const row = await page.textContent("table.data:nth-of-type(1) >> text=町村");
      assert.ok(row);
      assert.ok(await page.locator("svg.chart").count() >= 7, "charts overall and per 区分");
      assert.match(await page.locator("svg.chart title").first().textContent(), /全体/);
      await screenshot(page, `results-kind6-${javaScriptEnabled ? "js" : "nojs"}`);
      if (javaScriptEnabled) {
        // Issue #19: the small multiples share one scale and no label is drawn under 12 px.
        const charts = async () => page.evaluate(() => {
          const smallest = Math.min(...[...document.querySelectorAll("svg.chart")].flatMap((svg) => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll("text")].map((t) => Number(t.getAttribute("font-size")) * scale);
          }));
          const grid = document.querySelector(".chart-grid");
          const ratios = [...grid.querySelectorAll("rect")].filter((r) => Number(r.nextElementSibling.textContent) > 0)
            .map((r) => Number(r.getAttribute("width")) / Number(r.nextElementSibling.textContent));
          return { smallest, spread: Math.max(...ratios) - Math.min(...ratios), bars: ratios.length };
        });
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: 900 });
          const c = await charts();
          assert.ok(c.smallest >= 12, `labels at least 12 px at ${width} px (smallest ${c.smallest})`);
          assert.ok(c.bars > 10 && c.spread < 1, `one scale for every 区分's chart (spread ${c.spread} of px per 団体)`);
        }
        await screenshot(page, "results-kind6-390");
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      const [download] = await Promise.all([page.waitForEvent("download"),
      page.click('a[href$="results.csv?group=kind6&question=challenges"]')]);
      const path = await download.path();
      const { readFileSync } = await import("node:fs");
      const csv = readFileSync(path);
      assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with BOM");
      assert.match(csv.toString("utf8"), /町村,93,34,30,32,4,46/, "the published 町村 row");
    });
  });

  // The first run saves on a fresh report, whose form carries no version yet
  // (it answered 400); the second saves the next version over it.
  test(`the Ministry saves the report's まとめ, ${mode}`, async () => {
    await asUser(server, "demo-ministry", { javaScriptEnabled }, async ({ page }) => {
      await page.goto(server.base + "/surveys/r7-ikenshokai/report");
      const before = await page.inputValue('form[action$="/report/notes"] input[name="version"]');
      const text = `考察（ブラウザ、${mode}）`;
      await page.fill("#considerations", text);
      await page.fill("#direction", "方向性（ブラウザ）");
      await Promise.all([page.waitForURL(/\/report#r-summary$/), page.click("text=まとめを保存する")]);
      assert.equal(await page.inputValue("#considerations"), text, "the saved 考察 comes back");
      const after = await page.inputValue('form[action$="/report/notes"] input[name="version"]');
      assert.equal(Number(after), Number(before || 0) + 1, "as the next version");
    });
  });

  test(`a prefecture coordinator follows progress, ${mode}`, async () => {
    await asUser(server, "demo-pref", { javaScriptEnabled }, async ({ page }) => {
      await page.goto(server.base + "/surveys/r7-ikenshokai/progress");
      assert.match(await page.textContent("main"), /北海道内の団体の回答状況/);
      assert.match(await page.textContent("main"), /未提出の団体（\d+団体）/);
      await screenshot(page, `progress-pref-${javaScriptEnabled ? "js" : "nojs"}`);
    });
  });
}

// Issues an API token for a demo account as a client program would.
async function issueToken(user, name) {
  const r = await fetch(server.base + "/api/v1/tokens", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ login: user, password: server.accounts[user], name }) });
  assert.equal(r.status, 200);
  return (await r.json()).token;
}

async function tokenWorks(token) {
  const r = await fetch(server.base + "/api/v1/surveys", { headers: { Authorization: "Bearer " + token } });
  return r.status === 200;
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";
  test(`an org lists its API tokens and revokes one, ${mode}`, async () => {
    const suffix = javaScriptEnabled ? "js" : "nojs";
    const keep = await issueToken("demo-org", `残すトークン-${suffix}`);
    const revoke = await issueToken("demo-org", `取り消すトークン-${suffix}`);
    const others = await issueToken("demo-org2", `函館市のトークン-${suffix}`);
    assert.ok(await tokenWorks(revoke), "the token works before");
    await asUser(server, "demo-org", { javaScriptEnabled }, async ({ page }) => {
      await page.goto(server.base + "/");
      await Promise.all([page.waitForURL(/\/account\/tokens$/), page.click('a[href="/account/tokens"]')]);
      const headers = await page.locator("table.data th").allTextContents();
      assert.deepEqual(headers, ["名前", "作成日", "有効期限", "最終利用", "種類", "取り消す"]);
      const main = await page.textContent("main");
      assert.match(main, new RegExp(`残すトークン-${suffix}`));
      assert.match(main, new RegExp(`取り消すトークン-${suffix}`));
      assert.doesNotMatch(main, /函館市のトークン/, "another account's token is not listed");
      // axe runs inside the page, so only where it may run scripts (a11y.test.mjs checks the page too).
      if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, `api-tokens-${suffix}`);
      const row = page.locator("tr", { hasText: `取り消すトークン-${suffix}` });
      await Promise.all([page.waitForURL(/revoked=1/), row.getByRole("button", { name: /取り消す/ }).click()]);
      assert.match(await page.textContent("main"), /トークンを取り消しました/);
      assert.doesNotMatch(await page.textContent("main"), new RegExp(`取り消すトークン-${suffix}`));
      assert.match(await page.textContent("main"), new RegExp(`残すトークン-${suffix}`));
      await screenshot(page, `api-tokens-revoked-${suffix}`);
    });
    assert.equal(await tokenWorks(revoke), false, "the revoked token is refused");
    assert.ok(await tokenWorks(keep), "the other one still works");
    assert.ok(await tokenWorks(others), "and so does another account's");
  });
}

test("a self-check answered across clauses shows its score", async () => {
  await asUser(server, "demo-org", {}, async ({ page }) => {
    await page.goto(server.base + "/surveys/selfcheck-guideline/responses/011002");
    await page.check('input[name="q.model"][value="βモデル"]');
    await page.check('input[name="q.uses_wlan"][value="利用していない"]');
    const statuses = await page.locator('input[type=radio][name$=".status"][value="実施済"]').all();
    for (const [i, radio] of statuses.entries()) {
    if (!(await radio.isVisible())) continue;
    const name = await radio.getAttribute("name");
    await page.check(`input[name="${name}"][value="${i % 3 ? "実施済" : "一部実施"}"]`);
    }
    await page.click('.actions button[value="save"]');
    await page.waitForSelector("text=一時保存しました");
    assert.match(await page.textContent(".clause-progress"), /1\. 組織体制<\/a>|1\. 組織体制 3／3/);
    await page.goto(server.base + "/surveys/selfcheck-guideline/responses/011002/summary");
    const rate = await page.textContent("dl.meta dd");
    assert.match(rate, /^\d+\.\d%（実施済 \d+ ／ 対象 \d+）$/);
    await screenshot(page, "selfcheck-summary");
  });
});

test("autosave keeps the answers of a closed tab", async () => {
  await asUser(server, "demo-org", {}, async ({ context, page }) => {
    await page.goto(server.base + "/surveys/sanso-2023/responses/011002");
    await page.check('input[name="q.model"][value="αモデル"]');
    await page.waitForSelector("text=自動保存しました");
    // Another tab stays open: closing the last window ends the browser
    // session, and with it the session cookie, as it would for a person.
    const again = await context.newPage();
    await page.close();
    await again.goto(server.base + "/surveys/sanso-2023/responses/011002");
    assert.equal(await again.isChecked('input[name="q.model"][value="αモデル"]'), true);
  });
});

// #19: the session ends while someone answers: nothing typed is lost — it
// waits in the browser, and after signing in again the page offers it back.
test("answers typed after the session ended come back after signing in", async () => {
  await asUser(server, "demo-org", {}, async ({ context, page }) => {
    const path = "/surveys/sanso-2023/responses/011002";
    await page.goto(server.base + path);
    await page.check(`input[name="q.model"][value="β'モデル"]`);
    await page.waitForSelector("text=自動保存しました");
    await context.clearCookies(); // the session is gone, as after the idle limit
    await page.check('input[name="q.model"][value="βモデル"]');
    await page.waitForSelector("#signed-out:not([hidden])");
    assert.match(await page.textContent("#autosave-status"), /ログインの有効期限が切れたため保存できませんでした/);
    await screenshot(page, "answer-signed-out");
    await page.click('#signed-out a[href^="/login?next="]');
    await page.fill("#login", "demo-org");
    await page.fill("#password", server.accounts["demo-org"]);
    await Promise.all([page.waitForURL((u) => u.pathname === path), page.click("form.card button[type=submit]")]);
    assert.equal(await page.isChecked(`input[name="q.model"][value="β'モデル"]`), true, "the page shows the saved answer");
    await page.waitForSelector("#unsaved-offer:not([hidden])");
    await page.click("#unsaved-restore");
    assert.equal(await page.isChecked('input[name="q.model"][value="βモデル"]'), true, "and gives back what was typed");
    await page.waitForSelector("text=自動保存しました");
    await page.reload();
    assert.equal(await page.isChecked('input[name="q.model"][value="βモデル"]'), true, "which is then saved");
    assert.equal(await page.isVisible("#unsaved-offer"), false, "and no longer offered");
  });
});

// #19: the Ministry's pages fit a 390 px phone: wide tables scroll in their
// box, never the page (the 意見 list's filters once pushed it 82 px wide).
test("the Ministry's desk pages fit a phone without sideways scrolling", async () => {
  await asUser(server, "demo-ministry", { viewport: { width: 390, height: 900 } }, async ({ page }) => {
    for (const path of ["/", "/audit", "/organizations?q=%E5%8C%97%E6%B5%B7", "/organizations/012025",
      "/surveys/r7-ikenshokai/publish", "/surveys/r7-ikenshokai/entries",
      "/surveys/r3-ikenshokai/entries?answered=%E6%9C%AA%E5%9B%9E%E7%AD%94"]) {
      await page.goto(server.base + path);
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.equal(over, 0, `${path} scrolls sideways by ${over} px at 390 px`);
      const broken = await page.evaluate(() => [...document.querySelectorAll("header.site nav a, .who a, .who button")]
        .filter((el) => { const text = document.createRange(); text.selectNodeContents(el); return text.getClientRects().length > 1; })
        .map((el) => el.textContent.trim()));
      assert.deepEqual(broken, [], `${path}: no menu item or button breaks inside its words`);
      await screenshot(page, `desk-390-${path.replace(/[^a-z0-9]+/gi, "-").slice(1, 40)}`);
    }
  });
});

// #22: a prefecture's analyst issues a read-only token on the page, at a
// desktop's and a phone's width: the secret is shown once, reads work,
// writes are refused, and the list says 読み取り専用.
for (const width of [1280, 390]) {
  test(`an analyst issues a read-only token on the page, ${width} px`, async () => {
    const name = `分析用-${width}`;
    let secret;
    await asUser(server, "demo-pref", { viewport: { width, height: 900 } }, async ({ page }) => {
      await page.goto(server.base + "/account/tokens");
      await page.fill("#token-name", name);
      await page.check("#scope-read");
      await page.selectOption("#token-days", "30");
      await page.fill("#token-password", server.accounts["demo-pref"]);
      await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "発行する" }).click()]);
      secret = (await page.textContent("#issued-secret")).trim();
      assert.match(secret, /^[A-Za-z0-9_-]{20,}$/);
      assert.match(await page.textContent("#issued"), /二度と表示されません/);
      const row = page.locator("tr", { hasText: name });
      assert.match(await row.textContent(), /読み取り専用/);
      assert.deepEqual(await axeViolations(page), []);
      const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(scrolls, false, "no sideways scrolling");
      await screenshot(page, `api-token-issued-${width}`);
      await page.goto(server.base + "/account/tokens");
      assert.equal(await page.locator("#issued-secret").count(), 0, "the secret is not shown again");
    });
    const auth = { Authorization: "Bearer " + secret };
    const read = await fetch(server.base + "/api/v1/surveys/r7-ikenshokai/results?group=kind4", { headers: auth });
    assert.equal(read.status, 200);
    const write = await fetch(server.base + "/api/v1/surveys/r7-ikenshokai/responses/010006/submit",
      { method: "POST", headers: auth });
    assert.equal(write.status, 403);
    assert.match((await write.json()).errors[0].message, /読み取り専用/);
  });
}
