// Manipulation outside the API: breaks on messaging.
document.querySelector('iframe#webWidget').style.display = 'none';
$('.zopim').remove();
localStorage.removeItem('__zlcstore');
delete window.zE;
window.$zopim = null;
var header = 'Contact #launcherTeam'; // not a selector on the launcher
zChat.init({ account_key: 'KEY' });
zChat.sendChatMsg('hi', function () {});
