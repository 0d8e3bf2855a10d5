/*
 * migrate.h: applies the embedded migrations/NNNN_name.sql in order.
 */
#ifndef SHOKAI_MIGRATE_H
#define SHOKAI_MIGRATE_H

struct db;

/* Applies every migration newer than the database, each in one transaction,
   recording it in schema_migrations and PRAGMA user_version. Numbers may be
   missing (reserved by work not merged yet); a migration numbered below the
   database's version that was never applied is refused (ERR_DB). *applied gets the
   number applied (0 when up to date). ERR_CONFLICT: the database is newer than
   this binary. */
int migrate_run(struct db *db, int *applied);
/* Likewise, but stops after migration number target (schema.c builds the
   schema of an older version this way). ERR_CONFLICT also for a target newer
   than this binary. */
int migrate_to(struct db *db, int target, int *applied);
/* The highest migration number this binary carries. */
int migrate_latest(void);
/* 0 if the database is exactly at migrate_latest(), ERR_CONFLICT otherwise. */
int migrate_check(struct db *db);

#endif
