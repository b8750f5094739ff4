zE('webWidget', 'open');
