/*
 * test_relevant.c: XLSForm relevant expressions → visible_if and back, and
 * the conditions all/any/not in the validator and in answer_visible.
 */
#include "../tap.h"
#include "answer.h"
#include "buf.h"
#include "err.h"
#include "relevant.h"
#include "survey.h"

#include <stdlib.h>

static void
parses_to(const char *expr, const char *want)
{
    json_t *v = NULL;
    char msg[300] = "";
    int rc = relevant_parse(expr, &v, msg, sizeof(msg));
    char *got = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    ok(rc == 0 && got && strcmp(got, want) == 0, "%s", expr);
    if (!got || strcmp(got, want) != 0)
        printf("#   got  %s (%s)\n#   want %s\n", got ? got : "(null)", msg, want);
    /* Written back, it reads as the same condition. */
    if (v) {
        struct buf b;
        buf_init(&b, 0);
        relevant_write(v, &b);
        json_t *again = NULL;
        relevant_parse(buf_str(&b), &again, msg, sizeof(msg));
        ok(again && json_equal(again, v), "  written as %s, reads back the same", buf_str(&b));
        json_decref(again);
        buf_cleanup(&b);
    }
    free(got);
    json_decref(v);
}

static void
refused(const char *expr, const char *fragment)
{
    json_t *v = NULL;
    char msg[300] = "";
    int rc = relevant_parse(expr, &v, msg, sizeof(msg));
    ok(rc == ERR_INPUT && !v && strstr(msg, fragment), "refused: %s (%s)", expr, msg);
}

static void
test_parse(void)
{
    parses_to("selected(${a}, 'x')", "{\"any_of\":[\"x\"],\"question\":\"a\"}");
    parses_to("${a} = 'はい'", "{\"equals\":\"はい\",\"question\":\"a\"}");
    parses_to("${a}!=\"x\"", "{\"none_of\":[\"x\"],\"question\":\"a\"}");
    parses_to("selected(${a}, 'x') or selected(${a}, 'y')",
              "{\"any_of\":[\"x\",\"y\"],\"question\":\"a\"}");
    parses_to("not(selected(${a}, 'x') or selected(${a}, 'y'))",
              "{\"not\":{\"any_of\":[\"x\",\"y\"],\"question\":\"a\"}}");
    parses_to("${a} != 'x' and ${a} != 'y'", "{\"none_of\":[\"x\",\"y\"],\"question\":\"a\"}");
    parses_to("${a} != 'x' or ${a} != 'y' and ${b} != 'z'",
              "{\"any\":[{\"none_of\":[\"x\"],\"question\":\"a\"},{\"all\":[{\"none_of\":"
              "[\"y\"],\"question\":\"a\"},{\"none_of\":[\"z\"],\"question\":\"b\"}]}]}");
    parses_to("${a} = 'x' and ${b} = 'y'",
              "{\"all\":[{\"equals\":\"x\",\"question\":\"a\"},{\"equals\":\"y\","
              "\"question\":\"b\"}]}");
    parses_to("${a} = 'x' or ${b} = 'y' and selected(${c}, 'z')",
              "{\"any\":[{\"equals\":\"x\",\"question\":\"a\"},{\"all\":[{\"equals\":\"y\","
              "\"question\":\"b\"},{\"any_of\":[\"z\"],\"question\":\"c\"}]}]}");
    parses_to("(${a} = 'x' or ${b} = 'y') and not(${c} = 'z')",
              "{\"all\":[{\"any\":[{\"equals\":\"x\",\"question\":\"a\"},{\"equals\":\"y\","
              "\"question\":\"b\"}]},{\"not\":{\"equals\":\"z\",\"question\":\"c\"}}]}");
    parses_to("selected(${a}, 'x') or selected(${b}, 'y')",
              "{\"any\":[{\"any_of\":[\"x\"],\"question\":\"a\"},{\"any_of\":[\"y\"],"
              "\"question\":\"b\"}]}");
    parses_to("(selected(${a}, 'x') or selected(${a}, 'y')) and ${b} = \"it's\"",
              "{\"all\":[{\"any_of\":[\"x\",\"y\"],\"question\":\"a\"},{\"equals\":\"it's\","
              "\"question\":\"b\"}]}");
}

static void
test_refused(void)
{
    refused("", "1 文字目");
    refused("${a} = x", "引用符");
    refused("${a} > '1'", "= か !=");
    refused("selected(a, 'x')", "${名前}");
    refused("(${a} = 'x'", ")");
    refused("${a} = 'x' and", "${名前}");
    refused("${a} = 'x' ${b}", "式の続き");
    refused("${a} = 'x", "引用符が閉じていません");
    refused("count(${a}) > 1", "${名前}");
    char deep[400] = "";
    for (int i = 0; i < 40; i++)
        strncat(deep, "(", sizeof(deep) - strlen(deep) - 1);
    refused(deep, "深すぎます");
}

static const char def[] =
    "{\"id\":\"c\",\"revision\":1,\"kind\":\"survey\",\"title\":\"T\","
    "\"period\":{\"opens\":\"2025-02-04T00:00:00+09:00\",\"closes\":\"2025-02-14T00:00:00+09:00\"},"
    "\"sections\":[{\"id\":\"s\",\"title\":\"S\",\"questions\":["
    "{\"id\":\"a\",\"type\":\"single\",\"label\":\"A\",\"options\":[\"x\",\"y\"]},"
    "{\"id\":\"b\",\"type\":\"multi\",\"label\":\"B\",\"options\":[\"p\",\"q\"],"
    "\"visible_if\":{\"question\":\"a\",\"equals\":\"x\"}},"
    "{\"id\":\"t\",\"type\":\"text\",\"label\":\"T\",\"visible_if\":{\"any\":["
    "{\"all\":[{\"question\":\"a\",\"equals\":\"y\"},{\"not\":{\"question\":\"a\",\"equals\":"
    "\"x\"}}]},{\"question\":\"b\",\"any_of\":[\"q\"]}]}}]}]}";

static void
test_conditions(void)
{
    struct survey *s;
    char msg[300];
    is_int(survey_parse(def, strlen(def), "c.json", &s, msg, sizeof(msg)), 0,
           "all/any/not conditions are valid");
    if (!s)
        return;
    const struct question *t = survey_question(s, "t");
    json_t *ans = json_pack("{s:s}", "a", "y");
    ok(answer_visible(s, t, ans), "y and not x: shown");
    json_decref(ans);
    ans = json_pack("{s:s, s:[s]}", "a", "x", "b", "p");
    ok(!answer_visible(s, t, ans), "x, p: hidden");
    json_decref(ans);
    ans = json_pack("{s:s, s:[s]}", "a", "x", "b", "q");
    ok(answer_visible(s, t, ans), "x, q: shown (b is shown and has q)");
    json_decref(ans);
    ans = json_pack("{s:s, s:[s]}", "a", "x", "b", "p");
    json_object_set_new(ans, "a", json_string("y"));
    ok(answer_visible(s, t, ans), "a is y: shown, whatever b (hidden) held");
    json_decref(ans);
    ans = json_pack("{s:[s]}", "b", "q");
    ok(!answer_visible(s, t, ans), "a unanswered, so b hidden: its q does not count");
    json_decref(ans);
    survey_release(s);

    struct {
        const char *to, *fragment, *name;
    } bad[] = {
        {"{\"any\":[{\"question\":\"a\",\"equals\":\"x\"}]}", "二つ以上", "any with one condition"},
        {"{\"not\":{\"question\":\"a\",\"equals\":\"zz\"}}", "/visible_if/not",
         "an unknown option inside not, with its path"},
        {"{\"all\":[{\"question\":\"a\",\"equals\":\"y\"},{\"question\":\"a\",\"equals\":"
         "\"x\"}],\"not\":{\"question\":\"a\",\"equals\":\"x\"}}",
         "それだけ", "all beside another key"},
        {"{\"all\":[{\"question\":\"t\",\"equals\":\"y\"},{\"question\":\"a\",\"equals\":"
         "\"x\"}]}",
         "前にある選択式", "a leaf naming the question itself"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *at = strstr(def, "{\"any\":[{\"all\"");
        size_t head = (size_t)(at - def);
        const char *tail = strstr(at, "}]}}]}]}") + 3;
        char *json = malloc(strlen(def) + 200);
        snprintf(json, strlen(def) + 200, "%.*s%s%s", (int)head, def, bad[i].to, tail);
        int rc = survey_parse(json, strlen(json), "c.json", &s, msg, sizeof(msg));
        ok(rc == ERR_INPUT && strstr(msg, bad[i].fragment), "%s: %s", bad[i].name, msg);
        free(json);
    }
}

int
main(void)
{
    test_parse();
    test_refused();
    test_conditions();
    return done_testing();
}
