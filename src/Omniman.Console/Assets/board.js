// Live board: each order change from the server-sent events reloads that order's card from the
// server and puts it in its status's column. Without this script the board is a plain page.
(() => {
  const board = document.getElementById('board');
  const state = document.getElementById('live-state');
  const announcer = document.getElementById('announcer');
  if (!board || !window.EventSource) return;
  const source = new EventSource(board.dataset.live);
  source.onopen = () => { state.textContent = state.dataset.on; };
  const count = column => { column.querySelector('.count').textContent = column.querySelectorAll('li.card').length; };
  source.addEventListener('order', async message => {
    const change = JSON.parse(message.data);
    const response = await fetch(board.dataset.card.replace('__REF__', encodeURIComponent(change.ref)), { credentials: 'same-origin' });
    const old = document.getElementById('card-' + change.ref);
    const hadFocus = old && old.contains(document.activeElement);
    const oldColumn = old && old.closest('.column');
    if (old) old.remove();
    if (oldColumn) count(oldColumn);
    if (response.status !== 200) return;
    const template = document.createElement('template');
    template.innerHTML = (await response.text()).trim();
    const card = template.content.firstElementChild;
    const column = [...board.querySelectorAll('.column')].find(c => c.dataset.status === card.dataset.status);
    if (!column) return;
    column.querySelector('ol').prepend(card);
    count(column);
    if (hadFocus) card.focus();
    announcer.textContent = change.ref + ': ' + column.querySelector('h2').firstChild.textContent.trim();
  });
})();
