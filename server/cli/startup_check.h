/*
 * startup_check.h: what `shokai serve` verifies of its database before it
 * accepts a request (RELIABILITY.md D3, D4).
 */
#ifndef SHOKAI_STARTUP_CHECK_H
#define SHOKAI_STARTUP_CHECK_H

#include <stddef.h>

struct db;

/* Refuses (ERR_*, with why set) a database that fails PRAGMA quick_check,
   whose journal mode or synchronous setting did not take (WAL, FULL), or
   that lives on a network file system (NFS, SMB/CIFS), where SQLite's
   locks do not hold, whose schema is not current (shokai migrate), or whose
   schema is not exactly what the migrations create (schema_check: a
   planted trigger, table or view). Never touches the -wal and -shm files. */
int startup_check(struct db *db, const char *path, char *why, size_t why_len);

#endif
