/*
 * cmd_user.c: `shokai user add|passwd|list|disable|second-factor`.
 */
#include "account_import.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "csv_out.h"
#include "table.h"
#include "cli.h"
#include "db.h"
#include "err.h"
#include "migrate.h"
#include "second_factor.h"
#include "user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char user_usage[] =
    "usage:\n"
    "  shokai user add --db PATH --login NAME --role org|pref|ministry|admin [--org CODE]\n"
    "                  [--email ADDR] [--approver] --password-stdin\n"
    "  shokai user passwd --db PATH --login NAME --password-stdin\n"
    "  shokai user list --db PATH\n"
    "  shokai user disable --db PATH --login NAME\n"
    "  shokai user second-factor --db PATH --login NAME [--remove]\n"
    "  shokai user import --db PATH --file F.csv [--base-url https://HOST] [--out LINKS.csv]\n"
    "Passwords are 12-128 characters and are read from standard input, never from arguments.\n"
    "Ministry and admin accounts log in with a password and a code from an authenticator app.\n"
    "They set the app up at their first login; second-factor gives the account a new key now\n"
    "(printed, to hand over in person) or, with --remove, clears it (a lost phone) so that\n"
    "the next login sets one up again. Either ends the account's sessions and API tokens.\n"
    "import issues accounts in bulk from a CSV (UTF-8, with or without BOM, or CP932) with\n"
    "the header " ACCOUNT_IMPORT_HEADER "\n"
    "(役割: 団体, 都道府県, 総務省 or 管理者). A bad row refuses the whole file, naming every\n"
    "bad row. Each account gets no password but a one-time setup link, valid 14 days; the\n"
    "links are written as CSV to --out (or standard output) and are shown only this once.\n";

/* The size of a file `user import` reads. */
#define USER_IMPORT_FILE_MAX (16u << 20)

/* `shokai user import`: the accounts of a CSV, and their links as CSV. */
static int
import_command(struct db *db, const struct cli_args *a)
{
    const char *file = cli_get(a, "file"), *out_path = cli_get(a, "out");
    if (!file) {
        fprintf(stderr, "shokai: --file F.csv is required\n");
        return ERR_INPUT;
    }
    size_t len;
    char *data = cli_read_file(file, USER_IMPORT_FILE_MAX, &len);
    if (!data)
        return ERR_IO;
    struct arena arena;
    arena_init(&arena, 0);
    struct account_import_result res;
    struct table t;
    struct buf csv;
    buf_init(&csv, 0);
    char msg[256] = "";
    int rc = account_import(db, &audit_cli, data, len, clock_now(), &arena, &res);
    if (rc == ERR_INPUT || rc == ERR_TOOBIG)
        fprintf(stderr, "shokai: %s: 取り込めませんでした（何も登録していません）\n%s", file,
                res.problems ? res.problems : "");
    const char *base = cli_get(a, "base-url") ? cli_get(a, "base-url") : "";
    if (rc == 0)
        rc = account_issued_table(res.items, res.n, base, &arena, &t);
    if (rc == 0)
        rc = csv_write_table(&t, CSV_UTF8, &csv, msg, sizeof(msg));
    if (rc == 0) {
        FILE *out = out_path ? fopen(out_path, "wb") : stdout;
        if (!out || fwrite(buf_str(&csv), 1, csv.len, out) != csv.len)
            rc = ERR_IO;
        if (out && out != stdout && fclose(out) != 0)
            rc = ERR_IO;
        if (rc)
            fprintf(stderr,
                    "shokai: could not write the links to %s; the accounts were created:"
                    " issue new links from /admin/accounts\n",
                    out_path ? out_path : "standard output");
        else
            fprintf(stderr, "%zu件のアカウントを登録しました（設定用リンクの有効期限は14日）\n",
                    res.n);
    }
    for (size_t i = 0; i < res.n; i++)
        sodium_memzero(res.items[i].token, sizeof(res.items[i].token));
    if (csv.data)
        sodium_memzero(csv.data, csv.len);
    buf_cleanup(&csv);
    arena_reset(&arena);
    free(data);
    return rc == ERR_INPUT || rc == ERR_TOOBIG ? ERR_INPUT : rc;
}

static int
print_user(const struct user *u, void *ctx)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\t%s%s%s%s\n", u->login, role_name(u->role),
           u->org_code[0] ? u->org_code : "-", u->org_name[0] ? u->org_name : "-",
           u->disabled ? "disabled" : "active", u->password_set ? "" : "\tpassword-not-set",
           u->approver ? "\tapprover" : "",
           !second_factor_required(u->role) ? ""
           : u->second_factor_enrolled      ? "\tsecond-factor"
                                            : "\tsecond-factor-not-set");
    return 0;
}

static int
read_password(const struct cli_args *a, char *pw, unsigned len)
{
    if (!cli_flag(a, "password-stdin")) {
        fprintf(stderr, "shokai: give the password on standard input with --password-stdin\n");
        return 2;
    }
    if (!cli_read_line(pw, len)) {
        fprintf(stderr, "shokai: no password on standard input\n");
        return 2;
    }
    return 0;
}

/* Sets a new key and prints it as an authenticator app takes it, or removes it. */
static int
second_factor_command(struct db *db, const char *login, bool remove)
{
    if (remove) {
        int rc = second_factor_clear(db, &audit_cli, login);
        if (rc == 0)
            printf("removed the second factor of %s; their next login sets it up again\n", login);
        return rc;
    }
    unsigned char secret[TOTP_SECRET_BYTES];
    int rc = second_factor_set_key(db, &audit_cli, login, secret);
    if (rc == 0) {
        char b32[TOTP_BASE32_CHARS];
        struct buf uri;
        buf_init(&uri, 256);
        totp_base32(secret, b32);
        totp_uri(&uri, login, secret);
        printf("key\t%s\nuri\t%s\n", b32, buf_err(&uri) ? "-" : buf_str(&uri));
        sodium_memzero(b32, sizeof(b32));
        buf_cleanup(&uri);
    }
    sodium_memzero(secret, sizeof(secret));
    return rc;
}

int
cmd_user(int argc, char **argv)
{
    static const char *const valued[] = {"db",   "login",    "role", "org", "email",
                                         "file", "base-url", "out",  NULL};
    static const char *const flags[] = {"password-stdin", "approver", "remove", "help", NULL};
    if (argc < 1 || strcmp(argv[0], "--help") == 0) {
        fputs(user_usage, argc < 1 ? stderr : stdout);
        return argc < 1 ? 2 : 0;
    }
    const char *sub = argv[0];
    if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "list") &&
        strcmp(sub, "disable") && strcmp(sub, "second-factor") && strcmp(sub, "import")) {
        fprintf(stderr,
                "shokai: unknown user command '%s' (add, passwd, list, disable, second-factor,"
                " import)\n",
                sub);
        return 2;
    }
    struct cli_args a;
    if (!cli_parse(argc - 1, argv + 1, valued, flags, &a))
        return 2;
    if (cli_flag(&a, "help")) {
        fputs(user_usage, stdout);
        return 0;
    }
    const char *login = cli_get(&a, "login");
    bool no_login = strcmp(sub, "list") == 0 || strcmp(sub, "import") == 0;
    if (!no_login && !login) {
        fprintf(stderr, "shokai: --login NAME is required\n");
        return 2;
    }
    char pw[1024] = "";
    if ((strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0)) {
        int rc = read_password(&a, pw, sizeof(pw));
        if (rc)
            return rc;
    }
    if (strcmp(sub, "add") == 0 && !role_parse(cli_get(&a, "role") ? cli_get(&a, "role") : "")) {
        fprintf(stderr, "shokai: --role must be org, pref, ministry or admin\n");
        return 2;
    }
    if (strcmp(sub, "add") == 0) {
        enum role role = role_parse(cli_get(&a, "role"));
        bool needs_org = role == ROLE_ORG || role == ROLE_PREF;
        if (needs_org != (cli_get(&a, "org") != NULL)) {
            fprintf(stderr, needs_org ? "shokai: org and pref accounts need --org CODE\n"
                                      : "shokai: ministry and admin accounts take no --org\n");
            return 2;
        }
    }
    struct db *db;
    int rc = cli_open_db(cli_get(&a, "db"), false, &db);
    if (rc)
        return rc == ERR_INPUT ? 2 : 1;
    rc = migrate_check(db);
    char msg[256] = "";
    if (rc) {
        fprintf(stderr, "shokai: run `shokai migrate --db %s` first\n", cli_get(&a, "db"));
        goto out;
    }
    if (strcmp(sub, "add") == 0) {
        int64_t id;
        rc = user_add(db, &audit_cli, login, role_parse(cli_get(&a, "role")), cli_get(&a, "org"),
                      cli_get(&a, "email"), pw, &id, msg, sizeof(msg));
        if (rc == 0 && cli_flag(&a, "approver"))
            rc = user_set_approver(db, &audit_cli, login, true);
        if (rc == 0)
            printf("added %s%s\n", login, cli_flag(&a, "approver") ? " (approver)" : "");
    } else if (strcmp(sub, "passwd") == 0) {
        rc = user_set_password(db, &audit_cli, login, pw, msg, sizeof(msg));
        if (rc == 0)
            printf("password changed for %s; their sessions were ended\n", login);
    } else if (strcmp(sub, "disable") == 0) {
        rc = user_disable(db, &audit_cli, login);
        if (rc == 0)
            printf("disabled %s\n", login);
    } else if (strcmp(sub, "second-factor") == 0) {
        rc = second_factor_command(db, login, cli_flag(&a, "remove"));
        if (rc == ERR_INPUT)
            snprintf(msg, sizeof(msg), "%s is not a ministry or admin account", login);
    } else if (strcmp(sub, "import") == 0) {
        rc = import_command(db, &a);
        if (rc == ERR_INPUT)
            snprintf(msg, sizeof(msg), "nothing was imported");
    } else {
        rc = user_each(db, print_user, NULL);
    }
    if (rc == ERR_NOTFOUND)
        snprintf(msg, sizeof(msg), "no account %s", login);
    if (rc)
        fprintf(stderr, "shokai: %s\n", msg[0] ? msg : "failed");
out:
    sodium_memzero(pw, sizeof(pw));
    db_close(db);
    return rc == ERR_INPUT ? 2 : rc ? 1 : 0;
}
