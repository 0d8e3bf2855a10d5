/*
 * tempdb.h: a migrated and seeded database in a directory of its own under
 * /tmp, for unit tests of the domain rules; removed with everything SQLite
 * put beside it.
 */
#ifndef SHOKAI_TEMPDB_H
#define SHOKAI_TEMPDB_H

#include "db.h"
#include "migrate.h"
#include "seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct tempdb {
    char dir[64];
    char path[96];
    struct db *db;
};

/* Creates the database (every migration, the 団体 master and the surveys);
   false, after printing a failed TAP line, when it cannot. */
static inline bool
tempdb_open(struct tempdb *t, const char *name)
{
    snprintf(t->dir, sizeof(t->dir), "/tmp/shokai-%s-XXXXXX", name);
    char msg[256];
    int applied;
    if (!mkdtemp(t->dir)) {
        printf("not ok 1 - a temporary directory\n1..1\n");
        return false;
    }
    snprintf(t->path, sizeof(t->path), "%s/t.db", t->dir);
    if (db_open(t->path, true, &t->db) || migrate_run(t->db, &applied) ||
        seed_all(t->db, msg, sizeof(msg))) {
        printf("not ok 1 - a temporary database\n1..1\n");
        return false;
    }
    return true;
}

static inline void
tempdb_remove(struct tempdb *t)
{
    db_close(t->db);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        char file[128];
        snprintf(file, sizeof(file), "%s%s", t->path, suffixes[i]);
        unlink(file);
    }
    rmdir(t->dir);
}

#endif
