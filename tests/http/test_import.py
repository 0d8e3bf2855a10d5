"""test_import.py: `shokai import entries` (a published-style list, UTF-8 or
CP932, all or nothing) and `shokai import responses` (one row per 団体,
recorded as 代理入力), with their error messages."""
import sqlite3

from harness import run_tests

R3 = "/api/v1/surveys/r3-ikenshokai"
HEADER = "種別,項番,対象資料,対象ページ,分類,本文,団体コード\r\n"


def write(s, name, text, encoding="utf-8"):
    path = s.dir + "/" + name
    with open(path, "wb") as f:
        f.write(text.encode(encoding))
    return path


def count_entries(s, m):
    return len(s.api("GET", R3 + "/entries", token=m).json()["entries"])


def run(t, s):
    m = s.token("ministry1")
    # the published R3 list (seeds/demo/r3-entries.csv, made from reference 003): 264 rows
    with open("../../seeds/demo/r3-entries.csv", encoding="utf-8") as f:
        path = write(s, "r3.csv", "\ufeff" + f.read())
    p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", path, check=False)
    t.ok(p.returncode == 0 and "264行" in p.stdout, "import entries: the published list's 264 rows", p.stderr)
    d = s.api("GET", R3 + "/entries/summary", token=m).json()
    t.ok(d["total"] == {"意見": 159, "質問": 105, "合計": 264} and d["published"]["total"]["意見"] == 158
         and "「合計」の意見 159件（公表資料 158件）" in d["published_note"],
         "the summary counts the rows, beside the published table (意見 158) and a note")
    p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", path, check=False)
    t.ok(p.returncode == 1 and "--replace" in p.stderr, "importing twice needs --replace", p.stderr)
    t.eq(count_entries(s, m), 264, "and nothing was added twice")

    # dashes, quoted newlines, LF line ends, a 団体コード
    text = ("種別,項番,対象資料,対象ページ,分類,本文,団体コード\n"
            "意見,1,ー,-,今回改定範囲外,\"一行目\n二行目, \"\"引用\"\"\",011002\n"
            "質問,2,改定のポイント,ⅲ-3,その他,短い質問,\n")
    path = write(s, "small.csv", text)
    p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", path, "--replace", check=False)
    t.ok(p.returncode == 0 and "2行" in p.stdout, "--replace replaces the earlier import", p.stderr)
    e = s.api("GET", R3 + "/entries", token=m).json()["entries"]
    t.eq(len(e), 2, "two entries now")
    first = [x for x in e if x["kind"] == "意見"][0]
    t.eq((first["material"], first["page"], first["body"], first["organization"]["name"]),
         ("", "", '一行目\n二行目, "引用"', "札幌市"), "a dash is 'not given'; quotes and newlines survive")

    # CP932 from Excel
    text = HEADER + "質問,1,ガイドライン改定案,12,その他,髙﨑市の①について ｶﾀｶﾅ ～,\r\n"
    path = write(s, "cp932.csv", text, "cp932")
    p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", path, "--replace", check=False)
    t.ok(p.returncode == 1 and "UTF-8" in p.stderr, "a CP932 file read as UTF-8 is refused, not garbled", p.stderr)
    p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", path, "--replace",
              "--encoding", "cp932", check=False)
    t.eq(p.returncode, 0, "with --encoding cp932 it imports")
    e = s.api("GET", R3 + "/entries", token=m).json()["entries"]
    t.eq(e[0]["body"], "髙﨑市の①について ｶﾀｶﾅ ～", "髙﨑 ① ｶﾀｶﾅ ～ arrive exactly")
    path = write(s, "badcp.csv", HEADER, "cp932")
    with open(path, "ab") as f:
        f.write(b"\x81\xff,1,,,,x,\r\n")
    p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", path, "--replace",
              "--encoding", "cp932", check=False)
    t.ok(p.returncode == 1 and "2行目" in p.stderr and "CP932" in p.stderr, "bytes that are not CP932 are refused", p.stderr)

    # a bad row anywhere: nothing imported, row and column named
    bad = [("意見,1,,,５.新分類,本文,\r\n", "2行目「分類」", "an unknown 分類"),
           ("感想,1,,,その他,本文,\r\n", "2行目「種別」", "an unknown 種別"),
           ("意見,1,別の資料,,その他,本文,\r\n", "2行目「対象資料」", "a 対象資料 that is not an option"),
           ("意見,1,,,その他,本文,999999\r\n", "2行目「団体コード」", "a bad 団体コード"),
           ("意見,x,,,その他,本文,\r\n", "2行目「項番」", "a 項番 that is not a number"),
           ("意見,1,,,その他,,\r\n", "2行目「本文」", "an empty 本文"),
           ("意見,1,,,その他," + "長" * 4001 + ",\r\n", "2行目「本文」", "an over-long 本文"),
           ("意見,1,,,その他,本文\r\n", "2行目", "a short row")]
    for row, where, what in bad:
        path = write(s, "bad.csv", HEADER + "質問,1,,,その他,正しい行,\r\n" + row.replace("2行目", "3行目"))
        p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", path, "--replace", check=False)
        t.ok(p.returncode == 1 and where.replace("2行目", "3行目") in p.stderr and "何も取り込んでいません" in p.stderr,
             "%s: refused, naming %s" % (what, where.replace("2行目", "3行目")), p.stderr)
    t.eq(count_entries(s, m), 1, "after all refusals the earlier import is intact")
    # Limits: 10,001 rows and a row of 1,000 columns are refused whole.
    path = write(s, "many.csv", HEADER + "意見,1,,,その他,本文,\r\n" * 10001)
    p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", path, "--replace", check=False)
    t.ok(p.returncode == 1 and "何も取り込んでいません" in p.stderr, "10,001 rows are refused", p.stderr)
    path = write(s, "wide.csv", HEADER + "意見,1,,,その他,本文," + ",x" * 1000 + "\r\n")
    p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", path, "--replace", check=False)
    t.ok(p.returncode == 1 and "何も取り込んでいません" in p.stderr, "1,000 columns are refused", p.stderr)
    t.eq(count_entries(s, m), 1, "and the earlier import is still intact")
    path = write(s, "head.csv", "種別,番号,対象資料,対象ページ,分類,本文\r\n")
    p = s.cli("import", "entries", "--survey", "r3-ikenshokai", "--file", path, "--replace", check=False)
    t.ok(p.returncode == 1 and "2列目の見出しは「項番」" in p.stderr, "a wrong header is named", p.stderr)
    p = s.cli("import", "entries", "--survey", "sanso-2023", "--file", path, check=False)
    t.ok(p.returncode == 1 and "意見・質問の設問" in p.stderr, "a survey without an entry question", p.stderr)
    p = s.cli("import", "entries", "--file", path, check=False)
    t.eq(p.returncode, 2, "--survey is required")

    # responses gathered by Excel
    text = ("団体コード,model,considered,reasons,reasons_other\r\n"
            "011002,αモデル,検討したことがある,運用負荷増加|導入・維持コストの増加,\"理由は,複数\"\r\n"
            "012025,β'モデル,,,\r\n")
    path = write(s, "sanso.csv", text)
    p = s.cli("import", "responses", "--survey", "sanso-2023", "--file", path, check=False)
    t.ok(p.returncode == 0 and "2行" in p.stdout, "import responses: two 団体", p.stderr)
    got = s.api("GET", "/api/v1/surveys/sanso-2023/responses/011002", token=m).json()
    t.eq((got["state"], got["proxy"], got["answers"]["reasons"], got["answers"]["reasons_other"]),
         ("submitted", True, ["導入・維持コストの増加", "運用負荷増加"], "理由は,複数"),
         "submitted, as 代理入力, multi split on |")
    con = sqlite3.connect(s.db)
    n_before = con.execute("SELECT count(*) FROM response_versions").fetchone()[0]
    con.close()
    text = ("団体コード,model,considered,reasons\r\n"
            "011002,βモデル,,\r\n"
            "013030,αモデル,検討したことがある,\r\n")
    path = write(s, "sanso-bad.csv", text)
    p = s.cli("import", "responses", "--survey", "sanso-2023", "--file", path, check=False)
    t.ok(p.returncode == 1 and "3行目（013030）" in p.stderr and "必須" in p.stderr,
         "a row missing a required answer is named; nothing imported", p.stderr)
    con = sqlite3.connect(s.db)
    t.eq(con.execute("SELECT count(*) FROM response_versions").fetchone()[0], n_before,
         "the good first row was not stored either")
    con.close()
    for header, what in [("団体コード,nosuch\r\n", "an unknown question column"),
                         ("団体コード,model,model\r\n", "a repeated column"),
                         ("code,model\r\n", "a first column that is not 団体コード")]:
        p = s.cli("import", "responses", "--survey", "sanso-2023", "--file", write(s, "h.csv", header), check=False)
        t.ok(p.returncode == 1 and "1行目" in p.stderr, "%s is refused" % what, p.stderr)
    p = s.cli("import", "responses", "--survey", "r3-ikenshokai", "--file",
              write(s, "t.csv", "団体コード,entries\r\n011002,x\r\n"), check=False)
    t.ok(p.returncode == 1 and "表の設問" in p.stderr, "a table question cannot be imported by row", p.stderr)
    s.cli("survey", "load", "--file", "fixtures/all-types.json")
    text = "団体コード,pref_pick,staff,item,item.note\r\n011002,北海道,12,一部実施,規程を改定中\r\n"
    p = s.cli("import", "responses", "--survey", "all-types", "--file", write(s, "sc.csv", text), check=False)
    got = s.api("GET", "/api/v1/surveys/all-types/responses/011002", token=m).json()["answers"]
    t.ok(p.returncode == 0 and got["item"] == {"status": "一部実施", "note": "規程を改定中"} and got["staff"] == 12,
         "a check item's status and note come from two columns; numbers are numbers", p.stderr)
    text = "団体コード,pref_pick,staff,item\r\n011002,北海道,12,たぶん\r\n"
    p = s.cli("import", "responses", "--survey", "all-types", "--file", write(s, "sc2.csv", text), check=False)
    t.ok(p.returncode == 1 and "2行目（011002）" in p.stderr and "実施済" in p.stderr,
         "an unknown status is refused with the allowed ones named", p.stderr)
    con = sqlite3.connect(s.db)
    acts = [r[0] for r in con.execute("SELECT action FROM audit WHERE action IN ('entries.import', 'responses.import')")]
    con.close()
    t.ok(acts.count("entries.import") == 3 and acts.count("responses.import") == 2,
         "successful imports are audited, refused ones leave no trace", acts)


if __name__ == "__main__":
    run_tests(run)
