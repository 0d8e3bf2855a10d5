/*
 * xlsform_out.c: a definition as XLSForm (see xlsform_out.h).
 *
 * Option lists: a shared list (the definition's "options") keeps its name; a
 * question's own list is written under the question's id (table columns:
 * table_column), marked inline_options = yes. Choice names are the options
 * themselves, so a relevant expression reads as the page does. Booleans are
 * written yes/no only where the definition writes them.
 */
#include "xlsform_out.h"
#include "buf.h"
#include "err.h"
#include "relevant.h"
#include "xlsx_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The survey sheet's columns, in order; a question's key → its column. */
enum scol {
    C_TYPE,
    C_NAME,
    C_LABEL,
    C_HINT,
    C_REQUIRED,
    C_RELEVANT,
    C_APPEARANCE,
    C_EXCLUSIVE,
    C_INLINE,
    C_MAX_LENGTH,
    C_MIN,
    C_MAX,
    C_MIN_ROWS,
    C_MAX_ROWS,
    C_PUBLIC,
    C_CHAPTER,
    C_LEVEL,
    C_MEASURE,
    C_LEVEL_ASSUMED,
    C_SRC_DOCUMENT,
    C_SRC_FILE,
    C_SRC_PART,
    C_SRC_PAGE,
    C_CLAUSE,
    C_CATEGORY,
    C_REMARK,
    C_COUNT
};
static const char *const survey_heads[C_COUNT] = {
    "type",        "name",        "label",       "hint",           "required",
    "relevant",    "appearance",  "exclusive",   "inline_options", "max_length",
    "min",         "max",         "min_rows",    "max_rows",       "public",
    "chapter",     "level",       "measure",     "level_assumed",  "source_document",
    "source_file", "source_part", "source_page", "clause",         "category",
    "remark"};

struct out {
    lxw_workbook *wb;
    lxw_worksheet *survey, *choices;
    lxw_format *head, *wrap;
    uint32_t survey_row, choice_row;
    json_t *shared; /* the definition's options (borrowed) */
    json_t *used;   /* list names written so far */
};

static void
text(lxw_worksheet *ws, uint32_t row, int col, const char *s, lxw_format *f)
{
    if (s && *s)
        xlsx_cell_text(ws, row, (uint16_t)col, s, f);
}

static void
put_key_text(struct out *o, json_t *q, const char *key, int col)
{
    text(o->survey, o->survey_row, col, json_string_value(json_object_get(q, key)), o->wrap);
}

static void
put_key_bool(struct out *o, json_t *q, const char *key, int col)
{
    json_t *v = json_object_get(q, key);
    if (v)
        text(o->survey, o->survey_row, col, json_is_true(v) ? "yes" : "no", NULL);
}

static void
put_key_number(struct out *o, json_t *q, const char *key, int col)
{
    json_t *v = json_object_get(q, key);
    if (json_is_number(v))
        worksheet_write_number(o->survey, o->survey_row, (lxw_col_t)col, json_number_value(v),
                               NULL);
    else if (json_is_string(v))
        text(o->survey, o->survey_row, col, json_string_value(v), NULL);
}

/* Lines of a list of strings into one cell. */
static void
put_lines(lxw_worksheet *ws, uint32_t row, int col, json_t *list)
{
    struct buf b;
    buf_init(&b, 0);
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) buf_printf(&b, "%s%s", i ? "\n" : "", json_string_value(x));
    text(ws, row, col, buf_str(&b), NULL);
    buf_cleanup(&b);
}

static void
write_list(struct out *o, const char *name, json_t *options)
{
    size_t i;
    json_t *x;
    json_array_foreach(options, i, x)
    {
        o->choice_row++;
        text(o->choices, o->choice_row, 0, name, NULL);
        text(o->choices, o->choice_row, 1, json_string_value(x), NULL);
        text(o->choices, o->choice_row, 2, json_string_value(x), NULL);
    }
    json_object_set_new(o->used, name, json_true());
}

/* A question's own list under a name no other list has. */
static const char *
inline_list(struct out *o, const char *base, json_t *options, char *name, size_t namelen)
{
    snprintf(name, namelen, "%.150s", base);
    for (int n = 2; json_object_get(o->shared, name) || json_object_get(o->used, name); n++)
        snprintf(name, namelen, "%.150s_%d", base, n);
    write_list(o, name, options);
    return name;
}

static void write_question(struct out *o, json_t *q, const char *prefix);

static void
write_type(struct out *o, json_t *q, const char *prefix)
{
    const char *type = json_string_value(json_object_get(q, "type"));
    const char *id = json_string_value(json_object_get(q, "id"));
    char cell[300], list[200];
    if (strcmp(type, "single") == 0 || strcmp(type, "multi") == 0) {
        const char *ref = json_string_value(json_object_get(q, "options_ref"));
        if (!ref) {
            char base[200];
            snprintf(base, sizeof(base), "%s%s", prefix, id);
            ref = inline_list(o, base, json_object_get(q, "options"), list, sizeof(list));
            text(o->survey, o->survey_row, C_INLINE, "yes", NULL);
        }
        snprintf(cell, sizeof(cell), "%s %s",
                 strcmp(type, "single") == 0 ? "select_one" : "select_multiple", ref);
        text(o->survey, o->survey_row, C_TYPE, cell, NULL);
        put_lines(o->survey, o->survey_row, C_EXCLUSIVE, json_object_get(q, "exclusive"));
        return;
    }
    const char *xtype = strcmp(type, "number") == 0
                            ? (json_is_true(json_object_get(q, "integer")) ? "integer" : "decimal")
                        : strcmp(type, "table") == 0 ? "begin_repeat"
                                                     : type;
    text(o->survey, o->survey_row, C_TYPE, xtype, NULL);
    json_t *ml = json_object_get(q, "multiline");
    if (ml)
        text(o->survey, o->survey_row, C_APPEARANCE, json_is_true(ml) ? "multiline" : "singleline",
             NULL);
}

static void
write_question(struct out *o, json_t *q, const char *prefix)
{
    o->survey_row++;
    write_type(o, q, prefix);
    put_key_text(o, q, "id", C_NAME);
    put_key_text(o, q, "label", C_LABEL);
    put_key_text(o, q, "help", C_HINT);
    put_key_bool(o, q, "required", C_REQUIRED);
    put_key_bool(o, q, "public", C_PUBLIC);
    json_t *vi = json_object_get(q, "visible_if");
    if (vi) {
        struct buf b;
        buf_init(&b, 0);
        relevant_write(vi, &b);
        text(o->survey, o->survey_row, C_RELEVANT, buf_str(&b), NULL);
        buf_cleanup(&b);
    }
    static const struct {
        const char *key;
        int col;
    } numbers[] = {{"max_length", C_MAX_LENGTH},
                   {"min", C_MIN},
                   {"max", C_MAX},
                   {"min_rows", C_MIN_ROWS},
                   {"max_rows", C_MAX_ROWS}};
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
        put_key_number(o, q, numbers[i].key, numbers[i].col);
    put_key_text(o, q, "level", C_LEVEL);
    put_key_text(o, q, "measure", C_MEASURE);
    put_key_bool(o, q, "level_assumed", C_LEVEL_ASSUMED);
    put_key_text(o, q, "clause", C_CLAUSE);
    put_key_text(o, q, "category", C_CATEGORY);
    put_key_text(o, q, "remark", C_REMARK);
    json_t *src = json_object_get(q, "source");
    if (src) {
        put_key_text(o, src, "document", C_SRC_DOCUMENT);
        put_key_text(o, src, "file", C_SRC_FILE);
        put_key_text(o, src, "part", C_SRC_PART);
        put_key_number(o, src, "page", C_SRC_PAGE);
    }
    json_t *cols = json_object_get(q, "columns");
    if (!cols)
        return;
    char inner[200];
    snprintf(inner, sizeof(inner), "%s%s_", prefix, json_string_value(json_object_get(q, "id")));
    size_t i;
    json_t *col;
    json_array_foreach(cols, i, col) write_question(o, col, inner);
    o->survey_row++;
    text(o->survey, o->survey_row, C_TYPE, "end_repeat", NULL);
}

static void
write_settings(lxw_workbook *wb, json_t *def, lxw_format *head)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "settings");
    static const char *const heads[] = {
        "form_id",  "form_title",    "version",          "kind",      "description",
        "opens",    "closes",        "audience",         "materials", "approval",
        "previous", "default_group", "published_summary"};
    for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
        text(ws, 0, (int)i, heads[i], head);
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, 18, NULL);
    }
    text(ws, 1, 0, json_string_value(json_object_get(def, "id")), NULL);
    text(ws, 1, 1, json_string_value(json_object_get(def, "title")), NULL);
    worksheet_write_number(ws, 1, 2, (double)json_integer_value(json_object_get(def, "revision")),
                           NULL);
    text(ws, 1, 3, json_string_value(json_object_get(def, "kind")), NULL);
    text(ws, 1, 4, json_string_value(json_object_get(def, "description")), NULL);
    json_t *period = json_object_get(def, "period");
    text(ws, 1, 5, json_string_value(json_object_get(period, "opens")), NULL);
    text(ws, 1, 6, json_string_value(json_object_get(period, "closes")), NULL);
    put_lines(ws, 1, 7, json_object_get(def, "audience"));
    put_lines(ws, 1, 8, json_object_get(def, "materials"));
    json_t *approval = json_object_get(def, "approval");
    if (approval)
        text(ws, 1, 9, json_is_true(approval) ? "yes" : "no", NULL);
    text(ws, 1, 10, json_string_value(json_object_get(def, "previous")), NULL);
    text(ws, 1, 11, json_string_value(json_object_get(def, "default_group")), NULL);
    json_t *summary = json_object_get(def, "published_summary");
    if (summary) {
        char *s = json_dumps(summary, JSON_COMPACT);
        text(ws, 1, 12, s, NULL);
        free(s);
    }
}

int
xlsform_write(json_t *def, struct buf *out)
{
    struct xlsx_file f;
    int rc = xlsx_file_open(&f);
    if (rc)
        return rc;
    struct out o = {f.wb,         NULL, NULL, NULL, NULL, 0, 0, json_object_get(def, "options"),
                    json_object()};
    o.head = workbook_add_format(f.wb);
    format_set_bold(o.head);
    format_set_bg_color(o.head, 0xDDE6F5);
    o.wrap = workbook_add_format(f.wb);
    format_set_text_wrap(o.wrap);
    format_set_align(o.wrap, LXW_ALIGN_VERTICAL_TOP);
    o.survey = workbook_add_worksheet(f.wb, "survey");
    o.choices = workbook_add_worksheet(f.wb, "choices");
    for (int c = 0; c < C_COUNT; c++)
        text(o.survey, 0, c, survey_heads[c], o.head);
    worksheet_set_column(o.survey, C_TYPE, C_NAME, 24, NULL);
    worksheet_set_column(o.survey, C_LABEL, C_HINT, 48, NULL);
    worksheet_set_column(o.survey, C_RELEVANT, C_RELEVANT, 40, NULL);
    worksheet_freeze_panes(o.survey, 1, 0);
    text(o.choices, 0, 0, "list_name", o.head);
    text(o.choices, 0, 1, "name", o.head);
    text(o.choices, 0, 2, "label", o.head);
    worksheet_set_column(o.choices, 0, 2, 30, NULL);
    const char *name;
    json_t *list;
    json_object_foreach(o.shared, name, list) write_list(&o, name, list);
    size_t i, j;
    json_t *sec, *q;
    json_array_foreach(json_object_get(def, "sections"), i, sec)
    {
        o.survey_row++;
        text(o.survey, o.survey_row, C_TYPE, "begin_group", NULL);
        put_key_text(&o, sec, "id", C_NAME);
        put_key_text(&o, sec, "title", C_LABEL);
        put_key_text(&o, sec, "help", C_HINT);
        put_key_text(&o, sec, "chapter", C_CHAPTER);
        json_array_foreach(json_object_get(sec, "questions"), j, q) write_question(&o, q, "");
        o.survey_row++;
        text(o.survey, o.survey_row, C_TYPE, "end_group", NULL);
    }
    write_settings(f.wb, def, o.head);
    json_decref(o.used);
    return xlsx_file_finish(&f, 0, out);
}
