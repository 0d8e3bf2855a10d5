#!/usr/bin/env python3
"""make_demo_answers.py: writes seeds/demo/answers.json, the submitted answers
that `shokai serve --demo` loads. They reproduce the Ministry's published
figures, so the demo's tables can be compared with the reference documents:

- r7-ikenshokai (seed 000): 171 団体 (都道府県 12, 政令市 10, 中核市 9, 特別区 4,
  一般市 43, 町村 93) whose 運用に課題がある項目 counts per 区分 add up to the
  published 53/51/70/25/70; 48 of them (都道府県 12, 市区町村 36) send 意見・質問.
- selfcheck-guideline: 90 団体 of every kind.
The 具体的な内容 rows of the R7 respondents carry the published bullets
(seeds/demo/r7-curation.json, from the reference document), one row each,
in a 団体 of the bullet's section; `serve --demo` curates them into the
document's layout. Other texts are placeholders marked デモ; only the counts
are the published ones.
The R3 意見照会 is not here: the demo imports its published list itself
(seeds/demo/r3-entries.csv, tools/make_r3_entries.py).
Run from the repository root: python3 tools/make_demo_answers.py
"""
import csv
import json

CHALLENGES = ["組織・人員体制", "スキル不足", "コスト", "その他"]
ITEMS = ["無線LAN利用", "マイナンバー利用事務系に係る画面転送", "機器等の調達", "SBOM", "全般", "その他"]
R7_MATERIALS = ["地方公共団体における情報セキュリティポリシーに関するガイドライン（令和7年x月版）（改定案）（見え消し版）",
                "（案）別紙 マイナンバー利用事務系に係る画面転送の方式について"]
# Per 区分: respondents, and the counts of 組織・人員体制, スキル不足, コスト, その他, 課題なし.
R7 = [("都道府県", ["都道府県"], 12, [3, 2, 6, 5, 4]),
      ("政令市", ["政令市"], 10, [1, 2, 5, 6, 3]),
      ("中核市", ["中核市"], 9, [1, 1, 4, 3, 2]),
      ("特別区", ["特別区"], 4, [1, 0, 0, 2, 1]),
      ("一般市", ["市"], 43, [13, 16, 23, 5, 14]),
      ("町村", ["町", "村"], 93, [34, 30, 32, 4, 46])]


def organizations():
    with open("seeds/municipalities.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def pick(orgs, kinds, n):
    """n 団体 of the given kinds, spread evenly over the code order."""
    pool = [o for o in orgs if o["kind"] in kinds]
    step = len(pool) / n
    return [pool[int(i * step)] for i in range(n)]


# The R7 document's five sections (kind5) and the kind6 groups in each.
SECTIONS = {"都道府県": ["都道府県"], "政令市": ["政令市"], "中核市・特別区": ["中核市", "特別区"],
            "一般市": ["一般市"], "町村": ["町村"]}


def published_rows(by_group):
    """Puts each published bullet's text into a row of a 団体 of its section
    that has a 課題: replacing that 団体's placeholder row first, then adding
    rows in turn. The row's 項目 is the bullet's, or 全般 when the document
    uses a 項目 the questionnaire does not have."""
    with open("seeds/demo/r7-curation.json", encoding="utf-8") as f:
        curation = json.load(f)
    for section in curation["sections"]:
        answers = [a for g in SECTIONS[section["group"]] for a in by_group[g]]
        for j, (challenge, item, body) in enumerate(section["bullets"]):
            a = answers[j % len(answers)]
            row = {"item": item if item in ITEMS else "全般", "challenge": challenge, "content": body}
            if a["details"][0]["content"].startswith("（デモ）"):
                a["details"][0] = row
            else:
                a["details"].append(row)


def r7_responses(orgs):
    out = []
    by_group = {label: [] for label, _, _, _ in R7}
    entry_senders = {"都道府県": 12, "政令市": 4, "中核市": 3, "特別区": 2, "一般市": 12, "町村": 15}
    for label, kinds, n, counts in R7:
        group = pick(orgs, kinds, n)
        none = counts[4]
        with_challenges = group[:n - none]
        chosen = [[] for _ in with_challenges]
        turn = 0
        for option, c in zip(CHALLENGES, counts[:4]):
            for _ in range(c):           # rotate so that every 団体 gets at least one
                chosen[turn % len(chosen)].append(option)
                turn += 1
        for i, org in enumerate(group):
            if i < len(with_challenges):
                first = chosen[i][0]
                answers = {"challenges": [o for o in CHALLENGES if o in chosen[i]],
                           "details": [{"item": ITEMS[i % len(ITEMS)], "challenge": first,
                                        "content": "（デモ）%sの%sについての具体的な内容です。" % (ITEMS[i % len(ITEMS)], first)}]}
                by_group[label].append(answers)
            else:
                answers = {"challenges": ["課題なし"]}
            if i < entry_senders[label]:
                answers["entries"] = [{"kind": "意見" if (i + k) % 3 else "質問", "material": R7_MATERIALS[(i + k) % 2],
                                       "page": str(10 + i + k), "category": ITEMS[(i + k) % len(ITEMS)],
                                       "body": "（デモ）%s区分の団体からの%d件目の意見・質問です。" % (label, k + 1)}
                                      for k in range(1 + i % 2)]
            out.append({"survey": "r7-ikenshokai", "org": org["code"], "answers": answers})
    published_rows(by_group)
    return out


# Self-check items of revision 3 (the α' アクセス制御, the β' conditions and 第4編's
# chapters, issue #20); revision 2's keep their answers.
ADDED_IN_REVISION_3 = {"c3_ad_access", "c3_bd_endpoint", "c3_bd_logs", "c3_bd_emergency", "p4_purpose",
                       "p4_scope", "p4_structure", "p4_org", "p4_assets", "p4_resilience", "p4_physical",
                       "p4_people", "p4_technical", "p4_operation", "p4_review"}


def selfcheck_responses(orgs):
    """90 団体 of every kind answer the self-check; statuses follow a fixed
    pseudo-random sequence so the demo is the same every time."""
    with open("seeds/surveys/04-selfcheck-guideline.json", encoding="utf-8") as f:
        sc = json.load(f)
    seed, added_seed = 12345, 54321
    out = []
    for n, org in enumerate(pick(orgs, ["都道府県", "政令市", "中核市", "特別区", "市", "町", "村"], 90)):
        model = ["αモデル", "αモデル", "αモデル", "β'モデル", "βモデル"][n % 5]
        answers = {"model": model, "uses_wlan": ["利用していない", "LGWAN接続系で利用している",
                                                 "マイナンバー利用事務系でも利用している"][n % 3]}
        if model == "αモデル":
            answers["alpha_dash"] = [["α'モデルを利用していない"], ["（ア）認証・ウイルス定義体の取得のみ"],
                                     ["（イ）コミュニケーションツールを利用するがファイルを内部に取り込まない"]][n % 3]
        # Larger 団体 implement more (a rough, plainly synthetic tendency).
        strength = {"都道府県": 80, "政令市": 80, "中核市": 70, "特別区": 70, "市": 60, "町": 45, "村": 40}[org["kind"]]
        for sec in sc["sections"][1:]:
            for q in sec["questions"]:
                # Items added by a later revision draw from their own sequence, so the
                # answers to the earlier items stay what they were.
                if q["id"] in ADDED_IN_REVISION_3:
                    added_seed = (added_seed * 1103515245 + 12345) % (2 ** 31)
                    r = added_seed % 100
                else:
                    seed = (seed * 1103515245 + 12345) % (2 ** 31)
                    r = seed % 100
                status = "実施済" if r < strength else "一部実施" if r < strength + 15 else "未実施" if r < 97 else "該当なし"
                answers[q["id"]] = {"status": status, "note": ""}
        out.append({"survey": "selfcheck-guideline", "org": org["code"], "answers": answers})
    return out


def main():
    orgs = organizations()
    data = {"note": "Generated by tools/make_demo_answers.py: published counts and 具体的な内容, placeholder texts.",
            "responses": r7_responses(orgs) + selfcheck_responses(orgs)}
    with open("seeds/demo/answers.json", "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
