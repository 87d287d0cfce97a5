#!/bin/sh
# 20,000 nested quotes, 5,000 nested lists, 10,000 nested emphasis and brackets
awk 'function rep(s, n,  r) { r = ""; while (n-- > 0) r = r s; return r }
BEGIN {
  printf "---\ntitle: Lồng sâu\n---\n";
  printf "%sx\n\n%sy\n\n%sz%s\n\n%sw%s\n\nHết.\n", rep("> ", 20000), rep("- ", 5000),
         rep("*", 10000), rep("*", 10000), rep("[", 10000), rep("]", 10000);
}' > content/tin-tuc/b.md
