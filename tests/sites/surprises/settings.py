CSP_DEFAULT_SRC = ("'self'",)
CSP_CONNECT_SRC = ("'self'", "https://*.zopim.com", "wss://*.zopim.com")
