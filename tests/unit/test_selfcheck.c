/*
 * test_selfcheck.c: self-check scoring: 該当なし and hidden items leave the
 * base, unanswered items stay in it, 一部実施 is counted apart; quartiles,
 * their rounding and the minimum group size (never under 5); and the shipped
 * clause tree (issue #20, reference 004): the α' measures per case, 第4編's
 * chapters, the β' conditions, and provenance kept out of the labels.
 */
#include "../tap.h"
#include "answer.h"
#include "arena.h"
#include "assets.h"
#include "selfcheck.h"

#include <string.h>

#include <math.h>
#include <stdlib.h>

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static const char def[] =
    "{\"id\":\"sc\",\"revision\":1,\"kind\":\"selfcheck\",\"title\":\"T\","
    "\"period\":{\"opens\":\"2025-01-01T00:00:00Z\",\"closes\":\"2026-01-01T00:00:00Z\"},"
    "\"sections\":["
    "{\"id\":\"pre\",\"title\":\"前提\",\"questions\":[{\"id\":\"wlan\",\"type\":\"single\","
    "\"label\":\"無線\",\"options\":[\"使う\",\"使わない\"]}]},"
    "{\"id\":\"a\",\"title\":\"1.1 A\",\"chapter\":\"1. 章\",\"questions\":["
    "{\"id\":\"r1\",\"type\":\"check\",\"label\":\"r1\",\"level\":\"必須\",\"measure\":"
    "\"技術的対策\"},"
    "{\"id\":\"r2\",\"type\":\"check\",\"label\":\"r2\",\"level\":\"必須\",\"measure\":"
    "\"技術的対策\"},"
    "{\"id\":\"r3\",\"type\":\"check\",\"label\":\"r3\",\"level\":\"必須\",\"measure\":"
    "\"技術的対策\"},"
    "{\"id\":\"r4\",\"type\":\"check\",\"label\":\"r4\",\"level\":\"必須\",\"measure\":"
    "\"技術的対策\"}]},"
    "{\"id\":\"b\",\"title\":\"1.2 B\",\"chapter\":\"1. 章\",\"questions\":["
    "{\"id\":\"w1\",\"type\":\"check\",\"label\":\"w1\",\"level\":\"必須\",\"measure\":"
    "\"技術的対策\","
    "\"visible_if\":{\"question\":\"wlan\",\"equals\":\"使う\"}},"
    "{\"id\":\"p1\",\"type\":\"check\",\"label\":\"p1\",\"level\":\"推奨\",\"measure\":"
    "\"組織的・人的対策\"}]},"
    "{\"id\":\"c\",\"title\":\"2. C\",\"chapter\":\"2. C\",\"questions\":["
    "{\"id\":\"x1\",\"type\":\"check\",\"label\":\"x1\",\"level\":\"必須\",\"measure\":"
    "\"技術的対策\"}]}]}";

static const char *const cases[] = {
    "（ア）認証・ウイルス定義体の取得のみ",
    "（イ）コミュニケーションツールを利用するがファイルを内部に取り込まない",
    "（ウ）コミュニケーションツールを利用し外部とファイル送受信を行う"};

/* True if item id of s is shown to a 団体 with this model and α' case (NULL: none). */
static bool
shown(const struct survey *s, const char *id, const char *model, const char *alpha_case)
{
    json_t *answers = json_pack("{s:s}", "model", model);
    if (alpha_case)
        json_object_set_new(answers, "alpha_dash", json_pack("[s]", alpha_case));
    const struct question *q = survey_question(s, id);
    bool v = q && answer_visible(s, q, answers);
    json_decref(answers);
    return v;
}

/* True if text holds 「（文書」, the provenance marker labels used to carry. */
static bool
has_marker(const char *text)
{
    return text && strstr(text, "（文書") != NULL;
}

static void
test_shipped_clause_tree(void)
{
    const struct asset *as = assets_find("seeds/surveys/04-selfcheck-guideline.json");
    struct survey *s = NULL;
    char msg[256] = "";
    ok(as && survey_parse((const char *)as->data, as->size, "04", &s, msg, sizeof(msg)) == 0,
       "the shipped self-check parses (%s)", msg);
    if (!s)
        return;
    /* α' measures per case (reference 004: the three α’モデルの対策 slides) */
    ok(!shown(s, "c3_ad_sanitize", "αモデル", cases[0]) &&
           shown(s, "c3_ad_sanitize", "αモデル", cases[1]) &&
           shown(s, "c3_ad_sanitize", "αモデル", cases[2]),
       "無害化 applies to (イ) as well as (ウ)");
    const struct question *access = survey_question(s, "c3_ad_access");
    ok(access && strstr(access->label, "アクセス制御") &&
           !shown(s, "c3_ad_access", "αモデル", cases[0]) &&
           shown(s, "c3_ad_access", "αモデル", cases[1]) &&
           shown(s, "c3_ad_access", "αモデル", cases[2]),
       "アクセス制御 is an item for (イ) and (ウ)");
    const struct question *dl = survey_question(s, "c3_ad_download");
    ok(dl && strstr(dl->label, "（イ）") && !strstr(dl->label, "（ウ）") &&
           shown(s, "c3_ad_download", "αモデル", cases[1]) &&
           !shown(s, "c3_ad_download", "αモデル", cases[2]),
       "ダウンロード制限 is labelled and shown for (イ) only, as on the slide");
    /* 第4編: chapters 1–4, its 第4章 repeating the 対策基準 1–9 */
    size_t chapters[5] = {0}, p4_items = 0;
    for (size_t i = 0; i < s->n_sections; i++) {
        const struct survey_section *sec = &s->sections[i];
        if (!sec->chapter || strcmp(sec->chapter, "第4編 クラウド利用等に関する特則") != 0)
            continue;
        for (int k = 1; k <= 4; k++) {
            char prefix[16];
            snprintf(prefix, sizeof(prefix), "第%d章", k);
            chapters[k] += strncmp(sec->title, prefix, strlen(prefix)) == 0;
        }
        p4_items += sec->count;
    }
    ok(chapters[1] == 1 && chapters[2] == 1 && chapters[3] == 1 && chapters[4] == 9,
       "第4編: 第1章–第3章 and 第4章 with the 対策基準 1–9 (%zu %zu %zu %zu)", chapters[1],
       chapters[2], chapters[3], chapters[4]);
    ok(p4_items >= 13, "第4編 has an item per section (%zu)", p4_items);
    /* β' conditions (reference 004: β´モデルについて) */
    static const char *const beta_dash[] = {"c3_bd_endpoint", "c3_bd_logs", "c3_bd_emergency"};
    bool all = true;
    for (size_t i = 0; i < 3; i++)
        all = all && shown(s, beta_dash[i], "β'モデル", NULL) &&
              !shown(s, beta_dash[i], "βモデル", NULL) && !shown(s, beta_dash[i], "αモデル", NULL);
    ok(all, "エンドポイント対策, ログ収集・監視, 緊急時即応体制 are items shown to β' 団体");
    /* provenance is a field, not part of what users read */
    size_t marked = 0, sourced = 0, given = 0;
    for (size_t i = 0; i < s->n_questions; i++) {
        const struct question *q = &s->questions[i];
        marked += has_marker(q->label) || has_marker(q->help);
        if (q->type != Q_CHECK)
            continue;
        sourced += q->source && json_string_value(json_object_get(q->source, "document")) &&
                   json_string_value(json_object_get(q->source, "file"));
        given += !q->level_assumed;
    }
    for (size_t i = 0; i < s->n_sections; i++)
        marked += has_marker(s->sections[i].title) || has_marker(s->sections[i].help);
    is_int(marked, 0, "no label, help or title a user reads contains 「（文書」");
    ok(sourced >= 30, "items taken from a reference document name it (%zu)", sourced);
    const struct question *ssid = survey_question(s, "c4_wlan_ssid");
    ok(given == 2 && ssid && !ssid->level_assumed &&
           strcmp(question_level_label(ssid), "必須") == 0,
       "only the 図表42/43 levels are given by a document; every other is assumed");
    const struct question *ciso = survey_question(s, "c1_ciso");
    ok(ciso && ciso->level_assumed && strcmp(question_level_label(ciso), "必須（想定）") == 0,
       "an assumed level reads 「必須（想定）」");
    survey_release(s);
}

int
main(void)
{
    struct survey *s;
    char msg[256];
    is_int(survey_parse(def, strlen(def), "sc.json", &s, msg, sizeof(msg)), 0, "definition");
    struct arena a;
    arena_init(&a, 0);
    json_t *answers = json_loads("{\"wlan\":\"使わない\","
                                 "\"r1\":{\"status\":\"実施済\"},\"r2\":{\"status\":\"一部実施\"},"
                                 "\"r3\":{\"status\":\"該当なし\"},"
                                 "\"w1\":{\"status\":\"未実施\"},"
                                 "\"p1\":{\"status\":\"実施済\"},\"x1\":{\"status\":\"実施済\"}}",
                                 0, NULL);
    struct sc_score sc;
    is_int(selfcheck_score(s, answers, &a, &sc), 0, "score");
    const struct sc_counts *all = &sc.overall.counts;
    is_int(sc_applicable(all, SC_REQUIRED), 4, "必須 base: r1 r2 r4 x1 (r3 該当なし, w1 hidden)");
    is_int(all->n[SC_REQUIRED][SC_DONE], 2, "実施済: r1 x1");
    is_int(all->n[SC_REQUIRED][SC_PARTIAL], 1, "一部実施 counted apart");
    is_int(all->n[SC_REQUIRED][SC_UNANSWERED], 1, "unanswered r4 stays in the base");
    is_int(all->n[SC_REQUIRED][SC_NOT_APPLICABLE], 2, "該当なし: r3 and the hidden w1");
    ok(fabs(sc_rate(all, SC_REQUIRED) - 50.0) < 1e-9, "必須 実施率 2/4 = 50%%");
    ok(fabs(sc_rate(all, SC_RECOMMENDED) - 100.0) < 1e-9, "推奨 実施率 1/1 = 100%%");
    is_int(sc.n_chapters, 2, "two chapters");
    is_int(sc.n_clauses, 3, "three clauses with items");
    is_str(sc.clauses[1].chapter, "1. 章", "a clause knows its chapter");
    ok(fabs(sc_rate(&sc.chapters[0].counts, SC_REQUIRED) - 100.0 / 3) < 1e-9, "chapter 1: 1/3");
    json_decref(answers);

    answers = json_loads("{\"wlan\":\"使う\",\"w1\":{\"status\":\"未実施\"}}", 0, NULL);
    selfcheck_score(s, answers, &a, &sc);
    is_int(sc.overall.counts.n[SC_REQUIRED][SC_NOT_DONE], 1, "w1 applies once 無線LAN is used");
    json_decref(answers);
    answers = json_loads("{\"r1\":{\"status\":\"該当なし\"},\"r2\":{\"status\":\"該当なし\"},"
                         "\"r3\":{\"status\":\"該当なし\"},\"r4\":{\"status\":\"該当なし\"},"
                         "\"x1\":{\"status\":\"該当なし\"}}",
                         0, NULL);
    selfcheck_score(s, answers, &a, &sc);
    ok(sc_rate(&sc.overall.counts, SC_REQUIRED) < 0, "no applicable item: no rate (not 0%%)");
    json_decref(answers);

    double q1, med, q3;
    /* The assessment's attack: with 3 peers the median and the interpolated
       quartiles gave the other two scores (2×Q1−median, 2×Q3−median). */
    struct sc_peer three = {"g", (double[]){20, 50, 90}, 3};
    ok(!selfcheck_quartiles(&three, 3, &q1, &med, &q3),
       "3 団体: no distribution, even when the setting asks for 3 (the floor is 5)");
    struct sc_peer nine = {"g", (double[]){10, 20, 30, 40, 50, 60, 70, 80, 90}, 9};
    ok(!selfcheck_quartiles(&nine, SC_PEER_MIN_DEFAULT, &q1, &med, &q3),
       "9 団体 under the default of 10: no distribution");
    struct sc_peer five = {"g", (double[]){0, 25, 50, 75, 100}, 5};
    ok(selfcheck_quartiles(&five, 5, &q1, &med, &q3) && q1 == 25 && med == 50 && q3 == 75,
       "quartiles of 0 25 50 75 100 with the setting at 5: never the minimum or maximum");
    struct sc_peer ten = {"g", (double[]){10, 20, 30, 40, 50, 60, 70, 80, 90, 100.0 / 3}, 10};
    qsort(ten.rates, ten.n, sizeof(double), cmp_double);
    ok(selfcheck_quartiles(&ten, 10, &q1, &med, &q3), "10 団体: a distribution");
    ok(q1 == round(q1) && med == round(med) && q3 == round(q3) && q1 == 31 && med == 45 && q3 == 68,
       "figures rounded to whole percent (Q1 30.8 → 31, median 45, Q3 67.5 → 68)");
    ok(q1 > ten.rates[0] && q3 < ten.rates[9], "neither the minimum nor the maximum");
    survey_release(s);
    arena_reset(&a);
    test_shipped_clause_tree();
    return done_testing();
}
