return {
  title = "Thử",
  base_url = "https://example.org/"
  languages = {},
}
