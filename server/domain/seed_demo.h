/*
 * seed_demo.h: the submitted answers of the demo (seeds/demo/answers.json),
 * which carry the Ministry's published counts (R7 意見照会, the self-check),
 * and the published R3 list itself (seeds/demo/r3-entries.csv): `serve
 * --demo` loads them, and the unit tests count them against the published
 * tables.
 */
#ifndef SHOKAI_SEED_DEMO_H
#define SHOKAI_SEED_DEMO_H

struct db;

#define DEMO_R3_SURVEY "r3-ikenshokai"
#define DEMO_R3_ENTRIES "seeds/demo/r3-entries.csv"
#define DEMO_R7_CURATION "seeds/demo/r7-curation.json"

/* Stores every answer of seeds/demo/answers.json as a submitted response
   (entered from the command line), skipping a 団体 that already responded;
   then imports the published R3 list (DEMO_R3_ENTRIES) into the R3 survey
   when it has no entries yet, and curates R7's 具体的な内容 as the published
   document does (DEMO_R7_CURATION) when it has no curation yet. */
int seed_demo_answers(struct db *db);

#endif
