return {
  title = "Thử",
  base_url = "https://example.org/",
  outputs = { ["tin-tuc"] = { "json" } },
}
