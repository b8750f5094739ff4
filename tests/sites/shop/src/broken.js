zE('webWidget', 'show');
function (( {
zE('webWidget', 'close');
