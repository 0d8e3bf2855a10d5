#!/usr/bin/env python3
"""make_r3_entries.py: writes seeds/demo/r3-entries.csv, the 264 rows of the
published 令和3年 意見照会 results (reference 003_c1f9370d745fe5b0.txt: 意見 1–159,
質問 1–105) in the layout `shokai import entries` reads (種別,項番,対象資料,対象ページ,
分類,本文). The demo imports it as the R3 survey's entries.

The reference is text extracted from the PDF, so a row is found by its 項番
(the next number expected in its list) followed by its 対象資料; the 対象ページ
may run over several lines until the 分類, which may itself be wrapped; the
body runs until the next row. Page footers and repeated headings are dropped;
a wrapped line is joined to the one before, a line starting with a full-width
space starts a new paragraph. Run from the repository root:

    python3 tools/make_r3_entries.py [../shared/reference/003_c1f9370d745fe5b0.txt]
"""
import csv
import re
import sys

CATEGORIES = ["１-①.外部サービスの再定義", "１-②.外部サービス利用時のセキュリティ要件",
              "１-③.クラウドサービス選定の指標・基準等", "２.情報セキュリティ対策の動向を踏まえた記載の充実",
              "３-①.テレワーク実施時のセキュリティ対策", "３-②.BYOD利用時のセキュリティ対策",
              "３-③.Web会議サービス利用時のセキュリティ対策",
              "４.マイナンバー利用事務系から外部接続先へのデータのアップロード", "今回改定範囲外", "その他"]
MATERIALS = ["ガイドライン改定案", "改定のポイント", "ー"]
SECTIONS = [("意見", "意見照会結果（意見）"), ("質問", "意見照会結果（質問）")]
NOISE = re.compile(r"^\s*(\d+ / \d+ ページ|項番 対象資料 対象ページ .*)\s*$")


# How each 分類 begins in the list (its cells are sometimes cut short there).
STARTS = ["１-①.", "１-②.", "１-③.", "２.情報", "３-①.", "３-②.", "３-③.", "４.マイ", "今回改定範囲外", "その他"]


def category_at(text):
    """(position, canonical 分類) of the first 分類 that begins in text, or None."""
    hits = [(text.find(p), c) for p, c in zip(STARTS, CATEGORIES) if p in text]
    return min(hits) if hits else None


def parse(lines):
    rows = []
    kind, expected, i = None, 1, 0
    while i < len(lines):
        line = lines[i]
        for k, heading in SECTIONS:
            if heading in line:
                kind, expected = k, 1
        m = kind and re.match(r"^\s*(\d{1,3}) (%s)(.*)$" % "|".join(MATERIALS), line)
        if not m or int(m.group(1)) != expected:
            i += 1
            continue
        material, page, cell, category = m.group(2), "", "", None
        lines[i] = m.group(3)  # the rest of the row's first line is read like the lines after it
        # 対象ページ (wrapped parts join without a space), then the 分類 cell, which
        # may wrap over lines while it stays a beginning of its 分類.
        while i < len(lines):
            text = lines[i].strip()
            if not text or NOISE.match(text):
                if category:
                    break
            elif category is None:
                hit = category_at(text)
                page += text[:hit[0]] if hit else text
                category, cell = (hit[1], text[hit[0]:]) if hit else (None, "")
            elif category.startswith(cell + text):
                cell += text
            else:
                break  # the body begins on this line
            i += 1
        body = []
        while i < len(lines):
            nxt = lines[i]
            if (re.match(r"^\s*%d (%s)" % (expected + 1, "|".join(MATERIALS)), nxt)
                    or any(h in nxt for _, h in SECTIONS)):
                break
            if nxt.strip() and not NOISE.match(nxt):
                body.append(nxt.rstrip())
            i += 1
        page = page.strip()
        rows.append((kind, expected, material, "ー" if material == "ー" or not page else page,
                     category, join(body)))
        expected += 1
    return rows


def join(lines):
    out = ""
    for ln in lines:
        if out and (ln.startswith("　") or ln.startswith("・") or ln.startswith("①")):
            out += "\n" + ln
        else:
            out += ln.strip() if out else ln.strip("\u3000 ")
    return out.strip()


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/003_c1f9370d745fe5b0.txt"
    with open(src, encoding="utf-8") as f:
        lines = f.read().split("\n")
    rows = parse(lines)
    with open("seeds/demo/r3-entries.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["種別", "項番", "対象資料", "対象ページ", "分類", "本文"])
        for kind, no, material, page, category, body in rows:
            w.writerow([kind, no, material, page or "ー", category, body])
    counts = {}
    for r in rows:
        counts[(r[0], r[4])] = counts.get((r[0], r[4]), 0) + 1
    print(len(rows), "rows:", {k: sum(1 for r in rows if r[0] == k) for k, _ in SECTIONS})
    for c in CATEGORIES:
        print("  %s 意見 %d 質問 %d" % (c, counts.get(("意見", c), 0), counts.get(("質問", c), 0)))


if __name__ == "__main__":
    main()
