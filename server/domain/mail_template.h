/*
 * mail_template.h: the texts of the mails, templates/mail/NAME.txt (embedded
 * like every template). The first line is the subject, the rest the body;
 * {{name}} is replaced by the value of name as it is: a plain-text mail
 * needs no HTML escaping. A line break in a value that lands in the subject
 * becomes a space, so no value can start a header of its own (mime.h then
 * refuses any control character that is left).
 *
 * The call for code that causes a mail inside its transaction:
 *
 *     struct mail_var vars[] = {{"link", url}, {"login", login}, {NULL, NULL}};
 *     struct outbox_mail m = {.to = email, .cause = "setup_link", .ref = login,
 *                             .sensitive = true};
 *     rc = mail_template_enqueue(db, "account_setup", vars, &m);
 */
#ifndef SHOKAI_MAIL_TEMPLATE_H
#define SHOKAI_MAIL_TEMPLATE_H

#include "mail_outbox.h"

struct buf;
struct db;

struct mail_var {
    const char *name, *value; /* value NULL: "" */
};

/* Renders templates/mail/name.txt with vars (ended by {NULL, NULL}) into
   subject and body (appended). ERR_NOTFOUND without such a template,
   ERR_INPUT when it names a variable not given (a bug: never silent). */
int mail_template_render(const char *name, const struct mail_var *vars, struct buf *subject,
                         struct buf *body);

/* Renders name with vars and queues it with m's recipient, cause, ref and
   sensitivity (m's subject and body are ignored), inside the caller's
   transaction. Errors as mail_template_render and outbox_enqueue. */
int mail_template_enqueue(struct db *db, const char *name, const struct mail_var *vars,
                          const struct outbox_mail *m);

#endif
