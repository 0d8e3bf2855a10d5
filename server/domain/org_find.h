/*
 * org_find.h: the 団体 a person names. Wherever a form asks for a 団体, staff
 * may type its code, its name (函館市), prefecture and name (北海道函館市), its
 * reading (はこだてし) or pick 「函館市（012025）」 from the suggestions.
 */
#ifndef SHOKAI_ORG_FIND_H
#define SHOKAI_ORG_FIND_H

struct arena;
struct db;

/* Resolves text to one 団体's code (*code, in a). ERR_NOTFOUND or ERR_CONFLICT
   (several 団体 share the name) with *message in Japanese — naming the
   candidates, so the person can pick — and ERR_NOMEM. */
int org_find(struct db *db, struct arena *a, const char *text, const char **code,
             const char **message);

#endif
