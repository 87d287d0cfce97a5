-- Fixture: untranslated = "fallback" with three languages. Each fallback
-- copy lists only real versions as its translations (never another copy,
-- never a copy of another page), and no real page lists a copy.
return {
  title = "Ba ngôn ngữ",
  base_url = "https://example.org/",
  timezone = "+07:00",
  untranslated = "fallback",
  languages = {
    { code = "vi", name = "Tiếng Việt", weight = 1 },
    { code = "en", name = "English", weight = 2 },
    { code = "fr", name = "Français", weight = 3 },
  },
}
