/*
 * survey_edit.c: the editor's operations over a definition (see
 * survey_edit.h).
 */
#include "survey_edit.h"
#include "err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const survey_edit_types[] = {"single", "multi", "text",  "number",
                                         "date",   "table", "check", NULL};
const char *const survey_edit_column_types[] = {"single", "text", "number", "date", NULL};

/* The keys that belong to one type or another; a type change drops them. */
static const char *const typed_keys[] = {"options",   "options_ref", "exclusive",     "max_length",
                                         "multiline", "integer",     "min",           "max",
                                         "columns",   "min_rows",    "max_rows",      "level",
                                         "measure",   "source",      "level_assumed", NULL};

static int
fail(char *msg, size_t msglen, int rc, const char *what)
{
    snprintf(msg, msglen, "%s", what);
    return rc;
}

static bool
blank(const char *s)
{
    return !s || !*s;
}

/* Sets key to text, or removes it when text is blank. */
static void
set_text(json_t *o, const char *key, const char *text)
{
    if (blank(text))
        json_object_del(o, key);
    else
        json_object_set_new(o, key, json_string(text));
}

/* One entry a line, trimmed, blank lines skipped (a new array). */
static json_t *
lines_array(const char *lines)
{
    json_t *a = json_array();
    const char *p = lines ? lines : "";
    while (*p) {
        size_t n = strcspn(p, "\n");
        const char *start = p, *end = p + n;
        while (start < end && (*start == ' ' || *start == '\t'))
            start++;
        while (end > start && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (end > start)
            json_array_append_new(a, json_stringn(start, (size_t)(end - start)));
        p += n + (p[n] == '\n');
    }
    return a;
}

static json_t *
sections_of(json_t *def)
{
    json_t *s = json_object_get(def, "sections");
    if (!json_is_array(s)) {
        s = json_array();
        json_object_set_new(def, "sections", s);
    }
    return s;
}

/* The section with id sid (*index its place), or NULL. */
static json_t *
find_section(json_t *def, const char *sid, size_t *index)
{
    size_t i;
    json_t *sec;
    json_array_foreach(sections_of(def), i, sec)
    {
        const char *id = json_string_value(json_object_get(sec, "id"));
        if (id && strcmp(id, sid) == 0) {
            *index = i;
            return sec;
        }
    }
    return NULL;
}

/* The array holding question qid (*index its place), or NULL. */
static json_t *
find_question(json_t *def, const char *qid, size_t *index)
{
    size_t i, j;
    json_t *sec, *q;
    json_array_foreach(sections_of(def), i, sec)
    {
        json_t *qs = json_object_get(sec, "questions");
        json_array_foreach(qs, j, q)
        {
            const char *id = json_string_value(json_object_get(q, "id"));
            if (id && strcmp(id, qid) == 0) {
                *index = j;
                return qs;
            }
        }
    }
    return NULL;
}

/* The array holding question qid, or its column col (col non-NULL), and the
   place in it; ERR_NOTFOUND with msg. */
static int
find_item(json_t *def, const char *qid, const char *col, json_t **list, size_t *index, char *msg,
          size_t msglen)
{
    *list = find_question(def, qid, index);
    if (!*list)
        return fail(msg, msglen, ERR_NOTFOUND, "その設問はありません。");
    if (!col)
        return 0;
    json_t *cols = json_object_get(json_array_get(*list, *index), "columns");
    size_t i;
    json_t *c;
    json_array_foreach(cols, i, c)
    {
        const char *id = json_string_value(json_object_get(c, "id"));
        if (id && strcmp(id, col) == 0) {
            *list = cols;
            *index = i;
            return 0;
        }
    }
    return fail(msg, msglen, ERR_NOTFOUND, "その列はありません。");
}

/* True if id names a section, question or column of def. */
static bool
id_used(json_t *def, const char *id)
{
    size_t i, j, k;
    json_t *sec, *q, *c;
    json_array_foreach(sections_of(def), i, sec)
    {
        const char *sid = json_string_value(json_object_get(sec, "id"));
        if (sid && strcmp(sid, id) == 0)
            return true;
        json_array_foreach(json_object_get(sec, "questions"), j, q)
        {
            const char *qid = json_string_value(json_object_get(q, "id"));
            if (qid && strcmp(qid, id) == 0)
                return true;
            json_array_foreach(json_object_get(q, "columns"), k, c)
            {
                const char *cid = json_string_value(json_object_get(c, "id"));
                if (cid && strcmp(cid, id) == 0)
                    return true;
            }
        }
    }
    return false;
}

/* The first prefix1, prefix2 ... that def does not use. */
static void
fresh_id(json_t *def, const char *prefix, char out[16])
{
    for (int n = 1; n < 100000; n++) {
        snprintf(out, 16, "%s%d", prefix, n);
        if (!id_used(def, out))
            return;
    }
}

/* Moves item index of list by delta (-1, +1), when it stays inside. */
static int
move_in(json_t *list, size_t index, int delta, char *msg, size_t msglen)
{
    if ((delta < 0 && index == 0) || (delta > 0 && index + 1 >= json_array_size(list)))
        return fail(msg, msglen, ERR_INPUT, "これ以上は移動できません。");
    size_t to = delta < 0 ? index - 1 : index + 1;
    json_t *item = json_incref(json_array_get(list, index));
    json_array_remove(list, index);
    json_array_insert_new(list, to, item);
    return 0;
}

int
survey_edit_settings(json_t *def, const struct survey_settings *st, char *msg, size_t msglen)
{
    if (blank(st->title))
        return fail(msg, msglen, ERR_INPUT, "題名を入力してください。");
    if (blank(st->opens) != blank(st->closes))
        return fail(msg, msglen, ERR_INPUT, "照会期間は開始と終了の両方を入力してください。");
    json_object_set_new(def, "title", json_string(st->title));
    set_text(def, "description", st->description);
    if (blank(st->opens))
        json_object_del(def, "period");
    else
        json_object_set_new(def, "period",
                            json_pack("{s:s, s:s}", "opens", st->opens, "closes", st->closes));
    if (st->audience && json_array_size(st->audience))
        json_object_set(def, "audience", st->audience);
    else
        json_object_del(def, "audience");
    return 0;
}

int
survey_edit_materials(json_t *def, const char *lines, char *msg, size_t msglen)
{
    (void)msg;
    (void)msglen;
    json_t *list = lines_array(lines);
    if (json_array_size(list))
        json_object_set_new(def, "materials", list);
    else {
        json_decref(list);
        json_object_del(def, "materials");
    }
    return 0;
}

int
survey_edit_option_list(json_t *def, const char *name, const char *lines, char *msg, size_t msglen)
{
    if (blank(name))
        return fail(msg, msglen, ERR_INPUT, "選択肢リストの名前を入力してください。");
    json_t *lists = json_object_get(def, "options");
    json_t *list = lines_array(lines);
    if (!json_array_size(list)) {
        json_decref(list);
        json_object_del(lists, name);
        if (lists && !json_object_size(lists))
            json_object_del(def, "options");
        return 0;
    }
    if (!json_is_object(lists)) {
        lists = json_object();
        json_object_set_new(def, "options", lists);
    }
    json_object_set_new(lists, name, list);
    return 0;
}

int
survey_edit_section_add(json_t *def, const char *title, char new_id[16], char *msg, size_t msglen)
{
    if (blank(title))
        return fail(msg, msglen, ERR_INPUT, "セクションの題名を入力してください。");
    fresh_id(def, "s", new_id);
    json_array_append_new(sections_of(def),
                          json_pack("{s:s, s:s, s:[]}", "id", new_id, "title", title, "questions"));
    return 0;
}

int
survey_edit_section_update(json_t *def, const char *sid, const char *title, const char *help,
                           char *msg, size_t msglen)
{
    size_t i;
    json_t *sec = find_section(def, sid, &i);
    if (!sec)
        return fail(msg, msglen, ERR_NOTFOUND, "そのセクションはありません。");
    if (blank(title))
        return fail(msg, msglen, ERR_INPUT, "セクションの題名を入力してください。");
    json_object_set_new(sec, "title", json_string(title));
    set_text(sec, "help", help);
    return 0;
}

int
survey_edit_section_move(json_t *def, const char *sid, int delta, char *msg, size_t msglen)
{
    size_t i;
    if (!find_section(def, sid, &i))
        return fail(msg, msglen, ERR_NOTFOUND, "そのセクションはありません。");
    return move_in(sections_of(def), i, delta, msg, msglen);
}

int
survey_edit_section_delete(json_t *def, const char *sid, char *msg, size_t msglen)
{
    size_t i;
    if (!find_section(def, sid, &i))
        return fail(msg, msglen, ERR_NOTFOUND, "そのセクションはありません。");
    if (json_array_size(sections_of(def)) == 1)
        return fail(msg, msglen, ERR_INPUT, "最後のセクションは削除できません。");
    json_array_remove(sections_of(def), i);
    return 0;
}

/* True if type is in types. */
static bool
type_in(const char *type, const char *const *types)
{
    for (size_t i = 0; types[i]; i++)
        if (strcmp(type, types[i]) == 0)
            return true;
    return false;
}

/* What a new choice question and a new table start with (new arrays). */
static json_t *
starting_options(void)
{
    return json_pack("[s, s]", "選択肢1", "選択肢2");
}

static json_t *
starting_columns(void)
{
    return json_pack("[{s:s, s:s, s:s}]", "id", "c1", "type", "text", "label", "列1");
}

/* A new question or column of type: what it needs to be valid. */
static json_t *
skeleton(const char *id, const char *type, const char *label)
{
    json_t *q = json_pack("{s:s, s:s, s:s}", "id", id, "type", type, "label", label);
    if (strcmp(type, "single") == 0 || strcmp(type, "multi") == 0)
        json_object_set_new(q, "options", starting_options());
    else if (strcmp(type, "table") == 0)
        json_object_set_new(q, "columns", starting_columns());
    else if (strcmp(type, "check") == 0) {
        json_object_set_new(q, "level", json_string("推奨"));
        json_object_set_new(q, "measure", json_string("技術的対策"));
    }
    return q;
}

int
survey_edit_question_add(json_t *def, const char *sid, const char *type, const char *label,
                         char new_id[16], char *msg, size_t msglen)
{
    size_t i;
    json_t *sec = find_section(def, sid, &i);
    if (!sec)
        return fail(msg, msglen, ERR_NOTFOUND, "そのセクションはありません。");
    if (!type || !type_in(type, survey_edit_types))
        return fail(msg, msglen, ERR_INPUT, "設問の種類を選んでください。");
    if (blank(label))
        return fail(msg, msglen, ERR_INPUT, "設問文を入力してください。");
    fresh_id(def, "q", new_id);
    json_t *qs = json_object_get(sec, "questions");
    if (!json_is_array(qs)) {
        qs = json_array();
        json_object_set_new(sec, "questions", qs);
    }
    json_array_append_new(qs, skeleton(new_id, type, label));
    return 0;
}

int
survey_edit_column_add(json_t *def, const char *qid, const char *type, const char *label,
                       char new_id[16], char *msg, size_t msglen)
{
    json_t *list;
    size_t i;
    int rc = find_item(def, qid, NULL, &list, &i, msg, msglen);
    if (rc)
        return rc;
    json_t *cols = json_object_get(json_array_get(list, i), "columns");
    if (!json_is_array(cols))
        return fail(msg, msglen, ERR_INPUT, "列は表の設問にだけ加えられます。");
    if (!type || !type_in(type, survey_edit_column_types))
        return fail(msg, msglen, ERR_INPUT, "列の種類は 単一選択・文章・数値・日付 です。");
    if (blank(label))
        return fail(msg, msglen, ERR_INPUT, "列の見出しを入力してください。");
    fresh_id(def, "c", new_id);
    json_array_append_new(cols, skeleton(new_id, type, label));
    return 0;
}

/* A number bound: decimal text to a JSON number, or removed when blank. */
static int
set_number(json_t *q, const char *key, const char *text, char *msg, size_t msglen)
{
    if (blank(text)) {
        json_object_del(q, key);
        return 0;
    }
    char *end;
    double v = strtod(text, &end);
    if (*end || end == text)
        return fail(msg, msglen, ERR_INPUT, "最小値・最大値は数で入力してください。");
    if (v == (double)(json_int_t)v)
        json_object_set_new(q, key, json_integer((json_int_t)v));
    else
        json_object_set_new(q, key, json_real(v));
    return 0;
}

static void
set_count(json_t *q, const char *key, long n)
{
    if (n > 0)
        json_object_set_new(q, key, json_integer(n));
    else
        json_object_del(q, key);
}

static void
set_flag(json_t *q, const char *key, bool on)
{
    if (on)
        json_object_set_new(q, key, json_true());
    else
        json_object_del(q, key);
}

/* visible_if from "qid:option" ("" none; NULL or "*" unchanged). */
static int
set_condition(json_t *q, const char *spec, char *msg, size_t msglen)
{
    if (!spec || strcmp(spec, "*") == 0)
        return 0;
    if (!*spec) {
        json_object_del(q, "visible_if");
        return 0;
    }
    const char *colon = strchr(spec, ':');
    if (!colon || colon == spec || !colon[1])
        return fail(msg, msglen, ERR_INPUT, "表示条件は「設問:選択肢」の形で指定してください。");
    json_object_set_new(
        q, "visible_if",
        json_pack("{s:s%, s:s}", "question", spec, (size_t)(colon - spec), "equals", colon + 1));
    return 0;
}

/* The keys of a choice question (single, multi). */
static void
set_choices(json_t *q, const struct question_fields *f, bool multi)
{
    json_object_del(q, "options");
    json_object_del(q, "options_ref");
    if (!blank(f->options_ref))
        json_object_set_new(q, "options_ref", json_string(f->options_ref));
    else
        json_object_set_new(q, "options", lines_array(f->options));
    json_t *exclusive = multi ? lines_array(f->exclusive) : NULL;
    if (exclusive && json_array_size(exclusive))
        json_object_set_new(q, "exclusive", exclusive);
    else {
        json_decref(exclusive);
        json_object_del(q, "exclusive");
    }
}

/* The keys of q's type, from f; those of other types are removed. A question
   just converted to a choice gets two options to start from when f has none
   (its form showed no options field). */
static int
set_typed(json_t *q, const char *type, bool converted, const struct question_fields *f, char *msg,
          size_t msglen)
{
    json_t *columns = json_incref(json_object_get(q, "columns"));
    json_t *source = json_incref(json_object_get(q, "source"));
    bool assumed = json_is_true(json_object_get(q, "level_assumed"));
    for (size_t i = 0; typed_keys[i]; i++)
        json_object_del(q, typed_keys[i]);
    int rc = 0;
    if (strcmp(type, "single") == 0 || strcmp(type, "multi") == 0) {
        set_choices(q, f, strcmp(type, "multi") == 0);
        if (converted && !json_array_size(json_object_get(q, "options")) &&
            !json_object_get(q, "options_ref"))
            json_object_set_new(q, "options", starting_options());
    } else if (strcmp(type, "text") == 0) {
        set_count(q, "max_length", f->max_length);
        set_flag(q, "multiline", f->multiline);
    } else if (strcmp(type, "number") == 0) {
        set_flag(q, "integer", f->integer);
        if ((rc = set_number(q, "min", f->min, msg, msglen)) == 0)
            rc = set_number(q, "max", f->max, msg, msglen);
    } else if (strcmp(type, "date") == 0) {
        set_text(q, "min", f->min);
        set_text(q, "max", f->max);
    } else if (strcmp(type, "table") == 0) {
        json_object_set(q, "columns", columns ? columns : starting_columns());
        set_count(q, "min_rows", f->min_rows);
        set_count(q, "max_rows", f->max_rows);
    } else if (strcmp(type, "check") == 0) {
        json_object_set_new(q, "level", json_string(blank(f->level) ? "推奨" : f->level));
        json_object_set_new(q, "measure",
                            json_string(blank(f->measure) ? "技術的対策" : f->measure));
        if (source)
            json_object_set(q, "source", source);
        set_flag(q, "level_assumed", assumed);
    }
    json_decref(columns);
    json_decref(source);
    return rc;
}

int
survey_edit_question_update(json_t *def, const char *qid, const char *col,
                            const struct question_fields *f, char *msg, size_t msglen)
{
    json_t *list;
    size_t i;
    int rc = find_item(def, qid, col, &list, &i, msg, msglen);
    if (rc)
        return rc;
    json_t *q = json_array_get(list, i);
    const char *was = json_string_value(json_object_get(q, "type"));
    char type[16];
    snprintf(type, sizeof(type), "%s", f->type ? f->type : was ? was : "");
    bool converted = !was || strcmp(was, type) != 0;
    if (!type_in(type, col ? survey_edit_column_types : survey_edit_types))
        return fail(msg, msglen, ERR_INPUT,
                    col ? "列の種類は 単一選択・文章・数値・日付 です。"
                        : "設問の種類を選んでください。");
    if (blank(f->label))
        return fail(msg, msglen, ERR_INPUT, "設問文を入力してください。");
    json_object_set_new(q, "type", json_string(type));
    json_object_set_new(q, "label", json_string(f->label));
    set_text(q, "help", f->help);
    set_flag(q, "required", f->required);
    if ((rc = set_typed(q, type, converted, f, msg, msglen)))
        return rc;
    return col ? 0 : set_condition(q, f->visible_if, msg, msglen);
}

int
survey_edit_question_move(json_t *def, const char *qid, const char *col, int delta, char *msg,
                          size_t msglen)
{
    json_t *list;
    size_t i;
    int rc = find_item(def, qid, col, &list, &i, msg, msglen);
    return rc ? rc : move_in(list, i, delta, msg, msglen);
}

int
survey_edit_question_delete(json_t *def, const char *qid, const char *col, char *msg, size_t msglen)
{
    json_t *list;
    size_t i;
    int rc = find_item(def, qid, col, &list, &i, msg, msglen);
    if (rc)
        return rc;
    if (col && json_array_size(list) == 1)
        return fail(msg, msglen, ERR_INPUT, "表の最後の列は削除できません。");
    json_array_remove(list, i);
    return 0;
}
