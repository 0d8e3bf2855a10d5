/*
 * xlsform_in.c: XLSForm sheets → a survey definition (see xlsform_in.h).
 *
 * Each sheet's first row names its columns. A column this file does not know
 * is refused as soon as any row fills it (a formula or constraint the survey
 * engine cannot apply must not pass silently); an empty one is ignored.
 * Choice names are what relevant expressions and `exclusive` use; the option
 * a 団体 sees and answers is the choice's label (its name when unlabelled).
 */
#include "xlsform_in.h"
#include "buf.h"
#include "err.h"
#include "jsonin.h"
#include "relevant.h"
#include "xlsx_read.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The columns each sheet may have; label and hint also as label::言語 (ja). */
static const char *const survey_columns[] = {"type",
                                             "name",
                                             "label",
                                             "hint",
                                             "required",
                                             "relevant",
                                             "appearance",
                                             "constraint_message",
                                             "required_message",
                                             "exclusive",
                                             "max_length",
                                             "min",
                                             "max",
                                             "min_rows",
                                             "max_rows",
                                             "public",
                                             "inline_options",
                                             "chapter",
                                             "level",
                                             "measure",
                                             "level_assumed",
                                             "source_document",
                                             "source_file",
                                             "source_part",
                                             "source_page",
                                             "clause",
                                             "category",
                                             "remark",
                                             NULL};
static const char *const choices_columns[] = {"list_name", "name", "label", NULL};
static const char *const settings_columns[] = {
    "form_id",  "form_title",    "version",           "default_language",
    "style",    "kind",          "description",       "opens",
    "closes",   "audience",      "materials",         "approval",
    "previous", "default_group", "published_summary", NULL};

struct sheet {
    const struct xlsx_read_sheet *sh;
    const char *name;
    uint32_t col[32]; /* by index into its column list; 0 = absent */
    const char *const *names;
};

struct conv {
    char *msg;
    size_t msglen;
    int rc;
    json_t *def, *where;
    json_t *lists;       /* list_name → [options] */
    json_t *list_names;  /* list_name → {choice name → option} */
    json_t *inline_used; /* list_name → true when a question takes it inline */
    json_t *shared_used; /* list_name → true when a question refers to it */
    json_t *select_list; /* question name → its list_name (choice questions) */
    json_t *names;       /* question name → true: every name of the form so far */
};

static int fail_at(struct conv *c, const struct sheet *s, uint32_t row, const char *column,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* 「survey シート 12 行目 relevant 列: …」; row 0 leaves the row out, column NULL the column. */
static int
fail_at(struct conv *c, const struct sheet *s, uint32_t row, const char *column, const char *fmt,
        ...)
{
    if (c->rc)
        return c->rc;
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    struct buf b;
    buf_init(&b, 0);
    buf_printf(&b, "%s シート", s->name);
    if (row)
        buf_printf(&b, " %u 行目", row);
    if (column)
        buf_printf(&b, " %s 列", column);
    buf_printf(&b, ": %s", what);
    snprintf(c->msg, c->msglen, "%s", buf_str(&b));
    buf_cleanup(&b);
    c->rc = ERR_INPUT;
    return c->rc;
}

static size_t
column_index(const char *const *names, const char *name)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return (size_t)-1;
}

/* The header "Label::日本語 (ja)" as the column "label" (its language kept in lang). */
static void
header_key(const char *text, char *out, size_t outlen, bool *has_lang, bool *is_ja)
{
    size_t j = 0;
    for (const char *p = text; *p == ' '; p++)
        text = p + 1;
    const char *sep = strstr(text, "::");
    size_t n = sep ? (size_t)(sep - text) : strlen(text);
    for (size_t i = 0; i < n && j + 1 < outlen; i++)
        out[j++] = (text[i] >= 'A' && text[i] <= 'Z') ? (char)(text[i] - 'A' + 'a')
                   : text[i] == ' '                   ? '_'
                                                      : text[i];
    while (j > 0 && out[j - 1] == '_')
        j--;
    out[j] = '\0';
    *has_lang = sep != NULL;
    *is_ja = sep && (strstr(sep, "(ja)") || strstr(sep, "日本語") || strstr(sep, "Japanese"));
}

/* Reads the header row; refuses a filled column it does not know. */
static int
read_header(struct conv *c, struct sheet *s)
{
    memset(s->col, 0, sizeof(s->col));
    bool chosen_ja[32] = {false};
    for (uint32_t col = 1; col <= s->sh->n_cols; col++) {
        const char *text = xlsx_text_at(s->sh, 1, col);
        if (!*text)
            continue;
        char key[128];
        bool has_lang, is_ja;
        header_key(text, key, sizeof(key), &has_lang, &is_ja);
        size_t i = column_index(s->names, key);
        if (i == (size_t)-1) {
            for (uint32_t row = 2; row <= s->sh->n_rows; row++)
                if (*xlsx_text_at(s->sh, row, col))
                    return fail_at(c, s, 1, text,
                                   "この列には対応していません（使える列は docs/survey-format.md "
                                   "の XLSForm の節にあります）");
            continue;
        }
        /* label::English (en) beside label::日本語 (ja): the Japanese one wins. */
        if (s->col[i] && (chosen_ja[i] || !is_ja)) {
            if (!has_lang)
                return fail_at(c, s, 1, text, "同じ列が二つあります");
            continue;
        }
        s->col[i] = col;
        chosen_ja[i] = is_ja || !has_lang;
    }
    return 0;
}

/* The cell of column `name` in row, as written ("" when empty or no such column). */
static const char *
cell(const struct sheet *s, uint32_t row, const char *name)
{
    size_t i = column_index(s->names, name);
    return i == (size_t)-1 || !s->col[i] ? "" : xlsx_text_at(s->sh, row, s->col[i]);
}

/* The cell without surrounding spaces, in a buffer of the caller. */
static const char *
trimmed(const struct sheet *s, uint32_t row, const char *name, char *out, size_t outlen)
{
    const char *t = cell(s, row, name);
    while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')
        t++;
    snprintf(out, outlen, "%s", t);
    size_t n = strlen(out);
    while (n > 0 && strchr(" \t\r\n", out[n - 1]))
        out[--n] = '\0';
    return out;
}

/* Sets key to a copy of the cell's text when it is not empty. */
static void
put_text(json_t *obj, const char *key, const struct sheet *s, uint32_t row, const char *column)
{
    const char *t = cell(s, row, column);
    if (*t)
        json_object_set_new(obj, key, json_string(t));
}

/* yes/true/1 → true, no/false/0 → false (written, so the definition says it); empty → absent. */
static int
put_bool(struct conv *c, json_t *obj, const char *key, const struct sheet *s, uint32_t row,
         const char *column)
{
    char v[32];
    trimmed(s, row, column, v, sizeof(v));
    static const char *const yes[] = {"yes",  "Yes",    "YES", "true", "TRUE",
                                      "True", "true()", "1",   "はい", NULL};
    static const char *const no[] = {"no",    "No",      "NO", "false",  "FALSE",
                                     "False", "false()", "0",  "いいえ", NULL};
    if (!*v)
        return 0;
    for (const char *const *p = yes; *p; p++)
        if (strcmp(v, *p) == 0) {
            json_object_set_new(obj, key, json_true());
            return 0;
        }
    for (const char *const *p = no; *p; p++)
        if (strcmp(v, *p) == 0) {
            json_object_set_new(obj, key, json_false());
            return 0;
        }
    return fail_at(c, s, row, column, "「%s」は yes か no にしてください", v);
}

/* A number cell: an integer when written without a fraction, else a real. */
static int
put_number(struct conv *c, json_t *obj, const char *key, const struct sheet *s, uint32_t row,
           const char *column, bool integer_only)
{
    char v[64];
    trimmed(s, row, column, v, sizeof(v));
    if (!*v)
        return 0;
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end)
        return fail_at(c, s, row, column, "「%s」は数値にしてください", v);
    bool whole = !strpbrk(v, ".eE") && d >= -9e15 && d <= 9e15;
    if (integer_only && !whole && d != (double)(long long)d)
        return fail_at(c, s, row, column, "「%s」は整数にしてください", v);
    if (whole || integer_only)
        json_object_set_new(obj, key, json_integer((json_int_t)d));
    else
        json_object_set_new(obj, key, json_real(d));
    return 0;
}

/* A date: 2025-01-31 as text, or an Excel date cell. */
static void
put_date(json_t *obj, const char *key, const struct sheet *s, uint32_t row, const char *column)
{
    char v[64], date[16];
    trimmed(s, row, column, v, sizeof(v));
    if (!*v)
        return;
    size_t i = column_index(s->names, column);
    const struct xlsx_cell *xc = xlsx_cell(s->sh, row, s->col[i]);
    if (xc && xc->kind == XLSX_NUMBER && xlsx_serial_date(v, date, sizeof(date)))
        json_object_set_new(obj, key, json_string(date));
    else
        json_object_set_new(obj, key, json_string(v));
}

/* Lines of a cell ("a\nb") as an array of strings, or NULL when empty. */
static json_t *
lines_of(const char *text)
{
    if (!*text)
        return NULL;
    json_t *list = json_array();
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        size_t m = n;
        while (m > 0 && p[m - 1] == '\r')
            m--;
        if (m > 0)
            json_array_append_new(list, json_stringn(p, m));
        p += n + (nl ? 1 : 0);
    }
    return list;
}

/* --- choices ------------------------------------------------------------- */

static int
read_choices(struct conv *c, struct sheet *s)
{
    if (!s->sh)
        return 0;
    if (read_header(c, s))
        return c->rc;
    if (!s->col[0] || !s->col[1])
        return fail_at(c, s, 1, NULL, "list_name 列と name 列が必要です");
    for (uint32_t row = 2; row <= s->sh->n_rows; row++) {
        char list[128], name[256];
        trimmed(s, row, "list_name", list, sizeof(list));
        trimmed(s, row, "name", name, sizeof(name));
        const char *label = cell(s, row, "label");
        if (!*list && !*name && !*label)
            continue;
        if (!*list || !*name)
            return fail_at(c, s, row, *list ? "name" : "list_name", "空にはできません");
        const char *option = *label ? label : name;
        json_t *options = json_object_get(c->lists, list);
        json_t *names = json_object_get(c->list_names, list);
        if (!options) {
            options = json_array();
            names = json_object();
            json_object_set_new(c->lists, list, options);
            json_object_set_new(c->list_names, list, names);
        }
        if (json_object_get(names, name))
            return fail_at(c, s, row, "name", "リスト「%s」に「%s」が二つあります", list, name);
        json_object_set_new(names, name, json_string(option));
        json_array_append_new(options, json_string(option));
    }
    return 0;
}

/* The option a choice name (or the option itself) stands for in list, or NULL. */
static const char *
option_of(struct conv *c, const char *list, const char *name)
{
    json_t *opt = json_object_get(json_object_get(c->list_names, list), name);
    if (opt)
        return json_string_value(opt);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(c->lists, list), i,
                       o) if (strcmp(json_string_value(o), name) == 0) return name;
    return NULL;
}

/* --- survey -------------------------------------------------------------- */

/* The kinds of row, by their type cell. */
enum row_kind {
    ROW_QUESTION,
    ROW_NOTE,
    ROW_BEGIN_GROUP,
    ROW_END_GROUP,
    ROW_BEGIN_REPEAT,
    ROW_END_REPEAT
};

struct place {
    json_t *section;   /* the open section (borrowed), or NULL */
    bool in_group;     /* opened by begin_group (not made for loose questions) */
    json_t *table;     /* the open table question (borrowed), or NULL */
    size_t n_sections; /* sections made so far */
    size_t n_loose;    /* sections made for questions outside any group */
};

/* Maps names in a parsed relevant to options, in place. */
static int
map_condition(struct conv *c, const struct sheet *s, uint32_t row, json_t *vi)
{
    json_t *not = json_object_get(vi, "not");
    if (not )
        return map_condition(c, s, row, not );
    json_t *list = json_object_get(vi, "all");
    list = list ? list : json_object_get(vi, "any");
    size_t i;
    json_t *x;
    if (list) {
        json_array_foreach(list, i, x) if (map_condition(c, s, row, x)) return c->rc;
        return 0;
    }
    const char *q = json_string_value(json_object_get(vi, "question"));
    const char *lname = json_string_value(json_object_get(c->select_list, q));
    if (!lname)
        return fail_at(
            c, s, row, "relevant",
            "${%s} は、この行より前にある select_one / select_multiple の設問ではありません", q);
    const char *keys[] = {"equals", "any_of", "none_of"};
    for (int k = 0; k < 3; k++) {
        json_t *v = json_object_get(vi, keys[k]);
        if (!v)
            continue;
        json_t *one = json_is_string(v) ? v : NULL;
        json_array_foreach(v, i, x) if (!option_of(c, lname, json_string_value(x))) return fail_at(
            c, s, row, "relevant", "リスト「%s」に「%s」はありません", lname, json_string_value(x));
        if (one && !option_of(c, lname, json_string_value(one)))
            return fail_at(c, s, row, "relevant", "リスト「%s」に「%s」はありません", lname,
                           json_string_value(one));
        if (one)
            json_object_set_new(vi, keys[k],
                                json_string(option_of(c, lname, json_string_value(one))));
        json_array_foreach(v, i, x)
            json_array_set_new(v, i, json_string(option_of(c, lname, json_string_value(x))));
    }
    return 0;
}

/* "select_one yn" → type single with its list; "integer" → number … */
static int
question_type(struct conv *c, const struct sheet *s, uint32_t row, const char *type, json_t *q,
              const char **list)
{
    char word[64] = "", arg[128] = "", extra[64] = "";
    sscanf(type, "%63s %127s %63s", word, arg, extra);
    *list = NULL;
    static const struct {
        const char *xlsform, *type;
    } simple[] = {{"text", "text"},
                  {"integer", "number"},
                  {"decimal", "number"},
                  {"date", "date"},
                  {"check", "check"}};
    for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++)
        if (strcmp(word, simple[i].xlsform) == 0 && !*arg) {
            json_object_set_new(q, "type", json_string(simple[i].type));
            if (strcmp(word, "integer") == 0)
                json_object_set_new(q, "integer", json_true());
            return 0;
        }
    bool one = strcmp(word, "select_one") == 0, many = strcmp(word, "select_multiple") == 0;
    if ((one || many) && *arg && !*extra) {
        if (!json_object_get(c->lists, arg))
            return fail_at(c, s, row, "type", "choices シートにリスト「%s」がありません", arg);
        json_object_set_new(q, "type", json_string(one ? "single" : "multi"));
        *list = json_object_iter_key(json_object_iter_at(c->lists, arg));
        return 0;
    }
    return fail_at(c, s, row, "type",
                   "「%s」は使えません（select_one リスト名, select_multiple リスト名, text, "
                   "integer, decimal, date, note, begin_group, end_group, begin_repeat, "
                   "end_repeat, check のいずれか）",
                   type);
}

/* Options of a choice question: options_ref to a shared list, or the list
   inline when inline_options says so. */
static int
question_options(struct conv *c, const struct sheet *s, uint32_t row, json_t *q, const char *list)
{
    json_t *flag = json_object();
    if (put_bool(c, flag, "v", s, row, "inline_options")) {
        json_decref(flag);
        return c->rc;
    }
    bool is_inline = json_is_true(json_object_get(flag, "v"));
    json_decref(flag);
    if (is_inline) {
        json_object_set_new(q, "options", json_deep_copy(json_object_get(c->lists, list)));
        json_object_set_new(c->inline_used, list, json_true());
    } else {
        json_object_set_new(q, "options_ref", json_string(list));
        json_object_set_new(c->shared_used, list, json_true());
    }
    json_t *exclusive = lines_of(cell(s, row, "exclusive"));
    if (exclusive) {
        size_t i;
        json_t *x;
        json_array_foreach(exclusive, i, x)
        {
            const char *opt = option_of(c, list, json_string_value(x));
            if (!opt) {
                fail_at(c, s, row, "exclusive", "リスト「%s」に「%s」はありません", list,
                        json_string_value(x));
                json_decref(exclusive);
                return c->rc;
            }
            json_array_set_new(exclusive, i, json_string(opt));
        }
        json_object_set_new(q, "exclusive", exclusive);
    }
    return 0;
}

/* The columns every question may fill, by its JSON type. */
static int
question_extras(struct conv *c, const struct sheet *s, uint32_t row, json_t *q)
{
    const char *type = json_string_value(json_object_get(q, "type"));
    char appearance[64];
    trimmed(s, row, "appearance", appearance, sizeof(appearance));
    if (strcmp(type, "text") == 0 && strstr(appearance, "multiline"))
        json_object_set_new(q, "multiline", json_true());
    if (strcmp(type, "text") == 0 && strstr(appearance, "singleline"))
        json_object_set_new(q, "multiline", json_false());
    if (put_number(c, q, "max_length", s, row, "max_length", true) ||
        put_bool(c, q, "public", s, row, "public"))
        return c->rc;
    if (strcmp(type, "date") == 0) {
        put_date(q, "min", s, row, "min");
        put_date(q, "max", s, row, "max");
    } else if (put_number(c, q, "min", s, row, "min", false) ||
               put_number(c, q, "max", s, row, "max", false)) {
        return c->rc;
    }
    if (put_number(c, q, "min_rows", s, row, "min_rows", true) ||
        put_number(c, q, "max_rows", s, row, "max_rows", true))
        return c->rc;
    put_text(q, "level", s, row, "level");
    put_text(q, "measure", s, row, "measure");
    if (put_bool(c, q, "level_assumed", s, row, "level_assumed"))
        return c->rc;
    put_text(q, "clause", s, row, "clause");
    put_text(q, "category", s, row, "category");
    put_text(q, "remark", s, row, "remark");
    json_t *source = json_object();
    put_text(source, "document", s, row, "source_document");
    put_text(source, "file", s, row, "source_file");
    put_text(source, "part", s, row, "source_part");
    if (put_number(c, source, "page", s, row, "source_page", true)) {
        json_decref(source);
        return c->rc;
    }
    if (json_object_size(source))
        json_object_set_new(q, "source", source);
    else
        json_decref(source);
    return 0;
}

static enum row_kind
row_kind(const char *type)
{
    static const struct {
        const char *a, *b;
        enum row_kind kind;
    } words[] = {{"note", "note", ROW_NOTE},
                 {"begin_group", "begin group", ROW_BEGIN_GROUP},
                 {"end_group", "end group", ROW_END_GROUP},
                 {"begin_repeat", "begin repeat", ROW_BEGIN_REPEAT},
                 {"end_repeat", "end repeat", ROW_END_REPEAT}};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcmp(type, words[i].a) == 0 || strcmp(type, words[i].b) == 0)
            return words[i].kind;
    return ROW_QUESTION;
}

static void
note_where(struct conv *c, const char *path, const struct sheet *s, uint32_t row)
{
    char place[64];
    snprintf(place, sizeof(place), "%s シート %u 行目", s->name, row);
    json_object_set_new(c->where, path, json_string(place));
}

/* A new section (from begin_group, or for loose questions). */
static json_t *
open_section(struct conv *c, struct place *at, const char *id, const char *title)
{
    json_t *sec = json_object();
    json_object_set_new(sec, "id", json_string(id));
    json_object_set_new(sec, "title", json_string(title));
    json_object_set_new(sec, "questions", json_array());
    json_array_append_new(json_object_get(c->def, "sections"), sec);
    at->section = sec;
    at->n_sections++;
    return sec;
}

/* The section a loose question (outside any group) goes to. */
static json_t *
loose_section(struct conv *c, struct place *at, const char *title)
{
    if (at->section)
        return at->section;
    char id[32];
    at->n_loose++;
    if (at->n_loose == 1)
        snprintf(id, sizeof(id), "main");
    else
        snprintf(id, sizeof(id), "main_%zu", at->n_loose);
    return open_section(c, at, id, title);
}

/* Appends text to key of obj, on a new line when something is there. */
static void
append_line(json_t *obj, const char *key, const char *text)
{
    const char *old = json_string_value(json_object_get(obj, key));
    if (!old) {
        json_object_set_new(obj, key, json_string(text));
        return;
    }
    struct buf b;
    buf_init(&b, 0);
    buf_printf(&b, "%s\n%s", old, text);
    json_object_set_new(obj, key, json_string(buf_str(&b)));
    buf_cleanup(&b);
}

static int
survey_row(struct conv *c, const struct sheet *s, uint32_t row, struct place *at,
           const char *form_title)
{
    char type[256], name[128];
    trimmed(s, row, "type", type, sizeof(type));
    trimmed(s, row, "name", name, sizeof(name));
    const char *label = cell(s, row, "label");
    if (!*type) {
        if (*name || *label)
            return fail_at(c, s, row, "type", "type が空です");
        return 0;
    }
    enum row_kind kind = row_kind(type);
    char path[128];
    switch (kind) {
    case ROW_NOTE:
        if (*label)
            append_line(at->section ? at->section : c->def, at->section ? "help" : "description",
                        label);
        return 0;
    case ROW_END_GROUP:
        if (!at->in_group || at->table)
            return fail_at(c, s, row, "type", "対応する begin_group がありません");
        at->in_group = false;
        at->section = NULL;
        return 0;
    case ROW_END_REPEAT:
        if (!at->table)
            return fail_at(c, s, row, "type", "対応する begin_repeat がありません");
        at->table = NULL;
        return 0;
    case ROW_BEGIN_GROUP:
        if (at->in_group || at->table)
            return fail_at(c, s, row, "type",
                           "グループの中にグループは作れません（end_group で閉じてください）");
        if (!*name || !*label)
            return fail_at(c, s, row, *name ? "label" : "name",
                           "グループには name と label が必要です");
        json_t *sec = open_section(c, at, name, label);
        at->in_group = true;
        put_text(sec, "help", s, row, "hint");
        put_text(sec, "chapter", s, row, "chapter");
        snprintf(path, sizeof(path), "/sections/%zu", at->n_sections - 1);
        note_where(c, path, s, row);
        return 0;
    case ROW_BEGIN_REPEAT:
    case ROW_QUESTION:
        break;
    }
    if (at->table && kind == ROW_BEGIN_REPEAT)
        return fail_at(c, s, row, "type", "繰り返しの中に繰り返しは作れません");
    if (!*name)
        return fail_at(c, s, row, "name", "設問には name が必要です");
    if (!at->table && json_object_get(c->names, name))
        return fail_at(c, s, row, "name", "設問 id「%s」が重複しています", name);
    if (!at->table)
        json_object_set_new(c->names, name, json_true());
    json_t *q = json_object();
    json_object_set_new(q, "id", json_string(name));
    const char *list = NULL;
    if (kind == ROW_BEGIN_REPEAT)
        json_object_set_new(q, "type", json_string("table"));
    else if (question_type(c, s, row, type, q, &list)) {
        json_decref(q);
        return c->rc;
    }
    if (*label)
        json_object_set_new(q, "label", json_string(label));
    put_text(q, "help", s, row, "hint");
    if (put_bool(c, q, "required", s, row, "required") ||
        (list && question_options(c, s, row, q, list)) || question_extras(c, s, row, q)) {
        json_decref(q);
        return c->rc;
    }
    const char *relevant = cell(s, row, "relevant");
    if (*relevant) {
        json_t *vi = NULL;
        char why[300];
        if (at->table) {
            json_decref(q);
            return fail_at(c, s, row, "relevant", "繰り返し（表）の中の列には条件を付けられません");
        }
        if (relevant_parse(relevant, &vi, why, sizeof(why))) {
            json_decref(q);
            return fail_at(c, s, row, "relevant", "%s", why);
        }
        json_object_set_new(q, "visible_if", vi);
        if (map_condition(c, s, row, vi)) {
            json_decref(q);
            return c->rc;
        }
    }
    if (at->table) {
        json_t *cols = json_object_get(at->table, "columns");
        json_array_append_new(cols, q);
        const char *qpath = json_string_value(json_object_get(at->table, "$path"));
        snprintf(path, sizeof(path), "%s/columns/%zu", qpath, json_array_size(cols) - 1);
        note_where(c, path, s, row);
        return 0;
    }
    json_t *sec = loose_section(c, at, form_title);
    json_t *qs = json_object_get(sec, "questions");
    json_array_append_new(qs, q);
    snprintf(path, sizeof(path), "/sections/%zu/questions/%zu", at->n_sections - 1,
             json_array_size(qs) - 1);
    note_where(c, path, s, row);
    if (list)
        json_object_set_new(c->select_list, name, json_string(list));
    if (kind == ROW_BEGIN_REPEAT) {
        json_object_set_new(q, "columns", json_array());
        json_object_set_new(q, "$path", json_string(path)); /* removed at end_repeat's end */
        at->table = q;
    }
    return 0;
}

/* Drops the "$path" marks left on tables. */
static void
drop_marks(json_t *def)
{
    size_t i, j;
    json_t *sec, *q;
    json_array_foreach(json_object_get(def, "sections"), i, sec)
        json_array_foreach(json_object_get(sec, "questions"), j, q) json_object_del(q, "$path");
}

static int
read_survey(struct conv *c, struct sheet *s, const char *form_title)
{
    if (read_header(c, s))
        return c->rc;
    if (!s->col[column_index(survey_columns, "type")] ||
        !s->col[column_index(survey_columns, "name")] ||
        !s->col[column_index(survey_columns, "label")])
        return fail_at(c, s, 1, NULL, "type, name, label の列が必要です");
    struct place at = {NULL, false, NULL, 0, 0};
    json_object_set_new(c->def, "sections", json_array());
    for (uint32_t row = 2; row <= s->sh->n_rows; row++)
        if (survey_row(c, s, row, &at, form_title))
            return c->rc;
    if (at.table)
        return fail_at(c, s, 0, NULL, "begin_repeat が end_repeat で閉じられていません");
    if (at.in_group)
        return fail_at(c, s, 0, NULL, "begin_group が end_group で閉じられていません");
    drop_marks(c->def);
    return 0;
}

/* --- settings ------------------------------------------------------------ */

/* opens / closes: an ISO time as written, or an Excel date (the start or the
   end of that day in Japan). */
static int
put_time(struct conv *c, json_t *period, const char *key, const struct sheet *s)
{
    char v[64], date[16];
    trimmed(s, 2, key, v, sizeof(v));
    if (!*v)
        return fail_at(c, s, 2, key, "照会期間（opens と closes）が必要です");
    size_t i = column_index(s->names, key);
    const struct xlsx_cell *xc = xlsx_cell(s->sh, 2, s->col[i]);
    if (xc && xc->kind == XLSX_NUMBER && xlsx_serial_date(v, date, sizeof(date))) {
        char iso[48];
        snprintf(iso, sizeof(iso), "%sT%s+09:00", date,
                 strcmp(key, "opens") == 0 ? "00:00:00" : "23:59:59");
        json_object_set_new(period, key, json_string(iso));
    } else {
        json_object_set_new(period, key, json_string(v));
    }
    return 0;
}

static int
read_settings(struct conv *c, struct sheet *s, const char **form_title)
{
    if (!s->sh)
        return fail_at(c, s, 0, NULL,
                       "settings シートがありません（form_id, form_title, version, "
                       "opens, closes が必要です）");
    if (read_header(c, s))
        return c->rc;
    json_t *d = c->def;
    char v[128];
    if (!*trimmed(s, 2, "form_id", v, sizeof(v)))
        return fail_at(c, s, 2, "form_id", "調査の id が必要です");
    json_object_set_new(d, "id", json_string(v));
    if (!*trimmed(s, 2, "version", v, sizeof(v)))
        json_object_set_new(d, "revision", json_integer(1));
    else if (put_number(c, d, "revision", s, 2, "version", true))
        return c->rc;
    trimmed(s, 2, "kind", v, sizeof(v));
    json_object_set_new(d, "kind", json_string(*v ? v : "survey"));
    *form_title = cell(s, 2, "form_title");
    if (!**form_title)
        return fail_at(c, s, 2, "form_title", "調査の題名が必要です");
    json_object_set_new(d, "title", json_string(*form_title));
    put_text(d, "description", s, 2, "description");
    json_t *period = json_object();
    json_object_set_new(d, "period", period);
    if (put_time(c, period, "opens", s) || put_time(c, period, "closes", s))
        return c->rc;
    json_t *audience = lines_of(cell(s, 2, "audience"));
    if (audience)
        json_object_set_new(d, "audience", audience);
    json_t *materials = lines_of(cell(s, 2, "materials"));
    if (materials)
        json_object_set_new(d, "materials", materials);
    if (put_bool(c, d, "approval", s, 2, "approval"))
        return c->rc;
    put_text(d, "previous", s, 2, "previous");
    put_text(d, "default_group", s, 2, "default_group");
    const char *summary = cell(s, 2, "published_summary");
    if (*summary) {
        char why[256];
        json_t *ps = jsonin_parse(summary, strlen(summary), why, sizeof(why));
        if (!ps)
            return fail_at(c, s, 2, "published_summary", "%s", why);
        json_object_set_new(d, "published_summary", ps);
    }
    return 0;
}

/* Shared lists: every list some question refers to by name, and every list
   no question takes (kept so nothing written is lost). */
static void
put_shared_lists(struct conv *c)
{
    json_t *shared = json_object();
    const char *name;
    json_t *list;
    json_object_foreach(c->lists, name, list)
    {
        if (json_object_get(c->inline_used, name) && !json_object_get(c->shared_used, name))
            continue;
        json_object_set(shared, name, list);
    }
    if (json_object_size(shared))
        json_object_set_new(c->def, "options", shared);
    else
        json_decref(shared);
}

/* The sheet named name, whatever its case ("Survey" is "survey"), or NULL. */
static const struct xlsx_read_sheet *
find_sheet(const struct xlsx_book *book, const char *name)
{
    for (size_t i = 0; i < book->n_sheets; i++)
        if (strcasecmp(book->sheets[i].name, name) == 0)
            return &book->sheets[i];
    return NULL;
}

int
xlsform_to_json(const struct xlsx_book *book, json_t **def, json_t **where, char *msg,
                size_t msglen)
{
    struct conv c = {msg,           msglen,        0,
                     json_object(), json_object(), json_object(),
                     json_object(), json_object(), json_object(),
                     json_object(), json_object()};
    struct sheet survey = {find_sheet(book, "survey"), "survey", {0}, survey_columns};
    struct sheet choices = {find_sheet(book, "choices"), "choices", {0}, choices_columns};
    struct sheet settings = {find_sheet(book, "settings"), "settings", {0}, settings_columns};
    const char *form_title = "";
    if (!survey.sh)
        fail_at(&c, &survey, 0, NULL,
                "survey シートがありません（XLSForm には survey, choices, settings "
                "の3シートが必要です）");
    else if (read_settings(&c, &settings, &form_title) == 0 && read_choices(&c, &choices) == 0 &&
             read_survey(&c, &survey, form_title) == 0)
        put_shared_lists(&c);
    json_decref(c.lists);
    json_decref(c.list_names);
    json_decref(c.inline_used);
    json_decref(c.shared_used);
    json_decref(c.select_list);
    json_decref(c.names);
    if (c.rc) {
        json_decref(c.def);
        json_decref(c.where);
        c.def = c.where = NULL;
    }
    *def = c.def;
    *where = c.where;
    return c.rc;
}
