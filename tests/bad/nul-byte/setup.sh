#!/bin/sh
printf -- '---\ntitle: Tin B\n---\nab\000c\n' > content/tin-tuc/b.md
