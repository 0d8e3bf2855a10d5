/*
 * log.h: one line per event, UTC time first, every field encoded so a value
 * can never start a new line or forge one (RELIABILITY C6).
 */
#ifndef SHOKAI_LOG_H
#define SHOKAI_LOG_H

/* Where log lines go: NULL = stderr. The file is created mode 0600. Returns 0 or ERR_IO. */
int log_open(const char *path);
/* Writes "<UTC time> <event> key=value ..." from NULL-terminated key, value pairs.
   Values are escaped (control bytes as \xNN) and quoted when they hold spaces. */
void log_event(const char *event, ...) __attribute__((sentinel));

struct buf;
/* Appends s for a plain-text log line: control bytes and backslashes become
   \xNN, so one event is always one line. */
void log_esc(struct buf *b, const char *s);

#endif
