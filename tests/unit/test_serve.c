/* serve and watch: request paths, content types, bind addresses, editor
 * temp files. The server itself is tested by tests/serve.sh. */
#include "serve.h"
#include "watch.h"
#include "t.h"

static void paths(void)
{
    CHECK(serve_path_ok("/"));
    CHECK(serve_path_ok("/tin-tuc/hop-bao/"));
    CHECK(serve_path_ok("/css/site.css"));
    CHECK(serve_path_ok("/a..b/c.d"));            /* dots inside a name are fine */
    CHECK(serve_path_ok("/..."));                 /* three dots: a name, not a step up */
    CHECK(!serve_path_ok(""));
    CHECK(!serve_path_ok("tin-tuc/"));
    CHECK(!serve_path_ok("/.."));
    CHECK(!serve_path_ok("/../etc/passwd"));
    CHECK(!serve_path_ok("/tin-tuc/../../x"));
    CHECK(!serve_path_ok("/./x"));
    CHECK(!serve_path_ok("/x/."));
    CHECK(!serve_path_ok("/%2e%2e/x"));           /* still encoded */
    CHECK(!serve_path_ok("/%2E./x"));
    CHECK(!serve_path_ok("/.%2e/x"));
    CHECK(!serve_path_ok("/a\\..\\b"));
    CHECK(!serve_path_ok("/a\nb"));
    CHECK(!serve_path_ok("/a\x7f"));
}

static void types(void)
{
    CHECK_STR(serve_content_type("index.html"), "text/html; charset=utf-8");
    CHECK_STR(serve_content_type("/css/site.css"), "text/css; charset=utf-8");
    CHECK_STR(serve_content_type("/a/app.js"), "text/javascript; charset=utf-8");
    CHECK_STR(serve_content_type("/index.xml"), "application/xml; charset=utf-8");
    CHECK_STR(serve_content_type("/d.json"), "application/json");
    CHECK_STR(serve_content_type("/ban-do.geojson"), "application/geo+json");
    CHECK_STR(serve_content_type("/i.svg"), "image/svg+xml");
    CHECK_STR(serve_content_type("/i.PNG"), "image/png");
    CHECK_STR(serve_content_type("/i.jpg"), "image/jpeg");
    CHECK_STR(serve_content_type("/i.webp"), "image/webp");
    CHECK_STR(serve_content_type("/k.pdf"), "application/pdf");
    CHECK_STR(serve_content_type("/robots.txt"), "text/plain; charset=utf-8");
    CHECK_STR(serve_content_type("/a.b/noext"), "application/octet-stream");
}

static void binds(void)
{
    CHECK(serve_bind_ok("127.0.0.1"));
    CHECK(serve_bind_ok("0.0.0.0"));
    CHECK(serve_bind_ok("::1"));
    CHECK(serve_bind_ok("[::1]"));
    CHECK(serve_bind_ok("localhost"));
    CHECK(!serve_bind_ok("example.org"));
    CHECK(!serve_bind_ok("127.0.0.1:80"));
    CHECK(!serve_bind_ok(""));
}

static void temp_files(void)
{
    CHECK(watch_ignored_name(".hop-bao.md.swp"));
    CHECK(watch_ignored_name("hop-bao.md~"));
    CHECK(watch_ignored_name(".#hop-bao.md"));
    CHECK(watch_ignored_name("4913"));
    CHECK(watch_ignored_name("x.swx"));
    CHECK(!watch_ignored_name("hop-bao.md"));
    CHECK(!watch_ignored_name("site.lua"));
    CHECK(!watch_ignored_name("49130"));
}

int main(void)
{
    paths();
    types();
    binds();
    temp_files();
    return t_done();
}
