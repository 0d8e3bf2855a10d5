/*
 * cmd_survey.c: `shokai survey load|list|period|reopen`: survey definitions
 * and periods from the command line, so the Ministry can add a survey (or the
 * full official self-check item list) without a code change.
 */
#include "audit.h"
#include "cli.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "migrate.h"
#include "buf.h"
#include "survey_store.h"
#include "survey_upload.h"
#include "xlsform_out.h"
#include "xlsx_read.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SURVEY_FILE_MAX (4u << 20)

static const char survey_usage[] =
    "usage:\n"
    "  shokai survey load   --db PATH --file DEFINITION.json|DEFINITION.xlsx\n"
    "  shokai survey export --db PATH --id ID --file DEFINITION.xlsx\n"
    "  shokai survey list   --db PATH\n"
    "  shokai survey period --db PATH --survey ID --opens ISO8601 --closes ISO8601\n"
    "  shokai survey reopen --db PATH --survey ID --org CODE --until ISO8601\n"
    "Times are like 2025-02-13T23:59:59+09:00. The definition format is docs/survey-format.md:\n"
    "JSON, or an XLSForm workbook (told apart by content; export writes one).\n"
    "A definition that already has responses cannot be changed: give it a new id.\n";

static int
print_survey(const struct survey_row *s, void *ctx)
{
    (void)ctx;
    char opens[32], closes[32];
    clock_jst(s->opens_at, opens, sizeof(opens));
    clock_jst(s->closes_at, closes, sizeof(closes));
    printf("%s\t%s\t%s〜%s\t%s\n", s->id, s->kind, opens, closes, s->title);
    return 0;
}

/* An XLSForm workbook as the JSON survey_store takes; prints why and returns
   NULL when it is not a valid definition. Caller frees. */
static char *
xlsform_as_json(const char *path, const char *data, size_t len, size_t *json_len)
{
    json_t *def = NULL;
    struct buf errors;
    buf_init(&errors, 0);
    char *json = NULL;
    if (survey_json_from_upload(data, len, path, &def, &errors) == 0)
        json = json_dumps(def, JSON_INDENT(2));
    else
        fprintf(stderr, "shokai: %s: %s\n", path, buf_str(&errors));
    json_decref(def);
    buf_cleanup(&errors);
    *json_len = json ? strlen(json) : 0;
    return json;
}

static int
survey_load_file(struct db *db, const char *path)
{
    size_t len;
    char *data = cli_read_file(path, XLSX_READ_MAX_FILE, &len);
    if (!data)
        return 1;
    if (xlsx_looks_like(data, len)) {
        char *json = xlsform_as_json(path, data, len, &len);
        free(data);
        data = json;
    } else if (len > SURVEY_FILE_MAX) {
        fprintf(stderr, "shokai: %s: a JSON definition is at most %u bytes\n", path,
                SURVEY_FILE_MAX);
        free(data);
        data = NULL;
    }
    if (!data)
        return 1;
    char msg[512] = "";
    enum survey_store_result res;
    int rc = survey_store(db, &audit_cli, data, len, path, &res, msg, sizeof(msg));
    free(data);
    if (rc) {
        fprintf(stderr, "shokai: %s\n", msg[0] ? msg : "cannot store the survey");
        return 1;
    }
    printf("%s\n", res == SURVEY_ADDED      ? "added"
                   : res == SURVEY_REPLACED ? "replaced (it had no responses)"
                                            : "unchanged");
    return 0;
}

static int
survey_export_file(struct db *db, const char *id, const char *path)
{
    struct survey *s = NULL;
    struct buf out;
    buf_init(&out, 0);
    int rc = survey_load(db, id, &s);
    json_t *def = rc == 0 ? survey_definition_now(s) : NULL;
    if (rc == 0)
        rc = xlsform_write(def, &out);
    json_decref(def);
    FILE *f = rc == 0 ? fopen(path, "wb") : NULL;
    if (f) {
        if (fwrite(out.data, 1, out.len, f) != out.len)
            rc = ERR_IO;
        if (fclose(f) != 0)
            rc = ERR_IO;
    } else if (rc == 0) {
        rc = ERR_IO;
    }
    if (rc)
        fprintf(stderr, "shokai: %s\n",
                rc == ERR_NOTFOUND ? "no such survey" : "cannot write the XLSForm file");
    else
        printf("written %s\n", path);
    survey_release(s);
    buf_cleanup(&out);
    return rc ? 1 : 0;
}

static bool
parse_time_option(const struct cli_args *a, const char *name, int64_t *out)
{
    const char *v = cli_get(a, name);
    if (!v || !clock_parse_iso(v, out)) {
        fprintf(stderr, "shokai: --%s must be a time like 2025-02-13T23:59:59+09:00\n", name);
        return false;
    }
    return true;
}

int
cmd_survey(int argc, char **argv)
{
    static const char *const valued[] = {"db",     "file", "survey", "id", "opens",
                                         "closes", "org",  "until",  NULL};
    static const char *const flags[] = {"help", NULL};
    if (argc < 1 || strcmp(argv[0], "--help") == 0) {
        fputs(survey_usage, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    const char *sub = argv[0];
    struct cli_args a;
    if (!cli_parse(argc - 1, argv + 1, valued, flags, &a))
        return 2;
    if (cli_flag(&a, "help")) {
        fputs(survey_usage, stdout);
        return 0;
    }
    bool load = strcmp(sub, "load") == 0, list = strcmp(sub, "list") == 0;
    bool period = strcmp(sub, "period") == 0, reopen = strcmp(sub, "reopen") == 0;
    bool export = strcmp(sub, "export") == 0;
    if (!load && !list && !period && !reopen && !export) {
        fprintf(stderr,
                "shokai: unknown survey command '%s' (load, export, list, period, reopen)\n", sub);
        return 2;
    }
    if ((load || export) && !cli_get(&a, "file")) {
        fprintf(stderr, "shokai: --file %s is required\n",
                export ? "DEFINITION.xlsx" : "DEFINITION.json");
        return 2;
    }
    const char *export_id = cli_get(&a, "id") ? cli_get(&a, "id") : cli_get(&a, "survey");
    if (export && !export_id) {
        fprintf(stderr, "shokai: --id ID is required\n");
        return 2;
    }
    int64_t t1 = 0, t2 = 0;
    if ((period || reopen) && !cli_get(&a, "survey")) {
        fprintf(stderr, "shokai: --survey ID is required\n");
        return 2;
    }
    if (period && (!parse_time_option(&a, "opens", &t1) || !parse_time_option(&a, "closes", &t2)))
        return 2;
    if (reopen && (!cli_get(&a, "org") || !parse_time_option(&a, "until", &t1))) {
        if (!cli_get(&a, "org"))
            fprintf(stderr, "shokai: --org CODE is required\n");
        return 2;
    }
    struct db *db;
    int rc = cli_open_db(cli_get(&a, "db"), false, &db);
    if (rc)
        return rc == ERR_INPUT ? 2 : 1;
    int status = 0;
    if (migrate_check(db)) {
        fprintf(stderr, "shokai: run `shokai migrate --db %s` first\n", cli_get(&a, "db"));
        status = 1;
    } else if (load) {
        status = survey_load_file(db, cli_get(&a, "file"));
    } else if (export) {
        status = survey_export_file(db, export_id, cli_get(&a, "file"));
    } else if (list) {
        status = survey_each(db, print_survey, NULL) ? 1 : 0;
    } else if (period) {
        rc = survey_set_period(db, &audit_cli, cli_get(&a, "survey"), t1, t2);
        if (rc)
            fprintf(stderr, "shokai: %s\n",
                    rc == ERR_NOTFOUND ? "no such survey"
                    : rc == ERR_INPUT  ? "--closes must be after --opens"
                                       : "failed");
        status = rc ? 1 : 0;
    } else {
        rc = survey_reopen(db, &audit_cli, cli_get(&a, "survey"), cli_get(&a, "org"), t1);
        if (rc)
            fprintf(stderr, "shokai: %s\n",
                    rc == ERR_NOTFOUND ? "no such survey or 団体" : "failed");
        status = rc ? 1 : 0;
    }
    db_close(db);
    return status;
}
