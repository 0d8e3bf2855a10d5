/*
 * tpl.c: template compiler and renderer (see tpl.h).
 *
 * Written here rather than taken from a library: Debian has no C template
 * library whose default is escaping and which refuses raw output for plain
 * strings (mustach and ctemplate print raw with a different brace count but
 * accept any string there); that refusal is the point of this file.
 */
#include "tpl.h"
#include "arena.h"
#include "buf.h"
#include "err.h"
#include "log.h"
#include "xmalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

enum node_type { NODE_TEXT, NODE_VAR, NODE_SECTION };
enum var_mode { MODE_ESC, MODE_URL, MODE_RAW };

struct node {
    enum node_type type;
    const char *text; /* TEXT: points into tpl->src */
    size_t len;
    char name[64];
    enum var_mode mode;
    bool inverted;
    struct node *children; /* SECTION */
    struct node *next;
};

struct tpl {
    char *name;
    char *src;
    struct node *root;
};

enum val_type { VAL_STR, VAL_HTML, VAL_BOOL, VAL_LIST };

struct tpl_item {
    struct tpl_vars *vars;
    struct tpl_item *next;
};

struct tpl_val {
    const char *name;
    enum val_type type;
    const char *str;
    bool flag;
    struct tpl_item *items, *last;
    struct tpl_val *next;
};

struct tpl_vars {
    struct arena *arena;
    struct tpl_vars *parent;
    struct tpl_val *vals;
};

static void
nodes_free(struct node *n)
{
    while (n) {
        struct node *next = n->next;
        nodes_free(n->children);
        free(n);
        n = next;
    }
}

void
tpl_free(struct tpl *t)
{
    if (!t)
        return;
    nodes_free(t->root);
    free(t->src);
    free(t->name);
    free(t);
}

struct parser {
    const char *p, *end;
    char *err;
    size_t errlen;
    const char *tpl_name;
    const char *start;
};

static int
parse_fail(struct parser *ps, const char *at, const char *msg)
{
    int line = 1;
    for (const char *q = ps->start; q < at && q < ps->end; q++)
        line += *q == '\n';
    snprintf(ps->err, ps->errlen, "%s:%d: %s", ps->tpl_name, line, msg);
    return ERR_INPUT;
}

static bool
valid_name(const char *s, size_t n)
{
    if (n == 0 || n >= 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* Parses nodes until end of input or {{/close}}; sets *out to the list. */
static int
parse_nodes(struct parser *ps, const char *close, struct node **out)
{
    struct node *head = NULL, **tail = &head;
    int rc = 0;
    while (ps->p < ps->end) {
        const char *open = memmem(ps->p, (size_t)(ps->end - ps->p), "{{", 2);
        const char *text_end = open ? open : ps->end;
        if (text_end > ps->p) {
            struct node *n = xmalloc(sizeof(*n));
            memset(n, 0, sizeof(*n));
            n->type = NODE_TEXT;
            n->text = ps->p;
            n->len = (size_t)(text_end - ps->p);
            *tail = n;
            tail = &n->next;
        }
        if (!open) {
            ps->p = ps->end;
            break;
        }
        bool triple = open + 2 < ps->end && open[2] == '{';
        const char *inner = open + (triple ? 3 : 2);
        const char *shut =
            memmem(inner, (size_t)(ps->end - inner), triple ? "}}}" : "}}", triple ? 3 : 2);
        if (!shut) {
            rc = parse_fail(ps, open, "unclosed tag");
            goto out;
        }
        ps->p = shut + (triple ? 3 : 2);
        char sigil = triple ? 0 : *inner;
        const char *nm = inner + ((sigil == '#' || sigil == '^' || sigil == '/') ? 1 : 0);
        size_t nlen = (size_t)(shut - nm);
        enum var_mode mode = triple ? MODE_RAW : MODE_ESC;
        if (!triple && nlen > 4 && memcmp(shut - 4, "|url", 4) == 0) {
            mode = MODE_URL;
            nlen -= 4;
        }
        if (!valid_name(nm, nlen)) {
            rc = parse_fail(ps, open, "bad tag name");
            goto out;
        }
        if (sigil == '/') {
            if (!close || strlen(close) != nlen || memcmp(close, nm, nlen) != 0) {
                rc = parse_fail(ps, open, "unexpected closing tag");
                goto out;
            }
            *out = head;
            return 0;
        }
        struct node *n = xmalloc(sizeof(*n));
        memset(n, 0, sizeof(*n));
        memcpy(n->name, nm, nlen);
        *tail = n;
        tail = &n->next;
        if (sigil == '#' || sigil == '^') {
            n->type = NODE_SECTION;
            n->inverted = sigil == '^';
            rc = parse_nodes(ps, n->name, &n->children);
            if (rc)
                goto out;
        } else {
            n->type = NODE_VAR;
            n->mode = mode;
        }
    }
    if (close) {
        rc = parse_fail(ps, ps->end, "section not closed");
        goto out;
    }
    *out = head;
    return 0;
out:
    nodes_free(head);
    return rc;
}

struct tpl *
tpl_compile(const char *name, const char *src, size_t n, char *errbuf, size_t errlen)
{
    struct tpl *t = xmalloc(sizeof(*t));
    memset(t, 0, sizeof(*t));
    t->name = xstrdup(name);
    t->src = xmalloc(n + 1);
    memcpy(t->src, src, n);
    t->src[n] = '\0';
    struct parser ps = {t->src, t->src + n, errbuf, errlen, name, t->src};
    if (parse_nodes(&ps, NULL, &t->root) != 0) {
        tpl_free(t);
        return NULL;
    }
    return t;
}

struct tpl_vars *
tpl_vars_new(struct arena *a, struct tpl_vars *parent)
{
    struct tpl_vars *v = arena_alloc(a, sizeof(*v));
    if (v) {
        v->arena = a;
        v->parent = parent;
    }
    return v;
}

/* The value named `name` in this scope, created if absent. */
static struct tpl_val *
val_slot(struct tpl_vars *v, const char *name)
{
    if (!v)
        return NULL;
    for (struct tpl_val *x = v->vals; x; x = x->next)
        if (strcmp(x->name, name) == 0)
            return x;
    struct tpl_val *x = arena_alloc(v->arena, sizeof(*x));
    if (!x)
        return NULL;
    x->name = arena_strdup(v->arena, name);
    x->next = v->vals;
    v->vals = x;
    return x;
}

void
tpl_set(struct tpl_vars *v, const char *name, const char *value)
{
    struct tpl_val *x = val_slot(v, name);
    if (x) {
        x->type = VAL_STR;
        x->str = value ? arena_strdup(v->arena, value) : "";
    }
}

void
tpl_setf(struct tpl_vars *v, const char *name, const char *fmt, ...)
{
    if (!v)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(v->arena, fmt, ap);
    va_end(ap);
    struct tpl_val *x = val_slot(v, name);
    if (x) {
        x->type = VAL_STR;
        x->str = s ? s : "";
    }
}

void
tpl_set_int(struct tpl_vars *v, const char *name, long long value)
{
    tpl_setf(v, name, "%lld", value);
}

void
tpl_set_bool(struct tpl_vars *v, const char *name, bool value)
{
    struct tpl_val *x = val_slot(v, name);
    if (x) {
        x->type = VAL_BOOL;
        x->flag = value;
    }
}

void
tpl_set_html(struct tpl_vars *v, const char *name, struct html_safe value)
{
    struct tpl_val *x = val_slot(v, name);
    if (x) {
        x->type = VAL_HTML;
        x->str = value.html ? value.html : "";
    }
}

void
tpl_set_markup(struct tpl_vars *v, const char *name, const struct buf *b)
{
    struct tpl_val *x = val_slot(v, name);
    if (x) {
        x->type = VAL_HTML;
        x->str = b ? buf_str(b) : "";
    }
}

void
tpl_set_list(struct tpl_vars *v, const char *name)
{
    struct tpl_val *x = val_slot(v, name);
    if (x && x->type != VAL_LIST) {
        x->type = VAL_LIST;
        x->items = x->last = NULL;
    }
}

struct tpl_vars *
tpl_add_item(struct tpl_vars *v, const char *name)
{
    tpl_set_list(v, name);
    struct tpl_val *x = val_slot(v, name);
    struct tpl_item *it = v ? arena_alloc(v->arena, sizeof(*it)) : NULL;
    if (!x || !it)
        return NULL;
    it->vars = tpl_vars_new(v->arena, v);
    if (x->last)
        x->last->next = it;
    else
        x->items = it;
    x->last = it;
    return it->vars;
}

static const struct tpl_val *
val_lookup(const struct tpl_vars *v, const char *name)
{
    for (; v; v = v->parent)
        for (const struct tpl_val *x = v->vals; x; x = x->next)
            if (strcmp(x->name, name) == 0)
                return x;
    return NULL;
}

static int
render_nodes(const struct tpl *t, const struct node *n, const struct tpl_vars *v, struct buf *out)
{
    for (; n; n = n->next) {
        if (n->type == NODE_TEXT) {
            buf_append(out, n->text, n->len);
            continue;
        }
        const struct tpl_val *x = val_lookup(v, n->name);
        if (!x) {
            log_event("template_unset_name", "template", t->name, "name", n->name, NULL);
            return ERR_INPUT;
        }
        if (n->type == NODE_VAR) {
            if (n->mode == MODE_RAW) {
                if (x->type != VAL_HTML) {
                    log_event("template_raw_text", "template", t->name, "name", n->name, NULL);
                    return ERR_INPUT;
                }
                buf_puts(out, x->str);
            } else if (x->type == VAL_STR) {
                if (n->mode == MODE_URL)
                    html_esc_url(out, x->str);
                else
                    html_esc(out, x->str);
            } else {
                log_event("template_not_text", "template", t->name, "name", n->name, NULL);
                return ERR_INPUT;
            }
            continue;
        }
        bool truthy = x->type == VAL_LIST   ? x->items != NULL
                      : x->type == VAL_BOOL ? x->flag
                                            : (x->str && *x->str);
        if (n->inverted) {
            if (!truthy) {
                int rc = render_nodes(t, n->children, v, out);
                if (rc)
                    return rc;
            }
        } else if (x->type == VAL_LIST) {
            for (const struct tpl_item *it = x->items; it; it = it->next) {
                int rc = render_nodes(t, n->children, it->vars, out);
                if (rc)
                    return rc;
            }
        } else if (truthy) {
            int rc = render_nodes(t, n->children, v, out);
            if (rc)
                return rc;
        }
    }
    return 0;
}

int
tpl_render(const struct tpl *t, const struct tpl_vars *v, struct buf *out)
{
    int rc = render_nodes(t, t->root, v, out);
    if (rc == 0 && buf_err(out))
        rc = ERR_NOMEM;
    return rc;
}
