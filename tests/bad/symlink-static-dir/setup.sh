#!/bin/sh
mkdir -p static/css && ln -s /etc static/css/etc
