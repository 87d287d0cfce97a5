-- Fixture: period parsing, wording in both languages, and the overdue rule
-- against the fixed build date of the golden tests (2026-11-23).
return {
  title = "Thời hạn",
  base_url = "https://example.org/",
  languages = { { code = "vi", name = "Tiếng Việt" }, { code = "en", name = "English" } },
  search = false,   -- no search index is written
}
