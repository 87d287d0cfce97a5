#!/bin/sh
{ printf -- '---\ntitle: Sâu\nx: '; i=0; while [ $i -lt 300 ]; do printf '['; i=$((i+1)); done; printf '\n---\nx\n'; } > content/tin-tuc/b.md
