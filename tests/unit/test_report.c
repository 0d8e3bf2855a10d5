/*
 * test_report.c: the report's 意見・質問提出団体 (report_senders) and the
 * prefecture code rule it uses (org_code_is_prefecture).
 */
#include "../tap.h"
#include "entries.h"
#include "org.h"
#include "report.h"

static struct entry
from(const char *code)
{
    struct entry e = {0};
    e.org_code = code;
    return e;
}

int
main(void)
{
    ok(org_code_is_prefecture("010006"), "北海道 010006 is a prefecture");
    ok(org_code_is_prefecture("130001"), "東京都 130001 is a prefecture");
    ok(!org_code_is_prefecture("011002"), "札幌市 011002 is not");
    ok(!org_code_is_prefecture("131016"), "千代田区 131016 is not");
    ok(!org_code_is_prefecture("01000"), "a short code is not");

    int64_t pref, muni;
    report_senders(NULL, 0, &pref, &muni);
    ok(pref == 0 && muni == 0, "no entries: no senders");
    struct entry e[] = {from("011002"), from("010006"), from("011002"), from(""),
                        from("012025"), from("010006"), from("130001")};
    report_senders(e, sizeof(e) / sizeof(e[0]), &pref, &muni);
    is_int(pref, 2, "two prefectures, each counted once");
    is_int(muni, 2,
           "two municipalities, each counted once; an entry without a 団体 counts for none");
    return done_testing();
}
