/*
 * grouping_compose.c: schemes composed from 団体区分 (see grouping_compose.h).
 */
#include "grouping_compose.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "org.h"
#include "utf8.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The separators between kinds, and between a label and its kinds. */
static const char *const kind_separators[] = {",", "、", "，", " ", "　", "\t", NULL};
static const char *const label_separators[] = {":", "：", NULL};

/* The length of the separator s starts with, or 0. */
static size_t
separator_at(const char *s, const char *const *seps)
{
    for (size_t i = 0; seps[i]; i++)
        if (strncmp(s, seps[i], strlen(seps[i])) == 0)
            return strlen(seps[i]);
    return 0;
}

/* s[0..n) without separators of kinds at either end. */
static const char *
trimmed(struct arena *a, const char *s, size_t n)
{
    size_t k;
    while (n > 0 && (k = separator_at(s, kind_separators)) > 0 && k <= n)
        s += k, n -= k;
    bool again = true;
    while (again && n > 0) {
        again = false;
        for (size_t i = 0; kind_separators[i]; i++) {
            size_t len = strlen(kind_separators[i]);
            if (n >= len && memcmp(s + n - len, kind_separators[i], len) == 0) {
                n -= len;
                again = true;
            }
        }
    }
    return arena_strndup(a, s, n);
}

static bool
fail(struct arena *a, const char **why, size_t line, const char *what)
{
    *why = line ? arena_printf(a, "%zu行目: %s", line, what) : what;
    return false;
}

/* One line "label: kind, kind" into spec. */
static bool
parse_line(const char *s, size_t n, size_t line, struct arena *a, struct grouping_spec *spec,
           const char **why)
{
    size_t at = 0, sep = 0;
    while (at < n && (sep = separator_at(s + at, label_separators)) == 0)
        at++;
    const char *label = trimmed(a, s, at);
    if (at == n || !*label)
        return fail(a, why, line, "「区分名: 団体区分, 団体区分」の形で書いてください。");
    if (utf8_length(label) > GROUPING_LABEL_MAX)
        return fail(a, why, line, "区分名は60文字以内にしてください。");
    for (size_t g = 0; g < spec->n_groups; g++)
        if (strcmp(spec->groups[g], label) == 0)
            return fail(a, why, line, arena_printf(a, "区分名「%s」が重複しています。", label));
    if (spec->n_groups == GROUPING_MAX)
        return fail(a, why, line, "区分が多すぎます。");
    size_t group = spec->n_groups++;
    spec->groups[group] = label;
    size_t kinds_before = spec->n_kinds;
    for (size_t i = at + sep; i < n;) {
        size_t k = separator_at(s + i, kind_separators);
        if (k) {
            i += k;
            continue;
        }
        size_t end = i;
        while (end < n && !separator_at(s + end, kind_separators))
            end++;
        const char *kind = arena_strndup(a, s + i, end - i);
        i = end;
        if (!kind || !org_kind_valid(kind))
            return fail(a, why, line,
                        arena_printf(a,
                                     "「%s」は団体区分ではありません（都道府県, 政令市, 中核市, "
                                     "特別区, 市, 町, 村 のいずれかです）。",
                                     kind ? kind : ""));
        for (size_t j = 0; j < spec->n_kinds; j++)
            if (strcmp(spec->kinds[j], kind) == 0)
                return fail(a, why, line,
                            arena_printf(a, "「%s」が二つの区分に入っています。", kind));
        spec->kinds[spec->n_kinds] = kind;
        spec->group_of[spec->n_kinds++] = group;
    }
    if (spec->n_kinds == kinds_before)
        return fail(a, why, line, arena_printf(a, "区分「%s」に団体区分がありません。", label));
    return true;
}

bool
grouping_parse(const char *text, struct arena *a, struct grouping_spec *spec, const char **why)
{
    memset(spec, 0, sizeof(*spec));
    if (!utf8_text_ok(text, strlen(text)) || utf8_length(text) > GROUPING_TEXT_MAX)
        return fail(a, why, 0, "区分は2000文字以内の文字で書いてください。");
    size_t line = 0;
    for (const char *s = text; *s;) {
        const char *end = strchr(s, '\n');
        size_t n = end ? (size_t)(end - s) : strlen(s);
        line++;
        const char *content = trimmed(a, s, n);
        if (content && *content && strcmp(content, "\r") != 0 &&
            !parse_line(s, n && s[n - 1] == '\r' ? n - 1 : n, line, a, spec, why))
            return false;
        s += n + (end != NULL);
    }
    if (spec->n_groups == 0)
        return fail(a, why, 0, "区分を1行に一つずつ書いてください。");
    for (size_t k = 0; org_kinds[k]; k++) {
        bool found = false;
        for (size_t j = 0; j < spec->n_kinds && !found; j++)
            found = strcmp(spec->kinds[j], org_kinds[k]) == 0;
        if (!found)
            return fail(a, why, 0,
                        arena_printf(a,
                                     "「%s」がどの区分にも入っていません。すべての団体区分を、"
                                     "いずれか一つの区分に入れてください。",
                                     org_kinds[k]));
    }
    return true;
}

const char *
grouping_text(const struct grouping *g, struct arena *a)
{
    struct buf *b = buf_new_in(a, 0);
    if (!b)
        return NULL;
    for (size_t i = 0; i < g->n_groups; i++) {
        buf_printf(b, "%s: ", g->groups[i]);
        const char *sep = "";
        for (size_t k = 0; k < g->n_keys; k++)
            if (g->group_of[k] == i) {
                buf_printf(b, "%s%s", sep, g->keys[k]);
                sep = ", ";
            }
        buf_puts(b, "\n");
    }
    return buf_err(b) ? NULL : arena_strdup(a, buf_str(b));
}

static bool
id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > GROUPING_ID_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '_' ||
              id[i] == '-'))
            return false;
    return true;
}

/* 1: composed, 0: shipped, ERR_NOTFOUND: no such scheme. */
static int
scheme_state(struct db *db, const char *id)
{
    static const char sql[] = "SELECT composed_at IS NOT NULL FROM groupings WHERE scheme = ?1";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(id));
    int state = rc == 1 ? sqlite3_column_int(st, 0) : rc == 0 ? ERR_NOTFOUND : rc;
    db_done(st);
    return state;
}

bool
grouping_is_composed(struct db *db, const char *id)
{
    return scheme_state(db, id) == 1;
}

/* 0 when id may be replaced or removed: composed (or, when absent_ok, not
   there yet) and no report curation uses it; ERR_CONFLICT when shipped or
   used, ERR_NOTFOUND when absent. */
static int
scheme_changeable(struct db *db, const char *id, bool absent_ok)
{
    static const char sql_used[] = "SELECT 1 FROM report_curations WHERE scheme = ?1";
    int state = scheme_state(db, id);
    if (state == ERR_NOTFOUND && absent_ok)
        return 0;
    if (state != 1)
        return state == 0 ? ERR_CONFLICT : state;
    sqlite3_stmt *st;
    int used = db_first_row(db, sql_used, &st, db_text(id));
    db_done(st);
    return used == 1 ? ERR_CONFLICT : used;
}

int
grouping_compose(struct db *db, const struct audit_actor *who, const char *id, const char *label,
                 const struct grouping_spec *spec)
{
    static const char sql_drop[] = "DELETE FROM groupings WHERE scheme = ?1";
    static const char sql_scheme[] =
        "INSERT INTO groupings(scheme, label, basis, composed_at) VALUES (?1, ?2, 'kind', ?3)";
    static const char sql_group[] =
        "INSERT INTO grouping_groups(scheme, position, label) VALUES (?1, ?2, ?3)";
    static const char sql_kind[] =
        "INSERT INTO grouping_kinds(scheme, kind, label) VALUES (?1, ?2, ?3)";
    if (!id_ok(id) || !utf8_text_ok(label, strlen(label)) || !*label ||
        utf8_length(label) > GROUPING_LABEL_MAX)
        return ERR_INPUT;
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = scheme_changeable(db, id, true);
    if (rc == 0)
        rc = db_run(db, sql_drop, db_text(id));
    if (rc == 0)
        rc = db_run(db, sql_scheme, db_text(id), db_text(label), db_int(clock_now()));
    json_t *groups = json_array();
    for (size_t g = 0; rc == 0 && g < spec->n_groups; g++) {
        json_t *kinds = json_array();
        json_array_append_new(groups,
                              json_pack("{s:s, s:o}", "label", spec->groups[g], "kinds", kinds));
        rc = db_run(db, sql_group, db_text(id), db_int((int64_t)g), db_text(spec->groups[g]));
        for (size_t k = 0; rc == 0 && k < spec->n_kinds; k++)
            if (spec->group_of[k] == g) {
                json_array_append_new(kinds, json_string(spec->kinds[k]));
                rc = db_run(db, sql_kind, db_text(id), db_text(spec->kinds[k]),
                            db_text(spec->groups[g]));
            }
    }
    if (rc == 0)
        rc = audit_record_json(db, who, "grouping.compose", id,
                               json_pack("{s:s, s:o}", "label", label, "groups", groups));
    else
        json_decref(groups);
    return db_finish(db, rc);
}

int
grouping_remove(struct db *db, const struct audit_actor *who, const char *id)
{
    static const char sql_drop[] = "DELETE FROM groupings WHERE scheme = ?1";
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = scheme_changeable(db, id, false);
    if (rc == 0)
        rc = db_run(db, sql_drop, db_text(id));
    if (rc == 0)
        rc = audit_record_json(db, who, "grouping.remove", id, json_object());
    return db_finish(db, rc);
}
