/*
 * seed_demo.h: the submitted answers of the demo (seeds/demo/answers.json),
 * which carry the Ministry's published counts (R7 and R3 意見照会, 三層の対策,
 * the self-check): `serve --demo` loads them, and the unit tests count them
 * against the published tables.
 */
#ifndef SHOKAI_SEED_DEMO_H
#define SHOKAI_SEED_DEMO_H

struct db;

/* Stores every answer of seeds/demo/answers.json as a submitted response
   (entered from the command line), skipping a 団体 that already responded. */
int seed_demo_answers(struct db *db);

#endif
