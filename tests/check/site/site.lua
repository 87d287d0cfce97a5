-- Fixture for `lotrinh check`: a site built by the tests whose pages hold
-- deliberate mistakes (tests/check/expected.txt lists every finding).
-- The base path /cong/ tests links written with and without it.
return {
  title = "Kiểm tra",
  base_url = "https://example.org/cong/",
  languages = { { code = "vi", name = "Tiếng Việt" }, { code = "en", name = "English" } },
}
