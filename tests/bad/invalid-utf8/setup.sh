#!/bin/sh
printf -- '---\ntitle: Tin B\n---\nDòng một\nXin ch\340o\n' > content/tin-tuc/b.md
