return { title = "Thử", base_url = "example.org" }
