/*
 * seed.h: loads the embedded seeds/ (団体 master, grouping schemes) into a
 * database. Idempotent: running it again changes nothing that is unchanged.
 */
#ifndef SHOKAI_SEED_H
#define SHOKAI_SEED_H

#include <stddef.h>

struct db;

/* Loads every seed; on failure writes a message to msg and returns an err. */
int seed_all(struct db *db, char *msg, size_t msglen);

#endif
