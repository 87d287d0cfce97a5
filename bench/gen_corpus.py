#!/usr/bin/env python3
"""Writes a deterministic bilingual benchmark corpus for lotrinh and Hugo.

usage: gen_corpus.py N DIR [--body-kb MIN MAX] [--seed S] [--no-hugo] [--search]

DIR gets one lotrinh site and, beside it, the equivalent Hugo site:

  DIR/content/     N pages: N/2 Vietnamese pages (default language, x.md)
                   and their N/2 English translations (x.en.md), spread over
                   four sections, plus one _index.md and _index.en.md per
                   section (8 more files)
  DIR/site.lua     lotrinh's configuration
  DIR/layouts/     lotrinh's layouts (a copy of bench/corpus-layouts)
  DIR/hugo/        hugo.toml (contentDir = "../content": Hugo reads the very
                   same files) and layouts/ (a copy of bench/hugo-layouts)

Every page has YAML front matter (title, date, translationKey, sectors,
tags; English pages also a slug) and a body of MIN-MAX KiB (default 2-8) of
Vietnamese or English prose with headings, emphasis, GFM tables, bullet and
numbered lists, a quotation, footnotes and links to other pages (written as
"/section/file.md", which both generators resolve to the page's URL). Pages
use 1-2 of 8 sectors and 2-4 of 200 tags (a few tags are frequent, most are
rare), so sections, the home page and the terms get pagination.
--body-kb 0 0 gives pages without a body.

The same N, seed and options always give the same bytes (with one version
of Python: only random.Random seeded with text is used)."""
import argparse
import os
import random
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

SECTIONS = [
    ("ke-hoach", "Kế hoạch", "Plans"),
    ("chinh-sach", "Chính sách", "Policies"),
    ("tin-tuc", "Tin tức", "News"),
    ("diem-den", "Điểm đến", "Destinations"),
]
SECTORS = ["kinh-te-cua-khau", "nong-nghiep", "du-lich", "chinh-quyen-so", "khoa-hoc",
           "logistics", "nang-luong", "giao-duc"]
SECTOR_NAMES = {
    "vi": ["kinh tế cửa khẩu", "nông nghiệp", "du lịch", "chính quyền số", "khoa học",
           "logistics", "năng lượng", "giáo dục"],
    "en": ["border-gate economy", "agriculture", "tourism", "digital government", "science",
           "logistics", "energy", "education"],
}
DISTRICTS = {
    "vi": ["Cao Lộc", "Lộc Bình", "Đình Lập", "Chi Lăng", "Hữu Lũng", "Bắc Sơn", "Bình Gia",
           "Văn Quan", "Tràng Định", "Văn Lãng"],
    "en": ["Cao Loc", "Loc Binh", "Dinh Lap", "Chi Lang", "Huu Lung", "Bac Son", "Binh Gia",
           "Van Quan", "Trang Dinh", "Van Lang"],
}
DISTRICT_SLUGS = ["cao-loc", "loc-binh", "dinh-lap", "chi-lang", "huu-lung", "bac-son",
                  "binh-gia", "van-quan", "trang-dinh", "van-lang"]
TOPICS = ["chuyen-doi-so", "du-lieu-mo", "nong-san", "hoi", "na-chi-lang", "cua-khau-so",
          "thuong-mai-dien-tu", "kho-lanh", "y-te-so", "hoc-lieu-so", "an-toan-thong-tin",
          "nang-luong-tai-tao", "giong-cay-trong", "ocop", "du-lich-cong-dong",
          "van-tai", "dich-vu-cong", "ha-tang-so", "khoi-nghiep", "so-huu-tri-tue"]
# 20 topics x 10 districts = 200 tags
TAGS = ["%s-%s" % (t, d) for t in TOPICS for d in DISTRICT_SLUGS]
TAG_WEIGHTS = [1.0 / (i + 1) ** 0.7 for i in range(len(TAGS))]

AGENCIES = {
    "vi": ["Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông",
           "Sở Nông nghiệp và Phát triển nông thôn", "Sở Công Thương",
           "Sở Văn hóa, Thể thao và Du lịch", "Sở Kế hoạch và Đầu tư", "Sở Giáo dục và Đào tạo",
           "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng – Lạng Sơn"],
    "en": ["the Department of Science and Technology",
           "the Department of Information and Communications",
           "the Department of Agriculture and Rural Development",
           "the Department of Industry and Trade",
           "the Department of Culture, Sports and Tourism",
           "the Department of Planning and Investment", "the Department of Education and Training",
           "the Dong Dang – Lang Son Border Economic Zone Authority"],
}
PRODUCTS = {
    "vi": ["hồi", "na Chi Lăng", "quýt Bắc Sơn", "thạch đen Tràng Định", "hồng không hạt Bảo Lâm",
           "rau an toàn", "mật ong bạc hà", "thịt lợn quay"],
    "en": ["star anise", "Chi Lang custard apples", "Bac Son mandarins",
           "Trang Dinh black grass jelly", "seedless Bao Lam persimmons", "safe vegetables",
           "mint honey", "roast pork"],
}
SENTENCES = {
    "vi": [
        "Trong giai đoạn {y}–{y2}, tỉnh Lạng Sơn tập trung đổi mới công nghệ trong lĩnh vực {s}.",
        "{A} chủ trì, phối hợp với Ủy ban nhân dân huyện {d} triển khai {n} nhiệm vụ khoa học và công nghệ.",
        "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt {p}%, vượt chỉ tiêu đề ra.",
        "Các hợp tác xã ở huyện {d} đã ứng dụng truy xuất nguồn gốc cho sản phẩm {prod}.",
        "Kinh phí thực hiện dự kiến khoảng {big} triệu đồng, từ ngân sách nhà nước và nguồn xã hội hóa.",
        "Nhiều doanh nghiệp nhỏ và vừa vẫn gặp khó khăn khi tiếp cận vốn cho đổi mới công nghệ.",
        "Hạ tầng số ở các xã vùng sâu, vùng xa của huyện {d} tiếp tục được đầu tư nâng cấp.",
        "Cửa khẩu quốc tế Hữu Nghị đang thí điểm nền tảng cửa khẩu số, giúp rút ngắn thời gian thông quan.",
        "Người dân có thể tra cứu tiến độ giải quyết hồ sơ qua ứng dụng trên điện thoại di động.",
        "{A} tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày {dd} tháng {mm}.",
        "Mô hình trồng {prod} theo tiêu chuẩn hữu cơ được nhân rộng ở {n} xã.",
        "Đoàn công tác đã khảo sát thực tế tại khu du lịch Mẫu Sơn và làm việc với chính quyền địa phương.",
        "Việc đánh giá hiệu quả được thực hiện hằng quý, có sự tham gia của các chuyên gia độc lập.",
        "Dữ liệu mở về nông nghiệp, du lịch và thương mại được công bố trên cổng thông tin của tỉnh.",
        "Mục tiêu đến năm {y2} là {p}% doanh nghiệp trên địa bàn sử dụng hóa đơn điện tử.",
        "Trường Cao đẳng Nghề Lạng Sơn phối hợp đào tạo {n} học viên về kỹ năng số cơ bản.",
        "Sản lượng {prod} năm nay ước đạt {big} tấn, tăng {p}% so với cùng kỳ năm trước.",
        "Hội nghị đã thống nhất danh mục nhiệm vụ ưu tiên và phân công cơ quan chủ trì.",
        "Nhờ cảm biến độ ẩm và hệ thống tưới tự động, chi phí sản xuất giảm đáng kể.",
        "Các sáng kiến được chấm điểm theo tiêu chí tính mới, khả năng áp dụng và hiệu quả kinh tế.",
        "Lạng Sơn khuyến khích thanh niên khởi nghiệp đổi mới sáng tạo gắn với đặc sản địa phương.",
        "Các sở, ban, ngành phải cập nhật số liệu đầy đủ, chính xác và đúng hạn.",
        "Hệ thống kho lạnh ở huyện {d} giúp bảo quản {prod} lâu hơn trong mùa thu hoạch.",
        "Chương trình hỗ trợ tối đa {p}% chi phí chuyển giao công nghệ cho doanh nghiệp đủ điều kiện.",
        "Kết quả khảo sát cho thấy mức độ hài lòng của người dân đạt {p}%.",
        "Phần mềm quản lý văn bản đã được triển khai đồng bộ đến cấp xã từ quý {q} năm {y}.",
        "Những khó khăn về đường truyền và thiết bị đầu cuối sẽ được tháo gỡ trong năm {y2}.",
        "Tuyến đường cao tốc Đồng Đăng – Trà Lĩnh mở ra cơ hội mới cho vận tải hàng hóa qua biên giới.",
    ],
    "en": [
        "Between {y} and {y2}, Lang Son province is focusing technology innovation on {s}.",
        "{A} leads {n} science and technology tasks together with the People's Committee of {d} district.",
        "The share of administrative procedures handled online reached {p}%, above the target.",
        "Cooperatives in {d} district now use traceability codes for {prod}.",
        "The expected budget is about VND {big} million, from the state budget and private funding.",
        "Many small and medium-sized enterprises still find it hard to finance new technology.",
        "Digital infrastructure in the remote communes of {d} district keeps being upgraded.",
        "The Huu Nghi international border gate is piloting a digital border-gate platform that shortens clearance times.",
        "Citizens can follow the progress of their applications in a mobile app.",
        "{A} collects the results and reports to the Provincial People's Committee before {mon} {dd}.",
        "The organic growing model for {prod} has been extended to {n} communes.",
        "A working group visited the Mau Son tourist area and met the local authorities.",
        "Effectiveness is assessed every quarter, with independent experts taking part.",
        "Open data on agriculture, tourism and trade is published on the provincial portal.",
        "By {y2}, {p}% of local businesses should be using electronic invoices.",
        "Lang Son Vocational College is training {n} learners in basic digital skills.",
        "This year's output of {prod} is estimated at {big} tonnes, {p}% more than last year.",
        "The conference agreed on the list of priority tasks and on the lead agency for each.",
        "Soil moisture sensors and automatic irrigation have cut production costs noticeably.",
        "Initiatives are scored on novelty, applicability and economic effect.",
        "Lang Son encourages young people to start innovative businesses around local specialities.",
        "Departments and agencies must report complete, accurate figures on time.",
        "Cold storage in {d} district keeps {prod} fresh for longer during the harvest.",
        "The programme covers up to {p}% of the cost of technology transfer for eligible firms.",
        "A survey shows that {p}% of residents are satisfied with the service.",
        "Document management software has reached every commune since Q{q} {y}.",
        "Problems with connectivity and end-user devices are to be solved in {y2}.",
        "The Dong Dang – Tra Linh expressway opens new opportunities for cross-border freight.",
    ],
}
HEADINGS = {
    "vi": ["Bối cảnh", "Mục tiêu", "Nhiệm vụ trọng tâm", "Kết quả thực hiện", "Khó khăn, vướng mắc",
           "Giải pháp", "Tổ chức thực hiện", "Kinh phí", "Tiến độ", "Đề xuất, kiến nghị",
           "Đánh giá chung", "Phân công"],
    "en": ["Background", "Objectives", "Key tasks", "Results", "Difficulties", "Solutions",
           "Implementation", "Budget", "Progress", "Recommendations", "Overall assessment",
           "Responsibilities"],
}
TASKS = {
    "vi": ["Xây dựng kho dữ liệu dùng chung", "Số hóa hồ sơ đất đai", "Nâng cấp trung tâm dữ liệu",
           "Đào tạo kỹ năng số cho cán bộ xã", "Ứng dụng truy xuất nguồn gốc nông sản",
           "Phát triển sàn giao dịch công nghệ", "Thí điểm cửa khẩu số", "Bản đồ số du lịch",
           "Hỗ trợ doanh nghiệp đổi mới công nghệ", "Chuẩn hóa dữ liệu dân cư"],
    "en": ["Build a shared data warehouse", "Digitise land records", "Upgrade the data centre",
           "Train commune officials in digital skills", "Traceability for farm produce",
           "Develop a technology exchange", "Pilot the digital border gate", "Digital tourism map",
           "Support enterprises with new technology", "Standardise population data"],
}
WORDS = {
    "vi": {"see": "Xem thêm", "and": "và", "note": "Theo báo cáo số {n}/BC-UBND ngày {dd}/{mm}/{y} "
                                                   "của Ủy ban nhân dân tỉnh Lạng Sơn.",
           "table": ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Kinh phí (triệu đồng)"],
           "due": "Quý {q}/{y}", "intro": "Danh sách các bài viết thuộc mục {t}."},
    "en": {"see": "See also", "and": "and", "note": "According to report No. {n}/BC-UBND of {mon} {dd}, "
                                                    "{y} by the Lang Son Provincial People's Committee.",
           "table": ["No.", "Task", "Lead agency", "Due", "Budget (VND million)"],
           "due": "Q{q} {y}", "intro": "Every article in {t}."},
}
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]
ROMAN = ["I", "II", "III", "IV"]


def group_digits(n, lang):
    s = "{:,}".format(n)
    return s.replace(",", ".") if lang == "vi" else s


class Writer:
    """Makes the text of one page from its own random stream."""

    def __init__(self, rng, lang, titles, names):
        self.r = rng
        self.lang = lang
        self.titles = titles
        self.names = names
        self.notes = []

    def fill(self, template):
        r, lang = self.r, self.lang
        y = r.randint(2019, 2026)
        return template.format(
            y=y, y2=y + r.randint(1, 9), n=r.randint(3, 120), p=r.randint(12, 98),
            big=group_digits(r.randint(150, 95000), lang), d=r.choice(DISTRICTS[lang]),
            s=r.choice(SECTOR_NAMES[lang]), A=r.choice(AGENCIES[lang]),
            prod=r.choice(PRODUCTS[lang]), dd=r.randint(1, 28), mm=r.randint(1, 12),
            mon=MONTHS_EN[r.randrange(12)], q=(ROMAN if lang == "vi" else "1234")[r.randrange(4)])

    def sentence(self):
        s = self.fill(self.r.choice(SENTENCES[self.lang]))
        s = s[0].upper() + s[1:]
        k = self.r.random()
        if k < 0.08:   # emphasis on a few words
            w = s.split(" ")
            i = self.r.randrange(max(1, len(w) - 3))
            w[i] = "**" + w[i]
            w[i + 1] = w[i + 1] + "**"
            s = " ".join(w)
        elif k < 0.12:
            w = s.split(" ")
            i = self.r.randrange(len(w) - 1)
            w[i] = "*" + w[i] + "*"
            s = " ".join(w)
        elif k < 0.13:
            s += " ~~%d~~ %d." % (self.r.randint(10, 99), self.r.randint(10, 99))
        return s

    def link(self):
        i = self.r.randrange(len(self.names))
        sec, name = self.names[i]
        suffix = ".md" if self.lang == "vi" else ".en.md"
        return "[%s](/%s/%s%s)" % (self.titles[self.lang][i], sec, name, suffix)

    def paragraph(self):
        out = [self.sentence() for _ in range(self.r.randint(3, 7))]
        k = self.r.random()
        if k < 0.35:
            out.append("%s %s." % (WORDS[self.lang]["see"], self.link()))
        elif k < 0.45:
            out.append("%s %s %s %s." % (WORDS[self.lang]["see"], self.link(),
                                         WORDS[self.lang]["and"], self.link()))
        if self.r.random() < 0.3:
            self.notes.append(self.fill(WORDS[self.lang]["note"]))
            out[-1] += "[^%d]" % len(self.notes)
        if self.r.random() < 0.03:
            out.append("<https://langson.gov.vn/>")
        return " ".join(out)

    def table(self):
        w = WORDS[self.lang]
        rows = ["| " + " | ".join(w["table"]) + " |", "|---:|---|---|:---:|---:|"]
        for i in range(self.r.randint(3, 9)):
            rows.append("| %d | %s | %s | %s | %s |" % (
                i + 1, self.r.choice(TASKS[self.lang]), self.r.choice(AGENCIES[self.lang]),
                self.fill(w["due"]), group_digits(self.r.randint(50, 25000), self.lang)))
        return "\n".join(rows)

    def bullets(self):
        if self.r.random() < 0.5:
            items = ["- " + self.sentence() for _ in range(self.r.randint(3, 6))]
            if self.r.random() < 0.3:
                items.insert(1, "  - " + self.sentence())
        else:
            items = ["%d. %s" % (i + 1, self.sentence()) for i in range(self.r.randint(3, 6))]
        return "\n".join(items)

    def body(self, size):
        blocks = []
        used = 0
        heads = HEADINGS[self.lang]
        h = self.r.randrange(len(heads))
        while used < size:
            if not blocks or self.r.random() < 0.25:
                blocks.append("## " + heads[h % len(heads)])
                h += 1
            k = self.r.random()
            if k < 0.55:
                blocks.append(self.paragraph())
            elif k < 0.70:
                blocks.append(self.table())
            elif k < 0.90:
                blocks.append(self.bullets())
            elif k < 0.95:
                blocks.append("> " + self.sentence() + " " + self.sentence())
            else:
                blocks.append("### " + self.fill(self.r.choice(SENTENCES[self.lang]))[:40].rstrip(" ,.–"))
            used += len(blocks[-1].encode("utf-8")) + 2
        for i, note in enumerate(self.notes):
            blocks.append("[^%d]: %s" % (i + 1, note))
        return "\n\n".join(blocks) + ("\n" if blocks else "")


def title_of(rng, lang):
    s = rng.choice(SENTENCES[lang])
    w = Writer(rng, lang, None, None).fill(s).rstrip(".")
    words = w.split(" ")
    return " ".join(words[:rng.randint(6, 11)]).rstrip(",;:–")


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int, help="number of pages (half in each language)")
    ap.add_argument("dir")
    ap.add_argument("--body-kb", nargs=2, type=int, default=[2, 8], metavar=("MIN", "MAX"))
    ap.add_argument("--seed", default="20261123")
    ap.add_argument("--no-hugo", action="store_true", help="do not write DIR/hugo")
    ap.add_argument("--search", action="store_true",
                    help="keep lotrinh's search index (off by default: Hugo has none)")
    a = ap.parse_args()
    lo, hi = a.body_kb[0] * 1024, a.body_kb[1] * 1024
    root = a.dir
    content = os.path.join(root, "content")
    pairs = a.n // 2
    names = [(SECTIONS[i % 4][0], "trang-%06d" % i) for i in range(pairs)]
    titles = {}
    for lang in ("vi", "en"):
        titles[lang] = [title_of(random.Random("%s:title:%d:%s" % (a.seed, i, lang)), lang)
                        for i in range(pairs)]

    for sec, vi, en in SECTIONS:
        os.makedirs(os.path.join(content, sec), exist_ok=True)
        for lang, t, suffix in (("vi", vi, ".md"), ("en", en, ".en.md")):
            write(os.path.join(content, sec, "_index" + suffix),
                  "---\ntitle: \"%s\"\n---\n%s\n" % (t, WORDS[lang]["intro"].format(t=t)))
    for i, (sec, name) in enumerate(names):
        rng = random.Random("%s:page:%d" % (a.seed, i))
        date = "%04d-%02d-%02d" % (2019 + rng.randrange(7), 1 + rng.randrange(12), 1 + rng.randrange(28))
        sectors = sorted(set(SECTORS[rng.randrange(8)] for _ in range(rng.randint(1, 2))))
        tags = []
        ntags = rng.randint(2, 4)
        while len(tags) < ntags:
            t = rng.choices(TAGS, weights=TAG_WEIGHTS)[0]
            if t not in tags:
                tags.append(t)
        size = rng.randint(lo, hi)
        for lang, suffix in (("vi", ".md"), ("en", ".en.md")):
            fm = ["---", "title: \"%s\"" % titles[lang][i], "date: %s" % date,
                  "translationKey: k%06d" % i,
                  "sectors: [%s]" % ", ".join(sectors), "tags: [%s]" % ", ".join(tags)]
            if lang == "en":
                fm.append("slug: page-%06d" % i)
            fm.append("---")
            w = Writer(random.Random("%s:body:%d:%s" % (a.seed, i, lang)), lang, titles, names)
            write(os.path.join(content, sec, name + suffix), "\n".join(fm) + "\n" + w.body(size))

    search = "" if a.search else "  search = false,   -- Hugo has no search index to compare with\n"
    write(os.path.join(root, "site.lua"), '''return {
  title = "Lộ trình đổi mới công nghệ",
  base_url = "https://example.org/",
  paginate = 20,
  feeds = { items = 20 },
  languages = {
    { code = "vi", name = "Tiếng Việt", weight = 1 },
    { code = "en", name = "English", weight = 2, title = "Technology Innovation Roadmap" },
  },
  taxonomies = { sectors = "sectors", tags = "tags" },
''' + search + "}\n")
    layouts = os.path.join(root, "layouts")
    if os.path.isdir(layouts):
        shutil.rmtree(layouts)
    shutil.copytree(os.path.join(HERE, "corpus-layouts"), layouts)
    if a.no_hugo:
        return
    hugo = os.path.join(root, "hugo")
    os.makedirs(hugo, exist_ok=True)
    write(os.path.join(hugo, "hugo.toml"), '''# Hugo's equivalent of ../site.lua; the content is the same folder.
baseURL = "https://example.org/"
title = "Lộ trình đổi mới công nghệ"
contentDir = "../content"
defaultContentLanguage = "vi"
defaultContentLanguageInSubdir = false
paginate = 20
rssLimit = 20
timeZone = "Asia/Ho_Chi_Minh"
enableRobotsTXT = true
disableHugoGeneratorInject = true

[taxonomies]
sector = "sectors"
tag = "tags"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
taxonomy = ["HTML"]
term = ["HTML", "RSS"]
page = ["HTML"]

[languages.vi]
weight = 1
languageName = "Tiếng Việt"
[languages.en]
weight = 2
languageName = "English"
title = "Technology Innovation Roadmap"

# lotrinh's Markdown: CommonMark + tables, strikethrough, autolinks,
# footnotes; raw HTML escaped; no smart punctuation
[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.extensions]
typographer = false
definitionList = false
taskList = false
''')
    hl = os.path.join(hugo, "layouts")
    if os.path.isdir(hl):
        shutil.rmtree(hl)
    shutil.copytree(os.path.join(HERE, "hugo-layouts"), hl)


if __name__ == "__main__":
    main()
