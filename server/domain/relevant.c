/*
 * relevant.c: XLSForm relevant expressions ⇄ visible_if (see relevant.h).
 *
 * A recursive-descent parser over the expression text:
 *   or    := and ("or" and)*
 *   and   := unary ("and" unary)*
 *   unary := "not" "(" or ")" | "(" or ")" | "selected" "(" ref "," string ")"
 *          | ref ("=" | "!=") string
 */
#include "relevant.h"
#include "buf.h"
#include "err.h"
#include "survey.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct parser {
    const char *start, *p;
    char *msg;
    size_t msglen;
    int rc;
    int depth;
};

static json_t *fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static json_t *
fail(struct parser *ps, const char *fmt, ...)
{
    if (ps->rc)
        return NULL;
    char what[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    /* The position in characters, as a reader counts them. */
    size_t chars = 0;
    for (const char *q = ps->start; q < ps->p && *q;) {
        utf8_next(&q);
        chars++;
    }
    snprintf(ps->msg, ps->msglen, "%zu 文字目: %s", chars + 1, what);
    ps->rc = ERR_INPUT;
    return NULL;
}

static void
skip_space(struct parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
        ps->p++;
}

/* Consumes the punctuation or keyword tok if it comes next. */
static bool
accept(struct parser *ps, const char *tok)
{
    skip_space(ps);
    size_t n = strlen(tok);
    if (strncmp(ps->p, tok, n) != 0)
        return false;
    char after = ps->p[n];
    bool word = (tok[0] >= 'a' && tok[0] <= 'z');
    if (word && ((after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
                 (after >= '0' && after <= '9') || after == '_'))
        return false;
    ps->p += n;
    return true;
}

static bool
expect(struct parser *ps, const char *tok, const char *what)
{
    if (accept(ps, tok))
        return true;
    fail(ps, "%s が必要です", what);
    return false;
}

/* ${name} → name (a new string), or NULL with an error. */
static json_t *
parse_ref(struct parser *ps)
{
    skip_space(ps);
    if (strncmp(ps->p, "${", 2) != 0)
        return fail(ps, "設問は ${名前} の形で書いてください");
    const char *name = ps->p + 2, *end = name;
    while ((*end >= 'a' && *end <= 'z') || (*end >= 'A' && *end <= 'Z') ||
           (*end >= '0' && *end <= '9') || *end == '_' || *end == '-' || *end == '.')
        end++;
    if (end == name || *end != '}')
        return fail(ps, "設問は ${名前} の形で書いてください");
    ps->p = end + 1;
    return json_stringn(name, (size_t)(end - name));
}

/* 'text' or "text" → a new string. */
static json_t *
parse_string(struct parser *ps)
{
    skip_space(ps);
    char quote = *ps->p;
    if (quote != '\'' && quote != '"')
        return fail(ps, "選択肢の名前は 'はい' のように引用符で囲んでください");
    const char *s = ps->p + 1, *end = strchr(s, quote);
    if (!end)
        return fail(ps, "引用符が閉じていません");
    ps->p = end + 1;
    if (end == s)
        return fail(ps, "選択肢の名前が空です");
    return json_stringn(s, (size_t)(end - s));
}

static json_t *
leaf(json_t *question, const char *op, json_t *value)
{
    json_t *v = json_object();
    json_object_set_new(v, "question", question);
    if (strcmp(op, "equals") == 0) {
        json_object_set_new(v, op, value);
    } else {
        json_t *list = json_array();
        json_array_append_new(list, value);
        json_object_set_new(v, op, list);
    }
    return v;
}

static json_t *parse_or(struct parser *ps);

/* A bare selected() or != : a candidate for joining others of its question
   (selected() in an or-chain into one any_of, != in an and-chain into one
   none_of). */
struct operand {
    json_t *cond;
    bool bare;
};

static struct operand
parse_unary(struct parser *ps)
{
    struct operand o = {NULL, false};
    if (++ps->depth > SURVEY_CONDITION_DEPTH * 2) {
        fail(ps, "括弧の入れ子が深すぎます");
    } else if (accept(ps, "not")) {
        if (expect(ps, "(", "not の後に (")) {
            json_t *inner = parse_or(ps);
            if (inner && expect(ps, ")", ")")) {
                o.cond = json_object();
                json_object_set_new(o.cond, "not", inner);
            } else {
                json_decref(inner);
            }
        }
    } else if (accept(ps, "(")) {
        o.cond = parse_or(ps);
        if (o.cond && !expect(ps, ")", ")")) {
            json_decref(o.cond);
            o.cond = NULL;
        }
    } else if (accept(ps, "selected")) {
        json_t *q = NULL, *v = NULL;
        if (expect(ps, "(", "selected の後に (") && (q = parse_ref(ps)) &&
            expect(ps, ",", "selected(${設問}, '選択肢') の ,") && (v = parse_string(ps)) &&
            expect(ps, ")", ")")) {
            o.cond = leaf(q, "any_of", v);
            o.bare = true;
        } else {
            json_decref(q);
            json_decref(v);
        }
    } else {
        json_t *q = parse_ref(ps), *v = NULL;
        const char *op = NULL;
        if (q && accept(ps, "!="))
            op = "none_of";
        else if (q && accept(ps, "="))
            op = "equals";
        else if (q)
            fail(ps, "${設問} の後には = か != が必要です（選択肢を選んだかは selected(${設問}, "
                     "'名前')）");
        if (op && (v = parse_string(ps))) {
            o.cond = leaf(q, op, v);
            o.bare = strcmp(op, "none_of") == 0;
        } else
            json_decref(q);
    }
    ps->depth--;
    return o;
}

/* A chain of bare leaves of one question, all with the list `key`, as one
   leaf with the lists joined; NULL when they are not. */
static json_t *
merge_leaves(json_t *chain, const char *key)
{
    const char *q = json_string_value(json_object_get(json_array_get(chain, 0), "question"));
    size_t i;
    json_t *x;
    json_array_foreach(chain, i, x)
    {
        const char *xq = json_string_value(json_object_get(x, "question"));
        if (!json_object_get(x, key) || !xq || strcmp(xq, q) != 0)
            return NULL;
    }
    json_t *merged = json_deep_copy(json_array_get(chain, 0));
    json_t *list = json_object_get(merged, key);
    json_array_foreach(chain, i, x) if (i > 0) json_array_extend(list, json_object_get(x, key));
    return merged;
}

/* operand (op operand)*: "and" makes {"all"}, "or" {"any"}; a lone operand
   keeps whether it was bare. */
static struct operand
parse_chain(struct parser *ps, const char *op)
{
    bool is_or = strcmp(op, "or") == 0;
    struct operand first = is_or ? parse_chain(ps, "and") : parse_unary(ps);
    if (!first.cond || !accept(ps, op))
        return first;
    json_t *chain = json_array();
    bool all_bare = first.bare;
    json_array_append_new(chain, first.cond);
    do {
        struct operand next = is_or ? parse_chain(ps, "and") : parse_unary(ps);
        if (!next.cond) {
            json_decref(chain);
            return (struct operand){NULL, false};
        }
        all_bare = all_bare && next.bare;
        json_array_append_new(chain, next.cond);
    } while (accept(ps, op));
    json_t *merged = all_bare ? merge_leaves(chain, is_or ? "any_of" : "none_of") : NULL;
    if (merged) {
        json_decref(chain);
        return (struct operand){merged, false};
    }
    json_t *v = json_object();
    json_object_set_new(v, is_or ? "any" : "all", chain);
    return (struct operand){v, false};
}

static json_t *
parse_or(struct parser *ps)
{
    return parse_chain(ps, "or").cond;
}

int
relevant_parse(const char *expr, json_t **out, char *msg, size_t msglen)
{
    struct parser ps = {expr, expr, msg, msglen, 0, 0};
    json_t *v = parse_or(&ps);
    skip_space(&ps);
    if (v && *ps.p) {
        json_decref(v);
        v = fail(&ps, "式の続きが読めません（and, or, not(…), selected(…), = , != が使えます）");
    }
    *out = v;
    return v ? 0 : (ps.rc ? ps.rc : ERR_INPUT);
}

/* --- writing ------------------------------------------------------------ */

static void
write_string(const char *s, struct buf *out)
{
    char quote = strchr(s, '\'') ? '"' : '\'';
    buf_putc(out, quote);
    buf_puts(out, s);
    buf_putc(out, quote);
}

static void
write_selected_list(const char *q, json_t *list, struct buf *out)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x)
    {
        buf_printf(out, "%sselected(${%s}, ", i ? " or " : "", q);
        write_string(json_string_value(x), out);
        buf_putc(out, ')');
    }
}

/* True if vi written bare would read back differently inside an and/or/not. */
static bool
needs_parens(json_t *vi)
{
    return json_object_get(vi, "all") || json_object_get(vi, "any") ||
           json_array_size(json_object_get(vi, "any_of")) > 1 ||
           json_array_size(json_object_get(vi, "none_of")) > 1;
}

void
relevant_write(json_t *vi, struct buf *out)
{
    json_t *all = json_object_get(vi, "all"), *any = json_object_get(vi, "any");
    json_t *not = json_object_get(vi, "not");
    if (not ) {
        buf_puts(out, "not(");
        relevant_write(not, out);
        buf_putc(out, ')');
        return;
    }
    if (all || any) {
        size_t i;
        json_t *x;
        json_array_foreach(all ? all : any, i, x)
        {
            if (i)
                buf_puts(out, all ? " and " : " or ");
            bool parens = needs_parens(x);
            buf_puts(out, parens ? "(" : "");
            relevant_write(x, out);
            buf_puts(out, parens ? ")" : "");
        }
        return;
    }
    const char *q = json_string_value(json_object_get(vi, "question"));
    json_t *equals = json_object_get(vi, "equals");
    json_t *none = json_object_get(vi, "none_of");
    if (equals) {
        buf_printf(out, "${%s} = ", q);
        write_string(json_string_value(equals), out);
    } else if (none) {
        size_t i;
        json_t *x;
        json_array_foreach(none, i, x)
        {
            buf_printf(out, "%s${%s} != ", i ? " and " : "", q);
            write_string(json_string_value(x), out);
        }
    } else {
        write_selected_list(q, json_object_get(vi, "any_of"), out);
    }
}
