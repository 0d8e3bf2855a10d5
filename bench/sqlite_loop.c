/*
 * sqlite_loop.c: the bare SQLite baseline of the save benchmark.
 *
 *   bench_sqlite_loop PATH SECONDS full|normal
 *
 * One thread inserting one 1 KB row per transaction into a WAL database with
 * the given synchronous setting, as fast as it can for SECONDS; prints
 * "inserts_per_second N". This is the most one-fsync-per-commit can give on
 * this disk, with no HTTP, parsing or JSON in the way.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[3], "full") != 0 && strcmp(argv[3], "normal") != 0)) {
        fprintf(stderr, "usage: bench_sqlite_loop PATH SECONDS full|normal\n");
        return 2;
    }
    remove(argv[1]);
    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK)
        return 1;
    char pragmas[128];
    snprintf(pragmas, sizeof(pragmas), "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s;",
             strcmp(argv[3], "full") == 0 ? "FULL" : "NORMAL");
    if (sqlite3_exec(db, pragmas, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)", NULL, NULL, NULL) !=
            SQLITE_OK)
        return 1;
    sqlite3_stmt *ins;
    sqlite3_prepare_v2(db, "INSERT INTO t(body) VALUES (?1)", -1, &ins, NULL);
    static char body[1024];
    memset(body, 'x', sizeof(body));
    double duration = atof(argv[2]), start = seconds_now(), elapsed = 0;
    long n = 0;
    while ((elapsed = seconds_now() - start) < duration) {
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        sqlite3_bind_blob(ins, 1, body, sizeof(body), SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            return 1;
        sqlite3_reset(ins);
        if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
            return 1;
        n++;
    }
    printf("inserts_per_second %.0f\n", (double)n / elapsed);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    remove(argv[1]);
    return 0;
}
