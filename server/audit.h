/*
 * audit.h: the audit trail. Call inside the transaction of the change it
 * records, so the change and its record commit or roll back together.
 */
#ifndef SHOKAI_AUDIT_H
#define SHOKAI_AUDIT_H

#include <stdint.h>

struct db;

struct audit_actor {
    int64_t user_id; /* 0 = command line */
    const char *login;
    const char *ip;
    const char *request_id;
};

/* The actor for command-line changes. */
extern const struct audit_actor audit_cli;

/* Appends one audit row. detail_json may be NULL. Returns 0 or an err. */
int audit_record(struct db *db, const struct audit_actor *who, const char *action,
                 const char *target, const char *on_behalf, const char *detail_json);

#endif
