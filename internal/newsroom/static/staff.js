// The newsroom's event stream: the bell's unread count on every page and,
// on the editor, who else has the same story open. Progressive: without
// JavaScript the bell still links to the notifications page.
(function () {
  'use strict';
  var bell = document.getElementById('notify-bell');
  if (!bell || !window.EventSource) return;
  var count = bell.querySelector('.bell-count');
  var banner = document.getElementById('presence');
  var url = '/newsroom/events';
  if (banner && banner.dataset.presencePost) url += '?post=' + encodeURIComponent(banner.dataset.presencePost);
  var es = new EventSource(url);
  es.addEventListener('notifications', function (e) {
    var d = JSON.parse(e.data);
    if (!count) return;
    count.firstChild.nodeValue = String(d.unread);
    count.dataset.unread = String(d.unread);
    count.hidden = d.unread === 0;
  });
  es.addEventListener('presence', function (e) {
    if (!banner) return;
    var d = JSON.parse(e.data);
    banner.textContent = '';
    banner.classList.toggle('on', d.editors && d.editors.length > 0);
    if (!d.editors || !d.editors.length) return;
    (d.editors || []).forEach(function (ed) {
      var face;
      if (ed.avatar) {
        face = document.createElement('img');
        face.src = ed.avatar; face.alt = ''; face.width = 24; face.height = 24;
      } else {
        face = document.createElement('span');
        face.className = 'initial';
        face.setAttribute('aria-hidden', 'true');
        face.textContent = (ed.name || '?').trim().charAt(0).toUpperCase();
      }
      banner.appendChild(face);
    });
    var text = document.createElement('span');
    text.textContent = ' ' + d.text;
    banner.appendChild(text);
  });
  // A stream the server refused for want of a session stays closed.
  es.onerror = function () { if (es.readyState === EventSource.CLOSED) es.close(); };
})();
