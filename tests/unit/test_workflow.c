/*
 * test_workflow.c: who may read, write and send back which 団体's response
 * (access), and the states a response goes through (workflow): 差戻し and
 * submitting again, on a temporary database with the demo's answers. The
 * same rules are driven through the server by tests/http/test_workflow.py
 * and test_access_matrix.py; here a broken rule fails in seconds.
 */
#include "../tap.h"
#include "tempdb.h"
#include "access.h"
#include "arena.h"
#include "audit.h"
#include "db.h"
#include "err.h"
#include "migrate.h"
#include "publication.h"
#include "response.h"
#include "seed.h"
#include "seed_demo.h"
#include "survey_store.h"
#include "workflow.h"

#include <stdlib.h>
#include <unistd.h>

#define SAPPORO "011002"   /* 札幌市, 北海道; responded to R7 in the demo */
#define HAKODATE "012025"  /* 函館市, 北海道 */
#define ASAHIKAWA "012041" /* 旭川市, 北海道; no R7 response in the demo */
#define AOMORI "022012"    /* 青森市, 青森県 */
#define HOKKAIDO "010006"

static struct user
user_of(enum role role, const char *org, const char *prefecture)
{
    struct user u = {.id = 1, .role = role};
    snprintf(u.org_code, sizeof(u.org_code), "%s", org ? org : "");
    snprintf(u.prefecture, sizeof(u.prefecture), "%s", prefecture ? prefecture : "");
    return u;
}

static int
access_of(struct db *db, const struct user *u, const struct survey *s, const char *code, bool write)
{
    struct org org;
    bool proxy = false;
    return access_response(db, u, s, code, write, &org, &proxy);
}

static void
test_access(struct db *db, const struct survey *s)
{
    struct user org = user_of(ROLE_ORG, SAPPORO, "北海道");
    struct user pref = user_of(ROLE_PREF, HOKKAIDO, "北海道");
    struct user ministry = user_of(ROLE_MINISTRY, NULL, NULL);
    struct user admin = user_of(ROLE_ADMIN, NULL, NULL);
    is_int(access_of(db, &org, s, SAPPORO, true), 0, "a 団体 writes its own response");
    is_int(access_of(db, &org, s, HAKODATE, false), ERR_FORBIDDEN, "and cannot read another's");
    is_int(access_of(db, &pref, s, HAKODATE, false), 0,
           "a prefecture reads a municipality of its own");
    is_int(access_of(db, &pref, s, HAKODATE, true), ERR_FORBIDDEN, "but never writes it");
    is_int(access_of(db, &pref, s, AOMORI, false), ERR_FORBIDDEN,
           "nor reads one of another prefecture");
    struct org o;
    bool proxy = false;
    is_int(access_response(db, &ministry, s, AOMORI, true, &o, &proxy), 0,
           "the Ministry writes any response");
    ok(proxy, "as 代理入力");
    is_int(access_of(db, &admin, s, SAPPORO, false), ERR_FORBIDDEN, "the administrator reads none");
    is_int(access_of(db, &ministry, s, "999999", false), ERR_NOTFOUND, "an unknown code is 404");
}

static void
test_return_window(struct db *db, const struct survey *s)
{
    struct user pref = user_of(ROLE_PREF, HOKKAIDO, "北海道");
    struct user ministry = user_of(ROLE_MINISTRY, NULL, NULL);
    const char *why = NULL;
    int64_t during = s->opens_at + 60, after = s->closes_at + 60;
    is_int(access_return_now(db, &pref, s, during, &why), 0,
           "a prefecture returns while the period is open");
    is_int(access_return_now(db, &pref, s, after, &why), ERR_CONFLICT,
           "not after the deadline (that re-opens: the Ministry's decision)");
    ok(why && *why, "and says why (%s)", why ? why : "");
    is_int(access_return_now(db, &ministry, s, after, &why), 0, "the Ministry returns at any time");
    is_int(publication_publish(db, &audit_cli, s, 3), 0, "R7 published");
    why = NULL;
    is_int(access_return_now(db, &pref, s, during, &why), ERR_CONFLICT,
           "a prefecture cannot return a published survey's response");
    is_int(publication_withdraw(db, &audit_cli, s->id), 0, "publication withdrawn");
}

static void
test_return_and_submit_again(struct db *db, const struct survey *s)
{
    struct arena a;
    arena_init(&a, 0);
    struct workflow_status ws;
    is_int(workflow_return(db, &audit_cli, s, ASAHIKAWA, "理由", false), ERR_CONFLICT,
           "a response never submitted cannot be returned");
    is_int(workflow_return(db, &audit_cli, s, SAPPORO, "具体的な内容を記入してください", false), 0,
           "札幌市's submitted response is returned");
    is_int(workflow_status(db, s->id, SAPPORO, &a, &ws), 0, "its workflow state");
    ok(ws.returned && strcmp(ws.comment, "具体的な内容を記入してください") == 0,
       "is returned, with the comment");
    struct response cur;
    response_get(db, s->id, SAPPORO, &cur);
    long version = cur.version;
    ok(strcmp(cur.state, "submitted") == 0,
       "the submitted version stays counted until resubmitted");
    response_cleanup(&cur);
    struct answer_issues is;
    answer_issues_init(&is, &a);
    long submitted;
    is_int(response_submit(db, &audit_cli, s, SAPPORO, version, false, &is, &submitted),
           ERR_CONFLICT, "nothing new to submit before a save");
    json_t *answers = json_pack("{s:[s]}", "challenges", "課題なし");
    long saved;
    is_int(
        response_save(db, &audit_cli, s->id, SAPPORO, answers, RESPONSE_ANY_VERSION, false, &saved),
        0, "the 団体 saves again");
    json_decref(answers);
    answer_issues_init(&is, &a);
    is_int(response_submit(db, &audit_cli, s, SAPPORO, saved, false, &is, &submitted), 0,
           "and submits again");
    is_int(workflow_status(db, s->id, SAPPORO, &a, &ws), 0, "its workflow state again");
    ok(!ws.returned, "submitting again ends the return");
    arena_reset(&a);
}

int
main(void)
{
    struct tempdb t;
    if (!tempdb_open(&t, "workflow"))
        return 1;
    struct db *db = t.db;
    is_int(seed_demo_answers(db), 0, "the demo's submitted answers load");
    struct survey *s = NULL;
    is_int(survey_load(db, "r7-ikenshokai", &s), 0, "R7 loads");
    if (s) {
        test_access(db, s);
        test_return_window(db, s);
        test_return_and_submit_again(db, s);
        survey_release(s);
    }
    tempdb_remove(&t);
    return done_testing();
}
