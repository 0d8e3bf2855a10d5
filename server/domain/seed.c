/*
 * seed.c: loading the embedded seeds (see seed.h).
 */
#include "seed.h"
#include "assets.h"
#include "audit.h"
#include "err.h"
#include "org.h"
#include "survey_store.h"

#include <stdio.h>

struct survey_seed {
    struct db *db;
    int added, unchanged, replaced;
    char *msg;
    size_t msglen;
};

static int
seed_survey(const struct asset *a, void *arg)
{
    struct survey_seed *ss = arg;
    enum survey_store_result res;
    int rc = survey_store(ss->db, &audit_cli, (const char *)a->data, a->size, a->name, &res,
                          ss->msg, ss->msglen);
    if (rc)
        return rc;
    ss->added += res == SURVEY_ADDED;
    ss->unchanged += res == SURVEY_UNCHANGED;
    ss->replaced += res == SURVEY_REPLACED;
    return 0;
}

int
seed_all(struct db *db, char *msg, size_t msglen)
{
    const struct asset *orgs = assets_find("seeds/municipalities.csv");
    const struct asset *groupings = assets_find("seeds/groupings.json");
    if (!orgs || !groupings) {
        snprintf(msg, msglen, "seeds/ が埋め込まれていません");
        return ERR_NOTFOUND;
    }
    struct org_import_result res;
    int rc =
        org_import_csv(db, &audit_cli, (const char *)orgs->data, orgs->size, &res, msg, msglen);
    if (rc)
        return rc;
    rc = org_load_groupings(db, (const char *)groupings->data, groupings->size, msg, msglen);
    if (rc)
        return rc;
    struct survey_seed ss = {db, 0, 0, 0, msg, msglen};
    rc = assets_each("seeds/surveys/", seed_survey, &ss);
    if (rc)
        return rc;
    snprintf(msg, msglen,
             "団体: 追加 %d, 変更 %d, 変更なし %d / 照会: 追加 %d, 更新 %d, 変更なし %d", res.added,
             res.changed, res.unchanged, ss.added, ss.replaced, ss.unchanged);
    return 0;
}
