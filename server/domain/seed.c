/*
 * seed.c: loading the embedded seeds (see seed.h).
 */
#include "seed.h"
#include "assets.h"
#include "audit.h"
#include "err.h"
#include "arena.h"
#include "jsonin.h"
#include "org.h"
#include "past_round.h"
#include "survey_store.h"

#include <stdio.h>
#include <string.h>

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

/* The published 過年度実績 (seeds/past_rounds.json), for each survey that
   exists and has no past round yet. */
static int
seed_past_rounds(struct db *db, char *msg, size_t msglen)
{
    const struct asset *file = assets_find("seeds/past_rounds.json");
    json_t *root = file ? jsonin_parse((const char *)file->data, file->size, msg, msglen) : NULL;
    if (!root)
        return file ? ERR_INPUT : 0;
    struct arena a;
    arena_init(&a, 1 << 20);
    json_t *decided = json_object();
    size_t i;
    json_t *x;
    int rc = 0;
    json_array_foreach(json_object_get(root, "rounds"), i, x)
    {
        struct past_round_input in = {NULL, NULL, NULL, NULL, -1, -1};
        const char *survey = NULL, *field = NULL;
        json_int_t pref = -1, muni = -1;
        if (json_unpack(x, "{s:s, s:s, s:s, s?:I, s?:I, s?:s, s:s}", "survey", &survey, "label",
                        &in.label, "held", &in.held, "senders_pref", &pref, "senders_muni", &muni,
                        "linked_survey", &in.linked_survey, "source", &in.source) != 0) {
            snprintf(msg, msglen, "past_rounds.json: /rounds/%zu が正しくありません", i);
            rc = ERR_INPUT;
            break;
        }
        in.senders_pref = pref;
        in.senders_muni = muni;
        /* Decided once per survey, before its first round is added. */
        json_t *load = json_object_get(decided, survey);
        if (!load) {
            struct survey *s;
            struct past_round *rounds;
            size_t n = 1;
            if (survey_load(db, survey, &s) == 0) {
                survey_release(s);
                if ((rc = past_rounds_list(db, survey, &a, &rounds, &n)))
                    break;
            }
            load = json_boolean(n == 0); /* absent, or the Ministry's rounds: kept */
            json_object_set_new(decided, survey, load);
        }
        if (!json_is_true(load))
            continue;
        int64_t id = 0;
        if ((rc = past_round_save(db, &audit_cli, survey, &in, &id, &field))) {
            snprintf(msg, msglen, "past_rounds.json: /rounds/%zu の %s が正しくありません", i,
                     field ? field : "内容");
            break;
        }
    }
    arena_reset(&a);
    json_decref(decided);
    json_decref(root);
    return rc;
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
    if (rc == 0)
        rc = seed_past_rounds(db, msg, msglen);
    if (rc)
        return rc;
    snprintf(msg, msglen,
             "団体: 追加 %d, 変更 %d, 変更なし %d / 照会: 追加 %d, 更新 %d, 変更なし %d", res.added,
             res.changed, res.unchanged, ss.added, ss.replaced, ss.unchanged);
    return 0;
}
