-- Fixture: untranslated pages shown in the default language with a notice,
-- and a page saved in NFD that must build exactly like its NFC twin.
return {
  title = "Thử dịch",
  base_url = "https://example.org/cong/",
  untranslated = "fallback",
  layout_path = { "layouts", "../basic/layouts" },  -- shares the basic fixture's layouts
  redirects = { file = "_redirects", format = "netlify" },
  languages = {
    { code = "vi", name = "Tiếng Việt", weight = 1 },
    { code = "en", name = "English", weight = 2, formats = { long = "{monthname} {day}, {year}" } },
  },
}
