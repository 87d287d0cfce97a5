#!/bin/sh
# 65 MB, over the 64 MB limit (a sparse file: no disk space used)
printf -- '---\ntitle: Quá lớn\n---\n' > content/tin-tuc/b.md && truncate -s 65M content/tin-tuc/b.md
