#!/bin/sh
printf '<!DOCTYPE html>\n<title>{{ page.title }} \351t\351</title>\n' > layouts/_default/single.html
