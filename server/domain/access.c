/*
 * access.c: the response access rules (see access.h).
 */
#include "access.h"
#include "err.h"
#include "publication.h"
#include "survey.h"
#include "survey_store.h"

#include <string.h>

int
access_response(struct db *db, const struct user *u, const struct survey *s, const char *org_code,
                bool write, struct org *org, bool *proxy)
{
    *proxy = false;
    if (u->role == ROLE_ADMIN)
        return ERR_FORBIDDEN;
    /* Decide from the caller's own 団体 before looking anything up, so a
       refused caller learns nothing about other codes. */
    bool own = u->org_code[0] && strcmp(u->org_code, org_code) == 0;
    if (u->role == ROLE_ORG && !own)
        return ERR_FORBIDDEN;
    if (u->role == ROLE_PREF && write && !own)
        return ERR_FORBIDDEN;
    int rc = org_get(db, org_code, org);
    if (rc)
        return rc == ERR_NOTFOUND && u->role != ROLE_MINISTRY ? ERR_FORBIDDEN : rc;
    if (u->role == ROLE_PREF && strcmp(org->prefecture, u->prefecture) != 0)
        return ERR_FORBIDDEN;
    if (s && !survey_for_kind(s, org->kind))
        return ERR_NOTFOUND;
    *proxy = write && u->role == ROLE_MINISTRY;
    return 0;
}

int
access_return_now(struct db *db, const struct user *u, const struct survey *s, int64_t now,
                  const char **why)
{
    *why = NULL;
    if (u->role != ROLE_PREF)
        return 0;
    if (now < s->opens_at || now >= s->closes_at) {
        *why = "照会期間外のため、都道府県からは差し戻せません。"
               "期間後の回答の再開は総務省が行います。";
        return ERR_CONFLICT;
    }
    struct publication pub;
    int rc = publication_get(db, s->id, &pub);
    if (rc == 0 && pub.published) {
        *why = "結果が公表された照会のため、都道府県からは差し戻せません。"
               "総務省に連絡してください。";
        return ERR_CONFLICT;
    }
    return rc;
}

int
access_write_now(struct db *db, const struct user *u, const struct survey *s, const char *org_code,
                 int64_t now, const char **why)
{
    *why = NULL;
    if (u->role == ROLE_MINISTRY)
        return 0;
    return survey_accepting(db, s, org_code, now, why);
}

bool
access_return(const struct user *u, const char *org_code)
{
    return u->role == ROLE_MINISTRY || (u->role == ROLE_PREF && strcmp(u->org_code, org_code) != 0);
}

bool
access_approve(const struct user *u, const char *org_code)
{
    return u->approver && strcmp(u->org_code, org_code) == 0;
}

bool
access_submit_directly(const struct user *u, const struct survey *s)
{
    return !s->approval || u->role == ROLE_MINISTRY || u->approver;
}
