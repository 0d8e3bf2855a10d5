/*
 * cli.c: option parsing shared by the subcommands (see cli.h).
 */
#include "cli.h"
#include "db.h"
#include "err.h"
#include "migrate.h"
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool
listed(const char *const *names, const char *name)
{
    for (; names && *names; names++)
        if (strcmp(*names, name) == 0)
            return true;
    return false;
}

bool
cli_parse(int argc, char **argv, const char *const *valued, const char *const *flags,
          struct cli_args *out)
{
    memset(out, 0, sizeof(*out));
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0) {
            fprintf(stderr, "shokai: unexpected argument '%s' (see --help)\n", arg);
            return false;
        }
        const char *name = arg + 2;
        if (out->n >= 32) {
            fprintf(stderr, "shokai: too many options\n");
            return false;
        }
        if (listed(valued, name)) {
            if (i + 1 >= argc) {
                fprintf(stderr, "shokai: --%s needs a value\n", name);
                return false;
            }
            out->names[out->n] = name;
            out->values[out->n++] = argv[++i];
        } else if (listed(flags, name)) {
            out->names[out->n] = name;
            out->values[out->n++] = NULL;
        } else {
            fprintf(stderr, "shokai: unknown option '%s' (see --help)\n", arg);
            return false;
        }
    }
    return true;
}

const char *
cli_get(const struct cli_args *a, const char *name)
{
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->names[i], name) == 0)
            return a->values[i];
    return NULL;
}

bool
cli_flag(const struct cli_args *a, const char *name)
{
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->names[i], name) == 0)
            return true;
    return false;
}

int
cli_open_db(const char *path, bool create, struct db **out)
{
    if (!path) {
        fprintf(stderr, "shokai: --db PATH is required\n");
        return ERR_INPUT;
    }
    int rc = db_open(path, create, out);
    if (rc == ERR_NOTFOUND)
        fprintf(stderr,
                "shokai: database %s does not exist (create it with: shokai migrate --db %s)\n",
                path, path);
    else if (rc)
        fprintf(stderr,
                "shokai: cannot open database %s (not a shokai database, or not readable)\n", path);
    return rc;
}

bool
cli_read_line(char *out, unsigned outlen)
{
    if (!fgets(out, (int)outlen, stdin))
        return false;
    size_t n = strlen(out);
    if (n && out[n - 1] == '\n')
        out[--n] = '\0';
    if (n && out[n - 1] == '\r')
        out[--n] = '\0';
    return true;
}

char *
cli_read_file(const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "shokai: cannot read %s\n", path);
        return NULL;
    }
    char *data = xmalloc(max + 1);
    *len = fread(data, 1, max + 1, f);
    fclose(f);
    if (*len > max) {
        fprintf(stderr, "shokai: %s is larger than %zu bytes\n", path, max);
        free(data);
        return NULL;
    }
    data[*len] = '\0';
    return data;
}
