#!/bin/sh
mkdir -p content/tin-tuc/goi && printf -- "---\ntitle: G\n---\n" > content/tin-tuc/goi/index.md && ln -s /etc/passwd content/tin-tuc/goi/passwd.txt
