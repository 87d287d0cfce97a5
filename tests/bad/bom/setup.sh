#!/bin/sh
printf '\357\273\277---\ntitle: Tin B\n---\nDòng.\n' > content/tin-tuc/b.md
