/*
 * second_factor.h: the authenticator-app keys of Ministry and administrator
 * accounts.
 *
 * These accounts see every 団体's answers, so a password alone does not open
 * them: after the password a session is pending (it can do nothing but enter
 * a code or log out) until a 6-digit code from an authenticator app (totp.h)
 * is entered (login_check_code in login.h). The first time, the page offers a
 * new key (QR code and text) and stores it once a code from it is entered;
 * the command line can give an account a key, or remove it so that the next
 * login enrols anew. A code is accepted once: the time step it belongs to is
 * recorded, and no code of that step or an earlier one is accepted again.
 */
#ifndef SHOKAI_SECOND_FACTOR_H
#define SHOKAI_SECOND_FACTOR_H

#include "totp.h"
#include "user.h"

#include <stdbool.h>

struct db;
struct audit_actor;

/* True for the roles that need a second factor (ministry, admin). */
bool second_factor_required(enum role role);

/* Loads the account's key. ERR_NOTFOUND when it has none. */
int second_factor_key(struct db *db, int64_t user_id, unsigned char secret[TOTP_SECRET_BYTES]);

/* Records that a code of time step `step` was accepted for the account, in
   one statement that fails when a code of this step or a later one was
   already accepted (ERR_UNAUTH: a replay, even from a concurrent request).
   With enrol_secret, that key becomes the account's, audited as
   "user.second_factor", in the same transaction. */
int second_factor_accept(struct db *db, const struct audit_actor *who, const struct user *u,
                         int64_t step, const unsigned char *enrol_secret);

/* Command line: gives the account a new key (written to secret), ending its
   sessions and API tokens; audited. ERR_NOTFOUND for an unknown login,
   ERR_INPUT for an account whose role has no second factor. */
int second_factor_set_key(struct db *db, const struct audit_actor *who, const char *login,
                          unsigned char secret[TOTP_SECRET_BYTES]);
/* Command line: removes the account's key (a lost phone), ending its sessions
   and API tokens, so that its next login offers a new key; audited. */
int second_factor_clear(struct db *db, const struct audit_actor *who, const char *login);

#endif
