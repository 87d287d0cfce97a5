-- Fixture: three destinations rendered by the portal's own destination
-- layouts (layouts/diem-den/, partials/dest-map.html, partials/lib.html) through
-- layout_path, with the portal's strings (i18n_path); this folder only has a
-- small page frame, home and 404. Golden
-- output: the map page, the destination pages with their JSON-LD, the
-- GeoJSON of each language, term pages and feeds, and the photo sizes.
return {
  title = "Điểm đến thử",
  base_url = "https://example.org/dulich/",
  timezone = "+07:00",
  layout_path = { "layouts", "../../../layouts" },
  i18n_path = { "../../../i18n" },   -- the portal's interface strings
  languages = {
    { code = "vi", name = "Tiếng Việt", title = "Điểm đến thử", weight = 1 },
    { code = "en", name = "English", title = "Test destinations", weight = 2 },
  },
  taxonomies = {
    categories = { vi = "loai-hinh", en = "categories" },
    communes = { vi = "xa-phuong", en = "communes" },
  },
  outputs = { ["diem-den"] = { "geojson" } },
  images = { widths = { 160, 240 }, quality = 70 },
  schemas = {
    ["diem-den"] = {
      location = { type = "map", required = true,
                   bounds = { south = 21.3, west = 106.05, north = 22.5, east = 107.4 },
                   fields = { lat = { type = "number", required = true }, lon = { type = "number", required = true } } },
      photos = { type = "list", items = { type = "map", fields = {
        src = { type = "string", required = true }, alt = { type = "string", required = true } } } },
    },
  },
  params = { tourism = { nearest = 2, region = "Lạng Sơn", country = "VN" } },
}
