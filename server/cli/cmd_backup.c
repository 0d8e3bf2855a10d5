/*
 * cmd_backup.c: `shokai backup` and `shokai restore`, while the server runs.
 *
 * SQLite's VACUUM INTO reads one snapshot (writers carry on under WAL) and
 * writes a compact copy. It goes to a temporary file beside the target, is
 * checked with PRAGMA quick_check, flushed to disk, and only then renamed
 * over the target, so an interrupted backup never leaves a partial file
 * where the last good one was.
 *
 * Restore copies a backup into the live database with SQLite's online backup
 * API (db_copy_from): one transaction, so the running server sees the old
 * content or the restored one, then migrates it if it came from an older
 * release and records the restore in the audit log. Nothing is copied unless
 * the backup's schema is exactly what the migrations create for its version
 * (schema_check): a planted trigger or view, or an unrelated database with a
 * plausible user_version, is refused.
 */
#include "cli.h"
#include "db.h"
#include "audit.h"
#include "err.h"
#include "migrate.h"
#include "schema.h"
#include "xmalloc.h"

#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
fsync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Opens the copy on its own and asks SQLite whether it is sound. */
static bool
copy_is_sound(const char *path)
{
    struct db *copy;
    if (db_open(path, false, &copy))
        return false;
    sqlite3_stmt *st;
    bool sound = false;
    if (db_prepare(copy, &st, "PRAGMA quick_check") == 0) {
        sound = db_step(st) == 1 && strcmp(db_column_text(st, 0), "ok") == 0;
        db_done(st);
    }
    db_close(copy);
    return sound;
}

/* What backup and restore share: --db PATH and one --<file_option> FILE,
 * --help printing usage. Returns -1 with *db open and *file set to go on,
 * else the exit status (0 after --help, 2 for bad arguments, 1 when the
 * database cannot be opened). */
static int
open_db_and_file(int argc, char **argv, const char *file_option, const char *usage, struct db **db,
                 const char **file)
{
    const char *const valued[] = {"db", file_option, NULL};
    static const char *const flags[] = {"help", NULL};
    struct cli_args a;
    if (!cli_parse(argc, argv, valued, flags, &a))
        return 2;
    if (cli_flag(&a, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    *file = cli_get(&a, file_option);
    if (!*file || !**file) {
        fprintf(stderr, "shokai: --%s FILE is required\n", file_option);
        return 2;
    }
    int rc = cli_open_db(cli_get(&a, "db"), false, db);
    if (rc)
        return rc == ERR_INPUT ? 2 : 1;
    return -1;
}

int
cmd_backup(int argc, char **argv)
{
    struct db *db;
    const char *to;
    int status =
        open_db_and_file(argc, argv, "to",
                         "usage: shokai backup --db PATH --to FILE\n"
                         "Writes a consistent copy of the database to FILE (replaced only once\n"
                         "the copy is complete and checked) while the server keeps running.\n",
                         &db, &to);
    if (status >= 0)
        return status;

    size_t n = strlen(to) + sizeof(".partial");
    char *partial = xmalloc(n);
    snprintf(partial, n, "%s.partial", to);
    unlink(partial); /* left by an interrupted run */
    char *dir_copy = xstrdup(to);
    const char *dir = dirname(dir_copy);

    const char *failed = NULL;
    if (db_run(db, "VACUUM INTO ?1", db_text(partial)))
        failed = "could not write the copy (is the target directory writable, with room?)";
    else if (!copy_is_sound(partial))
        failed = "the copy did not pass PRAGMA quick_check";
    else if (fsync_path(partial, O_RDONLY) || rename(partial, to) ||
             fsync_path(dir, O_RDONLY | O_DIRECTORY))
        failed = "could not put the copy in place";
    db_close(db);
    if (failed) {
        unlink(partial);
        fprintf(stderr, "shokai: backup failed: %s; %s is unchanged\n", failed, to);
    } else {
        printf("backup written to %s\n", to);
    }
    free(partial);
    free(dir_copy);
    return failed ? 1 : 0;
}

int
cmd_restore(int argc, char **argv)
{
    struct db *db;
    const char *from;
    int status = open_db_and_file(
        argc, argv, "from",
        "usage: shokai restore --db PATH --from FILE\n"
        "Replaces the content of the database with the backup FILE, in one transaction,\n"
        "while the server may keep running; then migrates it. Everything written\n"
        "since the backup is lost: take a backup of the current state first.\n",
        &db, &from);
    if (status >= 0)
        return status;
    int rc;
    char why[512] = "";
    int applied = 0;
    rc = db_copy_from(db, from, schema_check, why, sizeof(why));
    if (rc) {
        fprintf(stderr, "shokai: restore failed: %s; the database is unchanged\n", why);
    } else if ((rc = migrate_run(db, &applied))) {
        fprintf(stderr, "shokai: restored, but migrating it failed; run `shokai migrate`\n");
    } else if ((rc = audit_record(db, &audit_cli, "db.restore", from, NULL, NULL))) {
        fprintf(stderr, "shokai: restored, but the audit row could not be written\n");
    } else {
        printf("restored from %s (%d migration(s) applied)\n", from, applied);
    }
    db_close(db);
    return rc ? 1 : 0;
}
