local f = io and io.open("/etc/passwd")
os.execute("touch /tmp/lotrinh-pwned")
return { title = "Thử", base_url = "https://example.org/" }
