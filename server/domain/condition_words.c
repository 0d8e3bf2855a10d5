/*
 * condition_words.c: a question's condition in words (survey.h), for the
 * answering page's note, the printable 調査票 and the Excel 調査票.
 */
#include "buf.h"
#include "survey.h"

static void
leaf_words(const struct survey *s, json_t *vi, struct buf *out)
{
    const struct question *t =
        survey_question(s, json_string_value(json_object_get(vi, "question")));
    json_t *equals = json_object_get(vi, "equals");
    json_t *list = json_object_get(vi, "any_of");
    bool none = list == NULL && json_object_get(vi, "none_of") != NULL;
    if (none)
        list = json_object_get(vi, "none_of");
    buf_printf(out, "前の設問「%s」で ", t ? t->label : "");
    if (equals) {
        buf_printf(out, "「%s」", json_string_value(equals));
    } else {
        size_t i;
        json_t *x;
        json_array_foreach(list, i, x)
            buf_printf(out, "%s「%s」", i ? "・" : "", json_string_value(x));
    }
    buf_puts(out, none ? " 以外 を選んだ" : " を選んだ");
}

void
survey_condition_words(const struct survey *s, json_t *vi, struct buf *out)
{
    json_t *all = json_object_get(vi, "all"), *any = json_object_get(vi, "any");
    json_t *not = json_object_get(vi, "not");
    if (not ) {
        buf_puts(out, "「");
        survey_condition_words(s, not, out);
        buf_puts(out, "」ではない");
    } else if (all || any) {
        size_t i;
        json_t *x;
        json_array_foreach(all ? all : any, i, x)
        {
            if (i)
                buf_puts(out, all ? " かつ " : " または ");
            bool nested = json_object_get(x, "all") || json_object_get(x, "any");
            buf_puts(out, nested ? "（" : "");
            survey_condition_words(s, x, out);
            buf_puts(out, nested ? "）" : "");
        }
    } else {
        leaf_words(s, vi, out);
    }
}
