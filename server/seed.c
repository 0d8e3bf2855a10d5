/*
 * seed.c: loading the embedded seeds (see seed.h).
 */
#include "seed.h"
#include "assets.h"
#include "audit.h"
#include "err.h"
#include "org.h"

#include <stdio.h>

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
    snprintf(msg, msglen, "団体: 追加 %d, 変更 %d, 変更なし %d", res.added, res.changed,
             res.unchanged);
    return 0;
}
