/*
 * print_html.h: a blank 調査票 to print (A4) for 決裁: every question in
 * order, options as ☐, text as lined boxes, table questions as empty grids.
 */
#ifndef SHOKAI_PRINT_HTML_H
#define SHOKAI_PRINT_HTML_H

#include "survey.h"

struct buf;

/* Appends the sections and questions of s as printable HTML. */
void print_html_blank(struct buf *b, const struct survey *s);

#endif
