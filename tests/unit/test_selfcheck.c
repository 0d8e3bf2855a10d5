/*
 * test_selfcheck.c: self-check scoring: 該当なし and hidden items leave the
 * base, unanswered items stay in it, 一部実施 is counted apart; quartiles,
 * their rounding and the minimum group size (never under 5).
 */
#include "../tap.h"
#include "arena.h"
#include "selfcheck.h"

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
    survey_free(s);
    arena_reset(&a);
    return done_testing();
}
