/*
 * answer_form.c: form fields to answers JSON (see answer_form.h).
 */
#include "answer_form.h"
#include "arena.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A typed number as JSON: integer, real, or the original string if it is not one. */
static json_t *
number_value(const char *typed)
{
    while (*typed == ' ')
        typed++;
    if (!*typed)
        return NULL;
    char *end;
    errno = 0;
    long long i = strtoll(typed, &end, 10);
    if (!*end && errno == 0)
        return json_integer(i);
    double d = strtod(typed, &end);
    if (!*end && errno == 0)
        return json_real(d);
    return json_string(typed);
}

/* One scalar field of question or column q, or NULL when empty. */
static json_t *
scalar_value(const struct question *q, const struct form *f, const char *name)
{
    size_t n = form_count(f, name);
    if (n > 1 && q->type == Q_SINGLE) {
        /* Two values for a single choice: hand them on as a list so the checker says so. */
        json_t *all = json_array();
        for (size_t i = 0; i < f->n_fields; i++)
            if (strcmp(f->fields[i].name, name) == 0)
                json_array_append_new(all, json_string(f->fields[i].value));
        return all;
    }
    const char *v = form_get(f, name);
    if (!v || !*v)
        return NULL;
    return q->type == Q_NUMBER ? number_value(v) : json_string(v);
}

static json_t *
table_value(const struct question *q, const struct form *f, struct arena *a)
{
    const char *count = form_get(f, arena_printf(a, "q.%s.rows", q->id));
    long rows = count ? strtol(count, NULL, 10) : 0;
    if (rows < 0)
        rows = 0;
    if (rows > q->max_rows + 1)
        rows = q->max_rows + 1;
    json_t *out = json_array();
    for (long r = 0; r < rows; r++) {
        json_t *row = json_object();
        for (size_t c = 0; c < q->n_columns; c++) {
            const struct question *col = &q->columns[c];
            json_t *v = scalar_value(col, f, arena_printf(a, "q.%s.%ld.%s", q->id, r, col->id));
            if (v)
                json_object_set_new(row, col->id, v);
        }
        json_array_append_new(out, row);
    }
    return out;
}

json_t *
answer_form_read(const struct survey *s, const struct form *f, struct arena *a)
{
    json_t *answers = json_object();
    for (size_t i = 0; i < s->n_questions; i++) {
        const struct question *q = &s->questions[i];
        char *name = arena_printf(a, "q.%s", q->id);
        json_t *v = NULL;
        switch (q->type) {
        case Q_MULTI:
            v = json_array();
            for (size_t k = 0; k < f->n_fields; k++)
                if (strcmp(f->fields[k].name, name) == 0)
                    json_array_append_new(v, json_string(f->fields[k].value));
            break;
        case Q_TABLE:
            v = table_value(q, f, a);
            break;
        case Q_CHECK: {
            const char *status = form_get(f, arena_printf(a, "%s.status", name));
            const char *note = form_get(f, arena_printf(a, "%s.note", name));
            v = json_object();
            if (status && *status)
                json_object_set_new(v, "status", json_string(status));
            if (note && *note)
                json_object_set_new(v, "note", json_string(note));
            break;
        }
        default:
            v = scalar_value(q, f, name);
            break;
        }
        if (v)
            json_object_set_new(answers, q->id, v);
    }
    return answers;
}

const char *
answer_form_row_action(const struct survey *s, json_t *answers, const char *action)
{
    bool add = strncmp(action, "add_row:", 8) == 0;
    bool remove = strncmp(action, "remove_row:", 11) == 0;
    if (!add && !remove)
        return NULL;
    char qid[80];
    snprintf(qid, sizeof(qid), "%s", action + (add ? 8 : 11));
    char *colon = strchr(qid, ':');
    long n = -1;
    if (colon) {
        *colon = '\0';
        n = strtol(colon + 1, NULL, 10);
    }
    const struct question *q = survey_question(s, qid);
    if (!q || q->type != Q_TABLE)
        return NULL;
    json_t *rows = json_object_get(answers, qid);
    if (!rows) {
        rows = json_array();
        json_object_set_new(answers, qid, rows);
    }
    if (add && json_array_size(rows) < (size_t)q->max_rows) {
        if (json_array_size(rows) == 0)
            json_array_append_new(rows, json_object()); /* the empty row the page showed */
        json_array_append_new(rows, json_object());
    }
    if (remove && n >= 0)
        json_array_remove(rows, (size_t)n);
    return q->id;
}
