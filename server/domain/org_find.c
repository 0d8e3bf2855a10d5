/*
 * org_find.c: the 団体 a person names (see org_find.h).
 */
#include "org_find.h"
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "err.h"
#include "org.h"

#include <string.h>

/* The code in 「函館市（012025）」 or 「函館市 (012025)」, copied into code[7]. */
static bool
code_in_parentheses(const char *text, char code[7])
{
    static const char *const closers[] = {"）", ")"}, *const openers[] = {"（", "("};
    size_t n = strlen(text);
    for (size_t i = 0; i < 2; i++) {
        size_t close_len = strlen(closers[i]), open_len = strlen(openers[i]);
        if (n < close_len + 6 + open_len || strcmp(text + n - close_len, closers[i]) != 0)
            continue;
        const char *digits = text + n - close_len - 6;
        if (strncmp(digits - open_len, openers[i], open_len) != 0)
            continue;
        memcpy(code, digits, 6);
        code[6] = '\0';
        return org_code_valid(code);
    }
    return false;
}

/* text without the spaces (ASCII and 全角) around it, in a. */
static char *
trimmed(struct arena *a, const char *text)
{
    static const char ideographic_space[] = "\u3000";
    const size_t wide = sizeof(ideographic_space) - 1;
    size_t n = strlen(text);
    while (n && (text[0] == ' ' || strncmp(text, ideographic_space, wide) == 0)) {
        size_t skip = text[0] == ' ' ? 1 : wide;
        text += skip;
        n -= skip;
    }
    for (;;) {
        if (n && text[n - 1] == ' ')
            n--;
        else if (n >= wide && memcmp(text + n - wide, ideographic_space, wide) == 0)
            n -= wide;
        else
            break;
    }
    return arena_strndup(a, text, n);
}

#define CANDIDATES_SHOWN 5

int
org_find(struct db *db, struct arena *a, const char *text, const char **code, const char **message)
{
    static const char sql[] =
        "SELECT code, prefecture, name FROM organizations"
        " WHERE code = ?1 OR name = ?1 OR kana = ?1 OR prefecture || name = ?1 ORDER BY code"
        " LIMIT ?2";
    char in_parentheses[7];
    *code = NULL;
    char *wanted = trimmed(a, text);
    struct buf *candidates = buf_new_in(a, 0);
    if (!wanted || !candidates)
        return ERR_NOMEM;
    if (code_in_parentheses(wanted, in_parentheses))
        wanted = arena_strdup(a, in_parentheses);
    sqlite3_stmt *st;
    int rc = db_prepare(db, &st, sql), found = 0;
    if (rc)
        return rc;
    db_bind_text(st, 1, wanted);
    db_bind_int64(st, 2, CANDIDATES_SHOWN + 1);
    while ((rc = db_step(st)) == 1) {
        if (found++ == 0)
            *code = arena_strdup(a, db_column_text(st, 0));
        if (found <= CANDIDATES_SHOWN)
            buf_printf(candidates, "%s%s%s（%s）", found > 1 ? "、" : "", db_column_text(st, 1),
                       db_column_text(st, 2), db_column_text(st, 0));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if (buf_err(candidates) || (found && !*code))
        return ERR_NOMEM;
    if (found == 0) {
        *message = arena_printf(a,
                                "「%s」という団体は見つかりません。団体コード（6桁）、団体名"
                                "（例: 北海道函館市）、よみのいずれかで指定してください。",
                                wanted);
        return ERR_NOTFOUND;
    }
    if (found > 1) {
        *message = arena_printf(a,
                                "「%s」に当たる団体が%d%sあります: %s%s。団体コードか、都道府県"
                                "名から（例: 東京都府中市）指定してください。",
                                wanted, found, found > CANDIDATES_SHOWN ? "つ以上" : "つ",
                                buf_str(candidates), found > CANDIDATES_SHOWN ? " ほか" : "");
        return ERR_CONFLICT;
    }
    return 0;
}
