#!/bin/sh
printf -- '---\rtitle: Tin B\rdate: 2025-01-03\r---\rDòng một.\r\rDòng hai.\r' > content/tin-tuc/b.md
