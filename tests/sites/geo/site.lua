-- Fixture: the geo helpers of the layout prelude (great-circle distance,
-- nearest places, bounds, projection, SVG path, scale bar, marker spreading),
-- printed as numbers so that the golden file shows any change.
return {
  title = "Địa lý",
  base_url = "https://example.org/",
  search = false,
}
