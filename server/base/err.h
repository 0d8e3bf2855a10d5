/*
 * err.h: the error codes every shokai function returns.
 *
 * 0 is success; failures are negative (the nginx/Redis sign). Only http.c maps
 * them to HTTP statuses (http_status_of_err), so modules never think in HTTP.
 */
#ifndef SHOKAI_ERR_H
#define SHOKAI_ERR_H

enum err {
    ERR_OK = 0,
    ERR_NOMEM = -1,       /* allocation failed or the request arena is full */
    ERR_INPUT = -2,       /* malformed input from a client (400/422) */
    ERR_NOTFOUND = -3,    /* no such row or resource (404) */
    ERR_CONFLICT = -4,    /* stale version, duplicate, wrong state (409) */
    ERR_DB = -5,          /* unexpected SQLite failure (500) */
    ERR_FORBIDDEN = -6,   /* authenticated but not allowed (403) */
    ERR_UNAUTH = -7,      /* not authenticated (401) */
    ERR_TOOBIG = -8,      /* over a size cap (413) */
    ERR_IO = -9,          /* file or socket failure */
    ERR_BUSY = -10,       /* database locked past the busy timeout (503) */
    ERR_FULL = -11,       /* disk full or I/O error while writing (503) */
    ERR_THROTTLED = -12,  /* too many attempts (429) */
    ERR_OVERLOADED = -13, /* the password-hashing queue is full (429, Retry-After) */
    ERR_EXPIRED = -14     /* a credential past its expiry (401) */
};

#endif
