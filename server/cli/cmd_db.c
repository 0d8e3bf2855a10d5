/*
 * cmd_db.c: `shokai migrate`, `shokai seed` and `shokai routes`.
 */
#include "cli.h"
#include "db.h"
#include "err.h"
#include "migrate.h"
#include "openapi.h"
#include "param.h"
#include "route.h"
#include "seed.h"
#include "user.h"

#include <stdio.h>
#include <string.h>

static const char *const db_only[] = {"db", NULL};
static const char *const help_only[] = {"help", NULL};
static const char *const routes_flags[] = {"help", "openapi", NULL};

int
cmd_migrate(int argc, char **argv)
{
    struct cli_args a;
    if (!cli_parse(argc, argv, db_only, help_only, &a))
        return 2;
    if (cli_flag(&a, "help")) {
        printf("usage: shokai migrate --db PATH\n"
               "Creates the database if needed and applies every migration it lacks.\n");
        return 0;
    }
    struct db *db;
    int rc = cli_open_db(cli_get(&a, "db"), true, &db);
    if (rc)
        return rc == ERR_INPUT ? 2 : 1;
    int applied = 0;
    rc = migrate_run(db, &applied);
    db_close(db);
    if (rc == ERR_CONFLICT) {
        fprintf(stderr,
                "shokai: the database is newer than this binary (schema > %d); "
                "use a newer shokai\n",
                migrate_latest());
        return 1;
    }
    if (rc) {
        fprintf(stderr, "shokai: migration failed; the database is unchanged by the failed step\n");
        return 1;
    }
    printf(applied ? "applied %d migration(s); schema version %d\n"
                   : "up to date (%d applied); schema version %d\n",
           applied, migrate_latest());
    return 0;
}

int
cmd_seed(int argc, char **argv)
{
    struct cli_args a;
    if (!cli_parse(argc, argv, db_only, help_only, &a))
        return 2;
    if (cli_flag(&a, "help")) {
        printf("usage: shokai seed --db PATH\n"
               "Loads the 団体 master and grouping schemes (idempotent).\n");
        return 0;
    }
    struct db *db;
    int rc = cli_open_db(cli_get(&a, "db"), false, &db);
    if (rc)
        return rc == ERR_INPUT ? 2 : 1;
    char msg[512];
    rc = migrate_check(db);
    if (rc) {
        fprintf(stderr, "shokai: run `shokai migrate --db %s` first\n", cli_get(&a, "db"));
    } else if ((rc = seed_all(db, msg, sizeof(msg)))) {
        fprintf(stderr, "shokai: seed failed: %s\n", msg);
    } else {
        printf("%s\n", msg);
    }
    db_close(db);
    return rc ? 1 : 0;
}

/* The declared parameters, "-" when none: name:source:type[:required]
   [:min-max][:a|b|c], comma-separated (tests fill required ones from it). */
static void
print_params(const struct param_spec *specs)
{
    if (!specs || !specs->name) {
        printf("-");
        return;
    }
    for (const struct param_spec *p = specs; p->name; p++) {
        printf("%s%s:%s:%s", p == specs ? "" : ",", p->name, param_source_name(p->from),
               param_type_name(p->type));
        if (p->required)
            printf(":required");
        if ((p->type == PARAM_INT || p->type == PARAM_TEXT) && (p->min || p->max))
            printf(":%lld-%lld", p->min, p->max);
        for (size_t i = 0; p->type == PARAM_CHOICE && p->choices && p->choices[i]; i++)
            printf("%s%s", i ? "|" : ":", p->choices[i]);
    }
}

static void
print_route(const struct route *rt, void *ctx)
{
    (void)ctx;
    static const enum role all[] = {ROLE_ORG, ROLE_PREF, ROLE_MINISTRY, ROLE_ADMIN};
    printf("%s\t%s\t", rt->method, rt->pattern);
    if (rt->roles == ROLE_PUBLIC) {
        printf("public");
    } else {
        const char *sep = "";
        for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
            if (rt->roles & all[i]) {
                printf("%s%s", sep, role_name(all[i]));
                sep = ",";
            }
        if (rt->roles & ROLE_SECOND_FACTOR_PENDING)
            printf("%ssecond-factor-pending", sep);
    }
    printf("\t%s\t", rt->body == BODY_FORM            ? "form"
                     : rt->body == BODY_JSON          ? "json"
                     : rt->body == BODY_JSON_OPTIONAL ? "json-optional"
                     : rt->body == BODY_XLSX          ? "xlsx"
                     : rt->body == BODY_MULTIPART     ? "multipart"
                     : rt->body == BODY_CSV           ? "csv"
                     : rt->body == BODY_FILE          ? "file"
                                                      : "-");
    print_params(rt->params);
    printf("\n");
}

int
cmd_routes(int argc, char **argv)
{
    struct cli_args a;
    if (!cli_parse(argc, argv, NULL, routes_flags, &a))
        return 2;
    if (cli_flag(&a, "help")) {
        printf("usage: shokai routes [--openapi]\nLists every route: method, path, roles, body "
               "kind, parameters;\nwith --openapi, the API's OpenAPI 3.1 document (JSON).\n");
        return 0;
    }
    if (!cli_flag(&a, "openapi")) {
        route_each(print_route, NULL);
        return 0;
    }
    json_t *doc = openapi_document();
    int rc = doc ? json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : -1;
    json_decref(doc);
    if (rc) {
        fprintf(stderr, "shokai: the OpenAPI document could not be made\n");
        return 1;
    }
    printf("\n");
    return 0;
}
