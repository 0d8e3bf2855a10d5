/*
 * demo.c: the demo database (see demo.h).
 */
#include "demo.h"
#include "answer.h"
#include "arena.h"
#include "assets.h"
#include "audit.h"
#include "auth.h"
#include "cli.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "jsonin.h"
#include "migrate.h"
#include "response.h"
#include "seed.h"
#include "survey_store.h"
#include "second_factor.h"
#include "user.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *login;
    enum role role;
    const char *org;
} demo_accounts[] = {
    {"demo-ministry", ROLE_MINISTRY, NULL}, {"demo-admin", ROLE_ADMIN, NULL},
    {"demo-pref", ROLE_PREF, "010006"}, /* 北海道 */
    {"demo-org", ROLE_ORG, "011002"},   /* 札幌市 */
    {"demo-org2", ROLE_ORG, "012025"},  /* 函館市 */
};

/* The shipped surveys carry their historical periods; these open for the demo
   (r3 stays closed, to show 締切). */
static const char *const open_in_demo[] = {"r7-ikenshokai", "sanso-2023", "selfcheck-guideline"};

static int
demo_accounts_refresh(struct db *db)
{
    char msg[256];
    printf("Accounts (passwords are new each start):\n");
    for (size_t i = 0; i < sizeof(demo_accounts) / sizeof(demo_accounts[0]); i++) {
        char pw[AUTH_TOKEN_CHARS];
        auth_new_token(pw);
        pw[16] = '\0';
        int64_t id;
        int rc = user_add(db, &audit_cli, demo_accounts[i].login, demo_accounts[i].role,
                          demo_accounts[i].org, NULL, pw, &id, msg, sizeof(msg));
        if (rc == ERR_CONFLICT)
            rc = user_set_password(db, &audit_cli, demo_accounts[i].login, pw, msg, sizeof(msg));
        if (rc == 0 && second_factor_required(demo_accounts[i].role))
            rc = second_factor_clear(db, &audit_cli, demo_accounts[i].login);
        if (rc) {
            fprintf(stderr, "shokai: demo account %s: %s\n", demo_accounts[i].login, msg);
            return rc;
        }
        printf("  %-14s %-9s %s\n", demo_accounts[i].login, role_name(demo_accounts[i].role), pw);
    }
    printf("ministry and admin also need an authenticator app (TOTP): the first login shows\n"
           "the QR code to scan, each start anew.\n");
    return 0;
}

/* Stores one demo response as submitted, unless the 団体 already responded. */
static int
demo_response(struct db *db, const struct survey *s, const char *org, json_t *answers)
{
    struct response cur;
    int rc = response_get(db, s->id, org, &cur);
    bool exists = cur.exists;
    response_cleanup(&cur);
    if (rc || exists)
        return rc;
    struct arena a;
    arena_init(&a, 0);
    struct answer_issues is;
    answer_issues_init(&is, &a);
    json_t *clean = answer_check(s, answers, true, &is);
    long version;
    if (is.n) {
        fprintf(stderr, "shokai: demo answers of %s to %s: %s\n", org, s->id, is.items[0].message);
        rc = ERR_INPUT;
    } else if ((rc = response_save(db, &audit_cli, s->id, org, clean, RESPONSE_ANY_VERSION, false,
                                   &version)) == 0) {
        answer_issues_init(&is, &a);
        rc = response_submit(db, &audit_cli, s, org, version, false, &is, &version);
    }
    json_decref(clean);
    arena_reset(&a);
    return rc;
}

static int
demo_answers_load(struct db *db)
{
    const struct asset *data = assets_find("seeds/demo/answers.json");
    char msg[256];
    json_t *root =
        data ? jsonin_parse((const char *)data->data, data->size, msg, sizeof(msg)) : NULL;
    if (!root) {
        fprintf(stderr, "shokai: seeds/demo/answers.json: %s\n", data ? msg : "missing");
        return ERR_INPUT;
    }
    struct survey *s = NULL;
    int rc = 0;
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(root, "responses"), i, item)
    {
        const char *sid = json_string_value(json_object_get(item, "survey"));
        const char *org = json_string_value(json_object_get(item, "org"));
        if (!sid || !org) {
            rc = ERR_INPUT;
            break;
        }
        if (!s || strcmp(s->id, sid) != 0) {
            survey_free(s);
            if ((rc = survey_load(db, sid, &s)))
                break;
        }
        if ((rc = demo_response(db, s, org, json_object_get(item, "answers"))))
            break;
    }
    survey_free(s);
    json_decref(root);
    return rc;
}

int
demo_prepare(const char *path)
{
    struct db *db;
    int applied, rc = cli_open_db(path, true, &db);
    if (rc)
        return rc;
    char msg[256];
    if ((rc = migrate_run(db, &applied)) || (rc = seed_all(db, msg, sizeof(msg)))) {
        fprintf(stderr, "shokai: cannot prepare the demo database\n");
        goto out;
    }
    int64_t now = clock_now();
    for (size_t i = 0; i < sizeof(open_in_demo) / sizeof(open_in_demo[0]); i++)
        if ((rc = survey_set_period(db, &audit_cli, open_in_demo[i], now - 86400,
                                    now + 30 * 86400))) {
            fprintf(stderr, "shokai: cannot open %s for the demo\n", open_in_demo[i]);
            goto out;
        }
    if ((rc = demo_answers_load(db)))
        goto out;
    printf("demo database %s ready.\n", path);
    rc = demo_accounts_refresh(db);
out:
    db_close(db);
    return rc;
}
