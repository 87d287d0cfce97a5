#!/bin/sh
mkdir -p static && ln -s /etc/passwd static/passwd.txt
