#!/bin/sh
ln -s /etc/passwd content/tin-tuc/passwd.md && ln -s /etc content/etc
