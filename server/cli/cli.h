/*
 * cli.h: the subcommands of the shokai binary, and their shared option parsing.
 */
#ifndef SHOKAI_CLI_H
#define SHOKAI_CLI_H

#include <stdbool.h>
#include <stddef.h>

struct db;

/* A parsed command line: --name value pairs and --flags after the subcommand. */
struct cli_args {
    int n;
    const char *names[32];
    const char *values[32]; /* NULL for a flag */
};

/* Parses argv against the allowed option names; "name=" in `valued` marks
   options that take a value. Prints a one-line message and returns false on
   an unknown option or a missing value. */
bool cli_parse(int argc, char **argv, const char *const *valued, const char *const *flags,
               struct cli_args *out);
const char *cli_get(const struct cli_args *a, const char *name);
bool cli_flag(const struct cli_args *a, const char *name);
/* Opens --db for a command; prints a clear error when missing or unreadable. */
int cli_open_db(const char *path, bool create, struct db **out);
/* Reads one line from standard input (no newline) into out. */
bool cli_read_line(char *out, unsigned outlen);

int cmd_migrate(int argc, char **argv);
int cmd_seed(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_survey(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_health(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);

/* Reads a whole file of at most max bytes (NUL-terminated); caller frees.
   Prints why and returns NULL on failure. */
char *cli_read_file(const char *path, size_t max, size_t *len);

#endif
