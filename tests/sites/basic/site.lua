-- Fixture: a small bilingual site used by the golden tests.
return {
  title = "Cổng thử nghiệm",
  base_url = "https://example.org/",
  timezone = "+07:00",
  paginate = 2,
  languages = {
    { code = "vi", name = "Tiếng Việt", title = "Cổng thử nghiệm", weight = 1 },
    { code = "en", name = "English", title = "Test portal", weight = 2 },
  },
  taxonomies = { sectors = { vi = "linh-vuc", en = "sectors" } },
  params = { org = "Tỉnh <Thử>" },
  -- an extra output format: the news list also as JSON (layouts/_default/list.json)
  outputs = { ["tin-tuc"] = { "json" } },
  -- the search index split into small shards, so that splitting is tested
  search = { shard_size = 300, summary = 60 },
  -- photo sizes for image()/picture() (the fixture photo is 320 px wide)
  images = { widths = { 160, 240, 480 }, quality = 70 },
}
