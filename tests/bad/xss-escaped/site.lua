return {
  title = "Thử <script>alert('site')</script>",
  base_url = "https://example.org/",
  languages = { { code = "vi", name = "Tiếng Việt" }, { code = "en", name = "English" } },
  taxonomies = { sectors = "linh-vuc" },
  params = { org = "<script>alert('site-param')</script>" },
}
