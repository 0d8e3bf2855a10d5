/*
 * test_survey_edit.c: the survey editor's domain (issue #18): each edit
 * operation over a definition (survey_edit.c), each rule for changing a
 * survey with stored answers (survey_change.c), the upload door
 * (survey_upload.c), and a draft's life on a temporary database: a copy of
 * R7, edits, invisible until opened, opened once, audited
 * (survey_draft.c, survey_definition.c).
 */
#include "../tap.h"
#include "tempdb.h"
#include "audit.h"
#include "err.h"
#include "survey.h"
#include "survey_change.h"
#include "survey_definition.h"
#include "survey_draft.h"
#include "survey_edit.h"
#include "survey_store.h"
#include "survey_upload.h"

#include <string.h>

static char msg[512];

/* A small opened-style definition: a multi with an exclusive option, a
   single shown under a condition, a table with a choice column. */
static const char base_json[] =
    "{\"id\":\"t\",\"revision\":1,\"kind\":\"survey\",\"title\":\"T\","
    "\"period\":{\"opens\":\"2025-01-01T00:00:00+09:00\",\"closes\":\"2025-12-31T00:00:00+09:00\"},"
    "\"options\":{\"yn\":[\"はい\",\"いいえ\"]},"
    "\"sections\":[{\"id\":\"a\",\"title\":\"A\",\"questions\":["
    "{\"id\":\"m\",\"type\":\"multi\",\"label\":\"課題\",\"options\":[\"コスト\",\"人材\",\"なし\"]"
    ","
    "\"exclusive\":[\"なし\"]},"
    "{\"id\":\"s\",\"type\":\"single\",\"label\":\"続けるか\",\"options_ref\":\"yn\","
    "\"visible_if\":{\"question\":\"m\",\"equals\":\"コスト\"}},"
    "{\"id\":\"tb\",\"type\":\"table\",\"label\":\"表\",\"columns\":["
    "{\"id\":\"k\",\"type\":\"single\",\"label\":\"区分\",\"options\":[\"甲\",\"乙\"]},"
    "{\"id\":\"n\",\"type\":\"text\",\"label\":\"内容\"}]},"
    "{\"id\":\"x\",\"type\":\"text\",\"label\":\"自由記述\"}]}]}";

static json_t *
base(void)
{
    return json_loads(base_json, 0, NULL);
}

static struct survey *
parsed(json_t *def, bool draft)
{
    char *text = json_dumps(def, JSON_COMPACT);
    struct survey *s = NULL;
    int rc = draft ? survey_parse_draft(text, strlen(text), "t", &s, msg, sizeof(msg))
                   : survey_parse(text, strlen(text), "t", &s, msg, sizeof(msg));
    free(text);
    if (rc)
        printf("#   %s\n", msg);
    return s;
}

static json_t *
q_of(json_t *def, size_t sec, size_t i)
{
    return json_array_get(
        json_object_get(json_array_get(json_object_get(def, "sections"), sec), "questions"), i);
}

static void
test_edits(void)
{
    json_t *d = base();
    char id[16];
    struct survey *s;

    struct survey_settings st = {"新しい題名", "説明", "2026-04-01T00:00:00+09:00",
                                 "2026-04-30T23:59:59+09:00", json_pack("[s]", "町")};
    is_int(survey_edit_settings(d, &st, msg, sizeof(msg)), 0, "settings: title, period, audience");
    json_decref(st.audience);
    s = parsed(d, false);
    ok(s && strcmp(s->title, "新しい題名") == 0 && s->audience && survey_for_kind(s, "町") &&
           !survey_for_kind(s, "市"),
       "the settings are what the survey says");
    survey_release(s);
    struct survey_settings half = {"x", NULL, "2026-04-01T00:00:00+09:00", NULL, NULL};
    is_int(survey_edit_settings(d, &half, msg, sizeof(msg)), ERR_INPUT, "a period needs both ends");

    is_int(survey_edit_materials(d, "資料1\n\n  資料2  \r\n", msg, sizeof(msg)), 0, "materials");
    is_int(json_array_size(json_object_get(d, "materials")), 2, "one a line, blanks skipped");
    is_int(survey_edit_option_list(d, "lv", "高\n低", msg, sizeof(msg)), 0, "a shared list");
    is_int(json_array_size(json_object_get(json_object_get(d, "options"), "lv")), 2, "its options");

    is_int(survey_edit_section_add(d, "B", id, msg, sizeof(msg)), 0, "a section added");
    is_str(id, "s1", "its id is generated");
    s = parsed(d, true);
    ok(s != NULL, "an empty section is a valid draft");
    survey_release(s);
    s = parsed(d, false);
    ok(s == NULL, "but cannot be opened");
    is_int(survey_edit_section_update(d, "s1", "Bの題", "補足", msg, sizeof(msg)), 0, "renamed");
    is_int(survey_edit_section_move(d, "s1", -1, msg, sizeof(msg)), 0, "moved up");
    is_str(
        json_string_value(json_object_get(json_array_get(json_object_get(d, "sections"), 0), "id")),
        "s1", "now first");
    is_int(survey_edit_section_move(d, "s1", -1, msg, sizeof(msg)), ERR_INPUT,
           "the first cannot go up");

    is_int(survey_edit_question_add(d, "s1", "single", "新しい設問", id, msg, sizeof(msg)), 0,
           "a single-choice question added");
    is_str(id, "q1", "its id is generated");
    struct question_fields f = {
        .label = "新しい設問", .options = "はい\nいいえ", .visible_if = "", .required = true};
    is_int(survey_edit_question_update(d, "q1", NULL, &f, msg, sizeof(msg)), 0, "options set");
    s = parsed(d, true);
    ok(s != NULL, "valid");
    survey_release(s);
    /* a condition on a later question is refused by validation */
    f.visible_if = "m:コスト";
    is_int(survey_edit_question_update(d, "q1", NULL, &f, msg, sizeof(msg)), 0,
           "a condition on m (after q1) set");
    s = parsed(d, true);
    ok(s == NULL && strstr(msg, "前にある"), "validation refuses a condition on a later question");
    is_int(survey_edit_section_move(d, "s1", 1, msg, sizeof(msg)), 0, "so the section goes down");
    s = parsed(d, true);
    ok(s != NULL, "and the condition holds");
    const struct question *q1 = s ? survey_question(s, "q1") : NULL;
    ok(q1 && q1->visible_if && q1->required && json_array_size(q1->options) == 2,
       "q1: required, two options, a condition");
    survey_release(s);
    f.visible_if = "*";
    f.label = "言い換え";
    survey_edit_question_update(d, "q1", NULL, &f, msg, sizeof(msg));
    ok(json_object_get(q_of(d, 1, 0), "visible_if") != NULL, "\"*\" keeps the condition");

    /* every type */
    static const char *const types[] = {"multi", "text", "number", "date", "table", "check"};
    for (size_t i = 0; i < 6; i++) {
        ok(survey_edit_question_add(d, "s1", types[i], "設問", id, msg, sizeof(msg)) == 0,
           "a %s question added", types[i]);
    }
    s = parsed(d, true);
    ok(s && s->n_questions == 11, "every type makes a valid question");
    survey_release(s);
    struct question_fields num = {.label = "数", .integer = true, .min = "0", .max = "99.5"};
    is_int(survey_edit_question_update(d, "q4", NULL, &num, msg, sizeof(msg)), 0, "number bounds");
    struct question_fields badnum = {.label = "数", .min = "abc"};
    is_int(survey_edit_question_update(d, "q4", NULL, &badnum, msg, sizeof(msg)), ERR_INPUT,
           "a bound that is no number");
    struct question_fields txt = {.label = "文", .max_length = 40, .multiline = true};
    survey_edit_question_update(d, "q3", NULL, &txt, msg, sizeof(msg));
    struct question_fields multi = {.label = "複数", .options_ref = "yn", .exclusive = "いいえ"};
    is_int(survey_edit_question_update(d, "q2", NULL, &multi, msg, sizeof(msg)), 0,
           "a multi on a shared list with an exclusive option");
    is_int(survey_edit_column_add(d, "q6", "number", "件数", id, msg, sizeof(msg)), 0, "a column");
    is_int(survey_edit_column_add(d, "q6", "multi", "x", id, msg, sizeof(msg)), ERR_INPUT,
           "a multi column is refused");
    is_int(survey_edit_question_move(d, "q6", "c2", -1, msg, sizeof(msg)), 0, "a column moved");
    is_int(survey_edit_question_delete(d, "q6", "c1", msg, sizeof(msg)), 0, "a column deleted");
    is_int(survey_edit_question_delete(d, "q6", "c2", msg, sizeof(msg)), ERR_INPUT,
           "the last column stays");
    struct question_fields conv = {.type = "single", .label = "変換"};
    is_int(survey_edit_question_update(d, "q3", NULL, &conv, msg, sizeof(msg)), 0,
           "a text question converted to single");
    s = parsed(d, true);
    ok(s != NULL, "every edit leaves a valid draft");
    const struct question *q3 = s ? survey_question(s, "q3") : NULL;
    ok(q3 && q3->type == Q_SINGLE && json_array_size(q3->options) == 2 && q3->max_length == 0,
       "converted: starting options, the text's keys gone");
    const struct question *q2 = s ? survey_question(s, "q2") : NULL;
    ok(q2 && q2->exclusive && json_array_size(q2->options) == 2, "the multi's list resolved");
    survey_release(s);
    is_int(survey_edit_question_move(d, "q1", NULL, -1, msg, sizeof(msg)), ERR_INPUT,
           "the first question cannot go up");
    is_int(survey_edit_question_delete(d, "nosuch", NULL, msg, sizeof(msg)), ERR_NOTFOUND,
           "an unknown question");
    is_int(survey_edit_section_delete(d, "s1", msg, sizeof(msg)), 0, "a section deleted");
    is_int(survey_edit_section_delete(d, "a", msg, sizeof(msg)), ERR_INPUT, "not the last one");
    json_decref(d);
}

/* The refusals of changing base into next under answers (JSON texts). */
static size_t
refusals_for(json_t *next, const char *versions, const char *submitted, const char *kinds,
             const char *want)
{
    json_t *old_def = base();
    struct survey *old = parsed(old_def, false), *nx = parsed(next, false);
    struct stored_answers sa = {json_loads(versions, 0, NULL), json_loads(submitted, 0, NULL),
                                json_loads(kinds, 0, NULL)};
    json_t *refusals = json_array();
    size_t n = old && nx ? survey_change_check(old, nx, &sa, refusals) : 99;
    bool said = !want;
    size_t i;
    json_t *r;
    json_array_foreach(refusals, i, r)
    {
        const char *m = json_string_value(json_object_get(r, "message"));
        said = said || strstr(m, want);
        printf("#   %s\n", m);
    }
    if (!said)
        n = 98;
    json_decref(refusals);
    stored_answers_cleanup(&sa);
    survey_release(old);
    survey_release(nx);
    json_decref(old_def);
    return n;
}

#define ANSWERED "[{\"m\":[\"コスト\"],\"s\":\"はい\",\"tb\":[{\"k\":\"甲\",\"n\":\"x\"}]}]"

static void
test_change_rules(void)
{
    json_t *d = base();
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[\"市\"]", NULL), 0, "no change: allowed");
    /* wording, a new option, a new optional question */
    json_object_set_new(q_of(d, 0, 0), "label", json_string("言い換えた課題"));
    json_array_append_new(json_object_get(q_of(d, 0, 0), "options"), json_string("予算"));
    json_array_append_new(
        json_object_get(json_array_get(json_object_get(d, "sections"), 0), "questions"),
        json_pack("{s:s, s:s, s:s}", "id", "y", "type", "text", "label", "新"));
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[\"市\"]", NULL), 0,
           "wording, a new option and a new optional question: allowed");
    json_decref(d);

    d = base();
    json_array_remove(json_object_get(q_of(d, 0, 0), "options"), 0); /* コスト */
    json_object_set_new(q_of(d, 0, 1), "visible_if",
                        json_pack("{s:s, s:s}", "question", "m", "equals", "人材"));
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[]", "「コスト」"), 1,
           "removing an answered option: refused, naming it");
    is_int(refusals_for(d, "[{\"m\":[\"人材\"]}]", "[]", "[]", NULL), 0,
           "removing an option no answer uses: allowed");
    json_decref(d);

    d = base();
    json_array_set_new(json_object_get(q_of(d, 0, 0), "options"), 0, json_string("費用"));
    json_object_set_new(q_of(d, 0, 1), "visible_if",
                        json_pack("{s:s, s:s}", "question", "m", "equals", "費用"));
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[]", "削除も変更も"), 1,
           "renaming an answered option (its id): refused");
    json_decref(d);

    d = base();
    json_array_remove(
        json_object_get(json_array_get(json_object_get(d, "sections"), 0), "questions"),
        3); /* x, unanswered */
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[]", NULL), 0,
           "removing an unanswered question: allowed");
    json_array_remove(
        json_object_get(json_array_get(json_object_get(d, "sections"), 0), "questions"),
        1); /* s, answered */
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[]", "削除できません"), 1,
           "removing an answered question: refused");
    json_decref(d);

    d = base();
    json_t *x = q_of(d, 0, 3);
    json_object_set_new(x, "type", json_string("number"));
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[]", NULL), 0,
           "changing an unanswered question's type: allowed");
    is_int(refusals_for(d, "[{\"x\":\"自由\"}]", "[]", "[]", "変えられません"), 1,
           "changing an answered question's type: refused");
    json_decref(d);

    d = base();
    json_t *cols = json_object_get(q_of(d, 0, 2), "columns");
    json_object_set_new(json_array_get(cols, 0), "options", json_pack("[s]", "乙"));
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[]", "「甲」"), 1,
           "removing an option a table row uses: refused");
    json_array_remove(cols, 0);
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[]", "列"), 1,
           "removing an answered column: refused");
    json_decref(d);

    d = base();
    json_object_set_new(q_of(d, 0, 3), "required", json_true());
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[]", "必須にできません"), 1,
           "making a question required that a submission lacks: refused");
    is_int(refusals_for(d, ANSWERED, "[]", "[]", NULL), 0,
           "the same with drafts only: allowed (required is checked on submission)");
    is_int(refusals_for(d, ANSWERED, "[{\"m\":[\"なし\"],\"x\":\"書いた\"}]", "[]", NULL), 0,
           "the same when every submission has it: allowed");
    json_decref(d);

    d = base();
    json_object_set_new(q_of(d, 0, 1), "required", json_true());
    is_int(refusals_for(d, ANSWERED, "[{\"m\":[\"人材\"]}]", "[]", NULL), 0,
           "required under a condition a submission did not meet: allowed");
    json_decref(d);

    d = base();
    json_object_set_new(d, "audience", json_pack("[s]", "町"));
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[\"市\"]", "市"), 1,
           "leaving out a 団体区分 that answered: refused");
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[\"町\"]", NULL), 0,
           "an audience that keeps the answered kinds: allowed");
    json_decref(d);

    d = base();
    json_object_set_new(d, "kind", json_string("selfcheck"));
    is_int(refusals_for(d, ANSWERED, ANSWERED, "[]", "kind"), 1,
           "survey → selfcheck with answers: refused");
    json_decref(d);
}

static void
test_fault_words(void)
{
    json_t *d = base();
    char m[512] = "t: /sections/0/questions/1/options: 選択肢は空でない配列にしてください";
    survey_fault_words(d, m, sizeof(m));
    is_str(m, "セクション1「A」の設問「続けるか」: 選択肢は空でない配列にしてください",
           "a fault's place said by section and question");
    snprintf(m, sizeof(m), "t: /period: period が必要です");
    survey_fault_words(d, m, sizeof(m));
    is_str(m, "period が必要です", "elsewhere: the fault alone");
    json_decref(d);
}

static void
test_upload(void)
{
    json_t *j;
    is_int(survey_draft_json_from_upload("PK\x03\x04rest", 8, &j, msg, sizeof(msg)), ERR_INPUT,
           "a broken XLSX file is read as XLSForm, and refused");
    ok(msg[0] != '\0', "saying why: %s", msg);
    is_int(survey_draft_json_from_upload("{x", 2, &j, msg, sizeof(msg)), ERR_INPUT, "broken JSON");
    is_int(survey_draft_json_from_upload("[1]", 3, &j, msg, sizeof(msg)), ERR_INPUT,
           "not an object");
    is_int(survey_draft_json_from_upload(base_json, strlen(base_json), &j, msg, sizeof(msg)), 0,
           "a JSON definition");
    json_decref(j);
}

static int
count_rows(struct db *db, const char *sql)
{
    int64_t n = -1;
    db_query_int(db, sql, &n);
    return (int)n;
}

static void
test_drafts(void)
{
    struct tempdb t;
    if (!tempdb_open(&t, "survey-edit"))
        return;
    json_t *def = NULL;
    is_int(survey_draft_copy_of(t.db, "r7-ikenshokai", NULL, &def), 0, "a copy of R7");
    is_str(json_string_value(json_object_get(def, "id")), "r7-ikenshokai-copy", "its new id");
    ok(strstr(json_string_value(json_object_get(def, "title")), "（コピー）") &&
           !json_object_get(def, "period"),
       "（コピー）, no period");
    is_int(survey_draft_create(t.db, &audit_cli, def, msg, sizeof(msg)), 0, "stored as a draft");
    is_int(survey_draft_create(t.db, &audit_cli, def, msg, sizeof(msg)), ERR_CONFLICT,
           "the same id twice: refused");
    json_decref(def);
    is_int(survey_draft_copy_of(t.db, "selfcheck-guideline", "selfcheck-next", &def), 0,
           "a copy of the self-check");
    is_str(json_string_value(json_object_get(def, "previous")), "selfcheck-guideline",
           "is its next clause set (carry-over, 新旧対照)");
    json_decref(def);
    struct survey *s;
    is_int(survey_load(t.db, "r7-ikenshokai-copy", &s), ERR_NOTFOUND,
           "a draft is no survey: nothing 団体 see can load it");
    json_t *d;
    bool draft;
    is_int(survey_definition_get(t.db, "r7-ikenshokai-copy", &d, &draft), 0, "the editor reads it");
    ok(draft, "as a draft");
    char id[16];
    survey_edit_section_add(d, "追加", id, msg, sizeof(msg));
    json_t *refusals = json_array();
    is_int(survey_definition_put(t.db, &audit_cli, "r7-ikenshokai-copy", d, NULL,
                                 "survey.edit.section.add", refusals, msg, sizeof(msg)),
           0, "an edit stored");
    is_int(survey_draft_open(t.db, &audit_cli, "r7-ikenshokai-copy", msg, sizeof(msg)), ERR_INPUT,
           "no period: cannot open");
    ok(strstr(msg, "照会期間") != NULL, "says why: %s", msg);
    struct survey_settings st = {"R8", NULL, "2026-04-01T00:00:00+09:00",
                                 "2026-04-30T23:59:59+09:00", NULL};
    survey_edit_settings(d, &st, msg, sizeof(msg));
    survey_definition_put(t.db, &audit_cli, "r7-ikenshokai-copy", d, NULL, "survey.edit.settings",
                          refusals, msg, sizeof(msg));
    is_int(survey_draft_open(t.db, &audit_cli, "r7-ikenshokai-copy", msg, sizeof(msg)), ERR_INPUT,
           "an empty section: cannot open");
    survey_edit_question_add(d, "s1", "text", "意見", id, msg, sizeof(msg));
    survey_definition_put(t.db, &audit_cli, "r7-ikenshokai-copy", d, NULL,
                          "survey.edit.question.add", refusals, msg, sizeof(msg));
    is_int(survey_draft_open(t.db, &audit_cli, "r7-ikenshokai-copy", msg, sizeof(msg)), 0,
           "opened");
    is_int(survey_load(t.db, "r7-ikenshokai-copy", &s), 0, "now a survey");
    ok(s && s->opens_at > 0 && strcmp(s->title, "R8") == 0 && s->revision == 1,
       "with its period and title, revision 1");
    survey_release(s);
    is_int(count_rows(t.db, "SELECT count(*) FROM survey_drafts"), 0, "the draft is gone");
    is_int(survey_draft_open(t.db, &audit_cli, "r7-ikenshokai-copy", msg, sizeof(msg)),
           ERR_NOTFOUND, "opening twice: not found");
    is_int(count_rows(t.db, "SELECT count(*) FROM audit WHERE target = 'r7-ikenshokai-copy'"
                            " AND action IN ('survey.draft.create', 'survey.edit.section.add',"
                            " 'survey.edit.settings', 'survey.edit.question.add', 'survey.open')"),
           5, "every step audited");
    /* an opened survey's edit: the next revision */
    json_object_set_new(d, "title", json_string("R8 改"));
    is_int(survey_definition_put(t.db, &audit_cli, "r7-ikenshokai-copy", d, NULL,
                                 "survey.definition", refusals, msg, sizeof(msg)),
           0, "an opened survey's wording changed");
    is_int(survey_load(t.db, "r7-ikenshokai-copy", &s), 0, "loaded");
    ok(s && s->revision == 2 && strcmp(s->title, "R8 改") == 0, "as revision 2");
    survey_release(s);
    is_int(survey_definition_put(t.db, &audit_cli, "r7-ikenshokai-copy", d, NULL,
                                 "survey.definition", refusals, msg, sizeof(msg)),
           0, "the same again");
    is_int(survey_load(t.db, "r7-ikenshokai-copy", &s), 0, "loaded");
    ok(s && s->revision == 2, "an unchanged definition keeps its revision");
    survey_release(s);
    /* an edit made to a definition someone else changed meanwhile */
    json_t *seen = json_deep_copy(d);
    json_object_set_new(seen, "title", json_string("R8 旧"));
    json_object_set_new(d, "title", json_string("R8 改2"));
    is_int(survey_definition_put(t.db, &audit_cli, "r7-ikenshokai-copy", d, seen,
                                 "survey.definition", refusals, msg, sizeof(msg)),
           ERR_CONFLICT, "an edit over a stale definition: refused");
    ok(strstr(msg, "同時に") != NULL, "says someone changed it meanwhile");
    json_decref(seen);
    json_decref(d);
    /* a shipped survey edited in place keeps the edit when seeded again */
    is_int(survey_definition_get(t.db, "r7-ikenshokai", &d, &draft), 0, "R7 read for editing");
    json_object_set_new(d, "title", json_string("令和7年 意見照会（修正）"));
    is_int(survey_definition_put(t.db, &audit_cli, "r7-ikenshokai", d, NULL, "survey.definition",
                                 refusals, msg, sizeof(msg)),
           0, "R7's title changed in the editor");
    is_int(seed_all(t.db, msg, sizeof(msg)), 0, "seeded again");
    is_int(survey_load(t.db, "r7-ikenshokai", &s), 0, "loaded");
    ok(s && s->revision == 2 && strcmp(s->title, "令和7年 意見照会（修正）") == 0,
       "the editor's revision stays");
    survey_release(s);
    json_decref(refusals);
    json_decref(d);
    tempdb_remove(&t);
}

int
main(void)
{
    test_edits();
    test_change_rules();
    test_fault_words();
    test_upload();
    test_drafts();
    return done_testing();
}
