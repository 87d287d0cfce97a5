-- Fixture: untranslated pages shown in the default language with a notice,
-- and a page saved in NFD that must build exactly like its NFC twin.
return {
  title = "Thử dịch",
  base_url = "https://example.org/cong/",
  untranslated = "fallback",
  layout_path = { "layouts", "../basic/layouts" },  -- shares the basic fixture's layouts
  redirects = { file = "_redirects", format = "netlify" },
  -- one derived page per language, with no Markdown file
  derive = function(ctx)
    local out = {}
    for _, lang in ipairs(ctx.languages) do
      out[#out + 1] = { section = "tin-tuc", name = "tong-hop", lang = lang,
                        title = lang == "vi" and "Tổng hợp" or "Summary",
                        translationKey = "digest", date = "2026-03-16",
                        body = "Có " .. #ctx.pages .. " trang nguồn." }
    end
    return out
  end,
  languages = {
    { code = "vi", name = "Tiếng Việt", weight = 1 },
    { code = "en", name = "English", weight = 2, formats = { long = "{monthname} {day}, {year}" } },
  },
}
