/*
 * qr_svg.c: QR codes as SVG paths (see qr_svg.h).
 */
#include "qr_svg.h"
#include "buf.h"
#include "html.h"

#include <qrencode.h>

#define QUIET_ZONE 4 /* modules of white around the code, as the standard asks */
#define PIXELS_PER_MODULE 5

int
qr_svg(struct buf *b, const char *text, const char *label)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return -1;
    long side = qr->width + 2 * QUIET_ZONE;
    html_lit(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" role=\"img\""
                " shape-rendering=\"crispEdges\" viewBox=\"0 0 ");
    html_int(b, side);
    html_lit(b, " ");
    html_int(b, side);
    html_lit(b, "\" width=\"");
    html_int(b, side * PIXELS_PER_MODULE);
    html_lit(b, "\" height=\"");
    html_int(b, side * PIXELS_PER_MODULE);
    html_lit(b, "\"");
    html_attr(b, "aria-label", label);
    html_lit(b, "><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1) { /* bit 0: a dark module */
                html_lit(b, "M");
                html_int(b, x + QUIET_ZONE);
                html_lit(b, " ");
                html_int(b, y + QUIET_ZONE);
                html_lit(b, "h1v1h-1z");
            }
    html_lit(b, "\"/></svg>");
    QRcode_free(qr);
    return 0;
}
