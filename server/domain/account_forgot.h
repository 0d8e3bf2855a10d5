/*
 * account_forgot.h: 「パスワードを忘れた方」, a reset link asked for from the
 * login page by whoever knows a login name or e-mail address.
 *
 * The answer must not tell whether the account exists: the same work is done
 * (one transaction that counts the request, and issues a link when there is
 * an account to issue it to) and the caller answers the same page either
 * way. The link reaches only the account's e-mail address (the outbox, after
 * the merge of branch mail; until then an administrator sees that it was
 * issued), never the person who asked.
 */
#ifndef SHOKAI_ACCOUNT_FORGOT_H
#define SHOKAI_ACCOUNT_FORGOT_H

#include <stdint.h>

struct db;

/* At most this many accounts share an e-mail address that gets links. */
#define ACCOUNT_FORGOT_MAX_ACCOUNTS 5

/* Handles one request for name (a login, or an e-mail address) from ip:
   throttled as logins are (login.h; per name asked for, whether or not it
   exists, and per address): ERR_THROTTLED with *wait. Otherwise counts the
   request and issues a reset link to every enabled account with an e-mail
   address whose login or address is name, and returns 0 in every case. */
int account_forgot(struct db *db, const char *name, const char *ip, const char *request_id,
                   int64_t now, int *wait);

#endif
