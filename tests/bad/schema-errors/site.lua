return {
  title = "Thử",
  base_url = "https://example.org/",
  languages = { { code = "vi", name = "Tiếng Việt" }, { code = "en", name = "English" } },
  schemas = {
    ["ke-hoach"] = {
      tasks = { type = "list", required = true, items = { type = "map", fields = {
        id = { type = "string", required = true },
        lead = { type = "string", required = true, ref = "agencies" },
        due = { type = "period", required = true },
        status = { type = "string", required = true,
                   allowed = { "planned", "in-progress", "done", "cancelled" } },
      } } },
    },
  },
}
