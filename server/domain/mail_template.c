/*
 * mail_template.c: the texts of the mails (see mail_template.h).
 */
#include "mail_template.h"
#include "assets.h"
#include "buf.h"
#include "err.h"

#include <stdio.h>
#include <string.h>

static const char *
var_value(const struct mail_var *vars, const char *name, size_t n)
{
    for (; vars && vars->name; vars++)
        if (strlen(vars->name) == n && memcmp(vars->name, name, n) == 0)
            return vars->value ? vars->value : "";
    return NULL;
}

/* Appends src[0..n) to out with each {{name}} replaced; one_line turns line
   breaks of values into spaces. */
static int
substitute(const char *src, size_t n, const struct mail_var *vars, bool one_line, struct buf *out)
{
    size_t i = 0;
    while (i < n) {
        const char *open = memmem(src + i, n - i, "{{", 2);
        if (!open) {
            buf_append(out, src + i, n - i);
            break;
        }
        buf_append(out, src + i, (size_t)(open - (src + i)));
        const char *name = open + 2;
        const char *close = memmem(name, n - (size_t)(name - src), "}}", 2);
        if (!close)
            return ERR_INPUT;
        const char *value = var_value(vars, name, (size_t)(close - name));
        if (!value)
            return ERR_INPUT;
        for (const char *p = value; *p; p++)
            if (!one_line)
                buf_putc(out, *p);
            else if (*p != '\r')
                buf_putc(out, *p == '\n' ? ' ' : *p);
        i = (size_t)(close + 2 - src);
    }
    return buf_err(out);
}

int
mail_template_render(const char *name, const struct mail_var *vars, struct buf *subject,
                     struct buf *body)
{
    char path[128];
    snprintf(path, sizeof(path), "templates/mail/%s.txt", name);
    const struct asset *a = assets_find(path);
    if (!a)
        return ERR_NOTFOUND;
    const char *src = (const char *)a->data;
    const char *eol = memchr(src, '\n', a->size);
    size_t first = eol ? (size_t)(eol - src) : a->size;
    int rc = substitute(src, first, vars, true, subject);
    if (rc == 0 && eol)
        rc = substitute(eol + 1, a->size - first - 1, vars, false, body);
    return rc;
}

int
mail_template_enqueue(struct db *db, const char *name, const struct mail_var *vars,
                      const struct outbox_mail *m)
{
    struct buf subject, body;
    buf_init(&subject, 0);
    buf_init(&body, 0);
    int rc = mail_template_render(name, vars, &subject, &body);
    if (rc == 0) {
        struct outbox_mail full = *m;
        full.subject = buf_str(&subject);
        full.body = buf_str(&body);
        rc = outbox_enqueue(db, &full, NULL);
    }
    buf_cleanup(&subject);
    buf_cleanup(&body);
    return rc;
}
