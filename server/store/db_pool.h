/*
 * db_pool.h: the server's SQLite connections, shared by its worker threads.
 *
 * CivetWeb serves each connection on its own thread, so 512 clients need
 * 512 threads; a SQLite connection (page cache, schema, prepared statements)
 * per thread would cost megabytes each. Workers instead borrow one of a few
 * connections for as long as a request uses the database (not while its
 * body arrives, see route.c) and give it back clean.
 */
#ifndef SHOKAI_DB_POOL_H
#define SHOKAI_DB_POOL_H

struct db;

#define DB_POOL_SIZE 16
#define DB_POOL_WAIT_MS 10000

/* Lets up to size connections to path be opened (on first need). */
void db_pool_open(const char *path, int size);
/* Closes every connection; none may be borrowed. */
void db_pool_close(void);
/* A connection, waiting up to DB_POOL_WAIT_MS for one to be free; NULL when
   none came free or none could be opened. */
struct db *db_pool_acquire(void);
/* Gives db back (NULL is ignored). Anything it left open is reset first. */
void db_pool_release(struct db *db);

#endif
