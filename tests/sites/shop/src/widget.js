// Classic Web Widget calls, the ways real sites write them (widget-js-api.md).
// zE('webWidget', 'open');   <- a comment: must not count
/* zE('webWidget', 'hide');
   $zopim.livechat.setName('x'); */
zE(function () {
  zE.hide();
  zE.identify({ name: 'Ann', email: 'ann@example.com' });
});

function openChat() {
  zE(
    'webWidget',
    'open'
  );
}

zE('webWidget', 'setLocale', document.documentElement.lang);
zE('webWidget:on', 'close', function () { console.log("zE('webWidget', 'show') in a log line"); });
zE('webWidget:on', 'chat:start', track);
zE('webWidget', 'prefill', { name: { value: user.name, readOnly: true } });
window['zE']('webWidget', 'hide');
zE('webWidget', action);
zE.apply(null, args);
zE('webWidget', 'chat:addTags', ['vip']);
zE('messenger', 'open');
zE('messenger:set', 'locale', 'fr');
