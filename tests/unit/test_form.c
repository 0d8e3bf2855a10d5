/*
 * test_form.c: the urlencoded parser (RELIABILITY B3 at unit level).
 */
#include "../tap.h"
#include "arena.h"
#include "err.h"
#include "form.h"
#include "jsonin.h"

static int
parse(struct arena *a, const char *s, size_t n, struct form *f)
{
    const char *why;
    return form_parse(a, s, n, f, &why);
}

int
main(void)
{
    struct arena a;
    arena_init(&a, 1 << 24);
    struct form f;
    const char *s = "a=1&b=%E3%81%82&c=x+y&c=z&d&e=%20";
    is_int(parse(&a, s, strlen(s), &f), 0, "valid body parses");
    is_str(form_get(&f, "a"), "1", "plain value");
    is_str(form_get(&f, "b"), "あ", "percent-encoded UTF-8");
    is_str(form_get(&f, "c"), "x y", "+ is a space");
    is_int(form_count(&f, "c"), 2, "repeated keys are kept in order");
    is_str(form_get(&f, "d"), "", "key without = has empty value");
    is_str(form_get(&f, "e"), " ", "%20 is a space");
    ok(form_get(&f, "zz") == NULL, "missing key is NULL");

    is_int(parse(&a, "a=\0b", 4, &f), ERR_INPUT, "raw NUL is refused (CVE-2025-9648)");
    is_int(parse(&a, "a=%00", 5, &f), ERR_INPUT, "%00 is refused");
    is_int(parse(&a, "a=%4", 4, &f), ERR_INPUT, "truncated escape is refused");
    is_int(parse(&a, "a=%ZZ", 5, &f), ERR_INPUT, "bad hex is refused");
    is_int(parse(&a, "a=%C0%AF", 8, &f), ERR_INPUT, "overlong UTF-8 is refused");
    is_int(parse(&a, "a=%ED%A0%80", 11, &f), ERR_INPUT, "surrogate is refused");
    is_int(parse(&a, "=1", 2, &f), ERR_INPUT, "empty key is refused");
    is_int(parse(&a, "a=%0d%0a", 8, &f), 0, "CR LF in a value is allowed (textarea)");

    static char many[20000];
    size_t n = 0;
    for (int i = 0; i < FORM_MAX_FIELDS + 1; i++)
        n += (size_t)snprintf(many + n, sizeof(many) - n, "k=%d&", i % 10);
    is_int(parse(&a, many, n, &f), ERR_TOOBIG, "too many fields is refused");
    static char longkey[FORM_MAX_KEY + 10];
    memset(longkey, 'k', sizeof(longkey) - 1);
    is_int(parse(&a, longkey, sizeof(longkey) - 1, &f), ERR_INPUT, "over-long key is refused");

    is_int(jsonin_depth("[[{\"a\":[1]}]]", 13), 4, "jsonin_depth counts nesting");
    is_int(jsonin_depth("[\"[[[[\"]", 8), 1, "brackets inside strings do not count");
    is_int(jsonin_depth("[\"\\\"[[\"]", 9), 1, "escaped quotes stay inside the string");
    static char deep[6001];
    memset(deep, '[', 3000);
    memset(deep + 3000, ']', 3000);
    char msg[128];
    ok(jsonin_parse(deep, 6000, msg, sizeof(msg)) == NULL && strstr(msg, "入れ子") != NULL,
       "3,000-deep JSON is refused before jansson recurses");
    ok(jsonin_parse("{\"a\":1,\"a\":2}", 13, msg, sizeof(msg)) == NULL, "duplicate keys refused");
    json_t *j = jsonin_parse("{\"a\":[1,2]}", 11, msg, sizeof(msg));
    ok(j && json_is_array(json_object_get(j, "a")), "valid JSON parses");
    json_decref(j);
    arena_reset(&a);
    return done_testing();
}
