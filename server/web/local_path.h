/*
 * local_path.h: the one rule for a path we may redirect to (a login's
 * "next", every Location we send).
 */
#ifndef SHOKAI_LOCAL_PATH_H
#define SHOKAI_LOCAL_PATH_H

/* path when it is a path of this site, else "/". A path of this site starts
   with "/" followed by the end or a character that is not "/", "\", a space
   or a control character, and has no control character anywhere; the same
   must hold after percent-decoding it once more ("/%09/host", "/%5Chost").
   Browsers skip tabs and newlines and read "\" as "/", so anything else could
   send the user to another host. Pure: allocates nothing, returns path or a
   static "/". */
const char *local_path_or_root(const char *path);

#endif
