-- Fixture: a small portal built with the portal's own layouts, interface
-- strings and static files (layout_path, i18n_path, static_path), so its
-- golden output follows every change of them. One plan with tasks in every
-- status (one overdue at the build date of the tests, 2026-11-23), one policy
-- with a PDF attachment, two news posts, three agencies, two sectors, both
-- languages, under a base path (/cong/).
return {
  title = "Cổng thử nghiệm lộ trình",
  base_url = "https://example.org/cong/",
  timezone = "+07:00",
  paginate = 10,
  layout_path = { "../../../layouts" },
  static_path = { "../../../static" },
  i18n_path = { "../../../i18n" },

  languages = {
    {
      code = "vi", name = "Tiếng Việt", weight = 1, root = true,
      title = "Cổng thử nghiệm lộ trình", locale = "vi_VN",
      description = "Trang thử nghiệm của bộ layout cổng lộ trình: một kế hoạch, một văn bản, hai tin.",
      org = "Ủy ban nhân dân tỉnh Thử",
    },
    {
      code = "en", name = "English", weight = 2,
      title = "Roadmap test portal", locale = "en_GB",
      description = "A test site for the roadmap portal's layouts: one plan, one document, two news posts.",
      org = "Provincial People's Committee of Thử",
    },
  },

  taxonomies = { sectors = { vi = "linh-vuc", en = "sectors" } },
  feeds = { items = 20 },

  schemas = {
    ["ke-hoach"] = {
      title = { type = "string", required = true },
      period = { type = "string", required = true },
      sectors = { type = "list", ref = "sectors" },
      doc = { type = "map", required = true, fields = {
        number = { type = "string", required = true },
        issuer = { type = "string", required = true, ref = "agencies" },
        issued = { type = "date" },
        abstract = { type = "string", required = true },
      } },
      results = { type = "list", items = { type = "map", fields = {
        as_of = { type = "period", required = true },
        text = { type = "string", required = true },
      } } },
      tasks = { type = "list", required = true, items = { type = "map", fields = {
        id = { type = "string", required = true },
        lead = { type = "string", required = true, ref = "agencies" },
        partners = { type = "list", ref = "agencies" },
        sectors = { type = "list", ref = "sectors" },
        due = { type = "period", required = true },
        status = { type = "string", required = true,
                   allowed = { "planned", "in-progress", "done", "cancelled" } },
      } } },
    },
    ["chinh-sach"] = {
      doc = { type = "map", required = true, fields = {
        number = { type = "string", required = true },
        issued = { type = "date" },
        effective = { type = "date" },
        abstract = { type = "string", required = true },
      } },
    },
  },

  derive = function(ctx)
    local out = {}
    for _, a in ipairs(ctx.data.agencies or {}) do
      for _, lang in ipairs(ctx.languages) do
        out[#out + 1] = {
          section = "co-quan", name = a.id, lang = lang, slug = a.id,
          title = a.name[lang] or a.name.vi, translationKey = "agency-" .. a.id,
          agency = a.id, feed = false,
        }
      end
    end
    return out
  end,

  menus = {
    main = {
      { label = "nav_plans", section = "ke-hoach" },
      { label = "nav_roadmap", section = "lo-trinh" },
      { label = "nav_targets", section = "chi-tieu" },
      { label = "nav_agencies", section = "co-quan" },
      { label = "nav_sectors", taxonomy = "sectors" },
      { label = "nav_policies", section = "chinh-sach" },
      { label = "nav_news", section = "tin-tuc" },
    },
    footer = {
      { label = "footer_about", page = "gioi-thieu.md" },
      { label = "footer_organisation", page = "co-cau-to-chuc.md" },
    },
  },

  params = {
    roadmap = { from = 2025, to = 2035, phases_from = "ke-hoach/ke-hoach-thu/index.md" },
    home = { deadlines = 3, news = 5, targets = 4 },
    og_image = {
      src = "/images/og-lang-son.png", width = 1200, height = 630,
      alt = { vi = "Ảnh chia sẻ mặc định", en = "Default sharing picture" },
    },
  },
}
