# SNIPPET = "<script>zE('webWidget', 'open')</script>"  (the old widget, removed)
# CSP_CONNECT_SRC = ("'self'", "https://*.zopim.com")
HELP = "Write to help@example.com # not a comment"
