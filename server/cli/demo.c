/*
 * demo.c: the demo database (see demo.h).
 */
#include "demo.h"
#include "audit.h"
#include "auth.h"
#include "cli.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "migrate.h"
#include "seed.h"
#include "seed_demo.h"
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
    if ((rc = seed_demo_answers(db)))
        goto out;
    printf("demo database %s ready.\n", path);
    rc = demo_accounts_refresh(db);
out:
    db_close(db);
    return rc;
}
