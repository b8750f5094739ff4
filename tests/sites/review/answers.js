// Each call the widget review (../shared/domain/widget-js-review.md) found answered wrong.
$zopim(function () {
  $zopim.livechat.cookieLaw.comply();
  $zopim.livechat.authenticate({ jwtFn: function (cb) { fetch('/jwt').then(function (r) { return r.text(); }).then(cb); } });
  $zopim.livechat.theme.setColor('#0a0');
  $zopim.livechat.say('Hello');
  $zopim.livechat.window.getDisplay();
  $zopim.livechat.window.openPopout();
  $zopim.livechat.setOnStatus(function (s) { document.body.dataset.chat = s; });
});
zE('webWidget', 'reset');
zE('webWidget:on', 'chat:start', function () {});
zE('webWidget:on', 'chat:status', function (s) {});
zE('webWidget:get', 'chat:isChatting');
zE('webWidget', 'updatePath', { url: location.href });
window.zEmbed(function () { zEmbed.hide(); zEmbed.identify({ name: 'Ann' }); });
window.zESettings = {
  webWidget: {
    authenticate: { jwtFn: function (cb) { cb(hcToken); } },
    color: { theme: '#000' },
    chat: { tags: ['vip'], hideWhenOffline: true },
    contactForm: { fields: [{ id: 'description', prefill: { '*': 'Hi' } }] },
  },
};
