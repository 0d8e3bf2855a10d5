/*
 * group_commit.h: several requests' writes made durable by one fsync.
 *
 * Under synchronous=FULL every COMMIT waits for an fsync, so one transaction
 * per request caps saves at the disk's flush rate. While the server runs, one
 * writer thread owns a connection and takes every queued write unit at once:
 * BEGIN IMMEDIATE, each unit inside its own SAVEPOINT (a unit that fails is
 * rolled back alone), one COMMIT, then every waiting request is answered. A
 * request is acknowledged only after the COMMIT holding its write returned,
 * so the guarantee is FULL's; only the fsync is shared. Under no load a
 * batch is one unit, so nothing waits for company.
 */
#ifndef SHOKAI_GROUP_COMMIT_H
#define SHOKAI_GROUP_COMMIT_H

struct db;

/* A write unit: runs inside a transaction it must not begin or end itself.
   Returns 0 or an err; on an err its writes are rolled back. */
typedef int (*group_unit_fn)(struct db *db, void *ctx);

/* Starts the writer thread on its own connection to db_path. */
int group_commit_start(const char *db_path);
/* Finishes the queued units, then stops the writer. */
void group_commit_stop(void);

/* Runs unit(ctx) and returns its result once its transaction is durable, or
   the error that prevented the commit. With the writer running the unit
   joins the next group on the writer's connection (db is not used);
   otherwise (the CLI, or `serve --group-commit off`) it runs in a
   transaction of its own on db. */
int group_commit_run(struct db *db, group_unit_fn unit, void *ctx);

struct group_commit_stats {
    long commits; /* group transactions committed or failed */
    long units;   /* units run */
    long queued;  /* units waiting for the writer now */
};
void group_commit_stats(struct group_commit_stats *out);

#endif
