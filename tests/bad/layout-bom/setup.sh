#!/bin/sh
printf '\357\273\277<!DOCTYPE html>\n<html lang="{{ page.lang }}"><title>{{ page.title }}</title></html>\n' > layouts/_default/single.html
