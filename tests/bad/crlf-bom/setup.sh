#!/bin/sh
printf '\357\273\277---\r\ntitle: Tin B\r\ndate: 2025-01-03\r\n---\r\nDòng.\r\n' > content/tin-tuc/b.md
