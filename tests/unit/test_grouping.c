/*
 * test_grouping.c: schemes the Ministry composes from 団体区分: the groups'
 * text (grouping_parse), its rules (every kind in exactly one group), storing
 * and removing a composed scheme (shipped ones are kept), the shipped kind5
 * scheme of the R7 document's five sections, and 過年度 months in 和暦.
 */
#include "../tap.h"
#include "arena.h"
#include "audit.h"
#include "clock.h"
#include "err.h"
#include "grouping_compose.h"
#include "past_round.h"
#include "tempdb.h"

static const char *
parse_error(struct arena *a, const char *text)
{
    struct grouping_spec spec;
    const char *why = NULL;
    return grouping_parse(text, a, &spec, &why) ? NULL : why;
}

int
main(void)
{
    struct arena a;
    arena_init(&a, 1 << 22);
    struct grouping_spec spec;
    const char *why = NULL;
    ok(grouping_parse("都道府県: 都道府県\n政令市：政令市\r\n\n中核市・特別区: 中核市、特別区\n"
                      "一般市: 市\n町村: 町, 村\n",
                      &a, &spec, &why),
       "five sections: half- and full-width colons and commas, CRLF, a blank line");
    is_int(spec.n_groups, 5, "five groups");
    is_str(spec.groups[2], "中核市・特別区", "in the order written");
    is_int(spec.n_kinds, 7, "all seven kinds");
    ok(spec.group_of[3] == 2 && spec.group_of[6] == 4, "特別区 in the third, 村 in the fifth");
    ok(parse_error(&a, "全国: 都道府県 政令市 中核市 特別区 市 町 村") == NULL,
       "one group of every kind, separated by spaces");
    const char *e = parse_error(&a, "都道府県: 都道府県\n市区町村: 政令市, 中核市, 特別区, 市, 町");
    ok(e && strstr(e, "「村」がどの区分にも入っていません"), "a missing kind is named: %s", e);
    e = parse_error(&a, "A: 都道府県, 市\nB: 市, 政令市, 中核市, 特別区, 町, 村");
    ok(e && strstr(e, "2行目") && strstr(e, "「市」が二つの区分"), "a kind in two groups: %s", e);
    e = parse_error(&a, "A: 都道府県\nA: 政令市, 中核市, 特別区, 市, 町, 村");
    ok(e && strstr(e, "区分名「A」が重複"), "a label twice: %s", e);
    e = parse_error(&a, "A: 都道府県, 区\nB: 政令市, 中核市, 特別区, 市, 町, 村");
    ok(e && strstr(e, "「区」は団体区分ではありません"), "an unknown kind: %s", e);
    e = parse_error(&a, "都道府県\n");
    ok(e && strstr(e, "1行目"), "a line without a label: %s", e);
    e = parse_error(&a, "A:\nB: 都道府県, 政令市, 中核市, 特別区, 市, 町, 村");
    ok(e && strstr(e, "区分「A」に団体区分がありません"), "a group without a kind: %s", e);
    ok(parse_error(&a, "\n\n") != NULL, "no group at all");

    struct tempdb t;
    if (!tempdb_open(&t, "grouping"))
        return 1;
    struct grouping g;
    ok(grouping_load(t.db, "kind5", &a, &g) == 0 && g.n_groups == 5, "kind5 ships: five sections");
    is_str(grouping_text(&g, &a),
           "都道府県: 都道府県\n政令市: 政令市\n中核市・特別区: 中核市, 特別区\n一般市: 市\n"
           "町村: 町, 村\n",
           "the R7 document's sections: 中核市・特別区 together");
    ok(grouping_index(&g, "特別区", "東京都") == 2 && grouping_index(&g, "村", "長野県") == 4,
       "a 特別区 falls in 中核市・特別区, a 村 in 町村");
    ok(grouping_parse("大: 都道府県, 政令市\n小: 中核市, 特別区, 市, 町, 村", &a, &spec, &why),
       "a two-group scheme");
    is_int(grouping_compose(t.db, &audit_cli, "kind6", "x", &spec), ERR_CONFLICT,
           "a shipped scheme cannot be replaced");
    is_int(grouping_compose(t.db, &audit_cli, "Big Small", "x", &spec), ERR_INPUT,
           "an id that is not lowercase letters and digits");
    is_int(grouping_compose(t.db, &audit_cli, "size2", "大小", &spec), 0, "composed");
    ok(grouping_is_composed(t.db, "size2") && !grouping_is_composed(t.db, "kind5"),
       "marked as composed; kind5 is shipped");
    ok(grouping_load(t.db, "size2", &a, &g) == 0 && g.n_groups == 2 &&
           grouping_index(&g, "政令市", "大阪府") == 0 && grouping_index(&g, "町", "北海道") == 1,
       "and used like any scheme");
    char msg[256];
    ok(seed_all(t.db, msg, sizeof(msg)) == 0 && grouping_is_composed(t.db, "size2"),
       "seeding again keeps the composed scheme");
    is_int(grouping_remove(t.db, &audit_cli, "kind4"), ERR_CONFLICT, "a shipped scheme stays");
    is_int(grouping_remove(t.db, &audit_cli, "size2"), 0, "a composed scheme is removed");
    is_int(grouping_remove(t.db, &audit_cli, "size2"), ERR_NOTFOUND, "once");
    int64_t n = 0;
    db_query_int(t.db, "SELECT count(*) FROM audit WHERE action LIKE 'grouping.%'", &n);
    is_int(n, 2, "composing and removing are audited");

    char held[32];
    clock_wareki_month(2024, 10, held, sizeof(held));
    is_str(held, "令和6年10月", "2024-10 is 令和6年10月");
    clock_wareki_month(2019, 4, held, sizeof(held));
    is_str(held, "平成31年4月", "2019-04 is 平成31年4月");
    clock_wareki_month(2019, 5, held, sizeof(held));
    is_str(held, "令和元年5月", "2019-05 is 令和元年5月");
    int y, m;
    ok(past_round_parse_held("2023-03", &y, &m) && y == 2023 && m == 3, "2023-03 parses");
    ok(!past_round_parse_held("2023-3", &y, &m) && !past_round_parse_held("2023-13", &y, &m) &&
           !past_round_parse_held("令和5年3月", &y, &m),
       "other forms do not");
    tempdb_remove(&t);
    arena_reset(&a);
    return done_testing();
}
