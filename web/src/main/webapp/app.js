// A minimal Syncline client: REST for writes, the WebSocket /sync for live changes.
'use strict';

const STATUSES = ['todo', 'doing', 'done'];
const cards = new Map();          // card id -> card, for the selected board
let boardId = null;
let socket = null;

const $ = (selector) => document.querySelector(selector);

async function api(method, path, body, version) {
    const headers = {'Accept': 'application/json'};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (version !== undefined) headers['If-Match'] = `"${version}"`;
    const response = await fetch(`api/${path}`, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (response.status === 412) {
        show('Someone else changed this card first; showing their version.');
        return json;
    }
    if (!response.ok) throw new Error(json && json.message ? json.message : response.statusText);
    return json;
}

function show(message) {
    $('#message').textContent = message;
}

// The selected board is in the address (#board=7), so a link opens that board.
function boardInAddress() {
    const match = /^#board=(\d+)$/.exec(location.hash);
    return match ? Number(match[1]) : null;
}

async function loadBoards(select) {
    const boards = await api('GET', 'boards');
    const picker = $('#board');
    picker.replaceChildren(...boards.map(b => new Option(b.name, b.id)));
    const wanted = select !== undefined ? select : (boardId !== null ? boardId : boardInAddress());
    if (wanted !== null && boards.some(b => b.id === wanted)) picker.value = String(wanted);
    await selectBoard(picker.value ? Number(picker.value) : null);
}

async function selectBoard(id) {
    boardId = id;
    if (id !== null) history.replaceState(null, '', `#board=${id}`);
    cards.clear();
    if (id !== null) {
        for (const card of await api('GET', `boards/${id}/cards`)) {
            const known = cards.get(card.id);
            if (!known || known.version < card.version) cards.set(card.id, card);
        }
    }
    render();
}

function render() {
    for (const status of STATUSES) {
        const list = document.querySelector(`section[data-status="${status}"] ul`);
        const items = [...cards.values()]
            .filter(c => c.status === status)
            .sort((a, b) => a.position - b.position || a.id - b.id)
            .map(cardItem);
        list.replaceChildren(...items);
    }
}

function cardItem(card) {
    const item = document.createElement('li');
    item.dataset.id = card.id;
    const title = document.createElement('span');
    title.textContent = card.title;
    const actions = document.createElement('span');
    actions.className = 'actions';
    const index = STATUSES.indexOf(card.status);
    if (index > 0) actions.append(button('◀', () => move(card, STATUSES[index - 1])));
    if (index < STATUSES.length - 1) actions.append(button('▶', () => move(card, STATUSES[index + 1])));
    actions.append(button('✕', () => api('DELETE', `cards/${card.id}`, undefined, card.version).catch(e => show(e.message))));
    item.append(title, actions);
    return item;
}

function button(label, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
}

function move(card, status) {
    api('PUT', `cards/${card.id}`, {title: card.title, status, position: card.position}, card.version)
        .catch(e => show(e.message));
}

// Live changes: the page applies every change frame to its cards; the REST replies need no handling.
function connect() {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
    socket = new WebSocket(url);
    socket.onopen = () => {
        socket.send(JSON.stringify({op: 'subscribe', id: 'cards', entity: 'Card'}));
        socket.send(JSON.stringify({op: 'subscribe', id: 'boards', entity: 'Board'}));
    };
    socket.onmessage = (event) => apply(JSON.parse(event.data));
    socket.onclose = () => {
        $('#status').textContent = 'offline';
        $('#status').className = 'status offline';
        setTimeout(connect, 2000);
    };
}

function apply(frame) {
    if (frame.type === 'subscribed' && frame.id === 'cards') {
        // Live from here on: every change committed after this frame's offset will arrive. The
        // board is (re)loaded after it, so nothing falls between the load and the stream; a change
        // that is in both is applied once, by version.
        $('#status').textContent = 'live';
        $('#status').className = 'status online';
        if (boardId !== null) selectBoard(boardId).catch(e => show(e.message));
        return;
    }
    if (frame.type === 'error') {
        show(`${frame.code}: ${frame.message}`);
        return;
    }
    if (frame.type !== 'changes') return;
    if (frame.id === 'boards') {
        loadBoards();
        return;
    }
    for (const change of frame.changes) {
        const id = Number(change.key);
        if (change.op === 'delete') {
            cards.delete(id);
        } else if (change.data.boardId === boardId) {
            const known = cards.get(id);
            if (!known || known.version < change.version) cards.set(id, change.data);
        }
    }
    render();
}

$('#board').addEventListener('change', e => selectBoard(Number(e.target.value)).catch(err => show(err.message)));
$('#new-board').addEventListener('submit', async e => {
    e.preventDefault();
    const board = await api('POST', 'boards', {name: e.target.name.value}).catch(err => show(err.message));
    e.target.reset();
    if (board) await loadBoards(board.id);
});
$('#new-card').addEventListener('submit', async e => {
    e.preventDefault();
    if (boardId === null) {
        show('Create a board first.');
        return;
    }
    await api('POST', `boards/${boardId}/cards`, {title: e.target.title.value, status: 'todo', position: cards.size})
        .catch(err => show(err.message));
    e.target.reset();
});

// Log in once: the session cookie then authenticates REST calls and the WebSocket.
async function start() {
    const response = await fetch('api/login', {headers: {'Accept': 'application/json'}});
    if (response.status === 401) {
        $('#login').hidden = false;
        return;
    }
    $('#who').textContent = (await response.json()).user;
    $('#login').hidden = true;
    document.querySelector('main').hidden = false;
    await loadBoards();
    connect();
}

$('#login').addEventListener('submit', async e => {
    e.preventDefault();
    const response = await fetch('api/login', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', 'Accept': 'application/json'},
        body: JSON.stringify({user: e.target.user.value, password: e.target.password.value})
    });
    if (!response.ok) {
        show('Wrong user or password.');
        return;
    }
    show('');
    start().catch(err => show(err.message));
});

start().catch(e => show(e.message));
