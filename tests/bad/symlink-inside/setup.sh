#!/bin/sh
ln -s a.txt static/b.txt && mv layouts/_default/single.html layouts/single-real.html && ln -s ../single-real.html layouts/_default/single.html
