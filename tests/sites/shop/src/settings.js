window.zESettings = {
  webWidget: {
    authenticate: {
      chat: {
        jwtFn: function (callback) { fetch('/jwt').then(r => r.text()).then(callback); }
      }
    },
    chat: { departments: { enabled: ['Sales'] }, suppress: false },
    launcher: { chatLabel: { '*': 'Chat with us' } },
    zIndex: 999999
  },
  cookies: false
};
zE('webWidget', 'updateSettings', { chat: { suppress: true } });
zE('updatePath', { url: location.href });
window.zeSettings = { webWidget: { color: { theme: '#000' } } };
