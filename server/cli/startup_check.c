/*
 * startup_check.c: the database checks before serving (see startup_check.h).
 */
#include "startup_check.h"
#include "db.h"
#include "err.h"
#include "migrate.h"
#include "schema.h"

#include <stdio.h>
#include <string.h>
#include <sys/vfs.h>

/* statfs f_type values of file systems whose locking SQLite cannot trust. */
static const struct {
    long type;
    const char *name;
} network_filesystems[] = {
    {0x6969, "NFS"},
    {0x517B, "SMB"},
    {(long)0xFF534D42, "CIFS"},
    {(long)0xFE534D42, "SMB2"},
};

int
startup_check(struct db *db, const char *path, char *why, size_t why_len)
{
    struct statfs fs;
    if (statfs(path, &fs) == 0)
        for (size_t i = 0; i < sizeof(network_filesystems) / sizeof(network_filesystems[0]); i++)
            if ((long)fs.f_type == network_filesystems[i].type) {
                snprintf(why, why_len,
                         "%s is on %s: SQLite's locks do not hold on a network file system; "
                         "keep the database on a local disk",
                         path, network_filesystems[i].name);
                return ERR_IO;
            }
    char value[256];
    if (db_query_text(db, "PRAGMA quick_check", value, sizeof(value)) || strcmp(value, "ok") != 0) {
        snprintf(why, why_len,
                 "%s fails PRAGMA quick_check (%s); restore the newest backup "
                 "(shokai restore, docs/operations.md)",
                 path, value);
        return ERR_DB;
    }
    if (db_query_text(db, "PRAGMA journal_mode", value, sizeof(value)) ||
        strcmp(value, "wal") != 0) {
        snprintf(why, why_len, "%s: journal_mode is %s, not wal", path, value);
        return ERR_DB;
    }
    if (db_query_text(db, "PRAGMA synchronous", value, sizeof(value)) || strcmp(value, "2") != 0) {
        snprintf(why, why_len, "%s: synchronous is %s, not 2 (FULL)", path, value);
        return ERR_DB;
    }
    if (migrate_check(db)) {
        snprintf(why, why_len, "the database schema is not current; run `shokai migrate --db %s`",
                 path);
        return ERR_CONFLICT;
    }
    char reason[384];
    if (schema_check_cached(db, reason, sizeof(reason))) {
        snprintf(why, why_len,
                 "%s is not the database shokai's migrations create: %s; restore the newest "
                 "backup (shokai restore, docs/operations.md)",
                 path, reason);
        return ERR_DB;
    }
    return 0;
}
