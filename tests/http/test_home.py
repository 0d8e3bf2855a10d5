"""test_home.py (issue #19, 「ホームに対応すべき数を」): each role's home page
lists the surveys in their period with the deadline; a 団体 sees its own
state, a prefecture and the Ministry the numbers to act on — 未提出, 差戻し中,
承認待ち, and for the Ministry the 意見・質問 still without a reply, also of a
closed survey while any is left. Before, the home page was a link list."""
import re

from harness import run_tests

R7 = "/api/v1/surveys/r7-ikenshokai"
FEB_5_2025 = 1738713600
ENTRY = {"kind": "意見", "material": "（案）別紙 マイナンバー利用事務系に係る画面転送の方式について",
         "page": "3", "category": "全般", "body": "画面転送の要件を明確にしてください"}


def card_of(page, title_part):
    """The home page's card (<div>) of the survey whose title contains title_part."""
    start = [m.start() for m in re.finditer("<h3>", page) if title_part in page[m.start():m.start() + 200]][0]
    return page[start:page.index("</div>", start)]


def numbers(page, title_part):
    """The 「未提出 N」 etc. of the card whose title contains title_part."""
    card = card_of(page, title_part)
    found = dict((label, int(n)) for label, n in re.findall(r"(未提出|差戻し中|承認待ち|意見・質問) <strong>(\d+)</strong>", card))
    return found, card


def run(t, s):
    a, b, pa = s.token("orga"), s.token("orgb"), s.token("prefa")
    s.api("PUT", R7 + "/responses/011002", {"answers": {"challenges": ["課題なし"], "entries": [ENTRY]}}, token=a)
    s.api("POST", R7 + "/responses/011002/submit", token=a)
    s.api("PUT", R7 + "/responses/012025", {"answers": {"challenges": ["課題なし"]}}, token=b)
    s.api("POST", R7 + "/responses/012025/submit", token=b)
    r = s.api("POST", R7 + "/responses/012025/return", {"comment": "記載漏れ"}, token=pa)
    t.eq(r.status, 200, "the prefecture returns 函館市's answer")

    home = lambda login: s.request("GET", "/", cookie=s.login(login)[0]).text
    page = home("ministry1")
    found, card = numbers(page, "改定案に関する意見照会（令和7年2月）")
    t.eq(found, {"未提出": 1787, "差戻し中": 1, "承認待ち": 0, "意見・質問": 1},
         "the Ministry: 1,787 未提出 (函館市 sent back among them), 1 意見 without a reply")
    t.ok("締切まで 8日" in card and "/surveys/r7-ikenshokai/progress" in card and "/surveys/r7-ikenshokai/entries" in card,
         "with the time left and the ways to the progress and the 意見")
    t.ok("自己点検" in page and "三層の対策" not in page,
         "open surveys are listed; a closed one with nothing to reply to is not")

    found, card = numbers(home("prefa"), "改定案に関する意見照会（令和7年2月）")
    t.eq(found, {"未提出": 179, "差戻し中": 1, "承認待ち": 0},
         "北海道: 179 of its 180 団体 未提出 (函館市 sent back), and no 意見 count: replies are the Ministry's")

    page = home("orgb")
    t.ok("差戻しがあります" in page and "記載漏れ" in page, "函館市 sees the return and its reason first")
    card = card_of(page, "改定案に関する意見照会（令和7年2月）")
    t.ok("差戻し" in card and "回答する" in card,
         "and the survey with its state and 回答する")
    card = card_of(home("orga"), "改定案に関する意見照会（令和7年2月）")
    t.ok("提出済" in card and "提出した回答を見る" in card,
         "札幌市 sees its answer as submitted, to be read")

    # After the deadline, the Ministry still sees the 意見 waiting for a reply.
    s.set_clock(FEB_5_2025 + 30 * 86400)
    found, card = numbers(home("ministry1"), "改定案に関する意見照会（令和7年2月）")
    t.eq(found, {"意見・質問": 1}, "a closed survey stays on the Ministry's home while an 意見 has no reply")
    t.ok("回答状況を見る" not in card, "without the progress numbers of a closed period")
    page = home("orga")
    t.ok("改定案に関する意見照会（令和7年2月）</h3>" not in page,
         "a 団体's home lists only what it may still answer")


if __name__ == "__main__":
    run_tests(run, clock=FEB_5_2025)
