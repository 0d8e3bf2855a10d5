/*
 * xlsx_read.c: XLSX cells from memory with libzip and expat (see xlsx_read.h).
 *
 * Each part is inflated by libzip in chunks and fed to expat as it comes, so
 * nothing larger than a chunk is held; the bytes inflated are counted against
 * XLSX_READ_MAX_UNCOMPRESSED whatever the zip's directory claims. A DOCTYPE is
 * refused (no entity can expand). Element names are compared without their
 * namespace prefix ("x:c" is "c").
 */
#include "xlsx_read.h"
#include "buf.h"
#include "err.h"
#include "utf8.h"
#include "xmalloc.h"

#include <ctype.h>
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define CHUNK 65536
#define CELL_BYTES_MAX (32767 * 4) /* Excel's 32,767 characters in one cell */

struct reader {
    zip_t *zip;
    XML_Parser parser; /* the part being parsed */
    size_t inflated;   /* bytes read from every part so far */
    char *msg;
    size_t msglen;
    int rc;
};

static int fail(struct reader *rd, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct reader *rd, int rc, const char *fmt, ...)
{
    if (rd->rc)
        return rd->rc;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rd->msg, rd->msglen, fmt, ap);
    va_end(ap);
    rd->rc = rc;
    return rc;
}

/* The local name of an element: "x:row" → "row". */
static const char *
local(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* Appends s to out with OOXML's _xHHHH_ escapes decoded (the writer's
   xlsx_text escapes a literal one as _x005F_xHHHH_). */
static void
unescape(const char *s, size_t n, struct buf *out)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '_' && i + 6 < n && (s[i + 1] == 'x' || s[i + 1] == 'X') &&
            isxdigit((unsigned char)s[i + 2]) && isxdigit((unsigned char)s[i + 3]) &&
            isxdigit((unsigned char)s[i + 4]) && isxdigit((unsigned char)s[i + 5]) &&
            s[i + 6] == '_') {
            char hex[5] = {s[i + 2], s[i + 3], s[i + 4], s[i + 5], 0};
            unsigned long cp = strtoul(hex, NULL, 16);
            i += 6;
            if (!utf8_char_allowed((uint32_t)cp) || (cp >= 0xd800 && cp <= 0xdfff))
                continue; /* what xlsx_text would never write */
            if (cp < 0x80) {
                buf_putc(out, (char)cp);
            } else if (cp < 0x800) {
                buf_putc(out, (char)(0xc0 | (cp >> 6)));
                buf_putc(out, (char)(0x80 | (cp & 0x3f)));
            } else {
                buf_putc(out, (char)(0xe0 | (cp >> 12)));
                buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
                buf_putc(out, (char)(0x80 | (cp & 0x3f)));
            }
            continue;
        }
        buf_putc(out, s[i]);
    }
}

/* Refuses a DOCTYPE: no entity declaration can ever expand. Every parse's
   user data starts with its struct reader pointer. */
static void XMLCALL
on_doctype(void *data, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
           int has_internal)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    struct reader *rd = *(struct reader **)data;
    fail(rd, ERR_INPUT, "Excel ファイルに使えない XML（DOCTYPE）が含まれています");
    XML_StopParser(rd->parser, XML_FALSE);
}

/* Parses the part `name` with the handlers of parser p (userdata already set).
   A missing part is an error when required, else nothing happens. */
static int
parse_part(struct reader *rd, const char *name, XML_Parser p, bool required)
{
    zip_int64_t index = zip_name_locate(rd->zip, name, ZIP_FL_NOCASE);
    if (index < 0)
        return required ? fail(rd, ERR_INPUT, "Excel ファイルの中に %s がありません", name) : 0;
    zip_file_t *f = zip_fopen_index(rd->zip, (zip_uint64_t)index, 0);
    if (!f)
        return fail(rd, ERR_INPUT,
                    "Excel ファイルの %s を読めません（壊れているか暗号化されています）", name);
    rd->parser = p;
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    char *chunk = xmalloc(CHUNK);
    for (;;) {
        zip_int64_t n = zip_fread(f, chunk, CHUNK);
        if (n < 0) {
            fail(rd, ERR_INPUT, "Excel ファイルの %s が壊れています", name);
            break;
        }
        rd->inflated += (size_t)n;
        if (rd->inflated > XLSX_READ_MAX_UNCOMPRESSED) {
            fail(rd, ERR_TOOBIG, "Excel ファイルの中身が大きすぎます（展開後 %u MB まで）",
                 XLSX_READ_MAX_UNCOMPRESSED >> 20);
            break;
        }
        if (XML_Parse(p, chunk, (int)n, n == 0) != XML_STATUS_OK) {
            if (!rd->rc)
                fail(rd, ERR_INPUT, "Excel ファイルの %s を読めません（%lu 行目: %s）", name,
                     (unsigned long)XML_GetCurrentLineNumber(p),
                     XML_ErrorString(XML_GetErrorCode(p)));
            break;
        }
        if (n == 0)
            break;
    }
    free(chunk);
    zip_fclose(f);
    return rd->rc;
}

/* --- xl/_rels/workbook.xml.rels and xl/workbook.xml --------------------- */

struct sheet_ref {
    char *name, *rid, *target;
    bool hidden;
};

struct workbook_parse {
    struct reader *rd;
    struct sheet_ref *refs;
    size_t n_refs;
    char **rel_ids, **rel_targets;
    size_t n_rels;
};

static void XMLCALL
on_rel(void *data, const XML_Char *el, const XML_Char **atts)
{
    struct workbook_parse *w = data;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (strcmp(local(el), "Relationship") != 0 || !id || !target ||
        w->n_rels >= XLSX_READ_MAX_ENTRIES)
        return;
    w->rel_ids = xrealloc(w->rel_ids, (w->n_rels + 1) * sizeof(char *));
    w->rel_targets = xrealloc(w->rel_targets, (w->n_rels + 1) * sizeof(char *));
    w->rel_ids[w->n_rels] = xstrdup(id);
    w->rel_targets[w->n_rels] = xstrdup(target);
    w->n_rels++;
}

static void XMLCALL
on_workbook(void *data, const XML_Char *el, const XML_Char **atts)
{
    struct workbook_parse *w = data;
    const char *name = attr(atts, "name"), *rid = attr(atts, "id"), *state = attr(atts, "state");
    if (strcmp(local(el), "sheet") != 0 || !name || !rid)
        return;
    if (w->n_refs >= XLSX_READ_MAX_SHEETS) {
        fail(w->rd, ERR_TOOBIG, "シートが多すぎます（%d まで）", XLSX_READ_MAX_SHEETS);
        return;
    }
    w->refs = xrealloc(w->refs, (w->n_refs + 1) * sizeof(*w->refs));
    w->refs[w->n_refs++] = (struct sheet_ref){xstrdup(name), xstrdup(rid), NULL,
                                              state && strcmp(state, "visible") != 0};
}

/* "worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml". */
static char *
part_path(const char *target)
{
    struct buf b;
    buf_init(&b, 0);
    if (target[0] == '/')
        buf_puts(&b, target + 1);
    else
        buf_printf(&b, "xl/%s", target);
    char *s = xstrdup(buf_str(&b));
    buf_cleanup(&b);
    return s;
}

static void
workbook_cleanup(struct workbook_parse *w)
{
    for (size_t i = 0; i < w->n_refs; i++) {
        free(w->refs[i].name);
        free(w->refs[i].rid);
        free(w->refs[i].target);
    }
    for (size_t i = 0; i < w->n_rels; i++) {
        free(w->rel_ids[i]);
        free(w->rel_targets[i]);
    }
    free(w->refs);
    free(w->rel_ids);
    free(w->rel_targets);
}

static int
read_workbook(struct reader *rd, struct workbook_parse *w)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, w);
    XML_SetElementHandler(p, on_rel, NULL);
    parse_part(rd, "xl/_rels/workbook.xml.rels", p, true);
    XML_ParserFree(p);
    if (rd->rc)
        return rd->rc;
    p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, w);
    XML_SetElementHandler(p, on_workbook, NULL);
    parse_part(rd, "xl/workbook.xml", p, true);
    XML_ParserFree(p);
    if (rd->rc)
        return rd->rc;
    if (w->n_refs == 0)
        return fail(rd, ERR_INPUT, "Excel ファイルにシートがありません");
    for (size_t i = 0; i < w->n_refs; i++) {
        for (size_t j = 0; j < w->n_rels && !w->refs[i].target; j++)
            if (strcmp(w->rel_ids[j], w->refs[i].rid) == 0)
                w->refs[i].target = part_path(w->rel_targets[j]);
        if (!w->refs[i].target)
            return fail(rd, ERR_INPUT, "シート「%s」の中身が見つかりません", w->refs[i].name);
    }
    return 0;
}

/* --- xl/sharedStrings.xml ----------------------------------------------- */

struct strings_parse {
    struct reader *rd;
    char **items;
    size_t n_items;
    struct buf text;
    int in_t;     /* inside a <t> of the string (not of a phonetic run) */
    int in_phon;  /* inside <rPh>: furigana, not part of the text */
    bool in_item; /* inside <si> */
};

static void XMLCALL
on_string_start(void *data, const XML_Char *el, const XML_Char **atts)
{
    (void)atts;
    struct strings_parse *sp = data;
    const char *n = local(el);
    if (strcmp(n, "si") == 0) {
        sp->in_item = true;
        buf_cleanup(&sp->text);
        buf_init(&sp->text, 0);
    } else if (strcmp(n, "rPh") == 0) {
        sp->in_phon++;
    } else if (strcmp(n, "t") == 0 && sp->in_item && !sp->in_phon) {
        sp->in_t++;
    }
}

static void XMLCALL
on_string_end(void *data, const XML_Char *el)
{
    struct strings_parse *sp = data;
    const char *n = local(el);
    if (strcmp(n, "si") == 0 && sp->in_item) {
        sp->in_item = false;
        if (sp->n_items >= XLSX_READ_MAX_CELLS) {
            fail(sp->rd, ERR_TOOBIG, "文字列が多すぎます（%d まで）", XLSX_READ_MAX_CELLS);
            return;
        }
        if (sp->n_items % 1024 == 0)
            sp->items = xrealloc(sp->items, (sp->n_items + 1024) * sizeof(char *));
        struct buf plain;
        buf_init(&plain, 0);
        unescape(sp->text.data ? sp->text.data : "", sp->text.len, &plain);
        sp->items[sp->n_items++] = xstrdup(buf_str(&plain));
        buf_cleanup(&plain);
    } else if (strcmp(n, "rPh") == 0 && sp->in_phon) {
        sp->in_phon--;
    } else if (strcmp(n, "t") == 0 && sp->in_t) {
        sp->in_t--;
    }
}

static void XMLCALL
on_string_text(void *data, const XML_Char *s, int len)
{
    struct strings_parse *sp = data;
    if (!sp->in_t || sp->in_phon)
        return;
    if (sp->text.len + (size_t)len > CELL_BYTES_MAX)
        fail(sp->rd, ERR_TOOBIG, "セルの文字が多すぎます（1セル 32,767 文字まで）");
    else
        buf_append(&sp->text, s, (size_t)len);
}

/* --- a worksheet -------------------------------------------------------- */

struct sheet_parse {
    struct reader *rd;
    struct xlsx_read_sheet *sheet;
    char *const *strings;
    size_t n_strings;
    uint32_t row, col;      /* the current row; the last cell's column */
    char type[16];          /* the cell's t attribute */
    bool in_cell, in_value; /* inside <c>; inside its <v> or inline <t> */
    struct buf text;
    size_t cap;
};

bool
xlsx_parse_ref(const char *r, uint32_t *row, uint32_t *col)
{
    uint32_t c = 0, n = 0;
    const char *p = r;
    for (; *p >= 'A' && *p <= 'Z'; p++) {
        c = c * 26 + (uint32_t)(*p - 'A' + 1);
        if (c > XLSX_READ_MAX_COLS)
            return false;
    }
    if (p == r)
        return false;
    for (; *p >= '0' && *p <= '9'; p++) {
        n = n * 10 + (uint32_t)(*p - '0');
        if (n > XLSX_READ_MAX_ROWS)
            return false;
    }
    if (*p || n == 0)
        return false;
    *row = n;
    *col = c;
    return true;
}

static void XMLCALL
on_cell_start(void *data, const XML_Char *el, const XML_Char **atts)
{
    struct sheet_parse *sp = data;
    const char *n = local(el);
    if (sp->rd->rc)
        return;
    if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r");
        uint32_t next = r ? (uint32_t)strtoul(r, NULL, 10) : sp->row + 1;
        if (next == 0 || next > XLSX_READ_MAX_ROWS || next <= sp->row) {
            fail(sp->rd, ERR_TOOBIG,
                 "シート「%s」の行番号が正しくないか、行が多すぎます（%d 行まで）", sp->sheet->name,
                 XLSX_READ_MAX_ROWS);
            return;
        }
        sp->row = next;
        sp->col = 0;
    } else if (strcmp(n, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        uint32_t row = sp->row, col = sp->col + 1;
        if (r && !xlsx_parse_ref(r, &row, &col)) {
            fail(sp->rd, ERR_TOOBIG, "シート「%s」のセル %s は範囲外です（%d 列・%d 行まで）",
                 sp->sheet->name, r, XLSX_READ_MAX_COLS, XLSX_READ_MAX_ROWS);
            return;
        }
        if (row != sp->row || col <= sp->col || col > XLSX_READ_MAX_COLS || row == 0) {
            fail(sp->rd, ERR_INPUT, "シート「%s」のセルの並びが正しくありません", sp->sheet->name);
            return;
        }
        sp->col = col;
        snprintf(sp->type, sizeof(sp->type), "%s", t ? t : "n");
        sp->in_cell = true;
        buf_cleanup(&sp->text);
        buf_init(&sp->text, 0);
    } else if (sp->in_cell && (strcmp(n, "v") == 0 || strcmp(n, "t") == 0)) {
        sp->in_value = true;
    } else if (sp->in_cell && strcmp(n, "rPh") == 0) {
        sp->in_value = false;
    }
}

static void
add_cell(struct sheet_parse *sp)
{
    struct xlsx_read_sheet *sh = sp->sheet;
    const char *raw = sp->text.data ? sp->text.data : "";
    enum xlsx_kind kind = XLSX_TEXT;
    struct buf value;
    buf_init(&value, 0);
    if (strcmp(sp->type, "s") == 0) {
        char *end;
        unsigned long i = strtoul(raw, &end, 10);
        if (end == raw || *end || i >= sp->n_strings) {
            fail(sp->rd, ERR_INPUT, "シート「%s」の文字列の参照が正しくありません", sh->name);
            buf_cleanup(&value);
            return;
        }
        buf_puts(&value, sp->strings[i]);
    } else if (strcmp(sp->type, "inlineStr") == 0 || strcmp(sp->type, "str") == 0 ||
               strcmp(sp->type, "e") == 0) {
        unescape(raw, sp->text.len, &value);
    } else {
        kind = strcmp(sp->type, "b") == 0 ? XLSX_BOOL : XLSX_NUMBER;
        buf_puts(&value, raw);
    }
    if (value.len == 0) {
        buf_cleanup(&value);
        return;
    }
    if (sh->n_cells >= XLSX_READ_MAX_CELLS) {
        fail(sp->rd, ERR_TOOBIG, "シート「%s」のセルが多すぎます（%d まで）", sh->name,
             XLSX_READ_MAX_CELLS);
        buf_cleanup(&value);
        return;
    }
    if (sh->n_cells == sp->cap) {
        sp->cap = sp->cap ? sp->cap * 2 : 64;
        sh->cells = xrealloc(sh->cells, sp->cap * sizeof(*sh->cells));
    }
    sh->cells[sh->n_cells++] = (struct xlsx_cell){sp->row, sp->col, kind, xstrdup(buf_str(&value))};
    if (sp->row > sh->n_rows)
        sh->n_rows = sp->row;
    if (sp->col > sh->n_cols)
        sh->n_cols = sp->col;
    buf_cleanup(&value);
}

static void XMLCALL
on_cell_end(void *data, const XML_Char *el)
{
    struct sheet_parse *sp = data;
    const char *n = local(el);
    if (sp->rd->rc)
        return;
    if (strcmp(n, "c") == 0 && sp->in_cell) {
        sp->in_cell = false;
        sp->in_value = false;
        add_cell(sp);
    } else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        sp->in_value = false;
    }
}

static void XMLCALL
on_cell_text(void *data, const XML_Char *s, int len)
{
    struct sheet_parse *sp = data;
    if (!sp->in_value)
        return;
    if (sp->text.len + (size_t)len > CELL_BYTES_MAX)
        fail(sp->rd, ERR_TOOBIG, "シート「%s」のセルの文字が多すぎます（1セル 32,767 文字まで）",
             sp->sheet->name);
    else
        buf_append(&sp->text, s, (size_t)len);
}

/* --- the book ----------------------------------------------------------- */

bool
xlsx_looks_like(const void *bytes, size_t len)
{
    return len >= 4 && memcmp(bytes, "PK\3\4", 4) == 0;
}

static int
read_strings(struct reader *rd, struct strings_parse *sp)
{
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, sp);
    XML_SetElementHandler(p, on_string_start, on_string_end);
    XML_SetCharacterDataHandler(p, on_string_text);
    int rc = parse_part(rd, "xl/sharedStrings.xml", p, false);
    XML_ParserFree(p);
    return rc;
}

static int
read_sheet(struct reader *rd, const struct sheet_ref *ref, const struct strings_parse *strings,
           struct xlsx_read_sheet *out)
{
    out->name = xstrdup(ref->name);
    out->hidden = ref->hidden;
    struct sheet_parse sp = {rd,  out, strings->items, strings->n_items, 0, 0, "", false, false,
                             {0}, 0};
    buf_init(&sp.text, 0);
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, &sp);
    XML_SetElementHandler(p, on_cell_start, on_cell_end);
    XML_SetCharacterDataHandler(p, on_cell_text);
    int rc = parse_part(rd, ref->target, p, true);
    XML_ParserFree(p);
    buf_cleanup(&sp.text);
    return rc;
}

int
xlsx_read(const void *bytes, size_t len, struct xlsx_book **out, char *msg, size_t msglen)
{
    struct reader rd = {NULL, NULL, 0, msg, msglen, 0};
    struct workbook_parse w = {&rd, NULL, 0, NULL, NULL, 0};
    struct strings_parse sp = {&rd, NULL, 0, {0}, 0, 0, false};
    struct xlsx_book *book = xmalloc(sizeof(*book));
    memset(book, 0, sizeof(*book));
    buf_init(&sp.text, 0);
    *out = NULL;
    if (len > XLSX_READ_MAX_FILE) {
        fail(&rd, ERR_TOOBIG, "Excel ファイルが大きすぎます（%u MB まで）",
             XLSX_READ_MAX_FILE >> 20);
        goto out;
    }
    if (!xlsx_looks_like(bytes, len)) {
        fail(&rd, ERR_INPUT, "Excel ファイル（.xlsx）ではありません");
        goto out;
    }
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
    if (src) {
        rd.zip = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!rd.zip)
            zip_source_free(src);
    }
    zip_error_fini(&ze);
    if (!rd.zip) {
        fail(&rd, ERR_INPUT, "Excel ファイル（.xlsx）として開けません（壊れています）");
        goto out;
    }
    if (zip_get_num_entries(rd.zip, 0) > XLSX_READ_MAX_ENTRIES) {
        fail(&rd, ERR_TOOBIG, "Excel ファイルの中のファイルが多すぎます（%d まで）",
             XLSX_READ_MAX_ENTRIES);
        goto out;
    }
    if (read_workbook(&rd, &w) || read_strings(&rd, &sp))
        goto out;
    book->sheets = xmalloc(w.n_refs * sizeof(*book->sheets));
    memset(book->sheets, 0, w.n_refs * sizeof(*book->sheets));
    for (size_t i = 0; i < w.n_refs; i++) {
        book->n_sheets++;
        if (read_sheet(&rd, &w.refs[i], &sp, &book->sheets[i]))
            goto out;
    }
out:
    if (rd.zip)
        zip_discard(rd.zip);
    workbook_cleanup(&w);
    for (size_t i = 0; i < sp.n_items; i++)
        free(sp.items[i]);
    free(sp.items);
    buf_cleanup(&sp.text);
    if (rd.rc)
        xlsx_book_free(book);
    else
        *out = book;
    return rd.rc;
}

void
xlsx_book_free(struct xlsx_book *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_sheets; i++) {
        for (size_t j = 0; j < b->sheets[i].n_cells; j++)
            free(b->sheets[i].cells[j].text);
        free(b->sheets[i].cells);
        free(b->sheets[i].name);
    }
    free(b->sheets);
    free(b);
}

const struct xlsx_read_sheet *
xlsx_sheet(const struct xlsx_book *b, const char *name)
{
    for (size_t i = 0; i < b->n_sheets; i++)
        if (strcmp(b->sheets[i].name, name) == 0)
            return &b->sheets[i];
    return NULL;
}

const struct xlsx_cell *
xlsx_cell(const struct xlsx_read_sheet *s, uint32_t row, uint32_t col)
{
    size_t lo = 0, hi = s->n_cells;
    uint64_t key = (uint64_t)row << 32 | col;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint64_t k = (uint64_t)s->cells[mid].row << 32 | s->cells[mid].col;
        if (k == key)
            return &s->cells[mid];
        if (k < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *
xlsx_text_at(const struct xlsx_read_sheet *s, uint32_t row, uint32_t col)
{
    const struct xlsx_cell *c = xlsx_cell(s, row, col);
    return c ? c->text : "";
}

void
xlsx_ref(uint32_t row, uint32_t col, char *out, size_t outlen)
{
    char letters[8];
    size_t n = 0;
    for (uint32_t c = col; c > 0 && n < sizeof(letters); c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    size_t j = 0;
    while (n > 0 && j + 1 < outlen)
        out[j++] = letters[--n];
    snprintf(out + j, outlen - j, "%u", row);
}

bool
xlsx_serial_date(const char *text, char *out, size_t outlen)
{
    char *end;
    double serial = strtod(text, &end);
    if (end == text || *end || serial < 61 || serial > 2958465)
        return false; /* 61: 1900-03-01, past Excel's phantom 1900-02-29 */
    /* days since 1970-01-01, then the civil date (Howard Hinnant's algorithm) */
    long z = (long)serial - 25569 + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    snprintf(out, outlen, "%04ld-%02ld-%02ld", y, m, d);
    return true;
}
