/*
 * published_summary.h: the 分類 summary a survey's results were published
 * with (the definition's "published_summary"), set beside the one counted
 * from the list. The Ministry's published table and its own list do not
 * always agree (令和3年: the table says 意見 158, その他 11; the list has 159
 * and 12 rows); both are shown, with a note naming each difference.
 */
#ifndef SHOKAI_PUBLISHED_SUMMARY_H
#define SHOKAI_PUBLISHED_SUMMARY_H

#include "entries.h"
#include "survey.h"

struct arena;

/* The note naming every count where sum differs from the published table,
   in arena a; NULL when s has no published table or they agree. */
const char *published_summary_note(const struct survey *s, const struct entries_summary *sum,
                                   struct arena *a);

struct table;
/* entries_summary_table with the note, when there is one. */
int published_summary_table(const struct survey *s, const struct entries_summary *sum,
                            struct arena *a, struct table *t);
/* entries_summary_json with "published" (the published table, or null) and
   "published_note" (the note, or null). A new reference. */
json_t *published_summary_json(const struct survey *s, const struct entries_summary *sum,
                               struct arena *a);

#endif
