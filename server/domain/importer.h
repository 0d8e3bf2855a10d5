/*
 * importer.h: files gathered outside shokai, taken in whole or not at all.
 *
 * - entries: a published-style 意見・質問 list, header
 *   種別,項番,対象資料,対象ページ,分類,本文[,団体コード]. An empty cell or a dash
 *   (ー - － ― ‐) means "not given".
 * - responses: answers gathered by Excel, one row per 団体: 団体コード, then one
 *   column per question id (a check item's status under its id and its note
 *   under "<id>.note"; the options of a multi answer separated by "|"). Each
 *   row is checked as a submission and stored as a submitted version entered
 *   by proxy (代理入力). Table questions cannot be imported this way.
 * Any bad row rejects the whole file with its row and column named.
 */
#ifndef SHOKAI_IMPORTER_H
#define SHOKAI_IMPORTER_H

#include "survey.h"

#include <stdbool.h>
#include <stdio.h>

struct db;
struct audit_actor;

#define IMPORT_MAX_ROWS 10000
#define IMPORT_MAX_COLUMNS 200

/* data is UTF-8 (a BOM is allowed). progress, if not NULL, gets a line every
   1,000 rows. *rows is the number of rows taken. */
int import_entries(struct db *db, const struct audit_actor *who, const struct survey *s,
                   const char *qid, const char *source, const char *data, size_t len, bool replace,
                   FILE *progress, int *rows, char *msg, size_t msglen);
int import_responses(struct db *db, const struct audit_actor *who, const struct survey *s,
                     const char *source, const char *data, size_t len, FILE *progress, int *rows,
                     char *msg, size_t msglen);

#endif
