/*
 * chart_svg.c: bar charts as SVG (see chart_svg.h).
 */
#include "chart_svg.h"
#include "buf.h"
#include "html.h"

/* Narrow enough to be drawn at its own size (14 px labels) in a small
   multiple's box and on a 390 px phone; style.css never scales it below. */
#define CHART_WIDTH 340
#define LABEL_WIDTH 130
#define VALUE_WIDTH 40
#define BAR_HEIGHT 22
#define BAR_GAP 8
#define TOP 8

/* An <svg> of width × height for assistive technology: labelled by its
   <title> (id), which says title. */
static void
svg_open(struct buf *b, const char *id, const char *title, long width, long height)
{
    html_lit(
        b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 ");
    html_int(b, width);
    html_lit(b, " ");
    html_int(b, height);
    html_lit(b, "\" width=\"");
    html_int(b, width);
    html_lit(b, "\" height=\"");
    html_int(b, height);
    html_lit(b, "\"");
    html_attr(b, "aria-labelledby", id);
    html_lit(b, "><title");
    html_attr(b, "id", id);
    html_lit(b, ">");
    html_esc(b, title);
    html_lit(b, "</title>");
}

void
chart_svg_bars(struct buf *b, const char *id, const char *title, const struct chart_bar *bars,
               size_t n, int64_t scale_max)
{
    if (scale_max <= 0)
        for (size_t i = 0; i < n; i++)
            if (bars[i].value > scale_max)
                scale_max = bars[i].value;
    if (scale_max <= 0)
        scale_max = 1;
    long height = TOP * 2 + (long)n * (BAR_HEIGHT + BAR_GAP);
    long bar_room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    svg_open(b, id, title, CHART_WIDTH, height);
    html_lit(b, "<desc>");
    for (size_t i = 0; i < n; i++) {
        if (i)
            html_lit(b, "、");
        html_esc(b, bars[i].label);
        html_lit(b, " ");
        html_int(b, bars[i].value);
    }
    html_lit(b, "</desc>\n");
    for (size_t i = 0; i < n; i++) {
        long y = TOP + (long)i * (BAR_HEIGHT + BAR_GAP);
        long w = (long)(bars[i].value * bar_room / scale_max);
        html_lit(b, "<text x=\"");
        html_int(b, LABEL_WIDTH - 8);
        html_lit(b, "\" y=\"");
        html_int(b, y + BAR_HEIGHT - 6);
        html_lit(b, "\" text-anchor=\"end\" font-size=\"14\" fill=\"#1a1a1a\">");
        html_esc(b, bars[i].label);
        html_lit(b, "</text><rect x=\"");
        html_int(b, LABEL_WIDTH);
        html_lit(b, "\" y=\"");
        html_int(b, y);
        html_lit(b, "\" width=\"");
        html_int(b, w);
        html_lit(b, "\" height=\"");
        html_int(b, BAR_HEIGHT);
        html_lit(b, "\" fill=\"#0017c1\"/><text x=\"");
        html_int(b, LABEL_WIDTH + w + 6);
        html_lit(b, "\" y=\"");
        html_int(b, y + BAR_HEIGHT - 6);
        html_lit(b, "\" font-size=\"14\" fill=\"#1a1a1a\">");
        html_int(b, bars[i].value);
        html_lit(b, "</text>\n");
    }
    html_lit(b, "</svg>\n");
}

#define HEAT_LABEL_WIDTH 230
#define HEAT_CELL_WIDTH 84
#define HEAT_CELL_HEIGHT 28
#define HEAT_HEAD 30

void
chart_svg_heatmap(struct buf *b, const char *id, const char *title, const char *const *rows,
                  size_t n_rows, const char *const *cols, size_t n_cols, const double *values)
{
    /* Five bands from light to dark; text switches to white where it keeps AA contrast. */
    static const char *const fills[] = {"#fdeeee", "#f6c7c7", "#c5d7fb", "#3460fb", "#0031d8"};
    long width = HEAT_LABEL_WIDTH + (long)n_cols * HEAT_CELL_WIDTH;
    long height = HEAT_HEAD + (long)n_rows * HEAT_CELL_HEIGHT;
    svg_open(b, id, title, width, height);
    html_lit(b, "<desc>同じ数値を次の表に示します。</desc>\n");
    for (size_t c = 0; c < n_cols; c++) {
        html_lit(b, "<text x=\"");
        html_int(b, HEAT_LABEL_WIDTH + (long)c * HEAT_CELL_WIDTH + HEAT_CELL_WIDTH / 2);
        html_lit(b, "\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" fill=\"#1a1a1a\">");
        html_esc(b, cols[c]);
        html_lit(b, "</text>\n");
    }
    for (size_t r = 0; r < n_rows; r++) {
        long y = HEAT_HEAD + (long)r * HEAT_CELL_HEIGHT;
        html_lit(b, "<text x=\"");
        html_int(b, HEAT_LABEL_WIDTH - 8);
        html_lit(b, "\" y=\"");
        html_int(b, y + 19);
        html_lit(b, "\" text-anchor=\"end\" font-size=\"14\" fill=\"#1a1a1a\">");
        html_esc(b, rows[r]);
        html_lit(b, "</text>\n");
        for (size_t c = 0; c < n_cols; c++) {
            double v = values[r * n_cols + c];
            int band = v < 0 ? -1 : v < 20 ? 0 : v < 40 ? 1 : v < 60 ? 2 : v < 80 ? 3 : 4;
            long x = HEAT_LABEL_WIDTH + (long)c * HEAT_CELL_WIDTH;
            html_lit(b, "<rect x=\"");
            html_int(b, x + 1);
            html_lit(b, "\" y=\"");
            html_int(b, y + 1);
            html_lit(b, "\" width=\"");
            html_int(b, HEAT_CELL_WIDTH - 2);
            html_lit(b, "\" height=\"");
            html_int(b, HEAT_CELL_HEIGHT - 2);
            html_lit(b, "\"");
            html_attr(b, "fill", band < 0 ? "#f2f2f2" : fills[band]);
            html_lit(b, "/><text x=\"");
            html_int(b, x + HEAT_CELL_WIDTH / 2);
            html_lit(b, "\" y=\"");
            html_int(b, y + 19);
            html_lit(b, "\" text-anchor=\"middle\" font-size=\"14\"");
            html_attr(b, "fill", band >= 3 ? "#ffffff" : "#1a1a1a");
            html_lit(b, ">");
            if (band < 0) {
                html_lit(b, "-");
            } else {
                buf_printf(b, "%.1f", v);
            }
            html_lit(b, "</text>\n");
        }
    }
    html_lit(b, "</svg>\n");
}
