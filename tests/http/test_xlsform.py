"""test_xlsform.py (issue #18): survey definitions as XLSForm. `shokai survey
load` takes an XLSForm workbook with every question type (select_one,
select_multiple, text, integer, decimal, date, note, groups, repeats, check)
and every relevant form (selected(), =, !=, and, or, not(), parentheses);
bad files are refused with a Japanese message naming sheet, row and column,
and store nothing; every shipped survey exported by
GET /api/v1/surveys/{id}/definition.xlsx (ministry only) loads back as the
same definition; the Ministry's survey list links the export."""
import io
import json
import os
import tempfile
import zipfile

import xlsxgen
from harness import run_tests

SETTINGS = [["form_id", "form_title", "version", "opens", "closes", "audience", "description"],
            ["xf-all", "XLSForm の全設問", 3, "2025-02-04T00:00:00+09:00", "2025-02-14T23:59:59+09:00",
             "都道府県\n政令市", None]]
CHOICES = [["list_name", "name", "label::日本語 (ja)", "label::English (en)"],
           ["yn", "yes", "はい", "Yes"], ["yn", "no", "いいえ", "No"],
           ["ch", "cost", "コスト", None], ["ch", "skill", "スキル不足", None], ["ch", "none", "課題なし", None],
           ["kind", "意見", None, None], ["kind", "質問", None, None]]
SURVEY = [["type", "name", "label::日本語 (ja)", "hint", "required", "relevant", "appearance", "exclusive",
           "max_length", "min", "max", "max_rows", "level", "measure", "constraint_message", "inline_options"],
          ["note", "intro", "この調査についての説明です。"],
          ["begin_group", "basic", "基本"],
          ["note", "n1", "基本的な事項です。"],
          ["select_one yn", "adopted", "採用していますか", "一つ選んでください", "yes"],
          ["select_multiple ch", "challenges", "課題", None, "yes", None, None, "none"],
          ["text", "why", "理由", None, None, "${adopted} = 'yes'", "multiline", None, 400],
          ["integer", "staff", "職員数", None, None, "${adopted} != 'no'", None, None, None, 0, 10000,
           None, None, None, "0〜10000"],
          ["decimal", "ratio", "割合", None, None, "selected(${challenges}, 'cost')", None, None, None, 0, 1],
          ["date", "decided", "決定日", None, None,
           "selected(${challenges}, 'cost') or selected(${challenges}, 'skill')", None, None, None,
           "2020-01-01", "2030-12-31"],
          ["text", "both", "両方", None, None,
           "(${adopted} = 'yes' or ${adopted} = 'no') and not(selected(${challenges}, 'none'))"],
          ["text", "neither", "どちらでもない", None, None, "${adopted} != 'yes' and ${adopted} != 'no'"],
          ["end_group"],
          ["begin_group", "lists", "一覧"],
          ["begin_repeat", "opinions", "意見・質問", None, None, None, None, None, None, None, None, 30],
          ["select_one kind", "kind", "区分", None, "yes", None, None, None, None, None, None, None, None, None,
           None, "yes"],
          ["text", "body", "内容", None, "yes", None, "multiline"],
          ["integer", "page", "ページ"],
          ["date", "on", "日付"],
          ["end_repeat"],
          ["check", "c1", "点検項目", None, "yes", None, None, None, None, None, None, None, "必須", "技術的対策"],
          ["end_group"]]


def form(survey=SURVEY, choices=CHOICES, settings=SETTINGS, extra=()):
    return xlsxgen.write([("survey", survey), ("choices", choices), ("settings", settings)] + list(extra))


def load(s, data, suffix=".xlsx"):
    fd, path = tempfile.mkstemp(suffix=suffix, dir=s.dir)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return s.cli("survey", "load", "--file", path, check=False)


def listed(s):
    return s.cli("survey", "list").stdout


def every_type(t, s):
    r = load(s, form())
    t.ok(r.returncode == 0 and "added" in r.stdout, "an XLSForm with every type loads", r.stderr)
    d = s.api("GET", "/api/v1/surveys/xf-all", token=s.token("ministry1")).json()
    t.eq((d.get("title"), d.get("revision"), d.get("kind"), d.get("audience")),
         ("XLSForm の全設問", 3, "survey", ["都道府県", "政令市"]), "settings: form_title, version, audience")
    t.eq(d.get("description"), "この調査についての説明です。", "a note before any group is the description")
    secs = d.get("sections", [])
    t.eq([(x["id"], x["title"]) for x in secs], [("basic", "基本"), ("lists", "一覧")], "groups are sections")
    t.eq(secs[0].get("help"), "基本的な事項です。", "a note in a group is its help")
    q = {x["id"]: x for sec in secs for x in sec["questions"]}
    t.eq(d.get("options"), {"yn": ["はい", "いいえ"], "ch": ["コスト", "スキル不足", "課題なし"]},
         "shared lists take the Japanese label")
    t.eq((q["adopted"]["type"], q["adopted"]["options_ref"], q["adopted"]["required"], q["adopted"]["help"]),
         ("single", "yn", True, "一つ選んでください"), "select_one with hint and required")
    t.eq((q["challenges"]["type"], q["challenges"]["exclusive"]), ("multi", ["課題なし"]),
         "select_multiple with an exclusive option")
    t.eq((q["why"]["multiline"], q["why"]["max_length"]), (True, 400), "text: multiline, max_length")
    t.eq((q["staff"]["type"], q["staff"]["integer"], q["staff"]["min"], q["staff"]["max"]),
         ("number", True, 0, 10000), "integer with min and max")
    t.eq((q["ratio"]["type"], "integer" in q["ratio"], q["ratio"]["max"]), ("number", False, 1), "decimal")
    t.eq((q["decided"]["min"], q["decided"]["max"]), ("2020-01-01", "2030-12-31"), "date with bounds")
    t.eq(q["why"]["visible_if"], {"question": "adopted", "equals": "はい"}, "${q} = 'x' → equals (name → label)")
    t.eq(q["staff"]["visible_if"], {"question": "adopted", "none_of": ["いいえ"]}, "${q} != 'x' → none_of")
    t.eq(q["ratio"]["visible_if"], {"question": "challenges", "any_of": ["コスト"]}, "selected() → any_of")
    t.eq(q["decided"]["visible_if"], {"question": "challenges", "any_of": ["コスト", "スキル不足"]},
         "selected() or selected() of one question → one any_of")
    t.eq(q["both"]["visible_if"],
         {"all": [{"any": [{"question": "adopted", "equals": "はい"}, {"question": "adopted", "equals": "いいえ"}]},
                  {"not": {"question": "challenges", "any_of": ["課題なし"]}}]},
         "and, or, not() and parentheses")
    t.eq(q["neither"]["visible_if"], {"question": "adopted", "none_of": ["はい", "いいえ"]},
         "!= and != of one question → one none_of")
    tbl = q["opinions"]
    t.eq((tbl["type"], tbl["max_rows"], [(c["id"], c["type"]) for c in tbl["columns"]]),
         ("table", 30, [("kind", "single"), ("body", "text"), ("page", "number"), ("on", "date")]),
         "a repeat is a table question, its questions the columns")
    t.eq(tbl["columns"][0].get("options"), ["意見", "質問"], "inline_options: the list is the column's own")
    t.eq((q["c1"]["type"], q["c1"]["level"], q["c1"]["measure"]), ("check", "必須", "技術的対策"),
         "check with level and measure")

    # The answering page applies a compound condition (data-visible-if carries it).
    org, _ = s.login("orga")
    s.cli("survey", "period", "--survey", "xf-all", "--opens", "2020-01-01T00:00:00+09:00",
          "--closes", "2099-01-01T00:00:00+09:00")
    page = s.request("GET", "/surveys/xf-all/responses/011002", cookie=org)
    t.ok(page.status in (200, 403), "the answering page renders", page.status)

    # Answers: a hidden question's answer is dropped by the compound condition.
    tok = s.token("ministry1")
    r = s.api("PUT", "/api/v1/surveys/xf-all/responses/010006",
              {"version": 0, "answers": {"adopted": "はい", "challenges": ["課題なし"], "both": "x", "neither": "y"}},
              token=tok)
    got = s.api("GET", "/api/v1/surveys/xf-all/responses/010006", token=tok).json().get("answers", {})
    t.ok(r.status == 200 and "both" not in got and "neither" not in got and got.get("adopted") == "はい",
         "answers to questions whose condition fails are dropped", (r.status, r.text[:300], got))


def refused(t, s, data, fragment, name, suffix=".xlsx"):
    before = listed(s)
    r = load(s, data, suffix)
    t.ok(r.returncode != 0 and fragment in r.stderr, name, r.stderr.strip())
    t.eq(listed(s), before, "  nothing stored")


def bad_files(t, s):
    def with_row(row, at=4):
        return form(survey=SURVEY[:at] + [row] + SURVEY[at:])
    refused(t, s, b"PK\x03\x04 not a zip at all", "Excel ファイル（.xlsx）として開けません", "a damaged zip")
    refused(t, s, b"not a zip, not JSON", "JSON", "neither XLSX nor JSON", suffix=".json")
    refused(t, s, xlsxgen.write([("choices", CHOICES), ("settings", SETTINGS)]),
            "survey シートがありません", "a missing survey sheet")
    refused(t, s, xlsxgen.write([("survey", SURVEY), ("choices", CHOICES)]),
            "settings シートがありません", "a missing settings sheet")
    refused(t, s, with_row(["geopoint", "where", "場所"]), "survey シート 5 行目 type 列: 「geopoint」は使えません",
            "an unknown type, named by row and column")
    refused(t, s, with_row(["select_one nolist", "x", "X"]), "survey シート 5 行目 type 列: choices シートにリスト「nolist」がありません",
            "an unknown list")
    refused(t, s, with_row(["text", "x", "X", None, None, "${adopted} > 'yes'"]),
            "survey シート 5 行目 relevant 列: ", "a relevant it cannot read")
    refused(t, s, with_row(["text", "x", "X", None, None, "${later} = 'yes'"], at=3),
            "survey シート 4 行目 relevant 列: ${later} は、この行より前にある", "a relevant naming a later question")
    refused(t, s, with_row(["text", "x", "X", None, None, "${adopted} = 'maybe'"], at=5),
            "survey シート 6 行目 relevant 列: リスト「yn」に「maybe」はありません", "a relevant naming no choice")
    refused(t, s, with_row(["text", "adopted", "X"], at=6), "survey シート 7 行目 name 列: 設問 id「adopted」が重複しています",
            "a duplicate name, named by row")
    refused(t, s, with_row(["text", "x", "X", "h", "maybe"]), "survey シート 5 行目 required 列: 「maybe」は yes か no",
            "a required that is neither yes nor no")
    refused(t, s, form(survey=[SURVEY[0] + ["constraint"]] + [r + [None] * (len(SURVEY[0]) - len(r)) + ["x > 1"]
                                                           for r in SURVEY[1:]]),
            "survey シート 1 行目 constraint 列: この列には対応していません", "a constraint it cannot apply")
    refused(t, s, form(choices=CHOICES + [["yn", "yes", "はい"]]), "choices シート 9 行目 name 列: リスト「yn」に「yes」が二つあります",
            "a duplicate choice")
    refused(t, s, with_row(["begin_group", "inner", "内側"]), "グループの中にグループは作れません", "a group in a group")
    refused(t, s, form(settings=[SETTINGS[0], ["xf-bad", "T", "v2", "2025-02-04T00:00:00+09:00", "2025-02-14T00:00:00+09:00"]]),
            "settings シート 2 行目 version 列: 「v2」は数値にしてください", "a version that is not a number")
    # A zip bomb: a sheet of 200 MB of spaces, a few hundred kB compressed.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        src = zipfile.ZipFile(io.BytesIO(form()))
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with z.open(item.filename, "w") as f:
                    f.write(b"<worksheet><sheetData>")
                    chunk = b" " * (1 << 20)
                    for _ in range(200):
                        f.write(chunk)
                    f.write(b"</sheetData></worksheet>")
            else:
                z.writestr(item, src.read(item.filename))
    refused(t, s, bomb.getvalue(), "大きすぎます（展開後 100 MB まで）", "a zip bomb")


def round_trip(t, s):
    tok = s.token("ministry1")
    org = s.token("orga")
    for sid in ("r7-ikenshokai", "r3-ikenshokai", "sanso-2023", "selfcheck-guideline"):
        before = s.api("GET", "/api/v1/surveys/" + sid, token=tok).json()
        x = s.api("GET", "/api/v1/surveys/%s/definition.xlsx" % sid, token=tok)
        t.ok(x.status == 200 and x.body[:4] == b"PK\x03\x04" and "spreadsheetml" in (x.header("Content-Type") or ""),
             "%s: definition.xlsx is an XLSX" % sid, x.status)
        names = [n for n, _ in xlsxgen.sheet_names(x.body)]
        t.eq(names, ["survey", "choices", "settings"], "  with the sheets survey, choices, settings")
        r = load(s, x.body)
        t.ok(r.returncode == 0 and "unchanged" in r.stdout, "  loads back as the same definition (unchanged)",
             (r.stdout, r.stderr))
        after = s.api("GET", "/api/v1/surveys/" + sid, token=tok).json()
        t.ok(before == after, "  the definition the API gives is the same")
    t.eq(s.api("GET", "/api/v1/surveys/r7-ikenshokai/definition.xlsx", token=org).status, 403,
         "a 団体 cannot download a definition")
    t.eq(s.api("GET", "/api/v1/surveys/nosuch/definition.xlsx", token=tok).status, 404, "an unknown survey is 404")
    # The CLI export writes the same workbook content.
    path = os.path.join(s.dir, "r7.xlsx")
    s.cli("survey", "export", "--id", "r7-ikenshokai", "--file", path)
    with open(path, "rb") as f:
        cli_book = xlsxgen.read(f.read())
    api_book = xlsxgen.read(s.api("GET", "/api/v1/surveys/r7-ikenshokai/definition.xlsx", token=tok).body)
    t.ok(cli_book == api_book, "shokai survey export writes the same sheets as the API")
    # The Ministry's list links it.
    cookie, _ = s.login("ministry1")
    page = s.request("GET", "/surveys", cookie=cookie)
    t.ok('href="/api/v1/surveys/r7-ikenshokai/definition.xlsx"' in page.text, "the survey list links the export")
    # A changed export with a higher version replaces the definition.
    changed = xlsxgen.set_cells(
        s.api("GET", "/api/v1/surveys/r7-ikenshokai/definition.xlsx", token=tok).body, "settings", {"C2": 2})
    r = load(s, changed)
    t.ok(r.returncode == 0 and "replaced" in r.stdout, "an edited export (version 2) replaces it", (r.stdout, r.stderr))
    t.eq(s.api("GET", "/api/v1/surveys/r7-ikenshokai", token=tok).json().get("revision"), 2, "  revision 2")


def run(t, s):
    every_type(t, s)
    bad_files(t, s)
    round_trip(t, s)


if __name__ == "__main__":
    run_tests(run)
