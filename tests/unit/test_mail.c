/*
 * test_mail.c: e-mail as the SMTP server receives it (mime.c): RFC 2047
 * subjects folded within 76 characters without splitting a character,
 * base64 bodies in 76-character lines, no header through a value; the
 * texts of templates/mail/ (mail_template.c); and the outbox's states and
 * back-off on a temporary database (mail_outbox.c). The delivery itself
 * through a real SMTP server is tests/http/test_mail.py.
 */
#include "../tap.h"
#include "tempdb.h"
#include "arena.h"
#include "audit.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "err.h"
#include "mail_outbox.h"
#include "mail_template.h"
#include "mime.h"
#include "utf8.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The base64 text b..b+n decoded into out (NUL-terminated); its length or -1. */
static long
unbase64(const char *b, size_t n, char *out, size_t cap)
{
    size_t len;
    if (sodium_base642bin((unsigned char *)out, cap - 1, b, n, "\r\n", &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL))
        return -1;
    out[len] = '\0';
    return (long)len;
}

/* The header block of a message and its body, split at the blank line. */
static const char *
body_of(const char *msg)
{
    const char *p = strstr(msg, "\r\n\r\n");
    return p ? p + 4 : "";
}

/* Decodes the folded Subject of msg word by word into out; false when a line
   passes 76 characters or a word is not valid UTF-8 by itself. */
static bool
decode_subject(const char *msg, char *out, size_t cap, int *words)
{
    const char *p = strstr(msg, "Subject: ");
    *out = '\0';
    *words = 0;
    if (!p)
        return false;
    const char *line = p;
    for (;;) {
        const char *eol = strstr(line, "\r\n");
        if (!eol || eol - line > 76)
            return false;
        const char *w = strstr(line, "=?UTF-8?B?");
        if (!w || w > eol)
            return false;
        w += 10;
        const char *end = strstr(w, "?=");
        char part[128];
        long n = unbase64(w, (size_t)(end - w), part, sizeof(part));
        if (n < 0 || !utf8_valid(part, (size_t)n) || strlen(out) + (size_t)n >= cap)
            return false;
        memcpy(out + strlen(out), part, (size_t)n + 1);
        (*words)++;
        if (eol[2] != ' ')
            return true;
        line = eol + 2;
    }
}

static void
test_mime(void)
{
    const char *subject =
        "【督促】「地方公共団体における情報セキュリティポリシーに関するガイドライン」"
        "改定案に関する意見照会（令和7年2月）への回答のお願い（北海道函館市）";
    const char *body =
        "函館市\nご担当者様\n\n回答をお願いします。\nhttps://shokai.example.jp/"
        "surveys/r7-ikenshokai/responses/012025\n"
        "長い行：あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめ"
        "もやゆよらりるれろわをん\n";
    struct mime_mail m = {"shokai@soumu.example.jp",
                          "joho@city.hakodate.example",
                          subject,
                          body,
                          "<0123abcd@shokai.example.jp>",
                          0};
    struct buf out;
    buf_init(&out, 0);
    is_int(mime_compose(&m, &out), 0, "a Japanese mail is composed");
    const char *msg = buf_str(&out);
    ok(strstr(msg, "Date: Thu, 01 Jan 1970 09:00:00 +0900\r\n") != NULL, "Date in RFC 5322, JST");
    ok(strstr(msg, "From: shokai@soumu.example.jp\r\nTo: joho@city.hakodate.example\r\n"
                   "Message-ID: <0123abcd@shokai.example.jp>\r\n") != NULL,
       "From, To and Message-ID");
    ok(strstr(msg, "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                   "Content-Transfer-Encoding: base64\r\n\r\n") != NULL,
       "MIME-Version, Content-Type and Content-Transfer-Encoding");
    char decoded[1024];
    int words;
    ok(decode_subject(msg, decoded, sizeof(decoded), &words),
       "the Subject: folded lines within 76 characters, each word whole UTF-8");
    is_str(decoded, subject, "the Subject's words decode to the subject");
    ok(words > 3, "a long subject takes several encoded-words (%d)", words);
    /* The body: lines of 76 base64 characters (the last shorter), CRLF. */
    const char *b = body_of(msg);
    bool lines_ok = true;
    size_t n_lines = 0;
    for (const char *p = b; *p;) {
        const char *eol = strstr(p, "\r\n");
        if (!eol) {
            lines_ok = false;
            break;
        }
        size_t len = (size_t)(eol - p);
        n_lines++;
        if (len > 76 || (eol[2] && len != 76))
            lines_ok = false;
        p = eol + 2;
    }
    ok(lines_ok && n_lines > 3, "the body: base64 in lines of 76 characters (%zu lines)", n_lines);
    char text[2048];
    long n = unbase64(b, strlen(b), text, sizeof(text));
    ok(n > 0 && strstr(text, "函館市\r\nご担当者様\r\n\r\n") == text,
       "the body decodes to the text with CRLF line ends");
    buf_cleanup(&out);

    /* No header through a value. */
    static const char *const bad_subjects[] = {"件名\r\nBcc: victim@example.jp", "件名\nBcc: x@y",
                                               "件名\rX", "tab\there", "\xff\xfe"};
    for (size_t i = 0; i < sizeof(bad_subjects) / sizeof(*bad_subjects); i++) {
        struct mime_mail bad = m;
        bad.subject = bad_subjects[i];
        buf_init(&out, 0);
        is_int(mime_compose(&bad, &out), ERR_INPUT,
               "a subject with a control character or bad UTF-8 is refused");
        buf_cleanup(&out);
    }
    static const char *const bad_addresses[] = {"a@b.jp\r\nBcc: victim@example.jp",
                                                "a@b.jp\nX: y",
                                                "Taro <a@b.jp>",
                                                "a@@b.jp",
                                                "a b@c.jp",
                                                "",
                                                "@b.jp",
                                                "a@",
                                                "a@b.jp,c@d.jp",
                                                "\"a\"@b.jp"};
    for (size_t i = 0; i < sizeof(bad_addresses) / sizeof(*bad_addresses); i++) {
        ok(!mime_address_ok(bad_addresses[i]), "not an address we send to: %zu", i);
        struct mime_mail bad = m;
        bad.to = bad_addresses[i];
        buf_init(&out, 0);
        is_int(mime_compose(&bad, &out), ERR_INPUT, "a To with it is refused");
        buf_cleanup(&out);
    }
    ok(mime_address_ok("joho.section+r7@city.hakodate.example"), "an ordinary address passes");
    struct mime_mail bad = m;
    bad.message_id = "<a@b>\r\nBcc: x@y";
    buf_init(&out, 0);
    is_int(mime_compose(&bad, &out), ERR_INPUT, "a Message-ID with CR LF is refused");
    buf_cleanup(&out);

    /* A short ASCII subject is one word. */
    buf_init(&out, 0);
    mime_encoded_header(&out, "Subject", "Hi");
    is_str(buf_str(&out), "Subject: =?UTF-8?B?SGk=?=\r\n", "a short subject: one encoded-word");
    buf_cleanup(&out);
    buf_init(&out, 0);
    mime_base64_lines(&out, "", 0);
    is_str(buf_str(&out), "", "an empty body: no line");
    buf_cleanup(&out);
}

static void
test_templates(void)
{
    struct mail_var vars[] = {
        {"title", "照会\r\nBcc: victim@example.jp"}, {"org_name", "函館市"},
        {"url", "https://x.example/surveys/a"},      {"closes", "令和7年2月13日"},
        {"message", "\n【連絡事項】\n至急\n"},       {NULL, NULL}};
    struct buf subject, body;
    buf_init(&subject, 0);
    buf_init(&body, 0);
    is_int(mail_template_render("reminder", vars, &subject, &body), 0, "the reminder renders");
    ok(!strpbrk(buf_str(&subject), "\r\n"), "a line break in a value does not reach the subject");
    ok(strstr(buf_str(&subject), "照会 Bcc: victim") != NULL, "it becomes a space: %s",
       buf_str(&subject));
    ok(strstr(buf_str(&body), "【連絡事項】\n至急\n") &&
           strstr(buf_str(&body), "https://x.example"),
       "the body holds the values as they are (no HTML escaping)");
    buf_cleanup(&subject);
    buf_cleanup(&body);
    static const char *const names[] = {"reminder", "return", "opening", "published"};
    struct mail_var all[] = {{"title", "t"},  {"org_name", "o"},     {"url", "u"},
                             {"closes", "c"}, {"message", ""},       {"comment", "r"},
                             {"login", "l"},  {"results_url", "ru"}, {NULL, NULL}};
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
        buf_init(&subject, 0);
        buf_init(&body, 0);
        ok(mail_template_render(names[i], all, &subject, &body) == 0,
           "templates/mail/%s.txt renders", names[i]);
        ok(subject.len > 0 && body.len > 0, "with a subject and a body");
        buf_cleanup(&subject);
        buf_cleanup(&body);
    }
    buf_init(&subject, 0);
    buf_init(&body, 0);
    is_int(mail_template_render("reminder", (struct mail_var[]){{"title", "t"}, {NULL, NULL}},
                                &subject, &body),
           ERR_INPUT, "a variable not given is an error, never blank");
    is_int(mail_template_render("nosuch", all, &subject, &body), ERR_NOTFOUND,
           "an unknown template");
    buf_cleanup(&subject);
    buf_cleanup(&body);
}

static int64_t
count(struct db *db, const char *state)
{
    int64_t total, counts[OUTBOX_STATES];
    struct arena a;
    struct outbox_row *rows;
    size_t n;
    arena_init(&a, 0);
    outbox_list(db, state, 0, 10, &a, &rows, &n, &total, counts);
    arena_reset(&a);
    return total;
}

static void
test_outbox(struct db *db)
{
    outbox_set_base_url("https://shokai.example.jp/");
    is_str(outbox_base_url(), "https://shokai.example.jp", "the base URL without its slash");
    struct outbox_mail m = {"a@b.example", "件名", "本文", "test", "ref", true};
    int64_t id;
    /* The mail exists iff the event's transaction commits. */
    db_begin(db);
    is_int(outbox_enqueue(db, &m, &id), 0, "queued inside a transaction");
    db_rollback(db);
    is_int(count(db, NULL), 0, "rolled back with it");
    struct outbox_mail bad = m;
    bad.to = "a@b.example\r\nBcc: c@d.example";
    is_int(outbox_enqueue(db, &bad, NULL), ERR_INPUT, "an address with CR LF is not queued");
    bad = m;
    bad.subject = "a\r\nBcc: c@d.example";
    is_int(outbox_enqueue(db, &bad, NULL), ERR_INPUT, "nor a subject with one");
    db_begin(db);
    outbox_enqueue(db, &m, &id);
    db_commit(db);
    is_int(count(db, "queued"), 1, "committed: queued");

    int64_t now = clock_now();
    struct outbox_policy p = {60, 200, 4};
    struct outbox_item *items;
    size_t n;
    is_int(outbox_claim(db, now, 10, &items, &n), 0, "claimed");
    is_int(n, 1, "one mail due");
    char message_id[128];
    snprintf(message_id, sizeof(message_id), "%s", n ? items[0].message_id : "");
    ok(strncmp(message_id, "<", 1) == 0 && strstr(message_id, "@shokai.example.jp>"),
       "a Message-ID named after the base URL's host: %s", message_id);
    is_int(n ? items[0].attempts : 0, 1, "first attempt");
    outbox_items_free(items, n);
    is_int(count(db, "sending"), 1, "sending during the conversation");
    outbox_claim(db, now, 10, &items, &n);
    is_int(n, 0, "a mail being sent is not taken twice");
    outbox_items_free(items, n);
    int back;
    outbox_requeue_interrupted(db, &back);
    is_int(back, 1, "a stop mid-delivery queues it again");
    outbox_claim(db, now, 10, &items, &n);
    is_str(n ? items[0].message_id : "", message_id, "with the same Message-ID");
    is_int(n ? items[0].attempts : 0, 2, "the second attempt");
    outbox_items_free(items, n);
    outbox_mark_retry(db, id, 2, now, "421 busy", &p);
    outbox_claim(db, now + 119, 10, &items, &n);
    is_int(n, 0, "not due before the back-off (60 s, doubled after the second try)");
    outbox_items_free(items, n);
    outbox_claim(db, now + 120, 10, &items, &n);
    is_int(n, 1, "due after it");
    outbox_items_free(items, n);
    outbox_mark_retry(db, id, 3, now, "421 busy", &p);
    outbox_claim(db, now + 199, 10, &items, &n);
    is_int(n, 0, "the back-off grows (240 s capped at 200)");
    outbox_items_free(items, n);
    outbox_claim(db, now + 200, 10, &items, &n);
    outbox_items_free(items, n);
    outbox_mark_retry(db, id, 4, now, "550 no such user", &p);
    is_int(count(db, "failed"), 1, "failed after the last try");
    struct arena a;
    arena_init(&a, 0);
    struct outbox_row *rows;
    int64_t total;
    outbox_list(db, "failed", 0, 10, &a, &rows, &n, &total, NULL);
    is_str(n ? rows[0].last_reply : "", "550 no such user", "with the server's last reply");
    arena_reset(&a);
    is_int(outbox_retry_now(db, &audit_cli, id), 0, "retried now");
    is_int(count(db, "queued"), 1, "queued again");
    outbox_claim(db, clock_now(), 10, &items, &n);
    is_int(n ? items[0].attempts : 0, 1, "from its first try");
    outbox_items_free(items, n);
    is_int(outbox_retry_now(db, &audit_cli, id), ERR_CONFLICT, "not while it is being sent");
    outbox_mark_sent(db, id, now, "250 ok");
    is_int(outbox_retry_now(db, &audit_cli, id), ERR_CONFLICT, "nor once sent");
    is_int(outbox_retry_now(db, &audit_cli, id + 100), ERR_NOTFOUND, "an unknown mail");
    char body[16] = "x";
    sqlite3_stmt *st;
    static const char sql[] = "SELECT body FROM mail_outbox WHERE id = ?1";
    if (db_first_row(db, sql, &st, db_int(id)) == 1)
        snprintf(body, sizeof(body), "%s", db_column_text(st, 0));
    db_done(st);
    is_str(body, "", "a sensitive body (a one-time link) is erased once sent");
    int64_t audits = 0;
    db_query_int(db, "SELECT count(*) FROM audit WHERE action = 'mail.retry'", &audits);
    is_int(audits, 1, "the retry is audited");
}

int
main(void)
{
    test_mime();
    test_templates();
    struct tempdb t;
    if (!tempdb_open(&t, "mail"))
        return 1;
    test_outbox(t.db);
    tempdb_remove(&t);
    return done_testing();
}
