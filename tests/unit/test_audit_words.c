/*
 * test_audit_words.c: the audit trail in words (issue #19: 「survey.publish」
 * and raw JSON on the audit page).
 */
#include "../tap.h"
#include "audit_words.h"
#include "buf.h"

#include <stdbool.h>
#include <string.h>

static void
detail_is(const char *json, const char *words, const char *why)
{
    struct buf b;
    buf_init(&b, 0);
    audit_detail_words(&b, json);
    is_str(buf_str(&b), words, why);
    buf_cleanup(&b);
}

int
main(void)
{
    is_str(audit_action_words("response.return"), "差戻し", "a return is 差戻し");
    is_str(audit_action_words("survey.publish"), "結果の公表", "publishing is 結果の公表");
    is_str(audit_action_words("x.unknown"), "x.unknown", "an unknown code stays as it is");
    bool all_named = true;
    for (const struct audit_action_name *n = audit_action_names; n->code; n++)
        all_named = all_named && n->words[0] && strchr(n->words, '.') == NULL;
    ok(all_named, "every action in the list has words, none a code");

    detail_is("{\"comment\":\"記載漏れ\"}", "理由: 記載漏れ", "a comment is the 理由");
    detail_is("{\"comment\":\"\"}", "理由: （なし）", "an empty 理由 says so");
    detail_is("{\"version\":3,\"proxy\":true}", "版: 3、代理入力: はい", "numbers and yes/no");
    detail_is("{\"until\":1738713600}", "受付期限: 2025-02-05 09:00", "times in JST");
    detail_is("{\"how\":\"key removed\"}", "方法: 鍵を削除", "English values in Japanese");
    detail_is("{\"new_key\":[1]}", "new_key: [1]", "an unknown key and value as they are");
    detail_is("not json", "not json", "a malformed detail as it is");
    detail_is(NULL, "", "no detail, nothing");
    return done_testing();
}
