/*
 * test_tpl.c: templates escape by default and refuse raw strings.
 */
#include "../tap.h"
#include "arena.h"
#include "buf.h"
#include "err.h"
#include "tpl.h"

static const char *
render(struct arena *a, const char *src, struct tpl_vars *v, int *rc)
{
    char err[128];
    struct tpl *t = tpl_compile("t", src, strlen(src), err, sizeof(err));
    if (!t) {
        *rc = -100;
        return NULL;
    }
    struct buf *out = buf_new_in(a, 0);
    *rc = tpl_render(t, v, out);
    tpl_free(t);
    return arena_strdup(a, buf_str(out));
}

int
main(void)
{
    struct arena a;
    arena_init(&a, 0);
    struct tpl_vars *v = tpl_vars_new(&a, NULL);
    int rc;
    tpl_set(v, "x", "<b>\"'&");
    tpl_set_html(v, "h", (struct html_safe){"<i>ok</i>"});
    tpl_set_bool(v, "yes", true);
    tpl_set_bool(v, "no", false);
    tpl_set_list(v, "empty");
    for (int i = 0; i < 3; i++)
        tpl_set_int(tpl_add_item(v, "items"), "n", i);

    is_str(render(&a, "[{{x}}]", v, &rc), "[&lt;b&gt;&quot;&#39;&amp;]", "{{x}} escapes");
    is_str(render(&a, "{{x|url}}", v, &rc), "%3Cb%3E%22%27%26", "{{x|url}} percent-encodes");
    is_str(render(&a, "{{{h}}}", v, &rc), "<i>ok</i>", "{{{h}}} prints markup values");
    render(&a, "{{{x}}}", v, &rc);
    is_int(rc, ERR_INPUT, "{{{x}}} refuses a plain string");
    render(&a, "{{missing}}", v, &rc);
    is_int(rc, ERR_INPUT, "an unset name is an error, not empty output");
    is_str(render(&a, "{{#items}}<{{n}}>{{/items}}", v, &rc), "<0><1><2>", "lists repeat");
    is_str(render(&a, "{{#items}}{{x}}{{/items}}", v, &rc),
           "&lt;b&gt;&quot;&#39;&amp;&lt;b&gt;&quot;&#39;&amp;&lt;b&gt;&quot;&#39;&amp;",
           "items see outer names, escaped");
    is_str(render(&a, "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}n{{/no}}", v, &rc), "Yn", "flags");
    is_str(render(&a, "{{^empty}}none{{/empty}}", v, &rc), "none", "empty list inverted");
    char err[128];
    ok(tpl_compile("t", "{{#a}}x", 7, err, sizeof(err)) == NULL,
       "unclosed section fails to compile");
    ok(strstr(err, "t:1") != NULL, "compile error names the template and line");
    ok(tpl_compile("t", "{{a b}}", 7, err, sizeof(err)) == NULL, "bad tag name fails");
    ok(tpl_compile("t", "{{#a}}{{/b}}", 12, err, sizeof(err)) == NULL, "mismatched close fails");
    ok(tpl_compile("t", "{{x", 3, err, sizeof(err)) == NULL, "unclosed tag fails");
    arena_reset(&a);
    return done_testing();
}
