#!/usr/bin/env python3
"""Writes a deterministic bilingual test corpus for lotrinh (and Hugo).

usage: gen_corpus.py N DIR [--body-kb MIN MAX]

N content files in total, half Vietnamese (default language, no suffix) and
half English (.en.md), in four sections, with ~200 tags and 8 sectors,
bodies of 2-8 KB with tables, lists, footnotes and links between pages.
The same seed always gives the same bytes."""
import os
import random
import sys

SECTIONS = ["ke-hoach", "chinh-sach", "tin-tuc", "diem-den"]
SECTORS = ["cua-khau", "nong-nghiep", "du-lich", "chinh-quyen-so", "khoa-hoc", "logistics",
           "nang-luong", "giao-duc"]
VI_WORDS = ("đổi mới công nghệ kế hoạch nhiệm vụ tỉnh Lạng Sơn chuyển đổi số khoa học "
            "sáng tạo doanh nghiệp nông nghiệp du lịch cửa khẩu hồi quả na Chi Lăng "
            "giai đoạn mục tiêu chỉ tiêu sở ban ngành phối hợp thực hiện đánh giá báo cáo "
            "hạ tầng dữ liệu nền tảng số người dân hiệu quả bền vững").split()
EN_WORDS = ("technology innovation plan task province Lang Son digital transformation science "
            "enterprise agriculture tourism border gate star anise custard apple phase goal "
            "target department agency coordinate implement assess report infrastructure data "
            "platform citizen effective sustainable").split()


def para(rng, words, n):
    w = [rng.choice(words) for _ in range(n)]
    w[0] = w[0].capitalize()
    return " ".join(w) + "."


def body(rng, words, size, links):
    out = []
    k = 0
    while sum(len(x) for x in out) < size:
        k += 1
        out.append("## %s %d\n" % (para(rng, words, 4)[:-1], k))
        out.append(para(rng, words, rng.randint(30, 70)) + "\n")
        r = rng.random()
        if r < 0.3:
            out.append("| # | %s | %s |\n|---|---|---|\n" % (words[0], words[1]))
            for i in range(rng.randint(3, 8)):
                out.append("| %d | %s | %s |\n" % (i + 1, para(rng, words, 3), rng.randint(1, 9999)))
            out.append("\n")
        elif r < 0.6:
            for i in range(rng.randint(3, 6)):
                out.append("- %s\n" % para(rng, words, rng.randint(5, 12)))
            out.append("\n")
        if links and rng.random() < 0.5:
            out.append("Xem [%s](%s) và chú thích[^%d].\n\n[^%d]: %s\n\n" % (
                words[2], rng.choice(links), k, k, para(rng, words, 8)))
    return "\n".join(out)


def main():
    n = int(sys.argv[1])
    root = sys.argv[2]
    lo, hi = 2048, 8192
    if "--body-kb" in sys.argv:
        i = sys.argv.index("--body-kb")
        lo, hi = int(sys.argv[i + 1]) * 1024, int(sys.argv[i + 2]) * 1024
    rng = random.Random(20261123)
    tags = ["the-%03d" % i for i in range(200)]
    pairs = n // 2
    content = os.path.join(root, "content")
    for s in SECTIONS:
        os.makedirs(os.path.join(content, s), exist_ok=True)
        with open(os.path.join(content, s, "_index.md"), "w") as f:
            f.write("---\ntitle: \"Mục %s\"\n---\n" % s)
        with open(os.path.join(content, s, "_index.en.md"), "w") as f:
            f.write("---\ntitle: \"Section %s\"\nslug: en-%s\n---\n" % (s, s))
    names = []
    for i in range(pairs):
        names.append((SECTIONS[i % 4], "trang-%06d" % i))
    for i, (sec, name) in enumerate(names):
        for lang, words, suffix in (("vi", VI_WORDS, ".md"), ("en", EN_WORDS, ".en.md")):
            links = []
            for _ in range(2):
                s2, n2 = names[rng.randrange(len(names))]
                rel = "../%s/%s%s" % (s2, n2, suffix)
                links.append(rel)
            day = 1 + (i * 7) % 28
            month = 1 + (i // 28) % 12
            year = 2019 + (i // 336) % 7
            fm = ["---", "title: \"%s %d\"" % (para(rng, words, 5)[:-1], i),
                  "date: %04d-%02d-%02d" % (year, month, day),
                  "sectors: [%s]" % SECTORS[rng.randrange(8)],
                  "tags: [%s]" % ", ".join(rng.sample(tags, 2)),
                  "translationKey: k%06d" % i]
            if lang == "en":
                fm.append("slug: page-%06d" % i)
            fm.append("---")
            text = "\n".join(fm) + "\n" + body(rng, words, rng.randint(lo, hi), links)
            with open(os.path.join(content, sec, name + suffix), "w") as f:
                f.write(text)
    with open(os.path.join(root, "site.lua"), "w") as f:
        f.write('''return {
  title = "Corpus",
  base_url = "https://example.org/",
  paginate = 20,
  languages = { { code = "vi", name = "Tiếng Việt" }, { code = "en", name = "English" } },
  taxonomies = { sectors = { vi = "linh-vuc", en = "sectors" }, tags = { vi = "the", en = "tags" } },
}
''')


if __name__ == "__main__":
    main()
