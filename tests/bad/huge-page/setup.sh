#!/bin/sh
# A page of about 21 MB (made here, not stored in git): 30,000 paragraphs
# with emphasis, links and code, a heading every 100 paragraphs.
awk 'BEGIN {
  p = "Đoạn văn bản thử nghiệm với **chữ đậm**, [liên kết](a.md) và `mã`.";
  para = p " " p " " p " " p " " p " " p " " p " " p " " p " " p;
  printf "---\ntitle: Trang rất lớn\n---\n";
  for (i = 0; i < 30000; i++) {
    if (i % 100 == 0) printf "## Mục %d\n\n", i;
    printf "%s\n\n", para;
  }
  printf "Hết trang.\n";
}' > content/tin-tuc/b.md
