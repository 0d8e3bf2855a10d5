/*
 * test_curation.c: the rules of a curated 具体的な内容: the layout by 課題 then
 * 項目 in order of first appearance, positions kept 1..n when bullets move,
 * merge or go, merging keeping every answer's key, one scheme per curation,
 * and texts within their limits.
 */
#include "../tap.h"
#include "arena.h"
#include "audit.h"
#include "curation.h"
#include "err.h"
#include "tempdb.h"

static struct curation_row
row(const char *key, const char *challenge, const char *item, const char *content)
{
    return (struct curation_row){key, 0, "011002", "札幌市", challenge, item, content, 0, 0};
}

static const struct curation_bullet *
find(const struct curation *c, int64_t id)
{
    for (size_t i = 0; i < c->n_bullets; i++)
        if (c->bullets[i].id == id)
            return &c->bullets[i];
    return NULL;
}

int
main(void)
{
    struct arena a;
    arena_init(&a, 1 << 22);
    struct curation_bullet b[] = {
        {1, "町村", 1, "コスト", "無線LAN利用", "a", NULL, 0},
        {2, "町村", 2, "コスト", "全般", "b", NULL, 0},
        {3, "町村", 3, "スキル不足", "画面転送", "c", NULL, 0},
        {4, "町村", 4, "コスト", "無線LAN利用", "d", NULL, 0},
    };
    struct curation_line *lines;
    size_t n;
    ok(curation_layout(b, 4, &a, &lines, &n) == 0, "laid out");
    is_int(n, 3, "three lines: コスト/無線LAN利用, コスト/全般, スキル不足/画面転送");
    ok(n == 3 && strcmp(lines[0].item, "無線LAN利用") == 0 && lines[0].n_bullets == 2 &&
           strcmp(lines[0].bullets[1]->body, "d") == 0,
       "a later bullet of the same 課題 and 項目 joins the first line");
    ok(n == 3 && lines[0].challenge_rows == 2 && lines[1].challenge_rows == 0 &&
           lines[2].challenge_rows == 1,
       "コスト spans two lines, スキル不足 one");
    ok(curation_layout(b, 0, &a, &lines, &n) == 0 && n == 0, "an empty section has no line");

    struct tempdb t;
    if (!tempdb_open(&t, "curation"))
        return 1;
    const char *sv = "r7-ikenshokai";
    struct curation_row r1 = row("e-1", "コスト", "無線LAN利用", "一つ目"),
                        r2 = row("e-2", "その他", "全般", "二つ目"),
                        r3 = row("e-3", "コスト", "全般", "三つ目");
    int64_t id1, id2, id3, other;
    ok(curation_add(t.db, &audit_cli, sv, "kind5", "町村", &r1, &id1) == 0 &&
           curation_add(t.db, &audit_cli, sv, "kind5", "町村", &r2, &id2) == 0 &&
           curation_add(t.db, &audit_cli, sv, "kind5", "町村", &r3, &id3) == 0,
       "three rows picked");
    is_int(curation_add(t.db, &audit_cli, sv, "kind6", "町村", &r1, &other), ERR_CONFLICT,
           "the curation keeps the scheme it started with");
    is_int(curation_section_save(t.db, &audit_cli, sv, "kind6", "町村", "x", ""), ERR_CONFLICT,
           "a section too");
    struct curation c;
    ok(curation_get(t.db, sv, &a, &c) == 0 && c.n_bullets == 3 && strcmp(c.scheme, "kind5") == 0,
       "read back");
    ok(find(&c, id1)->position == 1 && find(&c, id3)->position == 3, "in the order picked");
    ok(strcmp(find(&c, id2)->body, "二つ目") == 0 &&
           strcmp(find(&c, id2)->challenge, "その他") == 0,
       "a bullet starts as its row: text, 課題 and 項目");
    is_int(curation_edit(t.db, &audit_cli, sv, id3, "コスト", "全般", "三つ目（整えた）", 1), 0,
           "the third is edited and moved first");
    curation_get(t.db, sv, &a, &c);
    ok(find(&c, id3)->position == 1 && find(&c, id1)->position == 2 && find(&c, id2)->position == 3,
       "positions stay 1..n");
    is_int(curation_merge(t.db, &audit_cli, sv, id2, id1), 0,
           "the second is merged into the first");
    curation_get(t.db, sv, &a, &c);
    ok(c.n_bullets == 2 && !find(&c, id2), "the merged bullet is gone");
    ok(find(&c, id1)->n_keys == 2 && strcmp(find(&c, id1)->body, "一つ目\n二つ目") == 0,
       "its answer and text are kept in the first");
    is_int(find(&c, id1)->position, 2, "which keeps its place");
    is_int(curation_merge(t.db, &audit_cli, sv, id1, id1), ERR_INPUT, "not into itself");
    int64_t elsewhere;
    curation_add(t.db, &audit_cli, sv, "kind5", "一般市", &r3, &elsewhere);
    is_int(curation_merge(t.db, &audit_cli, sv, elsewhere, id1), ERR_INPUT,
           "not into another section");
    is_int(curation_edit(t.db, &audit_cli, sv, id1, "", "全般", "x", 1), ERR_INPUT,
           "a 課題 is needed");
    is_int(curation_edit(t.db, &audit_cli, sv, 99999, "a", "b", "c", 1), ERR_NOTFOUND,
           "an unknown bullet");
    is_int(curation_remove(t.db, &audit_cli, sv, id3), 0, "a bullet is removed");
    curation_get(t.db, sv, &a, &c);
    is_int(find(&c, id1)->position, 1, "the rest close up");
    is_int(curation_section_save(t.db, &audit_cli, sv, "kind5", "町村", "文。", "※ 注。"), 0,
           "a section's sentence and notes");
    curation_get(t.db, sv, &a, &c);
    const struct curation_section *s = curation_section(&c, "町村");
    ok(s && strcmp(s->summary, "文。") == 0 && strcmp(s->notes, "※ 注。") == 0, "read back");
    int64_t audited = 0;
    db_query_int(t.db, "SELECT count(*) FROM audit WHERE action LIKE 'report.curation.%'",
                 &audited);
    is_int(audited, 8, "each change audited: 4 picks, an edit, a merge, a removal, a section");
    tempdb_remove(&t);
    arena_reset(&a);
    return done_testing();
}
