/*
 * test_agg.c: the published tables, counted by the domain modules on a
 * temporary database holding the demo's submitted answers (whose counts are
 * the Ministry's): R7 意見照会 by 団体区分 (agg), the R3 分類 summary
 * (entries), the responses behind them (response) and an import (importer);
 * on a small definition, the base of a conditional question and 未回答, and
 * the re-storing of a changed definition that has answers.
 * The same figures are checked through the server by tests/http/test_results.py;
 * here a broken rule fails in seconds.
 */
#include "../tap.h"
#include "tempdb.h"
#include "agg.h"
#include "answer.h"
#include "arena.h"
#include "audit.h"
#include "db.h"
#include "entries.h"
#include "err.h"
#include "grouping.h"
#include "importer.h"
#include "migrate.h"
#include "published_summary.h"
#include "response.h"
#include "seed.h"
#include "seed_demo.h"
#include "survey_store.h"
#include "table.h"

#include <stdlib.h>
#include <unistd.h>

/* 令和7年2月 意見照会 (reference 000): 回答団体数 and 運用に課題がある項目 per 区分,
   options 組織・人員体制, スキル不足, コスト, その他, 課題なし. */
static const struct {
    const char *group;
    int64_t organizations, respondents, counts[5];
} published_r7[] = {
    {"都道府県", 47, 12, {3, 2, 6, 5, 4}},    {"政令市", 20, 10, {1, 2, 5, 6, 3}},
    {"中核市", 62, 9, {1, 1, 4, 3, 2}},       {"特別区", 23, 4, {1, 0, 0, 2, 1}},
    {"一般市", 710, 43, {13, 16, 23, 5, 14}}, {"町村", 926, 93, {34, 30, 32, 4, 46}},
};
static const int64_t published_r7_total[5] = {53, 51, 70, 25, 70};

/* 令和3年 意見照会 (reference 003): 分類 × 意見 / 質問 as its published list has
   them (the demo imports the list's 264 rows); the published summary table
   says その他 意見 11 and 意見 158, one less than the list's rows. */
static const struct {
    const char *category;
    int64_t opinions, questions;
} published_r3[] = {
    {"１-①.外部サービスの再定義", 18, 16},
    {"１-②.外部サービス利用時のセキュリティ要件", 24, 31},
    {"１-③.クラウドサービス選定の指標・基準等", 21, 11},
    {"２.情報セキュリティ対策の動向を踏まえた記載の充実", 13, 9},
    {"３-①.テレワーク実施時のセキュリティ対策", 4, 2},
    {"３-②.BYOD利用時のセキュリティ対策", 4, 0},
    {"３-③.Web会議サービス利用時のセキュリティ対策", 11, 8},
    {"４.マイナンバー利用事務系から外部接続先へのデータのアップロード", 19, 17},
    {"今回改定範囲外", 33, 6},
    {"その他", 12, 5},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void
test_r7_kind6(struct db *db)
{
    struct survey *s = NULL;
    is_int(survey_load(db, "r7-ikenshokai", &s), 0, "R7 loads");
    if (!s)
        return;
    struct arena a;
    arena_init(&a, 0);
    struct agg_result r;
    is_int(agg_compute(db, s, "kind6", NULL, &a, &r), 0, "kind6 counts");
    is_int(r.n_groups, N_OF(published_r7), "six 区分");
    const struct agg_question *q = agg_question(&r, "challenges");
    ok(q && q->n_options == 5, "運用に課題がある項目 has five options");
    for (size_t g = 0; q && g < r.n_groups && g < N_OF(published_r7); g++) {
        is_str(r.groups[g].label, published_r7[g].group, "区分 in the published order");
        is_int(r.groups[g].organizations, published_r7[g].organizations, published_r7[g].group);
        is_int(r.groups[g].respondents, published_r7[g].respondents, published_r7[g].group);
        int same = 1;
        for (size_t o = 0; o < 5; o++)
            same &= q->counts[g * q->n_options + o] == published_r7[g].counts[o];
        ok(same, "%s: the published counts", published_r7[g].group);
    }
    if (q) {
        int same = 1;
        for (size_t o = 0; o < 5; o++)
            same &= q->counts[r.n_groups * q->n_options + o] == published_r7_total[o];
        ok(same, "合計 53/51/70/25/70 as published");
        is_int(r.groups[r.n_groups].respondents, 171, "171 回答団体");
        is_int(r.groups[r.n_groups].organizations, 1788, "of 1,788 団体");
    }
    is_int(agg_compute(db, s, "no-such-scheme", NULL, &a, &r), ERR_NOTFOUND,
           "an unknown grouping scheme is ERR_NOTFOUND");
    is_int(agg_compute(db, s, "kind6", "北海道", &a, &r), 0, "one prefecture's 団体 only");
    is_int(r.groups[r.n_groups].organizations, 180, "北海道 and its 179 市町村");
    arena_reset(&a);
    survey_release(s);
}

static void
test_r3_summary(struct db *db)
{
    struct survey *s = NULL;
    is_int(survey_load(db, "r3-ikenshokai", &s), 0, "R3 loads");
    if (!s)
        return;
    const struct question *q = entries_question(s, "entries");
    ok(q != NULL, "R3's entries question");
    struct arena a;
    arena_init(&a, 0);
    struct entry *e = NULL;
    size_t n = 0;
    struct entries_summary sum;
    if (q && entries_collect(db, s, q, NULL, &a, &e, &n) == 0 &&
        entries_summarize(q, e, n, &a, &sum) == 0) {
        is_int(sum.n_rows, N_OF(published_r3), "ten 分類");
        for (size_t i = 0; i < sum.n_rows && i < N_OF(published_r3); i++) {
            ok(strcmp(sum.category[i], published_r3[i].category) == 0 &&
                   sum.counts[i][0] == published_r3[i].opinions &&
                   sum.counts[i][1] == published_r3[i].questions,
               "%s: 意見 %lld, 質問 %lld as the published list", published_r3[i].category,
               (long long)published_r3[i].opinions, (long long)published_r3[i].questions);
        }
        is_int(sum.total[0], 159, "意見 159 rows");
        is_int(sum.total[1], 105, "質問 105");
        long last_opinion = 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(e[i].kind, "意見") == 0)
                last_opinion = e[i].no;
        is_int(last_opinion, 159, "意見 are numbered 1..159");
        const char *note = published_summary_note(s, &sum, &a);
        ok(note && strstr(note, "「その他」の意見 12件（公表資料 11件）") &&
               strstr(note, "「合計」の意見 159件（公表資料 158件）") && !strstr(note, "質問"),
           "the note names where the published table differs (%s)", note ? note : "none");
        ok(e[0].body &&
               strncmp(e[0].body, "ガイドライン改定に伴い", strlen("ガイドライン改定に伴い")) ==
                   0 &&
               strcmp(e[0].material, "ガイドライン改定案") == 0 && strcmp(e[0].page, "ⅲ- 142") == 0,
           "意見 1 is the published row: its text, 対象資料 and page");
    } else {
        ok(0, "R3's entries are collected and summarised");
    }
    arena_reset(&a);
    survey_release(s);
}

/* A submitted response counts; a draft saved after it does not change the results. */
static void
test_draft_does_not_count(struct db *db)
{
    struct survey *s = NULL;
    survey_load(db, "r7-ikenshokai", &s);
    if (!s)
        return;
    struct response cur;
    is_int(response_get(db, s->id, "011002", &cur), 0, "札幌市's R7 response");
    ok(cur.exists, "札幌市 responded in the demo");
    response_cleanup(&cur);
    json_t *answers = json_pack("{s:[s]}", "challenges", "課題なし");
    long version = 0;
    is_int(response_save(db, &audit_cli, s->id, "011002", answers, RESPONSE_ANY_VERSION, false,
                         &version),
           0, "a later draft is saved");
    json_decref(answers);
    struct arena a;
    arena_init(&a, 0);
    struct agg_result r;
    agg_compute(db, s, "kind6", NULL, &a, &r);
    const struct agg_question *q = agg_question(&r, "challenges");
    ok(q && q->counts[1 * q->n_options + 4] == published_r7[1].counts[4],
       "政令市's 課題なし is still the submitted count");
    arena_reset(&a);
    survey_release(s);
}

/* An import with one bad row takes nothing. */
static void
test_import_all_or_nothing(struct db *db)
{
    struct survey *s = NULL;
    survey_load(db, "r3-ikenshokai", &s);
    if (!s)
        return;
    static const char csv[] = "種別,項番,対象資料,対象ページ,分類,本文\n"
                              "意見,1,ガイドライン改定案,10,その他,一行目の意見\n"
                              "感想,2,ガイドライン改定案,11,その他,種別が正しくない行\n";
    char msg[512] = "";
    int rows = 0;
    int rc = import_entries(db, &audit_cli, s, "entries", "test.csv", csv, sizeof(csv) - 1, true,
                            NULL, &rows, msg, sizeof(msg));
    ok(rc != 0, "a file with a bad 種別 is refused");
    ok(strstr(msg, "3行目") != NULL, "the message names the bad row (%s)", msg);
    struct arena a;
    arena_init(&a, 0);
    struct entry *e = NULL;
    size_t n = 0;
    const struct question *q = entries_question(s, "entries");
    entries_collect(db, s, q, NULL, &a, &e, &n);
    is_int(n, 264, "and no row of it was stored, nor any of the list replaced");
    arena_reset(&a);
    survey_release(s);
}

/* A small survey with a condition: the percentages of a conditional question
   have as base the 団体 it was shown to, and 未回答 is counted among them. */
static const char conditional_def[] =
    "{\"id\": \"t-condition\", \"revision\": 1, \"kind\": \"survey\", \"title\": \"条件付き\","
    " \"default_group\": \"kind4\","
    " \"period\": {\"opens\": \"2020-01-01T00:00:00+09:00\", \"closes\": "
    "\"2030-01-01T00:00:00+09:00\"},"
    " \"sections\": [{\"id\": \"s\", \"title\": \"s\", \"questions\": ["
    "  {\"id\": \"model\", \"type\": \"single\", \"label\": \"モデル\", \"required\": true,"
    "   \"options\": [\"α\", \"β\"]},"
    "  {\"id\": \"considered\", \"type\": \"single\", \"label\": \"移行の検討\","
    "   \"visible_if\": {\"question\": \"model\", \"equals\": \"α\"},"
    "   \"options\": [\"ある\", \"ない\"]}]}]}";

/* Submits answers (JSON text) of org to s. */
static int
submit(struct db *db, const struct survey *s, const char *org, const char *answers_json)
{
    json_t *answers = json_loads(answers_json, 0, NULL);
    long version = 0;
    int rc =
        response_save(db, &audit_cli, s->id, org, answers, RESPONSE_ANY_VERSION, false, &version);
    json_decref(answers);
    struct arena a;
    arena_init(&a, 0);
    struct answer_issues is;
    answer_issues_init(&is, &a);
    if (rc == 0)
        rc = response_submit(db, &audit_cli, s, org, version, false, &is, &version);
    arena_reset(&a);
    return rc;
}

/* The counts of "considered" for 都道府県 (kind4 group 0): base, ある, 未回答, and
   the table's percentage of ある. */
static void
check_considered(struct db *db, const struct survey *s, int64_t base, int64_t yes,
                 int64_t unanswered, const char *percent)
{
    struct arena a;
    arena_init(&a, 0);
    struct agg_result r;
    struct table t;
    is_int(agg_compute(db, s, "kind4", NULL, &a, &r), 0, "kind4 counts");
    const struct agg_question *q = agg_question(&r, "considered");
    ok(q && q->unanswered, "未回答 is a category of a question with a condition");
    if (q) {
        is_int(agg_base(q, 0), base, "base: the 都道府県 it was shown to");
        is_int(q->counts[0], yes, "ある");
        is_int(agg_unanswered(q, 0), unanswered, "未回答");
        is_int(agg_question_table(&r, q, &a, &t), 0, "its table");
        /* columns: 区分, base, ある, ない, 未回答, ある（%）, ない（%）, 未回答（%） */
        is_str(t.head[1], "集計対象（設問が表示された団体）", "the base is named");
        is_str(t.head[4], "未回答", "未回答 is a column");
        is_str(table_cell(&t, 0, 5), percent, "ある（%）of the 団体 it was shown to");
        is_str(table_cell(&t, 0, 1), arena_printf(&a, "%lld", (long long)base),
               "the base is printed");
    }
    const struct agg_question *m = agg_question(&r, "model");
    ok(m && !m->unanswered && agg_base(m, 0) == r.groups[0].respondents,
       "a required question without condition: base is every respondent, no 未回答");
    arena_reset(&a);
}

static void
test_conditional_base(struct db *db)
{
    enum survey_store_result res;
    char msg[512] = "";
    ok(survey_store(db, &audit_cli, conditional_def, sizeof(conditional_def) - 1, "t.json", &res,
                    msg, sizeof(msg)) == 0,
       "a survey with a condition loads (%s)", msg);
    struct survey *s = NULL;
    if (survey_load(db, "t-condition", &s))
        return;
    is_str(s->default_group, "kind4", "its default grouping is named in the definition");
    ok(submit(db, s, "010006", "{\"model\": \"α\", \"considered\": \"ある\"}") == 0 &&
           submit(db, s, "020001", "{\"model\": \"α\", \"considered\": \"ない\"}") == 0 &&
           submit(db, s, "030007", "{\"model\": \"β\"}") == 0,
       "two α 都道府県 (one considered) and one β submit");
    check_considered(db, s, 2, 1, 0, "50.0");
    ok(submit(db, s, "040002", "{\"model\": \"α\"}") == 0, "an α 都道府県 leaves it empty");
    check_considered(db, s, 3, 1, 1, "33.3");
    survey_release(s);
}

#define T_HEAD(rev, title)                                                                         \
    "{\"id\": \"t-condition\", \"revision\": " rev ", \"kind\": \"survey\", \"title\": \"" title   \
    "\","                                                                                          \
    " \"period\": {\"opens\": \"2020-01-01T00:00:00+09:00\", \"closes\": "                         \
    "\"2030-01-01T00:00:00+09:00\"}, \"sections\": [{\"id\": \"s\", \"title\": \"s\", "            \
    "\"questions\": ["
#define T_MODEL                                                                                            \
    "{\"id\": \"model\", \"type\": \"single\", \"label\": \"採用しているモデル\", \"required\": " \
    "true,"                                                                                                \
    " \"options\": [\"α\", \"β\", \"β'\"]}"
#define T_CONSIDERED                                                                               \
    ", {\"id\": \"considered\", \"type\": \"single\", \"label\": \"移行を検討したか\","    \
    " \"visible_if\": {\"question\": \"model\", \"equals\": \"α\"}, \"options\": [\"ある\", "   \
    "\"ない\"]}"

/* A definition with responses is replaced only by a higher revision that
   keeps every stored answer readable: how a changed shipped survey is
   re-seeded over a database that has answers. */
static void
test_revision_keeps_answers(struct db *db)
{
    static const struct {
        const char *def;
        int rc;
        const char *what;
    } cases[] = {
        {T_HEAD("1", "条件付き（改）") T_MODEL T_CONSIDERED "]}]}", ERR_CONFLICT,
         "a change without a higher revision is refused"},
        {T_HEAD("2", "条件付き") T_MODEL "]}]}", ERR_CONFLICT,
         "a higher revision that drops an answered question is refused"},
        {T_HEAD("2", "条件付き") "{\"id\": \"model\", \"type\": \"single\", \"label\": \"m\","
                                 " \"options\": [\"α\"]}" T_CONSIDERED "]}]}",
         ERR_CONFLICT, "a higher revision that drops an option is refused"},
        {T_HEAD("2", "条件付き（改）") T_MODEL T_CONSIDERED
         ", {\"id\": \"other\", \"type\": \"text\", \"label\": \"その他\"}]}]}",
         0, "a higher revision that relabels and adds is stored"},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        enum survey_store_result res;
        char msg[512] = "";
        int rc = survey_store(db, &audit_cli, cases[i].def, strlen(cases[i].def), "t.json", &res,
                              msg, sizeof(msg));
        ok(rc == cases[i].rc &&
               (rc == 0 ? res == SURVEY_REPLACED : strstr(msg, "新しい id") != NULL),
           "%s (%s)", cases[i].what, msg);
    }
    struct survey *s = NULL;
    struct response cur;
    if (survey_load(db, "t-condition", &s) == 0 && response_get(db, s->id, "010006", &cur) == 0) {
        ok(s->revision == 2 && survey_question(s, "other") != NULL, "the new revision is in use");
        is_str(json_string_value(json_object_get(cur.answers, "considered")), "ある",
               "the stored answer is kept");
        response_cleanup(&cur);
    }
    survey_release(s);
}

/* The ?group= choices (grouping_scheme_ids) are exactly the seeded schemes,
   each of which loads. */
static void
test_scheme_ids(struct db *db)
{
    static const char sql[] = "SELECT count(*) FROM groupings";
    int64_t seeded = -1;
    size_t n = 0;
    is_int(db_query_int(db, sql, &seeded), 0, "the seeded schemes are counted");
    for (; grouping_scheme_ids[n]; n++) {
        struct arena a;
        struct grouping g;
        arena_init(&a, 1u << 20);
        is_int(grouping_load(db, grouping_scheme_ids[n], &a, &g), 0, grouping_scheme_ids[n]);
        arena_reset(&a);
    }
    is_int((int64_t)n, seeded, "grouping_scheme_ids names every seeded scheme");
}

int
main(void)
{
    struct tempdb t;
    if (!tempdb_open(&t, "agg"))
        return 1;
    struct db *db = t.db;
    is_int(seed_demo_answers(db), 0, "the demo's submitted answers load");
    test_r7_kind6(db);
    test_r3_summary(db);
    test_draft_does_not_count(db);
    test_import_all_or_nothing(db);
    test_conditional_base(db);
    test_revision_keeps_answers(db);
    test_scheme_ids(db);
    tempdb_remove(&t);
    return done_testing();
}
