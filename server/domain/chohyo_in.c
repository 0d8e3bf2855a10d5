/*
 * chohyo_in.c: a filled 調査票 workbook back to answers (see chohyo.h).
 *
 * The hidden sheet _shokai lists every answer cell; each is read by the type
 * of its question (a number cell or text for a number, an Excel date or
 * 2025-01-31 for a date, ○ for a chosen option). A cell that cannot be read
 * is named by its cell; then the answers go through answer_check, the same
 * check as the form's, whose findings are named by the first cell of their
 * question. Any finding refuses the whole file.
 */
#include "buf.h"
#include "chohyo.h"
#include "clock.h"
#include "err.h"
#include "response.h"
#include "xlsx_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reading {
    const struct survey *s;
    const struct xlsx_book *book;
    struct answer_issues *is;
    json_t *answers;
    json_t *first_cell; /* question id → "sheet!C12", its first answer cell */
};

/* The text without surrounding spaces (ASCII and 全角), in out. */
static const char *
trim(const char *text, char *out, size_t outlen)
{
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r' ||
           strncmp(text, "　", 3) == 0)
        text += *text == ' ' || *text == '\t' || *text == '\n' || *text == '\r' ? 1 : 3;
    snprintf(out, outlen, "%s", text);
    size_t n = strlen(out);
    for (;;) {
        if (n > 0 && strchr(" \t\r\n", out[n - 1]))
            out[--n] = '\0';
        else if (n >= 3 && strcmp(out + n - 3, "　") == 0)
            out[n -= 3] = '\0';
        else
            break;
    }
    return out;
}

/* A number cell or text as a JSON number; NULL when it is not one. */
static json_t *
number_of(const struct question *q, const char *text)
{
    char t[64], *end;
    trim(text, t, sizeof(t));
    double d = strtod(t, &end);
    if (end == t || *end)
        return NULL;
    if (q->integer && d == (double)(long long)d && d > -9e15 && d < 9e15)
        return json_integer((json_int_t)d);
    return json_real(d);
}

/* The value of one scalar cell (single, text, number, date); NULL when empty
   or unreadable (then an issue names the cell). */
static json_t *
cell_value(struct reading *rd, const struct question *q, const char *qid,
           const struct xlsx_cell *cell, const char *where)
{
    if (!cell || !*cell->text)
        return NULL;
    char t[256];
    switch (q->type) {
    case Q_SINGLE:
        trim(cell->text, t, sizeof(t));
        if (!*t)
            return NULL;
        if (question_has_option(q, t))
            return json_string(t);
        answer_issue_add(rd->is, qid, "%s: 「%s」は選択肢にありません。一覧から選んでください",
                         where, t);
        return NULL;
    case Q_NUMBER: {
        json_t *n = number_of(q, cell->text);
        if (!n)
            answer_issue_add(rd->is, qid, "%s: 数値で入力してください（「%s」）", where,
                             cell->text);
        return n;
    }
    case Q_DATE: {
        char date[16];
        if (cell->kind == XLSX_NUMBER && xlsx_serial_date(cell->text, date, sizeof(date)))
            return json_string(date);
        trim(cell->text, t, sizeof(t));
        for (char *p = t; *p; p++)
            if (*p == '/')
                *p = '-';
        if (strlen(t) == 10 && clock_valid_date(t))
            return json_string(t);
        answer_issue_add(rd->is, qid, "%s: 日付は 2025-01-31 の形で入力してください（「%s」）",
                         where, cell->text);
        return NULL;
    }
    default:
        return json_string(cell->text);
    }
}

/* A chosen option's mark: ○ (and the marks people type for it). */
static bool
is_mark(const char *t)
{
    static const char *const marks[] = {CHOHYO_MARK, "〇", "◯", "✓", "✔", "レ", "1", NULL};
    for (const char *const *m = marks; *m; m++)
        if (strcmp(t, *m) == 0)
            return true;
    return false;
}

/* The object of a check item or table row answer, made on first use. */
static json_t *
object_at(json_t *parent, const char *key)
{
    json_t *o = json_object_get(parent, key);
    if (!o) {
        o = json_object();
        json_object_set_new(parent, key, o);
    }
    return o;
}

static void
read_one(struct reading *rd, const struct question *q, const char *part, const char *key,
         const char *column, const struct xlsx_cell *cell, const char *where)
{
    char t[64];
    json_t *answers = rd->answers;
    if (strcmp(part, "") == 0) {
        json_t *v = cell_value(rd, q, q->id, cell, where);
        if (v)
            json_object_set_new(answers, q->id, v);
    } else if (strcmp(part, "option") == 0 && q->type == Q_MULTI) {
        trim(cell ? cell->text : "", t, sizeof(t));
        if (!*t)
            return;
        if (!is_mark(t) || !question_has_option(q, key)) {
            answer_issue_add(rd->is, q->id,
                             "%s: 選ぶときは「%s」、選ばないときは空欄にしてください", where,
                             CHOHYO_MARK);
            return;
        }
        json_t *list = json_object_get(answers, q->id);
        if (!list) {
            list = json_array();
            json_object_set_new(answers, q->id, list);
        }
        json_array_append_new(list, json_string(key));
    } else if (strcmp(part, "row") == 0 && q->type == Q_TABLE) {
        const struct question *col = question_column(q, column ? column : "");
        long index = strtol(key, NULL, 10);
        if (!col || index < 1 || index > q->max_rows)
            return;
        json_t *v = cell_value(rd, col, q->id, cell, where);
        if (!v)
            return;
        json_t *rows = json_object_get(answers, q->id);
        if (!rows) {
            rows = json_array();
            json_object_set_new(answers, q->id, rows);
        }
        while (json_array_size(rows) < (size_t)index)
            json_array_append_new(rows, json_object());
        json_object_set_new(json_array_get(rows, (size_t)index - 1), col->id, v);
    } else if ((strcmp(part, "status") == 0 || strcmp(part, "note") == 0) && q->type == Q_CHECK) {
        bool status = strcmp(part, "status") == 0;
        const char *text = cell ? cell->text : "";
        char st[64];
        if (status && !*trim(text, st, sizeof(st)))
            return;
        if (!status && !*text)
            return;
        if (status) {
            bool known = false;
            for (size_t i = 0; i < 4; i++)
                known = known || strcmp(st, check_statuses[i]) == 0;
            if (!known) {
                answer_issue_add(rd->is, q->id,
                                 "%s: 「%s」は選べません（実施済・一部実施・未実施・該当なし）",
                                 where, st);
                return;
            }
        }
        json_object_set_new(object_at(answers, q->id), part, json_string(status ? st : text));
    }
}

/* Reads every cell the map names. */
static void
read_map(struct reading *rd, const struct xlsx_read_sheet *map)
{
    for (uint32_t row = 2; row <= map->n_rows && rd->is->n < ANSWER_MAX_ISSUES; row++) {
        const char *name = xlsx_text_at(map, row, 1), *ref = xlsx_text_at(map, row, 2);
        const char *qid = xlsx_text_at(map, row, 3), *part = xlsx_text_at(map, row, 4);
        const struct question *q = survey_question(rd->s, qid);
        const struct xlsx_read_sheet *sheet = xlsx_sheet(rd->book, name);
        uint32_t r, c;
        if (!q || !sheet || !xlsx_parse_ref(ref, &r, &c)) {
            answer_issue_add(rd->is, "",
                             "調査票の構成が変わっています（シート「%s」の %s）。ダウンロードし直し"
                             "た調査票に入力してください",
                             name, ref);
            return;
        }
        char where[200];
        snprintf(where, sizeof(where), "%s!%s", name, ref);
        if (!json_object_get(rd->first_cell, qid))
            json_object_set_new(rd->first_cell, qid, json_string(where));
        read_one(rd, q, part, xlsx_text_at(map, row, 5),
                 *xlsx_text_at(map, row, 6) ? xlsx_text_at(map, row, 6) : NULL,
                 xlsx_cell(sheet, r, c), where);
    }
}

/* answer_check's findings, each named by the first cell of its question. */
static void
check_answers(struct reading *rd)
{
    struct answer_issues found;
    answer_issues_init(&found, rd->is->arena);
    json_decref(answer_check(rd->s, rd->answers, false, &found));
    for (size_t i = 0; i < found.n; i++) {
        const char *cell =
            json_string_value(json_object_get(rd->first_cell, found.items[i].question));
        if (cell)
            answer_issue_add(rd->is, found.items[i].question, "%s: %s", cell,
                             found.items[i].message);
        else
            answer_issue_add(rd->is, found.items[i].question, "%s", found.items[i].message);
    }
}

int
chohyo_read(const struct survey *s, const void *bytes, size_t len, char *org_code, json_t **answers,
            struct answer_issues *is)
{
    struct xlsx_book *book = NULL;
    char msg[400];
    *answers = NULL;
    org_code[0] = '\0';
    int rc = xlsx_read(bytes, len, &book, msg, sizeof(msg));
    if (rc) {
        answer_issue_add(is, "", "%s", msg);
        return rc;
    }
    struct reading rd = {s, book, is, json_object(), json_object()};
    const struct xlsx_read_sheet *map = xlsx_sheet(book, CHOHYO_MAP_SHEET);
    if (!map || strcmp(xlsx_text_at(map, 1, 1), CHOHYO_FORMAT) != 0) {
        answer_issue_add(
            is, "", "shokai からダウンロードした調査票ではありません（「%s」シートがありません）",
            CHOHYO_MAP_SHEET);
    } else if (strcmp(xlsx_text_at(map, 1, 2), s->id) != 0) {
        answer_issue_add(is, "", "この調査票は別の照会（%s）のものです", xlsx_text_at(map, 1, 2));
    } else {
        snprintf(org_code, 7, "%s", xlsx_text_at(map, 1, 4));
        read_map(&rd, map);
        if (is->n == 0)
            check_answers(&rd);
    }
    json_decref(rd.first_cell);
    xlsx_book_free(book);
    if (is->n) {
        json_decref(rd.answers);
        return ERR_INPUT;
    }
    *answers = rd.answers;
    return 0;
}

int
chohyo_save(struct db *db, const struct audit_actor *who, const struct survey *s,
            const char *org_code, json_t *answers, bool proxy, struct answer_issues *is,
            long *saved)
{
    json_t *clean = answer_check(s, answers, false, is);
    int rc =
        is->n ? ERR_INPUT
              : response_save(db, who, s->id, org_code, clean, RESPONSE_ANY_VERSION, proxy, saved);
    json_decref(clean);
    return rc;
}
