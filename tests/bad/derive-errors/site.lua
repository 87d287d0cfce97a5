return {
  title = "Thử",
  base_url = "https://example.org/",
  languages = { { code = "vi", name = "Tiếng Việt" }, { code = "en", name = "English" } },
  derive = function(ctx)
    return {
      { section = "tin-tuc", name = "ok", title = "Được" },
      { name = "no-section" },
      { section = "tin-tuc", name = "x", lang = "fr" },
      { section = "../..", name = "escape" },
      { section = "tin-tuc", name = "bad-date", date = "mai" },
    }
  end,
}
