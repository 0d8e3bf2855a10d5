/*
 * log.c: structured one-line log records (see log.h).
 */
#include "log.h"
#include "buf.h"
#include "err.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void
log_esc(struct buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == '\\') {
            char enc[4] = {'\\', 'x', hex[*p >> 4], hex[*p & 15]};
            buf_append(b, enc, 4);
        } else {
            buf_putc(b, (char)*p);
        }
    }
}

static int log_fd = 2;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

int
log_open(const char *path)
{
    if (!path)
        return 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return ERR_IO;
    fchmod(fd, 0600);
    log_fd = fd;
    return 0;
}

void
log_event(const char *event, ...)
{
    struct buf line;
    buf_init(&line, 16384);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    buf_printf(&line, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ ", tm.tm_year + 1900, tm.tm_mon + 1,
               tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
    log_esc(&line, event);
    va_list ap;
    va_start(ap, event);
    const char *key;
    while ((key = va_arg(ap, const char *)) != NULL) {
        const char *val = va_arg(ap, const char *);
        buf_putc(&line, ' ');
        buf_puts(&line, key);
        buf_putc(&line, '=');
        if (!val)
            val = "-";
        bool quote = !*val || strpbrk(val, " \"") != NULL;
        if (quote)
            buf_putc(&line, '"');
        for (const char *p = val; *p; p++) {
            if (*p == '"') {
                buf_puts(&line, "\\x22");
            } else {
                char one[2] = {*p, 0};
                log_esc(&line, one);
            }
        }
        if (quote)
            buf_putc(&line, '"');
    }
    va_end(ap);
    buf_putc(&line, '\n');
    if (!buf_err(&line)) {
        pthread_mutex_lock(&log_lock);
        ssize_t w = write(log_fd, line.data, line.len);
        (void)w;
        pthread_mutex_unlock(&log_lock);
    }
    buf_cleanup(&line);
}
