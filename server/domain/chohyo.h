/*
 * chohyo.h: a 団体's 調査票 as an Excel workbook, out and back in.
 *
 * chohyo_write makes the workbook a 団体 fills offline: one sheet per
 * section, the questions in order with the current answers, drop-down lists
 * for options, table questions as rows (with room for more), the 団体 on top,
 * the structure locked and only the answer cells open. A hidden sheet
 * (CHOHYO_MAP_SHEET) says which cell holds which answer, with the survey and
 * the 団体 it was made for. chohyo_read maps a filled workbook back to
 * answers, refusing it whole when any cell is wrong, each problem named by
 * its cell (「意見・質問!C12: …」).
 */
#ifndef SHOKAI_CHOHYO_H
#define SHOKAI_CHOHYO_H

#include "answer.h"
#include "survey.h"

#include <jansson.h>
#include <stddef.h>

struct audit_actor;
struct buf;
struct db;
struct org;

#define CHOHYO_MAP_SHEET "_shokai"
#define CHOHYO_FORMAT "shokai-chohyo-1"
#define CHOHYO_SPARE_ROWS 10 /* empty table rows added for more answers */
#define CHOHYO_MARK "○"      /* a chosen option of a multiple choice */

/* Appends the workbook of org's answers (an object, may be empty) to s to out.
   ERR_IO when the workbook cannot be written. */
int chohyo_write(const struct survey *s, const struct org *org, json_t *answers, struct buf *out);

/* Reads a filled workbook made by chohyo_write for s. On success returns 0,
   *answers a new object the caller owns (json_decref) that answer_check
   accepts for a draft, and org_code (7 bytes) the 団体 written in the file.
   ERR_INPUT when it is not such a workbook or any cell is wrong: every
   problem is added to is, its message starting with the cell
   ("意見・質問!C12: "), and *answers is NULL. ERR_TOOBIG: over the XLSX limits. */
int chohyo_read(const struct survey *s, const void *bytes, size_t len, char *org_code,
                json_t **answers, struct answer_issues *is);

/* Checks answers read from a 調査票 for org_code as a draft is checked
   (answer_check; findings added to is, ERR_INPUT) and stores them as a new
   draft version, audited (proxy: 代理入力). *saved: the new version. */
int chohyo_save(struct db *db, const struct audit_actor *who, const struct survey *s,
                const char *org_code, json_t *answers, bool proxy, struct answer_issues *is,
                long *saved);

#endif
