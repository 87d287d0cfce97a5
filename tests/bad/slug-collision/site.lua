return {
  title = "Thử",
  base_url = "https://example.org/",
  slugs = "title",
  languages = { { code = "vi", name = "Tiếng Việt" }, { code = "en", name = "English" } },
}
