/*
 * qr_svg.h: a QR code as inline SVG, for an authenticator app to scan
 * (the second factor's enrolment page), encoded by Debian's libqrencode.
 */
#ifndef SHOKAI_QR_SVG_H
#define SHOKAI_QR_SVG_H

struct buf;

/* Appends an <svg> of text as a QR code (error correction level M) with the
   accessible name label. Returns 0, or -1 when text cannot be encoded (then
   nothing is appended). */
int qr_svg(struct buf *b, const char *text, const char *label);

#endif
