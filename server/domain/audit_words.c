/*
 * audit_words.c: the audit trail's codes in Japanese (see audit_words.h).
 */
#include "audit_words.h"
#include "buf.h"
#include "clock.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

const struct audit_action_name audit_action_names[] = {
    {"response.save", "一時保存"},
    {"response.submit", "提出"},
    {"response.return", "差戻し"},
    {"response.approval_request", "承認の依頼"},
    {"response.approve", "承認"},
    {"response.reject", "承認せず差戻し"},
    {"responses.import", "回答の取込"},
    {"entries.import", "意見の取込"},
    {"entry.reply", "意見への回答・考え方"},
    {"report.notes", "報告書のまとめ"},
    {"report.curation.add", "具体的な内容の掲載"},
    {"report.curation.edit", "具体的な内容の編集"},
    {"report.curation.merge", "具体的な内容の統合"},
    {"report.curation.remove", "具体的な内容の削除"},
    {"report.curation.section", "具体的な内容の区分の文章"},
    {"report.past_round", "過年度実績の登録・変更"},
    {"report.past_round_delete", "過年度実績の削除"},
    {"grouping.compose", "集計区分の作成・変更"},
    {"grouping.remove", "集計区分の削除"},
    {"survey.add", "照会の登録"},
    {"survey.draft.create", "照会の案の作成"},
    {"survey.draft.delete", "照会の案の破棄"},
    {"survey.edit.settings", "照会の基本設定の編集"},
    {"survey.edit.materials", "提示資料の編集"},
    {"survey.edit.options", "選択肢リストの編集"},
    {"survey.edit.section", "セクションの編集"},
    {"survey.edit.section.add", "セクションの追加"},
    {"survey.edit.section.delete", "セクションの削除"},
    {"survey.edit.section.move", "セクションの並べ替え"},
    {"survey.edit.question", "設問の編集"},
    {"survey.edit.question.add", "設問の追加"},
    {"survey.edit.question.delete", "設問の削除"},
    {"survey.edit.question.move", "設問の並べ替え"},
    {"survey.edit.column.add", "表の列の追加"},
    {"survey.definition", "照会の定義の置き換え"},
    {"survey.open", "照会の公開"},
    {"survey.replace", "照会の定義の差し替え"},
    {"survey.period", "照会期間の変更"},
    {"survey.reopen", "個別の再受付"},
    {"survey.publish", "結果の公表"},
    {"survey.withdraw", "公表の取り下げ"},
    {"org.import", "団体一覧の取込"},
    {"user.add", "アカウントの作成"},
    {"user.passwd", "パスワードの変更"},
    {"user.disable", "アカウントの停止"},
    {"user.enable", "アカウントの再開"},
    {"user.role", "役割・団体の変更"},
    {"user.profile", "担当者情報の変更"},
    {"user.import", "アカウントの一括発行"},
    {"user.link.setup", "初回設定リンクの発行"},
    {"user.link.reset", "パスワード再設定リンクの発行"},
    {"user.link.used", "設定リンクの使用"},
    {"user.approver", "承認者に指定"},
    {"user.not_approver", "承認者の指定を解除"},
    {"user.second_factor", "二要素認証の設定"},
    {"survey.remind", "督促メールの送信"},
    {"survey.opening_notice", "照会開始のお知らせメール"},
    {"mail.retry", "メールの再送"},
    {"db.restore", "データベースの復元"},

    {NULL, NULL},
};

const char *
audit_action_words(const char *action)
{
    for (const struct audit_action_name *n = audit_action_names; n->code; n++)
        if (strcmp(n->code, action) == 0)
            return n->words;
    return action;
}

/* A detail key in words; keys holding Unix seconds are marked as times. */
struct detail_key {
    const char *key, *words;
    bool is_time;
};

static const struct detail_key detail_keys[] = {
    {"comment", "理由", false},       {"version", "版", false},
    {"proxy", "代理入力", false},     {"source", "ファイル", false},
    {"rows", "行数", false},          {"replaced", "置き換えた行数", false},
    {"added", "追加", false},         {"changed", "変更", false},
    {"unchanged", "変更なし", false}, {"disposition", "対応区分", false},
    {"reply", "回答・考え方", false}, {"suppress_below", "秘匿する団体数（未満）", false},
    {"opens_at", "開始", true},       {"closes_at", "締切", true},
    {"until", "受付期限", true},      {"how", "方法", false},
};

/* Values some details hold in English, as a person says them. */
static const char *const value_words[][2] = {
    {"enrolled at login", "ログイン時に登録"},
    {"new key from the command line", "コマンドで新しい鍵を発行"},
    {"key removed", "鍵を削除"},
};

static const struct detail_key *
detail_key_find(const char *key)
{
    for (size_t i = 0; i < sizeof(detail_keys) / sizeof(detail_keys[0]); i++)
        if (strcmp(detail_keys[i].key, key) == 0)
            return &detail_keys[i];
    return NULL;
}

static void
value_words_put(struct buf *out, json_t *value, bool is_time)
{
    if (json_is_string(value)) {
        const char *s = json_string_value(value);
        for (size_t i = 0; i < sizeof(value_words) / sizeof(value_words[0]); i++)
            if (strcmp(value_words[i][0], s) == 0)
                s = value_words[i][1];
        buf_puts(out, *s ? s : "（なし）");
    } else if (json_is_integer(value) && is_time) {
        char when[32];
        clock_jst((int64_t)json_integer_value(value), when, sizeof(when));
        buf_puts(out, when);
    } else if (json_is_integer(value)) {
        buf_printf(out, "%lld", (long long)json_integer_value(value));
    } else if (json_is_boolean(value)) {
        buf_puts(out, json_is_true(value) ? "はい" : "いいえ");
    } else {
        char *text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
        buf_puts(out, text ? text : "");
        free(text);
    }
}

void
audit_detail_words(struct buf *out, const char *detail_json)
{
    if (!detail_json || !*detail_json)
        return;
    json_t *d = json_loads(detail_json, 0, NULL);
    if (!json_is_object(d)) {
        buf_puts(out, detail_json);
        json_decref(d);
        return;
    }
    const char *key;
    json_t *value;
    bool first = true;
    json_object_foreach(d, key, value)
    {
        const struct detail_key *k = detail_key_find(key);
        buf_puts(out, first ? "" : "、");
        buf_puts(out, k ? k->words : key);
        buf_puts(out, ": ");
        value_words_put(out, value, k && k->is_time);
        first = false;
    }
    json_decref(d);
}
