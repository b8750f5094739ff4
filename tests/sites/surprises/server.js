app.use(helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      connectSrc: ["'self'", "https://*.zopim.com", "wss://*.zopim.com"],
    },
  },
}));
