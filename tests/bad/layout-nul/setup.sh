#!/bin/sh
printf '<!DOCTYPE html>\n<title>{{ page.title }}\000</title>\n' > layouts/_default/single.html
