// The kitchen display (served by the kitchen service). It shows what the server says: the board comes
// from the live feed only; a bump or recall is sent and the board changes when the server's feed says so.
// The store's token comes from the URL's fragment (never sent to any server) or the sign-in form,
// and is kept in this tab's sessionStorage.
const TOKEN_KEY = 'kitchen-display-token';
const LATE_AFTER_MS = 10 * 60 * 1000;

const fromFragment = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromFragment) {
  sessionStorage.setItem(TOKEN_KEY, fromFragment);
  history.replaceState(null, '', location.pathname + location.search);
}
let token = sessionStorage.getItem(TOKEN_KEY);
let board = { open: [], lastBumped: null };

const $ = (id) => document.getElementById(id);
const status = (state, text) => {
  $('status').dataset.state = state;
  $('status').textContent = text;
};

function age(openedAt) {
  const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(openedAt)) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function ticketCard(ticket) {
  const card = document.createElement('article');
  card.className = 'ticket';
  card.dataset.testid = 'ticket';
  card.dataset.orderId = ticket.orderId;
  card.dataset.openedAt = ticket.openedAt;
  const title = document.createElement('h2');
  const label = document.createElement('span');
  label.textContent = `#${ticket.seq} · ${ticket.terminalId}`;
  const ageLabel = document.createElement('span');
  ageLabel.className = 'age';
  title.append(label, ageLabel);
  const items = document.createElement('ul');
  for (const item of ticket.items) {
    const li = document.createElement('li');
    li.textContent = `${item.quantity} × ${item.name}`;
    const station = document.createElement('span');
    station.className = 'station';
    station.textContent = item.station;
    li.append(station);
    items.append(li);
  }
  const bump = document.createElement('button');
  bump.type = 'button';
  bump.className = 'bump';
  bump.textContent = 'Bump';
  bump.setAttribute('aria-label', `Bump ticket #${ticket.seq}`);
  bump.addEventListener('click', () => act(ticket.orderId, 'bump', bump));
  card.append(title, items, bump);
  return card;
}

function tick() {
  for (const card of document.querySelectorAll('.ticket')) {
    card.querySelector('.age').textContent = age(card.dataset.openedAt);
    card.dataset.late = String(Date.now() - Date.parse(card.dataset.openedAt) > LATE_AFTER_MS);
  }
}

function render() {
  $('tickets').replaceChildren(...board.open.map(ticketCard));
  $('empty').hidden = board.open.length > 0;
  const last = board.lastBumped;
  $('recall').disabled = !last;
  $('recall').textContent = last ? `Recall last bumped (#${last.seq})` : 'Recall last bumped';
  tick();
}

async function act(orderId, action, button) {
  button.disabled = true;
  try {
    const res = await fetch(`/v1/tickets/${encodeURIComponent(orderId)}/${action}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok) status('offline', `Could not ${action}: ${res.status}`);
  } catch {
    status('offline', `Could not ${action}: offline`);
  } finally {
    button.disabled = false;
  }
}

/** Reads the SSE feed with fetch (EventSource cannot send the Authorization header); reconnects on loss. */
async function follow() {
  for (;;) {
    try {
      const res = await fetch('/v1/tickets/stream', { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' } });
      if (res.status === 401 || res.status === 403) {
        sessionStorage.removeItem(TOKEN_KEY);
        status('offline', 'Token refused');
        showSignIn();
        return;
      }
      if (!res.ok || !res.body) throw new Error(String(res.status));
      status('live', 'Live');
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = message.split('\n');
          if (lines.includes('event: board')) {
            const data = lines
              .filter((l) => l.startsWith('data: '))
              .map((l) => l.slice(6))
              .join('\n');
            board = JSON.parse(data);
            render();
          }
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // offline: retry below
    }
    status('offline', 'Reconnecting…');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function showSignIn() {
  $('sign-in').hidden = false;
}

$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  token = $('token').value.trim();
  sessionStorage.setItem(TOKEN_KEY, token);
  $('sign-in').hidden = true;
  void follow();
});
$('recall').addEventListener('click', () => {
  if (board.lastBumped) void act(board.lastBumped.orderId, 'recall', $('recall'));
});
setInterval(tick, 1000);
render();
if (token) void follow();
else {
  status('offline', 'Signed out');
  showSignIn();
}
