/*
 * test_param.c: declared route parameters (param.h) from a form, a query, a
 * path and a JSON body: the same checks and messages for each source.
 */
#include "../tap.h"
#include "arena.h"
#include "err.h"
#include "form.h"
#include "param.h"

static const char *const schemes[] = {"kind6", "kind4", NULL};

PARAMS(specs) = {
    {"id", PARAM_PATH, PARAM_TEXT, true, 0, 64, NULL, "照会"},
    {"group", PARAM_QUERY, PARAM_CHOICE, false, 0, 0, schemes, "集計区分"},
    {"comment", PARAM_BODY, PARAM_TEXT, false, 0, 10, NULL, "コメント"},
    {"version", PARAM_BODY, PARAM_INT, false, 1, 1000000, NULL, "版"},
    {"until", PARAM_BODY, PARAM_TIME, false, 0, 0, NULL, "期限"},
    {"organization", PARAM_BODY, PARAM_ORG, false, 0, 0, NULL, "団体コード"},
    {"overwrite", PARAM_BODY, PARAM_BOOL, false, 0, 0, NULL, "上書き"},
    PARAMS_END,
};

/* Checks a form body (urlencoded) with the query and path fixed. */
static int
check_form(struct arena *a, const char *body, const char *query, struct params *p,
           const char **field, const char **msg)
{
    struct form path = {0}, q = {0}, f = {0};
    const char *why;
    form_add(a, &path, "id", "r7-ikenshokai");
    form_parse(a, query, strlen(query), &q, &why);
    form_parse(a, body, strlen(body), &f, &why);
    struct param_sources src = {&path, &q, &f, NULL, NULL, NULL};
    return params_check(a, specs, &src, p, field, msg);
}

static int
check_json(struct arena *a, const char *body, struct params *p, const char **field,
           const char **msg)
{
    struct form path = {0}, q = {0};
    form_add(a, &path, "id", "r7-ikenshokai");
    json_t *j = json_loads(body, 0, NULL);
    struct param_sources src = {&path, &q, NULL, j, NULL, NULL};
    int rc = params_check(a, specs, &src, p, field, msg);
    json_decref(j);
    return rc;
}

int
main(void)
{
    struct arena a;
    arena_init(&a, 0);
    struct params p;
    const char *field, *msg;

    is_int(check_form(&a, "comment=%E7%90%86%E7%94%B1&version=3&until=2025-02-13T23%3A59",
                      "group=kind4", &p, &field, &msg),
           0, "a good form");
    is_str(param_text(&p, "comment"), "理由", "text from the form");
    is_int(param_int(&p, "version", -1), 3, "a number from the form");
    is_int(param_int(&p, "until", 0), 1739458740, "datetime-local is JST");
    is_str(param_text(&p, "group"), "kind4", "a choice from the query");
    is_str(param_text(&p, "id"), "r7-ikenshokai", "the path parameter");
    ok(!param_given(&p, "organization") && param_text(&p, "organization") == NULL,
       "an optional parameter not sent");
    is_str(param_text_or_empty(&p, "organization"), "", "or_empty gives \"\"");

    is_int(check_json(
               &a, "{\"comment\":\"理由\",\"version\":3,\"until\":\"2025-02-13T23:59:00+09:00\"}",
               &p, &field, &msg),
           0, "the same in JSON");
    is_int(param_int(&p, "version", -1), 3, "a JSON number");
    is_int(param_int(&p, "until", 0), 1739458740, "ISO 8601 with its offset");

    is_int(check_form(&a, "version=", "group=", &p, &field, &msg), 0,
           "an empty number or choice is one not sent");
    ok(!param_given(&p, "version") && !param_given(&p, "group"), "so both are absent");

    is_int(check_form(&a, "comment=12345678901", "", &p, &field, &msg), ERR_INPUT,
           "text over its length");
    is_str(field, "comment", "names the field");
    is_str(msg, "コメントは10文字以内で入力してください。", "the same message");
    is_int(check_json(&a, "{\"comment\":\"12345678901\"}", &p, &field, &msg), ERR_INPUT,
           "and in JSON");
    is_str(msg, "コメントは10文字以内で入力してください。", "with the same message");

    is_int(check_json(&a, "{\"comment\":\"a\\uffffb\"}", &p, &field, &msg), ERR_INPUT,
           "a noncharacter is refused");
    is_int(check_json(&a, "{\"comment\":\"a\\u0001b\"}", &p, &field, &msg), ERR_INPUT,
           "a control character is refused");
    is_int(check_json(&a, "{\"comment\":\"a\\tb\\nc\"}", &p, &field, &msg), 0,
           "tab and line feed are text");

    is_int(check_form(&a, "version=0", "", &p, &field, &msg), ERR_INPUT, "a number under min");
    is_int(check_form(&a, "version=3x", "", &p, &field, &msg), ERR_INPUT, "digits and a letter");
    is_int(check_form(&a, "version=+3", "", &p, &field, &msg), ERR_INPUT, "a plus sign");
    is_int(check_form(&a, "version=99999999999999999999", "", &p, &field, &msg), ERR_INPUT,
           "a number past long long");
    is_int(check_json(&a, "{\"version\":\"3\"}", &p, &field, &msg), ERR_INPUT,
           "a JSON string where a number is declared");
    is_str(msg, "版は1から1000000までの整数で指定してください。",
           "says what a form's bad value would");
    is_int(check_form(&a, "version=1&version=2", "", &p, &field, &msg), ERR_INPUT,
           "a field sent twice");
    is_str(msg, "版が複数送信されています。", "says so");

    is_int(check_form(&a, "", "group=kind9", &p, &field, &msg), ERR_INPUT, "an unknown choice");
    is_str(msg, "集計区分は kind6、kind4 のいずれかです。", "lists the choices");
    is_int(check_form(&a, "until=tomorrow", "", &p, &field, &msg), ERR_INPUT, "a bad time");
    is_int(check_form(&a, "organization=010007", "", &p, &field, &msg), ERR_INPUT,
           "a 団体コード with a wrong check digit");
    is_int(check_form(&a, "organization=010006", "", &p, &field, &msg), 0, "北海道's code");

    is_int(check_json(&a, "{\"version\":true}", &p, &field, &msg), ERR_INPUT,
           "true where a number is declared");
    is_str(msg, "版は1から1000000までの整数で指定してください。", "says so");
    is_int(check_form(&a, "overwrite=1", "", &p, &field, &msg), 0, "a form's checkbox");
    is_int(param_int(&p, "overwrite", 0), 1, "is yes");
    is_int(check_json(&a, "{\"overwrite\":true}", &p, &field, &msg), 0, "a JSON true");
    is_int(param_int(&p, "overwrite", 0), 1, "is yes too");
    is_int(check_json(&a, "{\"overwrite\":false}", &p, &field, &msg), 0, "a JSON false");
    ok(param_given(&p, "overwrite") && param_int(&p, "overwrite", 1) == 0, "is a given no");
    is_int(check_form(&a, "overwrite=", "", &p, &field, &msg), 0, "an empty yes/no");
    ok(!param_given(&p, "overwrite"), "is one not sent");
    is_int(check_form(&a, "overwrite=yes", "", &p, &field, &msg), ERR_INPUT, "another word");
    is_str(msg, "上書きは 1（はい）か 0（いいえ）で指定してください。", "says what it takes");
    is_int(check_json(&a, "{\"overwrite\":\"true\"}", &p, &field, &msg), ERR_INPUT,
           "a JSON string where yes/no is declared");

    is_int(check_json(&a, "[1]", &p, &field, &msg), ERR_INPUT, "a JSON body that is no object");
    ok(field == NULL, "names the body as a whole");

    PARAMS(required) = {{"reason", PARAM_BODY, PARAM_TEXT, true, 1, 0, NULL, "理由"}, PARAMS_END};
    struct form empty = {0};
    struct param_sources src = {&empty, &empty, &empty, NULL, NULL, NULL};
    is_int(params_check(&a, required, &src, &p, &field, &msg), ERR_INPUT,
           "a required parameter missing");
    is_str(msg, "理由を指定してください。", "says which");
    struct form blank = {0};
    form_add(&a, &blank, "reason", "");
    src.form = &blank;
    is_int(params_check(&a, required, &src, &p, &field, &msg), ERR_INPUT,
           "text under its minimum (blank)");
    is_str(msg, "理由を入力してください。", "asks for it");
    is_int(params_check(&a, NULL, &src, &p, &field, &msg), 0, "a route without parameters");

    arena_reset(&a);
    return done_testing();
}
