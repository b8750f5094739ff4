module.exports = {
  async headers() {
    return [{ source: '/(.*)', headers: [{ key: 'Content-Security-Policy', value: "default-src 'self'; connect-src 'self' https://*.zopim.com wss://*.zopim.com" }] }];
  },
};
