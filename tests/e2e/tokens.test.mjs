// tokens.test.mjs: static/style.css copies the デジタル庁デザインシステム
// tokens it uses by name and value; every one must equal the value in
// @digital-go-jp/design-tokens (pinned in package.json), and no colour is
// written anywhere else in the stylesheet.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const ours = readFileSync(join(here, "..", "..", "static", "style.css"), "utf8");
const packageDir = dirname(require.resolve("@digital-go-jp/design-tokens/package.json"));
const theirs = readFileSync(join(packageDir, "dist", "tokens.css"), "utf8");

function declarations(css) {
  const out = new Map();
  for (const m of css.matchAll(/(--[a-z0-9-]+)\s*:\s*([^;]+);/g)) out.set(m[1], m[2].trim().toLowerCase());
  return out;
}
const tokenBlock = ours.slice(0, ours.indexOf("}") + 1);
const copied = declarations(tokenBlock);
const official = declarations(theirs);

test("the stylesheet copies DADS tokens", () => {
  assert.ok(copied.size >= 20, `only ${copied.size} tokens copied`);
});

test("every copied token has the package's name and value", () => {
  for (const [name, value] of copied) {
    assert.ok(official.has(name), `${name} is not a DADS token`);
    assert.equal(value, official.get(name), `${name}`);
  }
});

test("no colour literal outside the token block", () => {
  const rest = ours.slice(tokenBlock.length).replace(/\/\*[\s\S]*?\*\//g, "");
  const literals = rest.match(/#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/gi) || [];
  assert.deepEqual(literals, []);
});

// Print rules size type in points for A4 paper; the screen uses the scale.
test("no screen font size outside the type scale", () => {
  const rest = ours.slice(tokenBlock.length);
  const sizes = [...rest.matchAll(/font-size:\s*([^;}]+)/g)].map((m) => m[1].trim())
    .filter((v) => !/^var\(--font-size-\d+\)$/.test(v) && v !== "100%" && !/^\d+(\.\d+)?pt$/.test(v));
  assert.deepEqual(sizes, []);
});
