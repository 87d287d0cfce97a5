-- Base of every bad-input case: each case overlays files on this site.
return {
  title = "Thử",
  base_url = "https://example.org/",
  languages = { { code = "vi", name = "Tiếng Việt" }, { code = "en", name = "English" } },
  taxonomies = { sectors = "linh-vuc" },
}
