/*
 * org.c: 団体 master import and grouping schemes (see org.h).
 */
#include "org.h"
#include "audit.h"
#include "clock.h"
#include "csvread.h"
#include "db.h"
#include "err.h"
#include "jsonin.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define ORG_CSV_MAX_ROWS 5000

const char *const org_kinds[] = {"都道府県", "政令市", "中核市", "特別区", "市", "町", "村", NULL};

bool
org_code_valid(const char *code)
{
    if (strlen(code) != 6)
        return false;
    for (int i = 0; i < 6; i++)
        if (code[i] < '0' || code[i] > '9')
            return false;
    int sum = 0;
    for (int i = 0; i < 5; i++)
        sum += (code[i] - '0') * (6 - i);
    int check = (11 - sum % 11) % 10;
    return code[5] - '0' == check;
}

bool
org_code_is_prefecture(const char *code)
{
    return strlen(code) == 6 && strncmp(code + 2, "000", 3) == 0;
}

bool
org_kind_valid(const char *kind)
{
    for (size_t i = 0; org_kinds[i]; i++)
        if (strcmp(kind, org_kinds[i]) == 0)
            return true;
    return false;
}

struct import_ctx {
    struct db *db;
    struct org_import_result *res;
    char *msg;
    size_t msglen;
    char today[32];
};

static char *
org_row_json(const char *code, const char *pref, const char *name, const char *kana,
             const char *kind)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", code, "prefecture", pref, "name",
                          name, "kana", kana, "kind", kind);
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    return s;
}

static int
record_change(struct import_ctx *c, const char *code, const char *change, const char *before,
              const char *after)
{
    static const char sql[] = "INSERT INTO organization_changes(imported_at, code, change, before,"
                              " after) VALUES (?1, ?2, ?3, ?4, ?5)";
    return db_run(c->db, sql, db_text(c->today), db_text(code), db_text(change), db_text(before),
                  db_text(after));
}

static int
import_row(size_t row_no, char **f, size_t n, void *arg)
{
    struct import_ctx *c = arg;
    static const char *const header[] = {"code", "prefecture", "name", "kana", "kind"};
    if (n != 5) {
        snprintf(c->msg, c->msglen, "%zu行目: 列の数が5ではありません（%zu列）", row_no, n);
        return ERR_INPUT;
    }
    if (row_no == 1) {
        for (int i = 0; i < 5; i++)
            if (strcmp(f[i], header[i]) != 0) {
                snprintf(c->msg, c->msglen,
                         "1行目: 見出しは code,prefecture,name,kana,kind としてください");
                return ERR_INPUT;
            }
        return 0;
    }
    if (!org_code_valid(f[0])) {
        snprintf(c->msg, c->msglen, "%zu行目: 団体コード「%.16s」が正しくありません（検査数字）",
                 row_no, f[0]);
        return ERR_INPUT;
    }
    if (!org_kind_valid(f[4])) {
        snprintf(c->msg, c->msglen, "%zu行目: 団体区分「%.40s」は使えません", row_no, f[4]);
        return ERR_INPUT;
    }
    for (int i = 1; i < 4; i++)
        if (!*f[i] || strlen(f[i]) > 200) {
            snprintf(c->msg, c->msglen, "%zu行目: %s が空か長すぎます", row_no, header[i]);
            return ERR_INPUT;
        }
    static const char sql_get[] =
        "SELECT prefecture, name, kana, kind FROM organizations WHERE code = ?1";
    sqlite3_stmt *st;
    int rc = db_prepare(c->db, &st, sql_get);
    if (rc)
        return rc;
    db_bind_text(st, 1, f[0]);
    rc = db_step(st);
    if (rc < 0)
        return rc;
    char *before = NULL;
    bool exists = rc == 1, same = false;
    if (exists) {
        same = strcmp(db_column_text(st, 0), f[1]) == 0 &&
               strcmp(db_column_text(st, 1), f[2]) == 0 &&
               strcmp(db_column_text(st, 2), f[3]) == 0 && strcmp(db_column_text(st, 3), f[4]) == 0;
        if (!same)
            before = org_row_json(f[0], db_column_text(st, 0), db_column_text(st, 1),
                                  db_column_text(st, 2), db_column_text(st, 3));
    }
    db_done(st);
    if (same) {
        c->res->unchanged++;
        return 0;
    }
    static const char sql_put[] =
        "INSERT INTO organizations(code, prefecture, name, kana, kind, updated_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(code) DO UPDATE SET"
        " prefecture = excluded.prefecture, name = excluded.name, kana = excluded.kana,"
        " kind = excluded.kind, updated_at = excluded.updated_at";
    rc = db_run(c->db, sql_put, db_text(f[0]), db_text(f[1]), db_text(f[2]), db_text(f[3]),
                db_text(f[4]), db_text(c->today));
    if (rc)
        goto out;
    char *after = org_row_json(f[0], f[1], f[2], f[3], f[4]);
    rc = record_change(c, f[0], exists ? "changed" : "added", before, after);
    free(after);
    if (exists)
        c->res->changed++;
    else
        c->res->added++;
out:
    free(before);
    return rc;
}

int
org_import_csv(struct db *db, const struct audit_actor *who, const char *data, size_t len,
               struct org_import_result *out, char *msg, size_t msglen)
{
    struct csv_limits lim = {ORG_CSV_MAX_ROWS, 16, 1024};
    struct import_ctx c = {db, out, msg, msglen, {0}};
    memset(out, 0, sizeof(*out));
    clock_iso(clock_now(), c.today, sizeof(c.today));
    int rc = db_begin(db);
    if (rc)
        return rc;
    rc = csvread_parse(data, len, &lim, import_row, &c, msg, msglen);
    if (rc)
        goto out;
    char detail[128];
    snprintf(detail, sizeof(detail), "{\"added\":%d,\"changed\":%d,\"unchanged\":%d}", out->added,
             out->changed, out->unchanged);
    rc = audit_record(db, who, "org.import", "organizations", NULL, detail);
out:
    rc = db_finish(db, rc);
    return rc;
}

static int
groupings_store(struct db *db, json_t *root, char *msg, size_t msglen)
{
    static const char sql_clear[] = "DELETE FROM groupings WHERE composed_at IS NULL";
    static const char sql_scheme[] =
        "INSERT INTO groupings(scheme, label, basis) VALUES (?1, ?2, ?3)";
    static const char sql_group[] =
        "INSERT INTO grouping_groups(scheme, position, label) VALUES (?1, ?2, ?3)";
    static const char sql_kind[] =
        "INSERT INTO grouping_kinds(scheme, kind, label) VALUES (?1, ?2, ?3)";
    int rc = db_run_args(db, sql_clear, NULL, 0);
    size_t i;
    json_t *scheme;
    json_array_foreach(json_object_get(root, "schemes"), i, scheme)
    {
        const char *id = NULL, *label = NULL, *basis = NULL;
        json_t *groups = NULL;
        if (rc)
            return rc;
        if (json_unpack(scheme, "{s:s, s:s, s:s, s?:o}", "id", &id, "label", &label, "basis",
                        &basis, "groups", &groups) != 0) {
            snprintf(msg, msglen, "groupings.json: /schemes/%zu に id, label, basis が必要です", i);
            return ERR_INPUT;
        }
        if ((rc = db_run(db, sql_scheme, db_text(id), db_text(label), db_text(basis))))
            return rc;
        size_t g;
        json_t *group;
        json_array_foreach(groups, g, group)
        {
            const char *glabel = NULL;
            json_t *kinds = NULL;
            if (json_unpack(group, "{s:s, s:o}", "label", &glabel, "kinds", &kinds) != 0 ||
                !json_is_array(kinds)) {
                snprintf(msg, msglen, "groupings.json: /schemes/%zu/groups/%zu が正しくありません",
                         i, g);
                return ERR_INPUT;
            }
            if ((rc = db_run(db, sql_group, db_text(id), db_int((int64_t)g), db_text(glabel))))
                return rc;
            size_t k;
            json_t *kind;
            json_array_foreach(kinds, k, kind)
            {
                if (!json_is_string(kind) || !org_kind_valid(json_string_value(kind))) {
                    snprintf(msg, msglen,
                             "groupings.json: /schemes/%zu/groups/%zu/kinds/%zu "
                             "は団体区分ではありません",
                             i, g, k);
                    return ERR_INPUT;
                }
                if ((rc = db_run(db, sql_kind, db_text(id), db_text(json_string_value(kind)),
                                 db_text(glabel)))) {
                    snprintf(msg, msglen, "groupings.json: %s で区分が重複しています", id);
                    return rc;
                }
            }
        }
    }
    return rc;
}

int
org_load_groupings(struct db *db, const char *json, size_t len, char *msg, size_t msglen)
{
    json_t *root = jsonin_parse(json, len, msg, msglen);
    if (root && !json_is_array(json_object_get(root, "schemes")))
        snprintf(msg, msglen, "groupings.json: schemes がありません");
    if (!root || !json_is_array(json_object_get(root, "schemes"))) {
        json_decref(root);
        return ERR_INPUT;
    }
    int rc = db_begin(db);
    if (rc == 0)
        rc = groupings_store(db, root, msg, msglen);
    rc = db_finish(db, rc);
    json_decref(root);
    return rc;
}

/* The list's WHERE clause, shared by the rows and their count: ?1–?3. */
#define ORG_QUERY_WHERE                                                                            \
    " WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR prefecture = ?2)"                         \
    " AND (?3 IS NULL OR instr(name, ?3) > 0 OR instr(kana, ?3) > 0"                               \
    "      OR instr(prefecture || name, ?3) > 0 OR substr(code, 1, length(?3)) = ?3)"

static void
org_query_bind(sqlite3_stmt *st, const struct org_query *q)
{
    db_bind_text(st, 1, q->kind);
    db_bind_text(st, 2, q->prefecture);
    db_bind_text(st, 3, q->text);
}

int
org_each(struct db *db, const struct org_query *q, int (*fn)(const struct org_row *o, void *ctx),
         void *ctx)
{
    static const char sql[] =
        "SELECT code, prefecture, name, kana, kind FROM organizations" ORG_QUERY_WHERE
        " ORDER BY code LIMIT ?4 OFFSET ?5";
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    org_query_bind(st, q);
    db_bind_int64(st, 4, q->limit ? (int64_t)q->limit : -1);
    db_bind_int64(st, 5, (int64_t)q->offset);
    while ((rc = db_step(st)) == 1) {
        struct org_row o = {db_column_text(st, 0), db_column_text(st, 1), db_column_text(st, 2),
                            db_column_text(st, 3), db_column_text(st, 4)};
        if ((rc = fn(&o, ctx)))
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int
org_count(struct db *db, const struct org_query *q, int64_t *count)
{
    return db_query_number(db, "SELECT count(*) FROM organizations" ORG_QUERY_WHERE, count,
                           db_text(q->kind), db_text(q->prefecture), db_text(q->text));
}

int
org_get(struct db *db, const char *code, struct org *out)
{
    static const char sql[] =
        "SELECT code, prefecture, name, kind FROM organizations WHERE code = ?1";
    sqlite3_stmt *st;
    memset(out, 0, sizeof(*out));
    int rc = db_prepare(db, &st, sql);
    if (rc)
        return rc;
    db_bind_text(st, 1, code);
    rc = db_step(st);
    if (rc == 1) {
        snprintf(out->code, sizeof(out->code), "%s", db_column_text(st, 0));
        snprintf(out->prefecture, sizeof(out->prefecture), "%s", db_column_text(st, 1));
        snprintf(out->name, sizeof(out->name), "%s", db_column_text(st, 2));
        snprintf(out->kind, sizeof(out->kind), "%s", db_column_text(st, 3));
    }
    db_done(st);
    return db_found(rc);
}
