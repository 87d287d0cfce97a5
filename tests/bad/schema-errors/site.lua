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
    ["diem-den"] = {
      location = { type = "map", required = true,
                   bounds = { south = 21.3, west = 106.0, north = 22.5, east = 107.4 },
                   fields = { lat = { type = "number", required = true, min = -90, max = 90 },
                              lon = { type = "number", required = true, min = -180, max = 180 } } },
      rating = { type = "int", min = 1 },
    },
  },
}
