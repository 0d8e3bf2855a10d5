/*
 * test_local_path.c: local_path_or_root, the rule for every redirect target
 * (assessment issue #15, finding 3: "/%09/evil.example" left the site).
 */
#include "../tap.h"
#include "local_path.h"

static void
refused(const char *path, const char *why)
{
    is_str(local_path_or_root(path), "/", why);
}

static void
kept(const char *path, const char *why)
{
    is_str(local_path_or_root(path), path, why);
}

int
main(void)
{
    kept("/", "the root");
    kept("/surveys", "a plain path");
    kept("/surveys/r7-ikenshokai/responses/011002?saved=1&x=%E3%81%82", "a path with a query");
    kept("/results?scheme=kind6#top", "a query and a fragment");
    kept("/a/b/../c", "dots are the server's business, not another host");
    kept("/a b", "a space after the first segment's first character");
    kept("/%E3%81%82", "percent-encoded UTF-8");
    kept("/login?next=%2Fsurveys%2Fx", "an encoded next inside a query");
    kept("/a%2F%2Fb", "encoded slashes after the first character");
    kept("/\xe3\x81\x82", "raw UTF-8");

    refused(NULL, "NULL");
    refused("", "the empty string");
    refused("surveys", "no leading slash");
    refused("https://evil.example/", "an absolute URL");
    refused("//evil.example/x", "//host");
    refused("/\\evil.example/x", "/\\host");
    refused("\\/evil.example/x", "\\/host");
    refused("/\t/evil.example/x", "a tab after the slash (finding 3)");
    refused("/\r/evil.example", "CR after the slash");
    refused("/\n/evil.example", "LF after the slash");
    refused("/x\r\nSet-Cookie: a=b", "CR LF later on (header injection)");
    refused("/x\ty", "a tab anywhere");
    refused("/ /evil.example", "a space after the slash");
    refused("/\x7f/evil.example", "DEL after the slash");
    refused("/x\x7f", "DEL anywhere");
    refused("/\x01", "another control character");
    refused("/%09/evil.example/x", "/%09/: a tab after decoding");
    refused("/%0d/evil.example", "/%0d/");
    refused("/%0A/evil.example", "/%0A/");
    refused("/x%00", "%00 (NUL after decoding) anywhere");
    refused("/x%7F", "%7F anywhere");
    refused("/x%0ay", "%0a later on");
    refused("%2F%2Fevil.example", "%2F%2F: no raw leading slash");
    refused("/%2F/evil.example", "/%2F: // after decoding");
    refused("/%2fevil.example", "/%2f lower case");
    refused("/%5Cevil.example", "/%5C: /\\ after decoding");
    refused("/%5cevil.example", "/%5c lower case");
    refused("/%20/evil.example", "/%20: a space after decoding");
    refused("%2Fsurveys", "an encoded leading slash");
    kept("/%zz", "a % that is no escape is kept as it is");
    kept("/x%", "a % at the end");
    kept("/x%4", "a truncated escape");
    return done_testing();
}
