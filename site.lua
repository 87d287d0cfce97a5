-- Lộ trình đổi mới công nghệ tỉnh Lạng Sơn: site configuration (docs/site-lua.md).
-- Everything the layouts show in a given language comes from here, from
-- i18n/<lang>.yaml or from content/ and data/; the layouts hold no text of their own.

-- The box around Lạng Sơn province (degrees), a little wider than its
-- published extent (21°19'–22°27' N, 106°06'–107°21' E) and than the outline
-- in data/province.yaml. A destination outside it is a mistake in its location.
local PROVINCE = { south = 21.30, west = 106.05, north = 22.50, east = 107.40 }

-- The kinds of destination (ids; their names are in data/categories.yaml).
local CATEGORIES = { "cultural-historical", "ecological", "experience", "border-gate", "cuisine" }

return {
  title = "Lộ trình đổi mới công nghệ tỉnh Lạng Sơn",
  base_url = "https://lotrinh.langson.gov.vn/",
  timezone = "+07:00",
  paginate = 10,

  languages = {
    {
      code = "vi", name = "Tiếng Việt", weight = 1, root = true,
      title = "Lộ trình đổi mới công nghệ tỉnh Lạng Sơn",
      locale = "vi_VN",
      description = "Cổng thông tin công khai về lộ trình đổi mới công nghệ, các kế hoạch khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số của tỉnh Lạng Sơn: nhiệm vụ, thời hạn, cơ quan chủ trì, chỉ tiêu và tiến độ.",
      org = "Ủy ban nhân dân tỉnh Lạng Sơn",
    },
    {
      code = "en", name = "English", weight = 2,
      title = "Lạng Sơn Technology Innovation Roadmap",
      locale = "en_GB",
      description = "The public portal of Lạng Sơn province's technology-innovation roadmap and its plans for science, technology, innovation and digital transformation: tasks, deadlines, lead agencies, targets and progress.",
      org = "Lạng Sơn Provincial People's Committee",
    },
  },

  -- Term names come from data/<key>.yaml (sectors, categories, communes).
  taxonomies = {
    sectors = { vi = "linh-vuc", en = "sectors" },
    categories = { vi = "loai-hinh", en = "categories" },   -- destinations by kind
    communes = { vi = "xa-phuong", en = "communes" },       -- destinations by commune or ward
  },

  feeds = { items = 20 },

  -- The destinations' list page is also written as GeoJSON, in each language
  -- (/diem-den/index.geojson, /en/destinations/index.geojson), by
  -- layouts/diem-den/list.geojson.
  outputs = { ["diem-den"] = { "geojson" } },
  markdown = { smart = false },

  -- Menus. An entry points at a section (its list page, in the page's
  -- language), at the taxonomy `taxonomy`, or at a content file `page`
  -- (as getpage() takes it). Its label is the i18n key `label`. Entries whose
  -- page does not exist (yet) are left out, so the menu never has a dead link.
  -- Front matter schemas per section: checked before anything is built, so
  -- a task without its lead unit or with a status outside the list is an
  -- error at its file:line:column. Types: string int number bool date period
  -- list map any; `ref` names a data file whose items' ids are allowed.
  schemas = {
    ["ke-hoach"] = {
      title = { type = "string", required = true },
      translationKey = { type = "string", required = true },
      period = { type = "string", required = true },
      sectors = { type = "list", ref = "sectors" },
      agencies = { type = "list", ref = "agencies" },
      doc = { type = "map", required = true, fields = {
        number = { type = "string", required = true },
        type = { type = "string" },
        issuer = { type = "string", required = true, ref = "agencies" },
        signer = { type = "string" },
        issued = { type = "date" },
        effective = { type = "date" },
        abstract = { type = "string", required = true },
        file = { type = "string" },
        file_title = { type = "string" },
      } },
      phases = { type = "list", items = { type = "map", fields = {
        name = { type = "string", required = true },
        period = { type = "period", required = true },
      } } },
      tasks = { type = "list", required = true, items = { type = "map", fields = {
        id = { type = "string", required = true },
        title = { type = "string", required = true },
        lead = { type = "string", required = true, ref = "agencies" },
        partners = { type = "list", ref = "agencies" },
        sectors = { type = "list", ref = "sectors" },
        start = { type = "period" },
        due = { type = "period", required = true },
        status = { type = "string", required = true,
                   allowed = { "planned", "in-progress", "done", "cancelled" } },
      } } },
      -- implementation reports: when (a period such as 2026-03), what, where from
      results = { type = "list", items = { type = "map", fields = {
        as_of = { type = "period", required = true },
        text = { type = "string", required = true },
        source = { type = "string" },
      } } },
      targets = { type = "list", items = { type = "map", fields = {
        name = { type = "string", required = true },
        unit = { type = "string" },
        target = { type = "map", required = true, fields = {
          value = { type = "number", required = true },
          year = { type = "int", required = true },
        } },
      } } },
    },
    ["chinh-sach"] = {
      title = { type = "string", required = true },
      translationKey = { type = "string", required = true },
      sectors = { type = "list", ref = "sectors" },
      doc = { type = "map", required = true, fields = {
        number = { type = "string", required = true },
        type = { type = "string" },
        issuer = { type = "string", required = true },
        issued = { type = "date" },
        effective = { type = "date" },
        abstract = { type = "string", required = true },
        file = { type = "string" },
        file_title = { type = "string" },
      } },
    },
    ["tin-tuc"] = {
      title = { type = "string", required = true },
      date = { type = "date", required = true },
      sectors = { type = "list", ref = "sectors" },
    },
    -- Tourist destinations (content/diem-den/<slug>/index.vi.md + index.en.md
    -- + photos; start one with `lotrinh new diem-den/<slug>`). Fields are
    -- described in docs/front-matter.md#destinations.
    ["diem-den"] = {
      title = { type = "string", required = true },
      description = { type = "string", required = true },
      date = { type = "date", required = true },
      checked = { type = "date" },
      featured = { type = "bool" },
      categories = { type = "list", required = true, items = { type = "string", allowed = CATEGORIES } },
      communes = { type = "string", required = true, ref = "communes" },
      -- a location outside the province's box is a warning at its line
      location = { type = "map", required = true, bounds = PROVINCE, fields = {
        lat = { type = "number", required = true, min = -90, max = 90 },
        lon = { type = "number", required = true, min = -180, max = 180 },
      } },
      address = { type = "string", required = true },
      hours = { type = "list", items = { type = "map", fields = {
        days = { type = "list", required = true, items = { type = "string",
                 allowed = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" } } },
        opens = { type = "string", required = true },
        closes = { type = "string", required = true },
      } } },
      hours_note = { type = "string" },
      tickets = { type = "map", required = true, fields = {
        free = { type = "bool", required = true },
        note = { type = "string" },
      } },
      season = { type = "string", required = true },
      photos = { type = "list", required = true, items = { type = "map", fields = {
        src = { type = "string", required = true },
        alt = { type = "string", required = true },
        caption = { type = "string" },
      } } },
      accessibility = { type = "string", required = true },
      specialties = { type = "list", ref = "specialties" },
    },
  },

  -- Derived pages: one page per agency of data/agencies.yaml, in every
  -- language, listing the tasks it leads and supports (layouts/co-quan/single.html).
  derive = function(ctx)
    local out = {}
    for _, a in ipairs(ctx.data.agencies or {}) do
      for _, lang in ipairs(ctx.languages) do
        local name = type(a.name) == "table" and (a.name[lang] or a.name.vi) or a.name
        out[#out + 1] = {
          section = "co-quan", name = a.id, lang = lang, slug = a.id,
          title = name, translationKey = "agency-" .. a.id, agency = a.id,
          feed = false,   -- a directory entry, not news: in no RSS feed
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
      { label = "nav_destinations", section = "diem-den" },
      { label = "nav_search", section = "tim-kiem" },
    },
    footer = {
      { label = "footer_about", page = "gioi-thieu.md" },
      { label = "footer_organisation", page = "co-cau-to-chuc.md" },
      { label = "footer_accessibility", page = "tro-nang.md" },
    },
  },

  params = {
    -- The roadmap timeline (/lo-trinh/): its time axis and the plan whose
    -- phases are drawn along it.
    roadmap = {
      from = 2025,
      to = 2035,
      phases_from = "ke-hoach/lo-trinh-2035/index.md",
    },
    -- How many items the home page shows in each of its lists.
    home = { deadlines = 6, news = 5, targets = 6, destinations = 4 },
    -- Destination maps and open data (layouts/diem-den/, partials/dest-map.html).
    tourism = {
      bounds = PROVINCE,
      nearest = 4,        -- how many nearest destinations a destination page lists
      region = "Lạng Sơn",
      country = "VN",
    },
    -- The picture shared with links to the portal (og:image) when a page has
    -- no `image` of its own. Made by scripts/make-og-image.sh.
    og_image = {
      src = "/images/og-lang-son.png", width = 1200, height = 630,
      alt = {
        vi = "Lộ trình đổi mới công nghệ tỉnh Lạng Sơn: trục thời gian 2025 – 2035 với ba giai đoạn",
        en = "Lạng Sơn Technology Innovation Roadmap: a 2025–2035 time axis in three phases",
      },
    },
  },
}
