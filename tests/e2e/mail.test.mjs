// mail.test.mjs: the Ministry previews a 督促 from the progress page, adds a
// message, sees it in the text, sends it, and finds it delivered on the mail
// page; a real SMTP server (Debian's python3-aiosmtpd) receives it. The new
// pages (the preview, /admin/mail) have no axe violation, with screenshots
// at 1280 and 390 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { startDemo, asUser, axeViolations, screenshot } from "./lib.mjs";

const binary = process.env.SHOKAI_BIN;
let server, smtp, received = "";

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitFor(cond, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return cond();
}

before(async () => {
  const port = await freePort();
  smtp = spawn("/usr/bin/python3", ["-u", "-m", "aiosmtpd", "-n", "-l", `127.0.0.1:${port}`,
    "-c", "aiosmtpd.handlers.Debugging"], { stdio: ["ignore", "pipe", "inherit"] });
  smtp.stdout.on("data", (chunk) => { received += chunk; });
  await new Promise((r) => setTimeout(r, 1000));
  server = await startDemo(binary, ["--smtp", `smtp://127.0.0.1:${port}`, "--mail-from",
    "shokai@soumu.example.jp", "--base-url", "https://shokai.example.jp"]);
  // 旭川市, which has not answered R7 in the demo, gets an account with an
  // address and one without.
  for (const extra of [["--login", "asahikawa-joho", "--email", "joho@city.asahikawa.example"],
    ["--login", "asahikawa-kacho"]]) {
    const add = spawnSync(binary, ["user", "add", "--db", server.db, "--role", "org", "--org", "012041",
      ...extra, "--password-stdin"], { input: "correct horse battery staple\n" });
    assert.equal(add.status, 0, String(add.stderr));
  }
});
after(() => { server.stop(); smtp.kill(); });

async function shots(page, name) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("the Ministry previews and sends a 督促 from the progress page; it arrives", async () => {
  await asUser(server, "demo-ministry", { viewport: { width: 1280, height: 900 } }, async ({ page }) => {
    await page.goto(server.base + "/surveys/r7-ikenshokai/progress");
    await Promise.all([page.waitForURL(/\/reminders$/), page.click("text=未提出の団体に督促メールを送る")]);
    assert.match(await page.textContent("main"), /送信するメール\s*1 通/);
    assert.match(await page.textContent("table.data tbody"), /asahikawa-kacho/, "listed: no address");
    assert.deepEqual(await axeViolations(page), [], "the preview page");
    await shots(page, "mail-reminder-preview");
    await page.fill("#message", "締切が近づいています。\n至急ご提出ください。");
    await Promise.all([page.waitForLoadState("load"), page.click("text=文面に反映して確認する")]);
    assert.match(await page.textContent("pre.mail-body"), /【連絡事項】\s*締切が近づいています。/);
    assert.equal(received.includes("MESSAGE FOLLOWS"), false, "the preview sends nothing");
    await Promise.all([page.waitForURL(/\/progress\?reminded=1$/), page.click("text=督促メールを送信する")]);
    assert.match(await page.textContent("main"), /督促メールを 1 通、送信待ちに入れました/);
    assert.ok(await waitFor(() => received.includes("joho@city.asahikawa.example") &&
      received.includes("END MESSAGE")), "the SMTP server received it");
    await page.goto(server.base + "/admin/mail");
    assert.ok(await waitFor(async () => {
      await page.reload();
      return (await page.textContent("table.data tbody")).includes("送信済み");
    }), "the mail page shows it sent");
    assert.match(await page.textContent("table.data tbody"), /joho@city\.asahikawa\.example/);
    assert.deepEqual(await axeViolations(page), [], "the mail page");
    await shots(page, "mail-status");
  });
});

test("the mail page for the administrator, and a prefecture's preview, have no violations", async () => {
  await asUser(server, "demo-admin", {}, async ({ page }) => {
    await page.goto(server.base + "/admin/mail?state=sent");
    assert.deepEqual(await axeViolations(page), []);
  });
  await asUser(server, "demo-pref", {}, async ({ page }) => {
    await page.goto(server.base + "/surveys/r7-ikenshokai/reminders");
    assert.match(await page.textContent("main"), /北海道内の未提出の団体に送ります/);
    assert.deepEqual(await axeViolations(page), []);
  });
});
