#!/bin/sh
printf -- '---\ntitle: T\000in\n---\nx\n' > content/tin-tuc/b.md
