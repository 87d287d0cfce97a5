-- lotrinh layout runtime: loaded into every layout Lua state before any
-- layout. Globals defined here are the helpers documented in docs/layouts.md.
-- C provides: _layout(name), _warn(msg), _getpage(path, lang), _pages_of(kind, lang, section),
-- _markdownify(s), _image(name, page_id), slugify(s), fold(s), _build_date.

local SAFE = { __name = "lotrinh.safe" }
SAFE.__tostring = function(s) return s[1] end
local DATE_NAME = "lotrinh.date"

function _safe(s) return setmetatable({ s }, SAFE) end
local function is_safe(v) return type(v) == "table" and getmetatable(v) == SAFE end


-- escape(s): the HTML-escaped text of s (a string).
local escape_html = _escape_html
function escape(s) return escape_html(tostring(s)) end

local function num_text(v)
  if math.type(v) == "integer" then return tostring(v) end
  if v == math.floor(v) and v > -1e15 and v < 1e15 then return string.format("%d", v) end
  return string.format("%.14g", v)
end

-- _esc(v): how {{ v }} writes a value.
function _esc(v)
  local t = type(v)
  if t == "string" then return escape_html(v) end
  if t == "nil" then return "" end
  if t == "number" then return num_text(v) end
  if t == "boolean" then return tostring(v) end
  if t == "table" then
    local mt = getmetatable(v)
    if mt == SAFE then return v[1] end
    if mt and mt.__name == DATE_NAME then return v.iso end
    if v._kind then return escape(v.url) end
    error("cannot write a table into the page; write one of its fields", 2)
  end
  error("cannot write a " .. t .. " into the page", 2)
end

-- raw(s): s as HTML, not escaped. Only for trusted HTML.
function raw(s)
  if is_safe(s) then return s end
  if s == nil then return _safe("") end
  return _safe(tostring(s))
end
is_html = is_safe

function _extend(name, b, args) return _layout(name)(b, args) end

-- partial(name, args): renders layouts/partials/<name>.html; args is visible as `args`.
function partial(name, args) return _layout("partials/" .. name)({}, args or {}) end

-- url(x): site-relative URL of a page, or of a path such as "/css/site.css".
function url(x)
  if type(x) == "table" then return x.url end
  x = tostring(x or "")
  if x:match("^%a[%w+.-]*:") or x:sub(1, 2) == "//" then return x end
  if x:sub(1, 1) == "/" then return site.base_path .. x:sub(2) end
  return x
end

-- absurl(x): the absolute URL (with base_url) of a page or path.
function absurl(x)
  local u = url(x)
  if u:match("^%a[%w+.-]*:") then return u end
  return site.base_url .. u
end

local function lang_of(l) return l or (page and page.lang) or site.language.code end

local function lang_cfg(code)
  for _, l in ipairs(site.languages) do if l.code == code then return l end end
  return site.language
end

-- t(key, ...): interface string of the current page's language from
-- i18n/<lang>.yaml; {1}, {2} ... are replaced by the extra arguments.
function t(key, ...)
  local lang = lang_of(nil)
  local tab = i18n[lang]
  local s = tab and tab[key]
  if s == nil then
    _warn(string.format("no translation of '%s' for language '%s' (add it to i18n/%s.yaml)", key, lang, lang))
    s = key
  end
  local args = table.pack(...)
  if args.n > 0 then
    s = tostring(s):gsub("{(%d+)}", function(i)
      local v = args[tonumber(i)]
      if type(v) == "number" then return num_text(v) end  -- number() formats on request
      return v ~= nil and tostring(v) or ""
    end)
  end
  return s
end

local month_names = {
  vi = { "tháng 1", "tháng 2", "tháng 3", "tháng 4", "tháng 5", "tháng 6", "tháng 7", "tháng 8",
         "tháng 9", "tháng 10", "tháng 11", "tháng 12" },
  en = { "January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December" },
}
local formats = {
  vi = { long = "{day} tháng {month} năm {year}", short = "{dd}/{mm}/{year}",
         month = "tháng {month}/{year}", decimal = ",", thousands = "." },
  en = { long = "{day} {monthname} {year}", short = "{day} {mon} {year}",
         month = "{monthname} {year}", decimal = ".", thousands = "," },
}

local function fmt_of(lang)
  local l = lang_cfg(lang)
  local base = formats[lang] or formats.en
  return setmetatable(l.formats or {}, { __index = base })
end

-- date(d, style, lang): a date in words. style: "long" (default), "short",
-- "month", "iso", or a pattern with {day} {dd} {month} {mm} {monthname} {mon} {year} {hh} {min}.
local date_words = {}   -- "pattern\1lang\1iso" -> the date in words
function date(d, style, lang)
  if d == nil then return "" end
  lang = lang_of(lang)
  style = style or "long"
  if style == "iso" then return string.format("%04d-%02d-%02d", d.year, d.month, d.day) end
  local f = fmt_of(lang)
  local pat = f[style] or style
  -- lists show the same dates on many pages: each is worded once
  local key = d.iso and (pat .. "\1" .. lang .. "\1" .. d.iso)
  local done = key and date_words[key]
  if done then return done end
  local names = (lang_cfg(lang).months) or month_names[lang] or month_names.en
  local mn = names[d.month]
  local out = (pat:gsub("{(%a+)}", function(k)
    if k == "day" then return tostring(d.day) end
    if k == "dd" then return string.format("%02d", d.day) end
    if k == "month" then return tostring(d.month) end
    if k == "mm" then return string.format("%02d", d.month) end
    if k == "monthname" then return mn end
    if k == "mon" then  -- three letters, counted in characters, not bytes
      local cut = utf8.offset(mn, 4)
      return cut and mn:sub(1, cut - 1) or mn
    end
    if k == "year" then return tostring(d.year) end
    if k == "hh" then return string.format("%02d", d.hour) end
    if k == "min" then return string.format("%02d", d.minute) end
    return "{" .. k .. "}"
  end))
  if key then date_words[key] = out end
  return out
end

-- number(n, decimals, lang): 1113681 -> "1.113.681" (vi) / "1,113,681" (en).
function number(n, decimals, lang)
  if n == nil then return "" end
  n = tonumber(n)
  local f = fmt_of(lang_of(lang))
  local s
  if decimals then s = string.format("%." .. decimals .. "f", n)
  else s = num_text(n) end
  local sign, int, frac = s:match("^(-?)(%d+)%.?(%d*)$")
  if not int then return s end
  int = int:reverse():gsub("(%d%d%d)", "%1" .. f.thousands:reverse()):reverse()
  if int:sub(1, #f.thousands) == f.thousands then int = int:sub(#f.thousands + 1) end
  if frac ~= "" then return sign .. int .. f.decimal .. frac end
  return sign .. int
end

-- ---------- collections ----------

local function field(x, key)
  for part in tostring(key):gmatch("[^.]+") do
    if type(x) ~= "table" then return nil end
    x = x[part]
  end
  return x
end
get = field

-- where(list, key, value): items whose key (dotted: "params.status") equals
-- value; with an operator: where(list, key, "~=", value), "<", "<=", ">", ">=", "in".
function where(list, key, a, b)
  local op, v = "==", a
  if b ~= nil then op, v = a, b end
  local out = {}
  for _, x in ipairs(list or {}) do
    local f = field(x, key)
    local ok
    if op == "==" then ok = f == v
    elseif op == "~=" or op == "!=" then ok = f ~= v
    elseif op == "in" then
      ok = false
      for _, y in ipairs(type(f) == "table" and f or { f }) do
        for _, z in ipairs(type(v) == "table" and v or { v }) do if y == z then ok = true end end
      end
    elseif f == nil then ok = false
    elseif op == "<" then ok = f < v
    elseif op == "<=" then ok = f <= v
    elseif op == ">" then ok = f > v
    elseif op == ">=" then ok = f >= v
    else error("where: unknown operator '" .. tostring(op) .. "'", 2) end
    if ok then out[#out + 1] = x end
  end
  return out
end

-- filter(list, fn), map(list, fn)
function filter(list, fn)
  local out = {}
  for _, x in ipairs(list or {}) do if fn(x) then out[#out + 1] = x end end
  return out
end
function map(list, fn)
  local out = {}
  for i, x in ipairs(list or {}) do out[i] = fn(x) end
  return out
end

local function cmp_values(a, b)
  if a == nil then return false end
  if b == nil then return true end
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  if ta == "table" then
    if a.epoch and b.epoch then return a.epoch < b.epoch end
    return tostring(a) < tostring(b)
  end
  if ta == "boolean" then return (a and 1 or 0) < (b and 1 or 0) end
  return a < b
end

-- sort(list, key, "desc"): a sorted copy; stable; key may be dotted or a function.
function sort(list, key, order)
  local tmp = {}
  for i, x in ipairs(list or {}) do tmp[i] = { x, i } end
  local get_key = type(key) == "function" and key or function(x) return key and field(x, key) or x end
  local desc = order == "desc"
  table.sort(tmp, function(p, q)
    local a, b = get_key(p[1]), get_key(q[1])
    if a ~= b then
      if desc then if cmp_values(b, a) then return true elseif cmp_values(a, b) then return false end
      else if cmp_values(a, b) then return true elseif cmp_values(b, a) then return false end end
    end
    return p[2] < q[2]
  end)
  local out = {}
  for i, p in ipairs(tmp) do out[i] = p[1] end
  return out
end

-- group(list, key): { {key = k, items = {...}}, ... } in first-seen order.
function group(list, key)
  local groups, index = {}, {}
  local get_key = type(key) == "function" and key or function(x) return field(x, key) end
  for _, x in ipairs(list or {}) do
    local k = get_key(x)
    local ks = k == nil and "" or (type(k) == "table" and tostring(k) or k)
    local g = index[ks]
    if not g then g = { key = k, items = {} }; index[ks] = g; groups[#groups + 1] = g end
    g.items[#g.items + 1] = x
  end
  return groups
end

-- first(list, n), last(list, n), slice(list, from, to), count(list)
function first(list, n)
  local out = {}
  for i = 1, math.min(n or 1, #(list or {})) do out[i] = list[i] end
  return out
end
function last(list, n)
  list = list or {}
  local out = {}
  for i = math.max(1, #list - (n or 1) + 1), #list do out[#out + 1] = list[i] end
  return out
end
function slice(list, from, to)
  local out = {}
  for i = from or 1, math.min(to or #list, #list) do out[#out + 1] = list[i] end
  return out
end
function count(list) return #(list or {}) end

-- paginate(list, size): the current pager's slice of list (pager from the page;
-- size defaults to the list's own paginate, else site.paginate).
function paginate(list, size)
  local p = page and page.pager
  size = size or (p and p.size) or site.paginate
  local n = p and p.number or 1
  return slice(list, (n - 1) * size + 1, n * size)
end

-- pages(query): regular pages of the site; query fields: section, lang
-- (default: the current page's), kind ("page", "section", ...), any = true for every language.
function pages(q)
  q = q or {}
  local lang = nil
  if not q.any then lang = q.lang or lang_of(nil) end
  return _pages_of(q.kind or "page", lang, q.section)
end

-- getpage(path, lang): a page by its source file ("ke-hoach/x.md",
-- "content/ke-hoach/x.vi.md"), in the current language by default.
function getpage(path, lang) return _getpage(path, lang_of(lang)) end

-- translation(p, lang): p's version in lang, or nil.
function translation(p, lang)
  if p.lang == lang then return p end
  for _, q in ipairs(p.translations or {}) do if q.lang == lang then return q end end
  return nil
end

-- markdownify(s): Markdown text to HTML (safe).
function markdownify(s) return _safe(_markdownify(tostring(s or ""))) end

-- image(name, p): responsive sizes of the photo `name` of page p's bundle
-- (default: the page being rendered): { src, width, height, type, srcset,
-- webp_srcset }. Sizes and WebP are made once and cached between builds.
function image(name, p)
  if type(name) ~= "string" or name == "" then error("image: give the photo's file name", 2) end
  return _image(name, type(p) == "table" and p._id or nil)
end

-- picture(img, alt, sizes, class, loading): a <picture> for an image() result,
-- with WebP first, width and height (no layout shift) and lazy loading. alt is
-- required ("" only for a decorative image); sizes defaults to "100vw".
-- loading = "eager" for the main picture at the top of a page: loaded at once,
-- with high priority.
function picture(img, alt, sizes, class, loading)
  if type(img) == "string" then img = image(img) end
  if type(img) ~= "table" or not img.src then error("picture: give an image() result", 2) end
  if alt == nil then error("picture: every image needs alt text (\"\" only for a decorative one)", 2) end
  sizes = sizes or "100vw"
  local h = { "<picture>" }
  if img.webp_srcset then
    h[#h + 1] = '<source type="image/webp" srcset="' .. escape(img.webp_srcset) ..
                '" sizes="' .. escape(sizes) .. '">'
  end
  h[#h + 1] = '<img src="' .. escape(img.src) .. '" srcset="' .. escape(img.srcset) ..
              '" sizes="' .. escape(sizes) .. '" width="' .. img.width .. '" height="' .. img.height ..
              '" alt="' .. escape(tostring(alt)) .. '"' ..
              (class and (' class="' .. escape(class) .. '"') or "") ..
              (loading == "eager" and ' fetchpriority="high">' or ' loading="lazy" decoding="async">') ..
              '</picture>'
  return _safe(table.concat(h))
end

-- json(v): v as JSON text (for JSON-LD and data attributes).
local function json_str(s)
  return '"' .. s:gsub('[%c"\\/<>&]', function(c)
    local m = { ['"'] = '\\"', ["\\"] = "\\\\", ["/"] = "\\/", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
    return m[c] or string.format("\\u%04x", c:byte())
  end) .. '"'
end
function json(v, depth)
  depth = depth or 0
  if depth > 50 then error("json: value nested too deeply", 2) end
  local t = type(v)
  if v == nil then return "null" end
  if t == "boolean" then return tostring(v) end
  if t == "number" then return num_text(v) end
  if t == "string" then return json_str(v) end
  if t == "table" then
    local mt = getmetatable(v)
    if mt == SAFE then return json_str(v[1]) end
    if mt and mt.__name == DATE_NAME then return json_str(v.iso) end
    if v._kind then return json_str(v.permalink) end
    if #v > 0 or next(v) == nil then
      local parts = {}
      for i, x in ipairs(v) do parts[i] = json(x, depth + 1) end
      return "[" .. table.concat(parts, ",") .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = json_str(k) .. ":" .. json(v[k], depth + 1) end
    return "{" .. table.concat(parts, ",") .. "}"
  end
  error("json: cannot encode a " .. t, 2)
end

-- default(v, d): d when v is nil or "".
function default(v, d) if v == nil or v == "" then return d end return v end

-- build_date: the build's date (SOURCE_DATE_EPOCH or --now overrides it).
build_date = _build_date

-- ---------- periods (layouts) ----------
-- Deadlines and time spans of plans, phases and tasks, written in front matter as
--   "2026-12-31"  a day            "2026-10"  a month       "2026-Q3"  a quarter
--   "2027"        a year           "A/B"      a range of two of those ("2025-Q4/2026-Q2")
--   "ongoing"     no end (recurring or continuous work)
-- period(s) -> { kind = "date"|"month"|"quarter"|"year"|"range"|"ongoing",
--                start = {y, m, d}, finish = {y, m, d}, text = s }
-- (start and finish also carry year/month/day, so date() can format them;
-- a range has from/to, the two parsed ends; ongoing has no start or finish).

local function days_in(y, m)
  local n = ({ 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 })[m]
  if m == 2 and ((y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0) then n = 29 end
  return n
end

local function ymd(y, m, d)
  return { y = y, m = m, d = d, year = y, month = m, day = d }
end

local function ymd_key(t) return t.y * 10000 + t.m * 100 + t.d end

local PERIOD_HELP = 'write a day "2026-12-31", a month "2026-10", a quarter "2026-Q3", ' ..
  'a year "2027", a range "2025-Q4/2026-Q2", or "ongoing"'

local function period_one(s)
  local y, m, d = s:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if y then
    y, m, d = tonumber(y), tonumber(m), tonumber(d)
    if m < 1 or m > 12 or d < 1 or d > days_in(y, m) then return nil, "no such day" end
    return { kind = "date", start = ymd(y, m, d), finish = ymd(y, m, d) }
  end
  y, m = s:match("^(%d%d%d%d)%-(%d%d)$")
  if y then
    y, m = tonumber(y), tonumber(m)
    if m < 1 or m > 12 then return nil, "the month must be 01 to 12" end
    return { kind = "month", month = m, year = y, start = ymd(y, m, 1), finish = ymd(y, m, days_in(y, m)) }
  end
  local q
  y, q = s:match("^(%d%d%d%d)%-[Qq](%d)$")
  if y then
    y, q = tonumber(y), tonumber(q)
    if q < 1 or q > 4 then return nil, "the quarter must be Q1 to Q4" end
    local m1, m2 = q * 3 - 2, q * 3
    return { kind = "quarter", quarter = q, year = y, start = ymd(y, m1, 1), finish = ymd(y, m2, days_in(y, m2)) }
  end
  y = s:match("^(%d%d%d%d)$")
  if y then
    y = tonumber(y)
    return { kind = "year", year = y, start = ymd(y, 1, 1), finish = ymd(y, 12, 31) }
  end
  return nil
end

-- period(s): the parsed period; an error naming s when it is not one.
function period(s)
  if type(s) == "table" then
    if s.kind and s.text then return s end
    if getmetatable(s) and getmetatable(s).__name == DATE_NAME then s = s.iso end
  end
  if type(s) == "number" and s == math.floor(s) then s = string.format("%d", s) end
  if type(s) ~= "string" then
    error(string.format("period: expected text such as \"2026-Q3\", not a %s (%s)", type(s), PERIOD_HELP), 2)
  end
  local str = s:match("^%s*(.-)%s*$")
  local p, why
  if str:lower() == "ongoing" then
    p = { kind = "ongoing" }
  elseif str:find("/", 1, true) then
    local a, b = str:match("^([^/]+)/([^/]+)$")
    local pa, pb
    if a then pa, why = period_one(a); if pa then pb, why = period_one(b) end end
    if pa and pb then
      if ymd_key(pb.finish) < ymd_key(pa.start) then
        error(string.format("period \"%s\": the range ends before it starts (write the earlier end first)", s), 2)
      end
      p = { kind = "range", from = pa, to = pb, start = pa.start, finish = pb.finish }
    end
  else
    p, why = period_one(str)
  end
  if not p then
    error(string.format("period \"%s\" is not understood%s: %s", s, why and (" (" .. why .. ")") or "", PERIOD_HELP), 2)
  end
  p.text = s
  return p
end

local roman = { "I", "II", "III", "IV" }
local period_formats = {
  vi = { quarter = "Quý {q}/{year}", month = "Tháng {month}/{year}", year = "Năm {year}",
         year_in_range = "{year}", range = "{from} – {to}", ongoing = "Thường xuyên", date = "long" },
  en = { quarter = "Q{n} {year}", month = "{monthname} {year}", year = "{year}",
         year_in_range = "{year}", range = "{from} – {to}", ongoing = "Ongoing", date = "long" },
}

local function pfmt(lang)
  local l = lang_cfg(lang)
  return setmetatable(l.period_formats or {}, { __index = period_formats[lang] or period_formats.en })
end

local function one_text(p, lang, f, in_range)
  if p.kind == "date" then return date(p.start, f.date, lang) end
  local pat
  if p.kind == "quarter" then pat = f.quarter
  elseif p.kind == "month" then pat = f.month
  elseif in_range then pat = f.year_in_range
  else pat = f.year end
  local names = lang_cfg(lang).months or month_names[lang] or month_names.en
  return (pat:gsub("{(%a+)}", function(k)
    if k == "year" then return tostring(p.year) end
    if k == "q" then return roman[p.quarter] end
    if k == "n" then return tostring(p.quarter) end
    if k == "month" then return tostring(p.month) end
    if k == "mm" then return string.format("%02d", p.month) end
    if k == "monthname" then return names[p.month] end
    return "{" .. k .. "}"
  end))
end

-- period_text(s, lang): a period in words: "Quý III/2026", "Q3 2026",
-- "Quý IV/2025 – Quý II/2026", "Thường xuyên" / "Ongoing"... (lang: the page's by default).
function period_text(s, lang)
  if s == nil or s == "" then return "" end
  lang = lang_of(lang)
  local p = period(s)
  local f = pfmt(lang)
  if p.kind == "ongoing" then return f.ongoing end
  if p.kind == "range" then
    local both_years = p.from.kind == "year" and p.to.kind == "year"
    local a = one_text(p.from, lang, f, both_years)
    local b = one_text(p.to, lang, f, both_years)
    if a == b then return a end
    return (f.range:gsub("{from}", function() return a end):gsub("{to}", function() return b end))
  end
  return one_text(p, lang, f, false)
end

local function day_key(d)
  if d == nil then return nil end
  if type(d) == "string" then
    local y, m, dd = d:match("^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
    if not y then error("overdue: today must be a date such as \"2026-11-23\"", 3) end
    return tonumber(y) * 10000 + tonumber(m) * 100 + tonumber(dd)
  end
  return (d.y or d.year) * 10000 + (d.m or d.month) * 100 + (d.d or d.day)
end

local CLOSED = { done = true, cancelled = true, canceled = true }

-- overdue(task, today): true when the task is not done or cancelled and its
-- due period ended before today (default: the build date). "ongoing" never is.
function overdue(task, today)
  if type(task) ~= "table" or task.due == nil or task.due == "" then return false end
  if CLOSED[task.status] then return false end
  local ok, p = pcall(period, task.due)
  if not ok then
    error(string.format("task %s: %s", tostring(task.id or task.title or "?"),
      tostring(p):gsub("^[^:]*:%d+: ", "")), 2)
  end
  if p.kind == "ongoing" then return false end
  return ymd_key(p.finish) < day_key(today or build_date)
end

-- status_text(status, lang): the status in words, from i18n key status_<status>
-- (dashes become underscores: "in-progress" -> status_in_progress).
function status_text(status, lang)
  if status == nil or status == "" then return "" end
  lang = lang_of(lang)
  local key = "status_" .. tostring(status):gsub("-", "_")
  local tab = i18n[lang]
  local s = tab and tab[key]
  if s == nil then
    _warn(string.format("no translation of '%s' for language '%s' (add it to i18n/%s.yaml)", key, lang, lang))
    return tostring(status)
  end
  return s
end

-- ---------- geography (maps and distances) ----------
-- A point is a table with lat and lon ({ lat = 21.857, lon = 106.744 }) or a
-- GeoJSON-style pair { lon, lat }. Latitudes and longitudes are in degrees.

local EARTH_KM = 6371.0088   -- mean Earth radius

local function lat_lon(p)
  if type(p) ~= "table" then error("geo: expected a point { lat = ..., lon = ... } or { lon, lat }", 3) end
  local lat, lon = p.lat, p.lon
  if lat == nil and lon == nil then lat, lon = p[2], p[1] end
  lat, lon = tonumber(lat), tonumber(lon)
  if not lat or not lon then error("geo: a point needs numbers lat and lon", 3) end
  return lat, lon
end

-- geo_distance(lat1, lon1, lat2, lon2): the great-circle distance in km (haversine).
function geo_distance(lat1, lon1, lat2, lon2)
  local r = math.pi / 180
  local dlat, dlon = (lat2 - lat1) * r, (lon2 - lon1) * r
  local a = math.sin(dlat / 2) ^ 2 + math.cos(lat1 * r) * math.cos(lat2 * r) * math.sin(dlon / 2) ^ 2
  return 2 * EARTH_KM * math.asin(math.min(1, math.sqrt(a)))
end

-- geo_bounds(points): { south, west, north, east } of a list of points.
function geo_bounds(points)
  local b
  for _, p in ipairs(points or {}) do
    local lat, lon = lat_lon(p)
    if not b then b = { south = lat, north = lat, west = lon, east = lon }
    else
      b.south, b.north = math.min(b.south, lat), math.max(b.north, lat)
      b.west, b.east = math.min(b.west, lon), math.max(b.east, lon)
    end
  end
  return b
end

-- geo_inside(lat, lon, bounds): is the point inside { south, west, north, east }?
function geo_inside(lat, lon, b)
  return lat >= b.south and lat <= b.north and lon >= b.west and lon <= b.east
end

local function round1(v)
  v = math.floor(v * 10 + 0.5) / 10
  return math.tointeger(v) or v
end

-- geo_projection(bounds, width, pad): a flat map of bounds, width pixels wide
-- (plus pad on each side), for SVG. Equirectangular, with longitudes shrunk
-- by the cosine of the middle latitude, so shapes and distances look right at
-- the scale of a province. Returns { width, height, km (pixels per km),
-- xy = function(lat, lon) -> x, y }; coordinates are rounded to 0.1 pixel.
function geo_projection(b, width, pad)
  pad = pad or 0
  local mid = (b.south + b.north) / 2 * math.pi / 180
  local span_x = (b.east - b.west) * math.cos(mid)
  if span_x <= 0 or b.north <= b.south then error("geo_projection: the bounds are empty", 2) end
  local k = (width - 2 * pad) / span_x             -- pixels per degree of latitude
  local proj = {
    width = width,
    height = round1((b.north - b.south) * k + 2 * pad),
    km = k / (EARTH_KM * math.pi / 180),
  }
  proj.xy = function(lat, lon)
    return round1(pad + (lon - b.west) * math.cos(mid) * k), round1(pad + (b.north - lat) * k)
  end
  return proj
end

-- geo_path(points, proj): an SVG path ("M x y L x y ... Z") through the points.
function geo_path(points, proj)
  local parts = {}
  for i, p in ipairs(points or {}) do
    local x, y = proj.xy(lat_lon(p))
    parts[#parts + 1] = (i == 1 and "M" or "L") .. num_text(x) .. " " .. num_text(y)
  end
  if #parts > 0 then parts[#parts + 1] = "Z" end
  return table.concat(parts, " ")
end

-- geo_scale(proj, max_px): a round distance for a scale bar no longer than
-- max_px pixels: km (1, 2, 5, 10, 20, 50...) and its length px.
function geo_scale(proj, max_px)
  local best = nil
  for _, m in ipairs({ 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 }) do
    if m * proj.km <= max_px then best = m end
  end
  best = best or 0.1
  return best, round1(best * proj.km)
end

-- geo_nearest(lat, lon, items, n, key): the n items nearest to the point, as
-- { item = x, km = distance }, nearest first. key is the dotted field of
-- each item holding its point ("params.location"); items without one are skipped.
function geo_nearest(lat, lon, items, n, key)
  local rows = {}
  for _, x in ipairs(items or {}) do
    local p = key and field(x, key) or x
    local plat, plon = type(p) == "table" and tonumber(p.lat or p[2]), type(p) == "table" and tonumber(p.lon or p[1])
    if plat and plon then rows[#rows + 1] = { item = x, km = geo_distance(lat, lon, plat, plon) } end
  end
  rows = sort(rows, "km")
  return n and first(rows, n) or rows
end

-- geo_spread(markers, gap): moves map markers apart so that none overlap.
-- Each marker is a table with x, y (pixels) and r (radius); after the call
-- x0, y0 hold where it was and x, y where to draw it, at least gap pixels
-- from every other marker's edge. Deterministic: the same input gives the
-- same positions. Draw a line from x0, y0 to x, y when they differ.
function geo_spread(markers, gap)
  gap = gap or 3
  for _, m in ipairs(markers) do m.x0, m.y0 = m.x, m.y end
  for _ = 1, 60 do
    local moved = false
    for i = 1, #markers do
      for j = i + 1, #markers do
        local a, b = markers[i], markers[j]
        local dx, dy = b.x - a.x, b.y - a.y
        local d = math.sqrt(dx * dx + dy * dy)
        local want = (a.r or 0) + (b.r or 0) + gap
        if d < want then
          if d < 0.01 then dx, dy, d = 0.6, 0.8, 1 end   -- the same spot: apart along a fixed direction
          local push = (want - d) / 2 + 0.05
          a.x, a.y = a.x - dx / d * push, a.y - dy / d * push
          b.x, b.y = b.x + dx / d * push, b.y + dy / d * push
          moved = true
        end
      end
    end
    if not moved then break end
  end
  for _, m in ipairs(markers) do m.x, m.y = round1(m.x), round1(m.y) end
  return markers
end
