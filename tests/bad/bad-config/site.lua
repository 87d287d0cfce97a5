return {
  title = "Thử",
  base_url = "https://example.org/",
  static_path = "static",
  i18n_path = { "i18n", 42 },
  redirects = { file = "../pwned", format = "apache" },
  schemas = { ["tin-tuc"] = { date = { type = "datum" } } },
  untranslated = "maybe",
  outputs = { ["tin-tuc"] = { "html", "../x" }, home = 3 },
}
