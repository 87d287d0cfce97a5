-- Lộ trình đổi mới công nghệ tỉnh Lai Châu: a second example site for lotrinh.
-- It shows that the generator and the portal's layouts are not tied to Lạng Sơn:
-- the layouts come from ../../layouts (layout_path) and the interface strings
-- from ../../i18n (i18n_path, with this site's few changes first), while the
-- configuration, data and content are this site's own.
-- Content: Kế hoạch xây dựng lộ trình đổi mới công nghệ các ngành kinh tế mũi
-- nhọn của tỉnh Lai Châu đến năm 2035 (UBND tỉnh Lai Châu).
return {
  title = "Lộ trình đổi mới công nghệ tỉnh Lai Châu",
  base_url = "https://lotrinh.laichau.example/",
  timezone = "+07:00",
  paginate = 10,

  -- This site's folder first (for any local override), then the portal's layouts.
  layout_path = { "layouts", "../../layouts" },
  static_path = { "static", "../../static" },   -- the portal's CSS, shared
  i18n_path = { "i18n", "../../i18n" },         -- this site's strings first, then the portal's

  languages = {
    {
      code = "vi", name = "Tiếng Việt", weight = 1, root = true,
      title = "Lộ trình đổi mới công nghệ tỉnh Lai Châu",
      locale = "vi_VN",
      description = "Trang thông tin công khai về kế hoạch xây dựng lộ trình đổi mới công nghệ các ngành kinh tế mũi nhọn của tỉnh Lai Châu đến năm 2035: nhiệm vụ, thời hạn, cơ quan chủ trì, cơ quan phối hợp và tiến độ.",
      org = "Ủy ban nhân dân tỉnh Lai Châu",
    },
    {
      code = "en", name = "English", weight = 2,
      title = "Lai Châu Technology Innovation Roadmap",
      locale = "en_GB",
      description = "Public information on Lai Châu province's plan to build a technology-innovation roadmap for its key economic sectors to 2035: tasks, deadlines, lead and partner agencies, and progress.",
      org = "Lai Châu Provincial People's Committee",
    },
  },

  taxonomies = { sectors = { vi = "linh-vuc", en = "sectors" } },

  feeds = { items = 20 },
  markdown = { smart = false },

  -- Menus, read by the portal's layouts (menu() in partials/lib.html). Entries
  -- whose page does not exist are left out.
  menus = {
    main = {
      { label = "nav_plans", section = "ke-hoach" },
      { label = "nav_roadmap", section = "lo-trinh" },
      { label = "nav_targets", section = "chi-tieu" },
      { label = "nav_agencies", section = "co-quan" },
      { label = "nav_sectors", taxonomy = "sectors" },
      { label = "nav_news", section = "tin-tuc" },
    },
    footer = {
      { label = "footer_about", page = "gioi-thieu.md" },
    },
  },

  params = {
    -- The roadmap timeline (/lo-trinh/): its time axis and the plan whose
    -- phases are drawn along it.
    roadmap = {
      from = 2026,
      to = 2035,
      phases_from = "ke-hoach/lo-trinh-doi-moi-cong-nghe/index.md",
    },
    home = { deadlines = 6, news = 5, targets = 6 },
  },
}
