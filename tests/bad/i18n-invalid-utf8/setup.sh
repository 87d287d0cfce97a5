#!/bin/sh
mkdir -p i18n && printf 'home: "Trang ch\341"\n' > i18n/vi.yaml
