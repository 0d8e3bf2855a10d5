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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_FILE_MAX (16u << 20)

static const char import_usage[] =
    "usage:\n"
    "  shokai import organizations --db PATH --file MASTER.csv\n"
    "The CSV has the header code,prefecture,name,kana,kind (UTF-8, with or without BOM).\n"
    "A bad row refuses the whole file; nothing is imported partially.\n";

int
cmd_import(int argc, char **argv)
{
    static const char *const valued[] = {"db", "file", NULL};
    static const char *const flags[] = {"help", NULL};
    if (argc < 1 || strcmp(argv[0], "--help") == 0) {
        fputs(import_usage, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    if (strcmp(argv[0], "organizations") != 0) {
        fprintf(stderr, "shokai: unknown import '%s' (organizations)\n", argv[0]);
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
        fprintf(stderr, "shokai: --file MASTER.csv is required\n");
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
    if (migrate_check(db)) {
        fprintf(stderr, "shokai: run `shokai migrate --db %s` first\n", cli_get(&a, "db"));
        rc = 1;
    } else if ((rc = org_import_csv(db, &audit_cli, data, len, &res, msg, sizeof(msg)))) {
        fprintf(stderr, "shokai: %s: %s (nothing was imported)\n", cli_get(&a, "file"),
                msg[0] ? msg : "import failed");
    } else {
        printf("団体: 追加 %d, 変更 %d, 変更なし %d\n", res.added, res.changed, res.unchanged);
    }
    db_close(db);
    free(data);
    return rc ? 1 : 0;
}
