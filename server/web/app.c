/*
 * app.c: start-up data: compiled templates (see app.h).
 */
#include "app.h"
#include "assets.h"
#include "err.h"
#include "tpl.h"
#include "xmalloc.h"

#include <stdio.h>
#include <string.h>

static int
compile_one(const struct asset *a, void *arg)
{
    struct app *app = arg;
    const char *base = a->name + strlen("templates/");
    size_t n = strlen(base);
    if (n < 6 || strcmp(base + n - 5, ".html") != 0)
        return 0;
    char err[256];
    struct tpl *t = tpl_compile(a->name, (const char *)a->data, a->size, err, sizeof(err));
    if (!t) {
        fprintf(stderr, "shokai: template error: %s\n", err);
        return ERR_INPUT;
    }
    app->templates = xrealloc(app->templates, (app->n_templates + 1) * sizeof(*app->templates));
    char *name = xmalloc(n - 4);
    memcpy(name, base, n - 5);
    name[n - 5] = '\0';
    app->templates[app->n_templates].name = name;
    app->templates[app->n_templates].tpl = t;
    app->n_templates++;
    return 0;
}

int
app_load_templates(struct app *app)
{
    return assets_each("templates/", compile_one, app);
}

void
app_free(struct app *app)
{
    for (size_t i = 0; i < app->n_templates; i++) {
        free(app->templates[i].name);
        tpl_free(app->templates[i].tpl);
    }
    free(app->templates);
    app->templates = NULL;
    app->n_templates = 0;
}

const struct tpl *
app_template(const struct app *app, const char *name)
{
    for (size_t i = 0; i < app->n_templates; i++)
        if (strcmp(app->templates[i].name, name) == 0)
            return app->templates[i].tpl;
    return NULL;
}
