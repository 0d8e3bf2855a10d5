/*
 * main.c: the shokai binary's subcommands (cgit cmd.c style).
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"serve", cmd_serve, "run the web server"},
    {"migrate", cmd_migrate, "create or upgrade a database"},
    {"seed", cmd_seed, "load the 団体 master and grouping schemes"},
    {"user", cmd_user, "add, list, disable accounts; change passwords"},
    {"survey", cmd_survey, "load survey definitions; list; set periods; reopen for a 団体"},
    {"import", cmd_import, "re-import the 団体 master from CSV"},
    {"routes", cmd_routes, "list every route with its roles"},
    {"backup", cmd_backup, "write a consistent copy of a live database"},
    {"restore", cmd_restore, "replace a database's content with a backup"},
    {"health", cmd_health, "check that a running server answers /healthz"},
};

static void
usage(FILE *f)
{
    fprintf(f, "usage: shokai <command> [options]   (shokai <command> --help)\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "shokai: unknown command '%s' (see shokai --help)\n", argv[1]);
    return 2;
}
