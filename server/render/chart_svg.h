/*
 * chart_svg.h: horizontal bar charts as inline SVG, like the published slides.
 *
 * Accessible without JavaScript: role="img" with <title> and <desc> naming
 * every value, and the same numbers are always shown in a table next to it.
 * Only presentation attributes are used (the CSP forbids inline styles).
 */
#ifndef SHOKAI_CHART_SVG_H
#define SHOKAI_CHART_SVG_H

#include <stddef.h>
#include <stdint.h>

struct buf;

struct chart_bar {
    const char *label;
    int64_t value;
};

/* Appends an <svg>. scale_max is the value of a full-width bar (0 = the
   largest value); id must be unique in the page (for aria-labelledby). */
void chart_svg_bars(struct buf *b, const char *id, const char *title, const struct chart_bar *bars,
                    size_t n, int64_t scale_max);

/* A heat map: rows × columns of percentages (a negative value: no data),
   each cell shaded by its value and labelled with it. */
void chart_svg_heatmap(struct buf *b, const char *id, const char *title, const char *const *rows,
                       size_t n_rows, const char *const *cols, size_t n_cols, const double *values);

#endif
