/*
 * cmd_import.c: `shokai import organizations`: re-import the 団体 master from
 * a CSV (code,prefecture,name,kana,kind), recording each change with its date.
 * Responses keep the kind a 団体 had when it answered.
 */
#include "audit.h"
#include "cli.h"
#include "db.h"
#include "err.h"
#include "migrate.h"
#include "org.h"
#include "buf.h"
#include "encoding.h"
#include "importer.h"
#include "survey_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_FILE_MAX (16u << 20)

static const char import_usage[] =
    "usage:\n"
    "  shokai import organizations --db PATH --file MASTER.csv\n"
    "  shokai import entries --db PATH --survey ID --file LIST.csv [--question entries]\n"
    "                        [--encoding utf-8|cp932] [--replace]\n"
    "  shokai import responses --db PATH --survey ID --file ANSWERS.csv [--encoding utf-8|cp932]\n"
    "  shokai import selfcheck --db PATH --file CLAUSES.json   (a new self-check revision;\n"
    "                          its \"previous\" names the revision it replaces)\n"
    "organizations: header code,prefecture,name,kana,kind.\n"
    "entries: header 種別,項番,対象資料,対象ページ,分類,本文[,団体コード]; ー or - means not "
    "given.\n"
    "responses: header 団体コード then question ids (<id>.note for a check item's note;\n"
    "           multi options separated by |); each row is submitted as 代理入力.\n"
    "UTF-8 with or without BOM, or CP932 from Excel. A bad row refuses the whole file,\n"
    "naming its row and column; nothing is imported partially.\n";

/* The file as UTF-8: data itself, or its CP932 conversion in converted (which
   the caller cleans up). NULL, with the reason printed, when it cannot be read. */
static const char *
file_text(const char *data, size_t len, const char *encoding, struct buf *converted,
          size_t *out_len)
{
    if (!encoding || strcmp(encoding, "utf-8") == 0) {
        *out_len = len;
        return data;
    }
    char msg[200];
    if (encoding_cp932_to_utf8(data, len, converted, msg, sizeof(msg))) {
        fprintf(stderr, "shokai: %s (nothing was imported)\n", msg);
        return NULL;
    }
    *out_len = converted->len;
    return buf_str(converted);
}

static int
import_into_survey(struct db *db, const struct cli_args *a, bool entries, const char *text,
                   size_t len)
{
    struct survey *s;
    int rc = survey_load(db, cli_get(a, "survey"), &s);
    if (rc) {
        fprintf(stderr, "shokai: no survey %s\n", cli_get(a, "survey"));
        return 1;
    }
    char msg[512] = "";
    int rows = 0;
    const char *file = cli_get(a, "file");
    const char *qid = cli_get(a, "question") ? cli_get(a, "question") : "entries";
    rc = entries ? import_entries(db, &audit_cli, s, qid, file, text, len, cli_flag(a, "replace"),
                                  stderr, &rows, msg, sizeof(msg))
                 : import_responses(db, &audit_cli, s, file, text, len, stderr, &rows, msg,
                                    sizeof(msg));
    if (rc)
        fprintf(stderr, "shokai: %s: %s（何も取り込んでいません）\n", file,
                msg[0] ? msg : "failed");
    else
        printf("%d行を取り込みました\n", rows);
    survey_release(s);
    return rc ? 1 : 0;
}

/* A new self-check revision: a self-check definition whose "previous", if
   given, is a survey already loaded. Stored like `shokai survey load`. */
static int
import_selfcheck(struct db *db, const char *file, const char *text, size_t len)
{
    struct survey *s;
    char msg[512] = "";
    if (survey_parse(text, len, file, &s, msg, sizeof(msg))) {
        fprintf(stderr, "shokai: %s\n", msg);
        return 1;
    }
    int rc = 0;
    struct survey *prev = NULL;
    if (strcmp(s->kind, "selfcheck") != 0) {
        fprintf(stderr, "shokai: %s: kind が selfcheck ではありません\n", file);
        rc = 1;
    } else if (s->previous && survey_load(db, s->previous, &prev) != 0) {
        fprintf(stderr, "shokai: %s: previous「%s」の自己点検がありません\n", file, s->previous);
        rc = 1;
    }
    survey_release(prev);
    survey_release(s);
    if (rc)
        return rc;
    enum survey_store_result res;
    if (survey_store(db, &audit_cli, text, len, file, &res, msg, sizeof(msg))) {
        fprintf(stderr, "shokai: %s\n", msg);
        return 1;
    }
    printf("%s\n", res == SURVEY_ADDED      ? "added"
                   : res == SURVEY_REPLACED ? "replaced"
                                            : "unchanged");
    return 0;
}

int
cmd_import(int argc, char **argv)
{
    static const char *const valued[] = {"db", "file", "survey", "question", "encoding", NULL};
    static const char *const flags[] = {"replace", "help", NULL};
    if (argc < 1 || strcmp(argv[0], "--help") == 0) {
        fputs(import_usage, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    bool orgs = strcmp(argv[0], "organizations") == 0, entries = strcmp(argv[0], "entries") == 0;
    bool selfcheck = strcmp(argv[0], "selfcheck") == 0;
    if (!orgs && !entries && !selfcheck && strcmp(argv[0], "responses") != 0) {
        fprintf(stderr,
                "shokai: unknown import '%s' (organizations, entries, responses, selfcheck)\n",
                argv[0]);
        return 2;
    }
    struct cli_args a;
    if (!cli_parse(argc - 1, argv + 1, valued, flags, &a))
        return 2;
    if (cli_flag(&a, "help")) {
        fputs(import_usage, stdout);
        return 0;
    }
    if (!cli_get(&a, "file")) {
        fprintf(stderr, "shokai: --file FILE.csv is required\n");
        return 2;
    }
    if (!orgs && !selfcheck && !cli_get(&a, "survey")) {
        fprintf(stderr, "shokai: --survey ID is required\n");
        return 2;
    }
    const char *encoding = cli_get(&a, "encoding");
    if (encoding && strcmp(encoding, "utf-8") != 0 && strcmp(encoding, "cp932") != 0) {
        fprintf(stderr, "shokai: --encoding must be utf-8 or cp932\n");
        return 2;
    }
    size_t len;
    char *data = cli_read_file(cli_get(&a, "file"), IMPORT_FILE_MAX, &len);
    if (!data)
        return 1;
    struct db *db;
    int rc = cli_open_db(cli_get(&a, "db"), false, &db);
    if (rc) {
        free(data);
        return rc == ERR_INPUT ? 2 : 1;
    }
    char msg[512] = "";
    struct org_import_result res;
    struct buf converted;
    buf_init(&converted, IMPORT_FILE_MAX * 2);
    size_t text_len = 0;
    const char *text = file_text(data, len, encoding, &converted, &text_len);
    if (!text) {
        rc = 1;
    } else if (migrate_check(db)) {
        fprintf(stderr, "shokai: run `shokai migrate --db %s` first\n", cli_get(&a, "db"));
        rc = 1;
    } else if (selfcheck) {
        rc = import_selfcheck(db, cli_get(&a, "file"), text, text_len);
    } else if (!orgs) {
        rc = import_into_survey(db, &a, entries, text, text_len);
    } else if ((rc = org_import_csv(db, &audit_cli, text, text_len, &res, msg, sizeof(msg)))) {
        fprintf(stderr, "shokai: %s: %s (nothing was imported)\n", cli_get(&a, "file"),
                msg[0] ? msg : "import failed");
    } else {
        printf("団体: 追加 %d, 変更 %d, 変更なし %d\n", res.added, res.changed, res.unchanged);
    }
    db_close(db);
    buf_cleanup(&converted);
    free(data);
    return rc ? 1 : 0;
}
