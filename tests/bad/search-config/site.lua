-- Bad search settings: each is an error naming the key.
return {
  title = "Thử",
  base_url = "https://example.org/",
  search = { path = "../pwned", shard_size = 10, summary = -1 },
}
