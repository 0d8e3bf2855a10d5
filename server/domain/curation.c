/*
 * curation.c: the curated 具体的な内容 of a report (see curation.h).
 */
#include "curation.h"
#include "arena.h"
#include "audit.h"
#include "db.h"
#include "entry_key.h"
#include "err.h"
#include "grouping.h"
#include "report.h"
#include "table.h"
#include "utf8.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const struct question *
curation_question(const struct survey *s)
{
    for (size_t i = 0; i < s->n_questions; i++)
        if (report_details_question(s, &s->questions[i]))
            return &s->questions[i];
    return NULL;
}

/* The position of value among column id's options (its order in the
   definition), or the number of options when it is not one. */
static size_t
option_rank(const struct question *q, const char *id, const char *value)
{
    for (size_t k = 0; k < q->n_columns; k++) {
        if (strcmp(q->columns[k].id, id) != 0)
            continue;
        size_t i;
        json_t *o;
        json_array_foreach(q->columns[k].options, i,
                           o) if (strcmp(json_string_value(o), value) == 0) return i;
        return json_array_size(q->columns[k].options);
    }
    return 0;
}

struct rows_ctx {
    const struct agg_result *res;
    const struct question *q;
    unsigned char secret[ENTRY_KEY_SECRET_BYTES];
    struct arena *a;
    struct curation_row *rows;
    size_t n, cap;
};

static const char *
cell(struct arena *a, json_t *row, const char *id)
{
    json_t *v = json_object_get(row, id);
    return arena_strdup(a, json_is_string(v) ? json_string_value(v) : "");
}

/* The row's text: its first text column. */
static const char *
content_of(struct arena *a, const struct question *q, json_t *row)
{
    for (size_t k = 0; k < q->n_columns; k++)
        if (q->columns[k].type == Q_TEXT)
            return cell(a, row, q->columns[k].id);
    return "";
}

static int
collect_row(size_t g, const char *code, const char *name, const char *prefecture, const char *kind,
            json_t *answers, void *arg)
{
    (void)prefecture, (void)kind;
    struct rows_ctx *c = arg;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(answers, c->q->id), i, row)
    {
        char key[ENTRY_KEY_SIZE];
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 64;
            struct curation_row *more = arena_alloc(c->a, cap * sizeof(*more));
            if (!more)
                return ERR_NOMEM;
            if (c->n)
                memcpy(more, c->rows, c->n * sizeof(*more));
            c->rows = more;
            c->cap = cap;
        }
        if (!entry_key_of_row(c->secret, c->res->s->id, c->q->id, code, row, key))
            return ERR_NOMEM;
        struct curation_row *r = &c->rows[c->n++];
        *r = (struct curation_row){arena_strdup(c->a, key),
                                   g,
                                   arena_strdup(c->a, code),
                                   arena_strdup(c->a, name),
                                   cell(c->a, row, "challenge"),
                                   cell(c->a, row, "item"),
                                   content_of(c->a, c->q, row),
                                   0,
                                   0};
        r->challenge_rank = option_rank(c->q, "challenge", r->challenge);
        r->item_rank = option_rank(c->q, "item", r->item);
    }
    return 0;
}

static int
compare_rows(const void *pa, const void *pb)
{
    const struct curation_row *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (a->challenge_rank != b->challenge_rank)
        return a->challenge_rank < b->challenge_rank ? -1 : 1;
    if (a->item_rank != b->item_rank)
        return a->item_rank < b->item_rank ? -1 : 1;
    return strcmp(a->key, b->key);
}

int
curation_rows(struct db *db, const struct agg_result *res, const struct question *q,
              struct arena *a, struct curation_row **out, size_t *n)
{
    struct rows_ctx c = {.res = res, .q = q, .a = a};
    int rc = entry_key_secret(db, c.secret);
    if (rc == 0)
        rc = report_each_response(db, res, a, collect_row, &c);
    /* Sorting by key within a (課題, 項目) keeps 団体コード order out of it. */
    if (rc == 0 && c.n > 1)
        qsort(c.rows, c.n, sizeof(*c.rows), compare_rows);
    *out = c.rows;
    *n = c.n;
    return rc;
}

int
curation_get(struct db *db, const char *survey_id, struct arena *a, struct curation *out)
{
    static const char sql_scheme[] = "SELECT scheme FROM report_curations WHERE survey_id = ?1";
    static const char sql_bullets[] =
        "SELECT b.id, b.grp, b.position, b.challenge, b.item, b.body,"
        " (SELECT group_concat(entry_key, ' ') FROM report_bullet_sources s"
        "  WHERE s.bullet_id = b.id) FROM report_bullets b WHERE b.survey_id = ?1"
        " ORDER BY b.grp, b.position, b.id LIMIT 2000";
    static const char sql_sections[] =
        "SELECT grp, summary, notes FROM report_sections WHERE survey_id = ?1 LIMIT 64";
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql_scheme, &st, db_text(survey_id));
    if (rc == 1)
        out->scheme = arena_strdup(a, db_column_text(st, 0));
    db_done(st);
    if (rc <= 0)
        return rc;
    out->bullets = arena_alloc(a, CURATION_MAX_BULLETS * sizeof(*out->bullets));
    out->sections = arena_alloc(a, GROUPING_MAX * sizeof(*out->sections));
    if (!out->bullets || !out->sections || (rc = db_prepare(db, &st, sql_bullets)))
        return rc ? rc : ERR_NOMEM;
    db_bind_text(st, 1, survey_id);
    while ((rc = db_step(st)) == 1 && out->n_bullets < CURATION_MAX_BULLETS) {
        struct curation_bullet *b = &out->bullets[out->n_bullets++];
        b->id = sqlite3_column_int64(st, 0);
        b->group = arena_strdup(a, db_column_text(st, 1));
        b->position = (long)sqlite3_column_int64(st, 2);
        b->challenge = arena_strdup(a, db_column_text(st, 3));
        b->item = arena_strdup(a, db_column_text(st, 4));
        b->body = arena_strdup(a, db_column_text(st, 5));
        const char *keys = db_column_text(st, 6);
        size_t n = *keys ? 1 : 0;
        for (const char *p = keys; *p; p++)
            n += *p == ' ';
        b->keys = arena_alloc(a, (n + 1) * sizeof(*b->keys));
        if (!b->keys) {
            rc = ERR_NOMEM;
            break;
        }
        for (const char *p = keys; *p;) {
            size_t len = strcspn(p, " ");
            b->keys[b->n_keys++] = arena_strndup(a, p, len);
            p += len + (p[len] == ' ');
        }
    }
    db_done(st);
    if (rc < 0 || (rc = db_prepare(db, &st, sql_sections)))
        return rc;
    db_bind_text(st, 1, survey_id);
    while ((rc = db_step(st)) == 1 && out->n_sections < GROUPING_MAX) {
        struct curation_section *s = &out->sections[out->n_sections++];
        s->group = arena_strdup(a, db_column_text(st, 0));
        s->summary = arena_strdup(a, db_column_text(st, 1));
        s->notes = arena_strdup(a, db_column_text(st, 2));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

const struct curation_bullet *
curation_section_bullets(const struct curation *c, const char *group, size_t *n)
{
    const struct curation_bullet *b = c->bullets;
    *n = 0;
    for (size_t i = 0; i < c->n_bullets; i++) /* bullets come by section */
        if (strcmp(c->bullets[i].group, group) == 0 && (*n)++ == 0)
            b = &c->bullets[i];
    return b;
}

const struct curation_section *
curation_section(const struct curation *c, const char *group)
{
    for (size_t i = 0; i < c->n_sections; i++)
        if (strcmp(c->sections[i].group, group) == 0)
            return &c->sections[i];
    return NULL;
}

int
curation_layout(const struct curation_bullet *b, size_t n, struct arena *a,
                struct curation_line **out, size_t *n_lines)
{
    struct curation_line *lines = arena_alloc(a, (n ? n : 1) * sizeof(*lines));
    const struct curation_bullet **slots = arena_alloc(a, (n ? n : 1) * sizeof(*slots));
    *out = lines;
    *n_lines = 0;
    if (!lines || !slots)
        return ERR_NOMEM;
    bool *placed = arena_alloc(a, (n ? n : 1) * sizeof(*placed));
    if (!placed)
        return ERR_NOMEM;
    /* Each 課題 in order of first appearance; in it each 項目 likewise. */
    for (size_t i = 0; i < n; i++) {
        if (placed[i])
            continue;
        const char *challenge = b[i].challenge;
        size_t first_line = *n_lines;
        for (size_t j = i; j < n; j++) {
            if (placed[j] || strcmp(b[j].challenge, challenge) != 0)
                continue;
            struct curation_line *l = &lines[(*n_lines)++];
            *l = (struct curation_line){challenge, b[j].item, 0, slots, 0};
            for (size_t k = j; k < n; k++)
                if (!placed[k] && strcmp(b[k].challenge, challenge) == 0 &&
                    strcmp(b[k].item, b[j].item) == 0) {
                    placed[k] = true;
                    l->bullets[l->n_bullets++] = &b[k];
                }
            slots += l->n_bullets;
        }
        lines[first_line].challenge_rows = *n_lines - first_line;
    }
    return 0;
}

int
curation_section_table(const struct curation *c, const char *group, const char *label,
                       struct arena *a, struct table *t)
{
    size_t n;
    const struct curation_bullet *b = curation_section_bullets(c, group, &n);
    const struct curation_section *sec = curation_section(c, group);
    struct curation_line *lines;
    size_t n_lines;
    int rc = curation_layout(b, n, a, &lines, &n_lines);
    if (rc == 0)
        rc = table_init(t, a, arena_printf(a, "%s（%s）", label, group),
                        sec && *sec->summary ? sec->summary : NULL, 3);
    if (rc)
        return rc;
    table_head(t, 0, "課題");
    table_head(t, 1, "項目");
    table_head(t, 2, "具体的な内容");
    for (size_t l = 0; l < n_lines; l++)
        for (size_t k = 0; k < lines[l].n_bullets; k++) {
            size_t row = table_row(t);
            if (row == (size_t)-1)
                return ERR_NOMEM;
            table_text(t, row, 0, lines[l].challenge);
            table_text(t, row, 1, lines[l].item);
            table_text(t, row, 2, lines[l].bullets[k]->body);
        }
    if (sec && *sec->notes) {
        size_t row = table_row(t);
        if (row == (size_t)-1)
            return ERR_NOMEM;
        table_text(t, row, 0, "注記");
        table_text(t, row, 2, sec->notes);
    }
    return 0;
}

/* --- the operations */

static bool
text_ok(const char *s, size_t max, bool blank_ok)
{
    return s && utf8_text_ok(s, strlen(s)) && utf8_length(s) <= max && (blank_ok || *s);
}

/* Inside a transaction: the curation of survey_id uses scheme (made so when
   the survey has none yet); ERR_CONFLICT when it uses another. */
static int
use_scheme(struct db *db, const char *survey_id, const char *scheme)
{
    static const char sql_get[] = "SELECT scheme FROM report_curations WHERE survey_id = ?1";
    static const char sql_add[] = "INSERT INTO report_curations(survey_id, scheme) VALUES (?1, ?2)";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql_get, &st, db_text(survey_id));
    bool same = rc == 1 && strcmp(db_column_text(st, 0), scheme) == 0;
    db_done(st);
    if (rc == 1)
        return same ? 0 : ERR_CONFLICT;
    return rc < 0 ? rc : db_run(db, sql_add, db_text(survey_id), db_text(scheme));
}

/* Inside a transaction: the section (group) of bullet id of survey_id into
   out (>= CURATION_LABEL_MAX * 4 + 1 bytes); ERR_NOTFOUND when none. */
static int
bullet_group(struct db *db, const char *survey_id, int64_t id, char *out, size_t len)
{
    static const char sql[] = "SELECT grp FROM report_bullets WHERE survey_id = ?1 AND id = ?2";
    sqlite3_stmt *st;
    int rc = db_first_row(db, sql, &st, db_text(survey_id), db_int(id));
    if (rc == 1)
        snprintf(out, len, "%s", db_column_text(st, 0));
    db_done(st);
    return db_found(rc);
}

/* Inside a transaction: numbers the bullets of a section 1, 2, ... in their
   order, with bullet moved (0: none) at position to (clamped). */
static int
renumber(struct db *db, const char *survey_id, const char *group, int64_t moved, long to)
{
    static const char sql_list[] = "SELECT id FROM report_bullets WHERE survey_id = ?1 AND grp = ?2"
                                   " AND id <> ?3 ORDER BY position, id";
    static const char sql_set[] = "UPDATE report_bullets SET position = ?2 WHERE id = ?1";
    int64_t *ids = malloc(CURATION_MAX_BULLETS * sizeof(*ids));
    size_t n = 0;
    sqlite3_stmt *st;
    int rc = ids ? db_prepare(db, &st, sql_list) : ERR_NOMEM;
    if (rc) {
        free(ids);
        return rc;
    }
    db_bind_text(st, 1, survey_id);
    db_bind_text(st, 2, group);
    sqlite3_bind_int64(st, 3, moved);
    while ((rc = db_step(st)) == 1 && n < CURATION_MAX_BULLETS - 1)
        ids[n++] = sqlite3_column_int64(st, 0);
    db_done(st);
    if (moved) {
        size_t at = to < 1 ? 0 : (size_t)to - 1 > n ? n : (size_t)to - 1;
        memmove(ids + at + 1, ids + at, (n - at) * sizeof(*ids));
        ids[at] = moved;
        n++;
    }
    for (size_t i = 0; rc >= 0 && i < n; i++)
        rc = db_run(db, sql_set, db_int(ids[i]), db_int((int64_t)i + 1));
    free(ids);
    return rc < 0 ? rc : 0;
}

int
curation_add(struct db *db, const struct audit_actor *who, const char *survey_id,
             const char *scheme, const char *group, const struct curation_row *row, int64_t *id)
{
    static const char sql_add[] =
        "INSERT INTO report_bullets(survey_id, grp, position, challenge, item, body)"
        " SELECT ?1, ?2, coalesce(max(position), 0) + 1, ?3, ?4, ?5 FROM report_bullets"
        " WHERE survey_id = ?1 AND grp = ?2";
    static const char sql_source[] =
        "INSERT INTO report_bullet_sources(bullet_id, entry_key) VALUES (?1, ?2)";
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = use_scheme(db, survey_id, scheme);
    if (rc == 0)
        rc = db_run(db, sql_add, db_text(survey_id), db_text(group), db_text(row->challenge),
                    db_text(row->item), db_text(row->content));
    if (rc == 0) {
        *id = db_last_rowid(db);
        rc = db_run(db, sql_source, db_int(*id), db_text(row->key));
    }
    if (rc == 0)
        rc = audit_record_json(db, who, "report.curation.add", survey_id,
                               json_pack("{s:I, s:s, s:s, s:s}", "bullet", (json_int_t)*id,
                                         "scheme", scheme, "group", group, "entry_key", row->key));
    return db_finish(db, rc);
}

int
curation_edit(struct db *db, const struct audit_actor *who, const char *survey_id, int64_t id,
              const char *challenge, const char *item, const char *body, long position)
{
    static const char sql[] =
        "UPDATE report_bullets SET challenge = ?3, item = ?4, body = ?5 WHERE survey_id = ?1"
        " AND id = ?2";
    if (!text_ok(challenge, CURATION_LABEL_MAX, false) ||
        !text_ok(item, CURATION_LABEL_MAX, false) || !text_ok(body, CURATION_TEXT_MAX, false))
        return ERR_INPUT;
    char group[CURATION_LABEL_MAX * 4 + 1];
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = bullet_group(db, survey_id, id, group, sizeof(group));
    if (rc == 0)
        rc = db_run(db, sql, db_text(survey_id), db_int(id), db_text(challenge), db_text(item),
                    db_text(body));
    if (rc == 0)
        rc = renumber(db, survey_id, group, id, position);
    if (rc == 0)
        rc = audit_record_json(db, who, "report.curation.edit", survey_id,
                               json_pack("{s:I, s:s, s:s, s:s, s:i}", "bullet", (json_int_t)id,
                                         "challenge", challenge, "item", item, "body", body,
                                         "position", (int)position));
    return db_finish(db, rc);
}

int
curation_merge(struct db *db, const struct audit_actor *who, const char *survey_id, int64_t id,
               int64_t into)
{
    static const char sql_body[] = "UPDATE report_bullets SET body = body || char(10) ||"
                                   " (SELECT body FROM report_bullets WHERE id = ?2) WHERE id = ?1";
    static const char sql_sources[] =
        "INSERT OR IGNORE INTO report_bullet_sources(bullet_id, entry_key)"
        " SELECT ?1, entry_key FROM report_bullet_sources WHERE bullet_id = ?2";
    static const char sql_drop[] = "DELETE FROM report_bullets WHERE id = ?1";
    char group[CURATION_LABEL_MAX * 4 + 1], into_group[sizeof(group)];
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = bullet_group(db, survey_id, id, group, sizeof(group));
    if (rc == 0)
        rc = bullet_group(db, survey_id, into, into_group, sizeof(into_group));
    if (rc == 0 && (id == into || strcmp(group, into_group) != 0))
        rc = ERR_INPUT; /* only two bullets of one section merge */
    if (rc == 0)
        rc = db_run(db, sql_body, db_int(into), db_int(id));
    if (rc == 0)
        rc = db_run(db, sql_sources, db_int(into), db_int(id));
    if (rc == 0)
        rc = db_run(db, sql_drop, db_int(id));
    if (rc == 0)
        rc = renumber(db, survey_id, group, 0, 0);
    if (rc == 0)
        rc = audit_record_json(
            db, who, "report.curation.merge", survey_id,
            json_pack("{s:I, s:I}", "bullet", (json_int_t)id, "into", (json_int_t)into));
    return db_finish(db, rc);
}

int
curation_remove(struct db *db, const struct audit_actor *who, const char *survey_id, int64_t id)
{
    static const char sql_drop[] = "DELETE FROM report_bullets WHERE id = ?1";
    char group[CURATION_LABEL_MAX * 4 + 1];
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = bullet_group(db, survey_id, id, group, sizeof(group));
    if (rc == 0)
        rc = db_run(db, sql_drop, db_int(id));
    if (rc == 0)
        rc = renumber(db, survey_id, group, 0, 0);
    if (rc == 0)
        rc = audit_record_json(db, who, "report.curation.remove", survey_id,
                               json_pack("{s:I}", "bullet", (json_int_t)id));
    return db_finish(db, rc);
}

int
curation_section_save(struct db *db, const struct audit_actor *who, const char *survey_id,
                      const char *scheme, const char *group, const char *summary, const char *notes)
{
    static const char sql[] =
        "INSERT INTO report_sections(survey_id, grp, summary, notes) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (survey_id, grp) DO UPDATE SET summary = ?3, notes = ?4";
    if (!text_ok(summary, CURATION_NOTE_MAX, true) || !text_ok(notes, CURATION_NOTE_MAX, true))
        return ERR_INPUT;
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = use_scheme(db, survey_id, scheme);
    if (rc == 0)
        rc = db_run(db, sql, db_text(survey_id), db_text(group), db_text(summary), db_text(notes));
    if (rc == 0)
        rc = audit_record_json(db, who, "report.curation.section", survey_id,
                               json_pack("{s:s, s:s, s:s, s:s}", "scheme", scheme, "group", group,
                                         "summary", summary, "notes", notes));
    return db_finish(db, rc);
}
