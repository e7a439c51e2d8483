// The demo board. Every read comes from syncline.js's live collections and every write goes through
// sync.write, so the page never speaks HTTP or WebSocket itself: reconnects, catch-up after being
// offline and the queue of offline writes are the library's; the page renders what it is told.
import {Syncline} from './syncline.js';

const STATUSES = ['todo', 'doing', 'done'];
const COLUMN_NAMES = {todo: 'To do', doing: 'Doing', done: 'Done'};
const STATE_TEXT = {connecting: 'connecting…', open: 'live', reconnecting: 'reconnecting…', closed: 'offline'};
const GAP = 1024;                   // room left between card positions, so that a move writes one card
const MAX_POSITION = 2147483647;    // the API's largest position

const $ = selector => document.querySelector(selector);

let sync = new Syncline();          // one per login; before a login it only asks who is logged in
let session = null;                 // the logged-in user's state, see begin()
const boardItems = new Map();       // board key -> li, reused across renders
const memberItems = new Map();      // user -> li of #members
const cardItems = new Map();        // card key -> li, reused so that focus and an open editor survive renders
const conflictBoxes = new Map();    // path of the rejected write -> div.conflict

// ---------------------------------------------------------------- small helpers

function element(tag, properties = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(properties)) {
        if (name === 'dataset') Object.assign(node.dataset, value);
        else if (name in node) node[name] = value;
        else node.setAttribute(name, value);
    }
    node.append(...children);
    return node;
}

function field(form, name) {
    return form.elements.namedItem(name);
}

function show(message) {
    $('#message').textContent = message;
}

function errorText(error) {
    if (error && error.status === 404) return 'It no longer exists, or you have no access to it.';
    return (error && error.message) || String(error);
}

/** Makes `list`'s children exactly `items`, moving only those out of place. */
function reconcile(list, items) {
    items.forEach((item, i) => {
        if (list.children[i] !== item) list.insertBefore(item, list.children[i] || null);
    });
    while (list.children.length > items.length) list.lastElementChild.remove();
}

// A focused element that a render moved loses focus; it gets it back, and a focused card that
// went away hands it to its neighbour, so that keyboard users keep their place.
function preservingFocus(update) {
    const focused = document.activeElement;
    const list = focused && focused.closest('li.card') === focused ? focused.parentElement : null;
    const index = list ? [...list.children].indexOf(focused) : -1;
    let selection = null;
    if (focused instanceof HTMLInputElement && focused.type === 'text') selection = [focused.selectionStart, focused.selectionEnd];
    update();
    if (!focused || focused === document.body || document.activeElement === focused) return;
    if (focused.isConnected) {
        focused.focus({preventScroll: true});
        if (selection) focused.setSelectionRange(...selection);
    } else if (list && list.isConnected && list.children.length) {
        list.children[Math.min(index, list.children.length - 1)].focus();
    }
}

function boardInAddress() {
    const match = /^#board=(\d+)$/.exec(location.hash);
    return match ? match[1] : null;
}

function clearAddress() {
    history.replaceState(null, '', location.pathname + location.search);
}

// ---------------------------------------------------------------- login and session

async function start() {
    try {
        const who = await sync.request('GET', 'login');
        begin(who.body.user);
    } catch (error) {
        if (error.status !== 401) show(`Could not reach the server: ${errorText(error)}`);
        showLogin();
    }
}

function showLogin() {
    $('#login').hidden = false;
    $('#app').hidden = true;
    $('#logout').hidden = true;
    $('#who').textContent = '';
    renderStatus();
    renderPending();
    $('#login input[name=user]').focus();
}

/** Starts the session of a logged-in user: connects and shows the boards. */
function begin(user) {
    const s = {
        sync, user,
        boards: null,
        board: null,            // the open board: {id, cards, members, presence}
        expected: null,         // a board this page created, not yet in the Board collection
        cardWrites: new Map(),  // card key -> the writes of this page not yet seen in the collection, see writeCard()
        held: 0,                // card writes waiting for an earlier write of the same card
        ending: false,
        checking: false,
    };
    session = s;
    $('#login').hidden = true;
    $('#app').hidden = false;
    $('#logout').hidden = false;
    $('#who').textContent = user;

    s.sync.on('state', event => onState(s, event));
    s.sync.on('queue', () => s === session && renderPending());
    s.sync.on('error', event => s === session && show(`Connection: ${event.message || event.code}`));

    s.boards = s.sync.subscribe('Board');
    s.boards.on('change', event => s === session && boardsChanged(s, event));
    s.boards.on('ready', () => s === session && boardsChanged(s, null));
    s.boards.on('error', event => s === session && show(`Boards: ${event.message || event.code}`));
    s.sync.connect();
    renderStatus();
    renderPending();
    selectBoardInAddress(s);
}

/** Ends the session on this page (after a logout, or when the server no longer knows it). */
function end(s, notice) {
    if (session !== s) return;
    session = null;
    closeBoard(s);
    s.sync.close();
    sync = new Syncline();
    boardItems.clear();
    $('#boards').replaceChildren();
    conflictBoxes.clear();
    $('#conflicts').replaceChildren();
    document.title = 'Syncline board';
    showLogin();
    show(notice);
}

function onState(s, event) {
    if (s !== session || s.ending) return;
    renderStatus(event);
    // The server closes a logged-out session's sockets with 1008, and refuses a handshake without
    // one (the browser then only reports 1006): ask whether the session still stands.
    if (event.state === 'reconnecting' && (event.code === 1008 || event.attempt >= 3)) checkSession(s);
}

async function checkSession(s) {
    if (s.checking) return;
    s.checking = true;
    try {
        await s.sync.request('GET', 'login');
    } catch (error) {
        if (error.status === 401) end(s, 'Your session has ended; please log in again.');
    } finally {
        s.checking = false;
    }
}

function renderStatus(event) {
    const state = session ? session.sync.state : 'closed';
    const status = $('#status');
    status.dataset.state = state;
    status.textContent = STATE_TEXT[state] || state;
    status.classList.toggle('online', state === 'open');
    status.title = state === 'reconnecting' && event && event.delay !== undefined
        ? `Next attempt in ${Math.ceil(event.delay / 1000)} s` : '';
}

function renderPending() {
    const count = session ? session.sync.pending + session.held : 0;
    const pending = $('#pending');
    pending.textContent = String(count);
    pending.dataset.count = String(count);
    pending.parentElement.classList.toggle('has-pending', count > 0);
}

function failed(s, error) {
    if (s !== session) return;
    if (error && error.status === 401) end(s, 'Your session has ended; please log in again.');
    else show(errorText(error));
}

/** A write through the library; resolves the result when it succeeded, else null (shown to the user). */
async function write(s, method, path, body, version) {
    try {
        const result = await s.sync.write(method, path, body, version === undefined ? {} : {version});
        if (s !== session) return null;
        if (!result.ok) {
            addConflict(s, result);
            return null;
        }
        return result;
    } catch (error) {
        failed(s, error);
        return null;
    } finally {
        if (s === session) renderPending();
    }
}

// ---------------------------------------------------------------- boards

function boardsChanged(s, event) {
    const open = s.board;
    if (open) {
        const row = s.boards.get(open.id);
        if (row) {
            renderBoardHead(s, row);
        } else {
            const removal = event && (event.removed || []).find(r => String(r.key) === open.id);
            lose(s, removal && !removal.left ? 'This board was deleted.' : 'You no longer have access to this board.');
        }
    }
    if (s.expected !== null && s.boards.get(s.expected)) s.expected = null;
    selectBoardInAddress(s);
}

function renderBoards(s) {
    const rows = s.boards ? [...s.boards.rows.entries()] : [];
    rows.sort(([ka, a], [kb, b]) => a.name.localeCompare(b.name) || Number(ka) - Number(kb));
    const openId = s.board ? s.board.id : null;
    for (const key of boardItems.keys()) {
        if (!s.boards.get(key)) boardItems.delete(key);
    }
    const items = rows.map(([key, board]) => {
        let item = boardItems.get(key);
        if (!item) {
            item = element('li', {tabIndex: 0, dataset: {boardId: key}});
            boardItems.set(key, item);
        }
        item.textContent = board.name;
        if (key === openId) item.setAttribute('aria-current', 'true');
        else item.removeAttribute('aria-current');
        return item;
    });
    preservingFocus(() => reconcile($('#boards'), items));
    $('#no-board').hidden = openId !== null;
    $('#no-board').textContent = items.length ? 'Choose a board.' : 'No boards yet: create one.';
}

function chooseBoard(key) {
    show('');
    if (location.hash === `#board=${key}`) selectBoardInAddress(session);
    else location.hash = `board=${key}`;
}

/** Opens the board the address names, once the Board collection can tell whether the user sees it. */
function selectBoardInAddress(s) {
    const wanted = boardInAddress();
    if (wanted === null) {
        closeBoard(s);
    } else if (s.board && s.board.id === wanted || !s.boards.ready || wanted === s.expected) {
        // open already, or wait until the Board collection can tell
    } else if (s.boards.get(wanted)) {
        openBoard(s, wanted);
    } else {
        closeBoard(s);
        clearAddress();
        show(`Board ${wanted} does not exist, or you have no access to it.`);
    }
    renderBoards(s);
}

function openBoard(s, id) {
    closeBoard(s);
    const filter = {boardId: {eq: Number(id)}};
    const board = {
        id,
        cards: s.sync.subscribe('Card', {filter}),
        members: s.sync.subscribe('Member', {filter}),
        presence: s.sync.presence(Number(id)),
        presenceFailed: false,
    };
    s.board = board;
    const current = () => s === session && s.board === board;
    board.cards.on('change', () => current() && renderCards(s));
    board.members.on('change', () => current() && renderMembers(s));
    board.presence.on('change', () => current() && renderPresence(s));
    for (const source of [board.cards, board.members]) {
        source.on('error', event => current() && boardError(s, event));
    }
    board.presence.on('error', event => {
        if (!current()) return;
        if (event.code === 'forbidden') {
            boardError(s, event);
        } else {
            board.presenceFailed = true;
            renderPresence(s);
        }
    });

    $('#board-panel').hidden = false;
    $('#no-board').hidden = true;
    $('#rename-board input[name=name]').value = s.boards.get(id).name;
    renderBoardHead(s, s.boards.get(id));
    renderCards(s);
    renderMembers(s);
    renderPresence(s);
}

function closeBoard(s) {
    const board = s.board;
    if (!board) return;
    s.board = null;
    board.cards.close();
    board.members.close();
    board.presence.close();
    s.cardWrites.clear();
    cardItems.clear();
    for (const list of document.querySelectorAll('#columns ul')) list.replaceChildren();
    memberItems.clear();
    $('#members').replaceChildren();
    $('#presence').replaceChildren();
    $('#board-panel').hidden = true;
    $('#no-board').hidden = false;
    document.title = 'Syncline board';
}

/** The open board went away under the user: deleted, or their membership ended. */
function lose(s, notice) {
    closeBoard(s);
    clearAddress();
    renderBoards(s);
    show(notice);
}

function boardError(s, event) {
    if (event.code === 'forbidden') lose(s, 'You no longer have access to this board.');
    else show(`Board: ${event.message || event.code}`);
}

function renderBoardHead(s, row) {
    $('#board-name').textContent = row.name;
    const input = $('#rename-board input[name=name]');
    if (document.activeElement !== input) input.value = row.name;
    document.title = `${row.name} — Syncline`;
}

// ---------------------------------------------------------------- members and presence

function renderMembers(s) {
    const rows = [...s.board.members.rows.values()].sort((a, b) => a.user.localeCompare(b.user));
    const users = new Set(rows.map(member => member.user));
    for (const user of memberItems.keys()) {
        if (!users.has(user)) memberItems.delete(user);
    }
    const items = rows.map(({user}) => {
        let item = memberItems.get(user);
        if (!item) {
            item = element('li', {dataset: {user}},
                element('span', {}, user),
                ...(user === s.user ? [element('span', {className: 'you'}, ' (you)')] : []),
                element('button', {type: 'button', className: 'remove-member', title: `Remove ${user}`,
                    'aria-label': `Remove ${user} from the board`}, '✕'));
            memberItems.set(user, item);
        }
        return item;
    });
    preservingFocus(() => reconcile($('#members'), items));
}

function renderPresence(s) {
    const board = s.board;
    if (board.presenceFailed) {
        $('#presence').replaceChildren(element('li', {className: 'note'}, 'not available'));
        return;
    }
    $('#presence').replaceChildren(...board.presence.users.map(user => element('li',
        {dataset: {user}},
        user, ...(user === s.user ? [element('span', {className: 'you'}, ' (you)')] : []))));
}

// ---------------------------------------------------------------- cards

/** The board's cards as this page shows them: the collection's rows with the page's unconfirmed writes on top. */
function shownCards(s) {
    const board = s.board;
    // An unconfirmed write stops showing once the collection has caught up with it (or it failed).
    for (const [key, pending] of s.cardWrites) {
        if (pending.outstanding > 0) continue;
        const row = board.cards.get(key);
        if (!row || pending.until === undefined || row.version >= pending.until) s.cardWrites.delete(key);
    }
    const cards = [];
    for (const [key, row] of board.cards.rows) {
        const pending = s.cardWrites.get(key);
        cards.push({key, row, shown: pending ? {...row, ...pending.intent} : row, pending: Boolean(pending)});
    }
    cards.sort((a, b) => a.shown.position - b.shown.position || Number(a.key) - Number(b.key));
    return cards;
}

function column(s, status, exceptKey) {
    return shownCards(s).filter(card => card.shown.status === status && !card.shown.deleted && card.key !== exceptKey);
}

function renderCards(s) {
    const cards = shownCards(s);
    for (const key of cardItems.keys()) {
        if (!s.board.cards.get(key)) cardItems.delete(key);
    }
    preservingFocus(() => {
        for (const status of STATUSES) {
            const items = cards.filter(card => card.shown.status === status).map(card => cardItem(card));
            reconcile(document.querySelector(`#columns section[data-status="${status}"] ul`), items);
        }
    });
}

function cardItem({key, row, shown, pending}) {
    let item = cardItems.get(key);
    if (!item) {
        item = element('li', {className: 'card', tabIndex: 0, draggable: true, dataset: {id: key}, 'aria-describedby': 'card-help'},
            element('span', {className: 'title'}),
            element('span', {className: 'actions'},
                element('button', {type: 'button', className: 'left'}, '◀'),
                element('button', {type: 'button', className: 'right'}, '▶'),
                element('button', {type: 'button', className: 'delete'}, '✕')));
        cardItems.set(key, item);
    }
    const index = STATUSES.indexOf(shown.status);
    item.dataset.version = String(row.version);
    item.querySelector('.title').textContent = shown.title;
    item.classList.toggle('pending', pending);
    item.classList.toggle('deleting', Boolean(shown.deleted));
    item.setAttribute('aria-label', `${shown.title}, in ${COLUMN_NAMES[shown.status]}`
        + (shown.deleted ? ', being deleted' : pending ? ', not saved yet' : ''));
    const [left, right, remove] = item.querySelectorAll('.actions button');
    left.disabled = index <= 0 || Boolean(shown.deleted);
    right.disabled = index >= STATUSES.length - 1 || Boolean(shown.deleted);
    remove.disabled = Boolean(shown.deleted);
    left.setAttribute('aria-label', index > 0 ? `Move to ${COLUMN_NAMES[STATUSES[index - 1]]}` : 'Move left');
    right.setAttribute('aria-label', index < STATUSES.length - 1 ? `Move to ${COLUMN_NAMES[STATUSES[index + 1]]}` : 'Move right');
    remove.setAttribute('aria-label', `Delete “${shown.title}”`);
    return item;
}

/**
 * Writes a card: `change` holds the fields to change, or is null to delete it. The change shows at
 * once (marked pending) and stays until the collection has it. Writes of one card go one after the
 * other, each based on the version the previous one produced, so that moving a card twice while
 * offline does not conflict with itself.
 */
function writeCard(s, key, change, version) {
    const row = s.board && s.board.cards.get(key);
    if (!row) return;
    let pending = s.cardWrites.get(key);
    if (!pending) {
        pending = {
            intent: {title: row.title, status: row.status, position: row.position},
            outstanding: 0, until: undefined,
            last: Promise.resolve(version !== undefined ? version : row.version),
        };
        s.cardWrites.set(key, pending);
    }
    if (pending.intent.deleted) return;
    pending.intent = change === null ? {...pending.intent, deleted: true} : {...pending.intent, ...change};
    const method = change === null ? 'DELETE' : 'PUT';
    const body = change === null ? undefined
        : {title: pending.intent.title, status: pending.intent.status, position: pending.intent.position};
    const held = pending.outstanding > 0;
    if (held) s.held++;
    pending.outstanding++;
    pending.until = undefined;

    pending.last = pending.last.then(async base => {
        if (held) s.held--;
        let next = base;
        let ok = false;
        try {
            const result = await s.sync.write(method, `cards/${key}`, body, {version: base});
            if (result.ok) {
                ok = true;
                next = result.row ? result.row.version : base;
                pending.until = result.row ? result.row.version : Infinity;   // a delete: until the row is gone
            } else if (s === session) {
                addConflict(s, result);
            }
        } catch (error) {
            failed(s, error);
        }
        pending.outstanding--;
        if (!ok && pending.outstanding === 0) pending.until = undefined;
        if (s === session) {
            renderPending();
            if (s.board && s.cardWrites.get(key) === pending) renderCards(s);
        }
        return next;
    });
    renderPending();
    renderCards(s);
}

/** Puts a card at `index` among the other cards of column `status` (index past the end: last). */
function placeCard(s, key, status, index) {
    const card = shownCards(s).find(c => c.key === key);
    if (!card || card.shown.deleted) return;
    const others = column(s, status, key);
    index = Math.max(0, Math.min(index, others.length));
    if (card.shown.status === status && column(s, status).findIndex(c => c.key === key) === index) return;

    const lower = index > 0 ? others[index - 1].shown.position : -1;
    const upper = index < others.length ? others[index].shown.position : Math.min(MAX_POSITION + 1, lower + 2 * GAP);
    if (upper - lower >= 2) {
        writeCard(s, key, {status, position: lower + Math.floor((upper - lower) / 2)});
        return;
    }
    // No free position between the neighbours: number the column again, writing only the cards that move.
    const order = others.slice();
    order.splice(index, 0, card);
    const step = Math.min(GAP, Math.floor(MAX_POSITION / (order.length + 1)));
    order.forEach((c, i) => {
        const position = (i + 1) * step;
        if (c.key === key) writeCard(s, key, {status, position});
        else if (c.shown.position !== position) writeCard(s, c.key, {position});
    });
}

function moveToColumn(s, key, step) {
    const card = shownCards(s).find(c => c.key === key);
    if (!card) return;
    const status = STATUSES[STATUSES.indexOf(card.shown.status) + step];
    if (status) placeCard(s, key, status, Infinity);
}

function reorder(s, key, step) {
    const card = shownCards(s).find(c => c.key === key);
    if (!card) return;
    const index = column(s, card.shown.status).findIndex(c => c.key === key);
    if (index + step >= 0) placeCard(s, key, card.shown.status, index + step);
}

function openEditor(s, item) {
    if (item.querySelector('input.edit') || item.classList.contains('deleting')) return;
    const key = item.dataset.id;
    const title = item.querySelector('.title');
    const input = element('input', {className: 'edit', maxLength: 500, 'aria-label': 'Card title', value: title.textContent});
    let done = false;
    const finish = (save, refocus) => {
        if (done) return;
        done = true;
        const value = input.value.trim();
        input.remove();
        title.hidden = false;
        item.draggable = true;
        if (refocus) item.focus();
        if (save && value && value !== title.textContent && s === session) writeCard(s, key, {title: value});
    };
    input.addEventListener('keydown', event => {
        event.stopPropagation();
        if (event.key === 'Enter') finish(true, true);
        else if (event.key === 'Escape') finish(false, true);
    });
    // A render may move the card (and the editor) and hand focus back at once: only a real blur saves.
    input.addEventListener('blur', () => setTimeout(() => {
        if (document.activeElement !== input) finish(true, false);
    }));
    title.hidden = true;
    item.draggable = false;
    title.after(input);
    input.focus();
    input.select();
}

// ---------------------------------------------------------------- conflicts

function describeCard(card) {
    return `“${card.title}” in ${COLUMN_NAMES[card.status] || card.status}`;
}

function describeConflict(rejected, current) {
    const isCard = /^cards\//.test(rejected.path);
    const isBoard = /^boards\/\d+$/.test(rejected.path);
    const kind = isCard ? 'card' : isBoard ? 'board' : 'row';
    const describe = row => isCard ? describeCard(row) : isBoard ? `named “${row.name}”` : JSON.stringify(row);
    let mine;
    if (rejected.method === 'DELETE') {
        mine = `delete it${current && isCard ? ` (${describeCard(current)})` : ''}`;
    } else {
        mine = describe(rejected.body);
        if (isCard && current && rejected.body.title === current.title && rejected.body.status === current.status) {
            mine += `, at position ${rejected.body.position}`;
        }
    }
    let now = 'deleted';
    if (current) {
        now = describe(current);
        if (isCard && rejected.body && rejected.body.title === current.title && rejected.body.status === current.status) {
            now += `, at position ${current.position}`;
        }
        now += ` (version ${current.version})`;
    }
    return {kind, mine, now};
}

/** Shows a write the server refused because the row had changed: what the user wanted, and the row now. */
function addConflict(s, result) {
    const {rejected, current} = result;
    if (rejected.method === 'DELETE' && !current) {
        show('That was deleted already.');
        return;
    }
    const {kind, mine, now} = describeConflict(rejected, current);
    const retry = element('button', {type: 'button', className: 'retry', disabled: !current}, 'Apply mine again');
    const dismiss = element('button', {type: 'button', className: 'dismiss'}, 'Keep theirs');
    const box = element('div', {className: 'conflict', role: 'group', 'aria-label': `Conflict on a ${kind}`},
        element('h3', {}, current ? `Someone changed this ${kind} before you` : `This ${kind} no longer exists`),
        element('p', {className: 'mine'}, element('strong', {}, 'You wanted: '), mine),
        element('p', {className: 'current'}, element('strong', {}, 'It is now: '), now),
        element('div', {className: 'choices'}, retry, dismiss));
    const forget = () => {
        box.remove();
        if (conflictBoxes.get(rejected.path) === box) conflictBoxes.delete(rejected.path);
    };
    retry.addEventListener('click', () => {
        forget();
        if (s !== session) return;
        const card = /^cards\/(\d+)$/.exec(rejected.path);
        if (card && s.board && s.board.cards.get(card[1])) {
            const pending = s.cardWrites.get(card[1]);
            if (pending && pending.outstanding === 0) s.cardWrites.delete(card[1]);
            writeCard(s, card[1], rejected.method === 'DELETE' ? null : rejected.body, current.version);
        } else {
            write(s, rejected.method, rejected.path, rejected.body, current.version);
        }
    });
    dismiss.addEventListener('click', forget);
    const previous = conflictBoxes.get(rejected.path);
    if (previous) previous.replaceWith(box);
    else $('#conflicts').append(box);
    conflictBoxes.set(rejected.path, box);
}

// ---------------------------------------------------------------- events

function withSession(handler) {
    return event => {
        if (session) handler(session, event);
    };
}

$('#login').addEventListener('submit', async event => {
    event.preventDefault();
    const form = event.target;
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
        const login = await sync.request('POST', 'login', {user: field(form, 'user').value.trim(), password: field(form, 'password').value});
        form.reset();
        show('');
        begin(login.body.user);
    } catch (error) {
        show(error.status === 401 ? 'Wrong user or password.' : errorText(error));
    } finally {
        button.disabled = false;
    }
});

$('#logout').addEventListener('click', withSession(async s => {
    if (s.ending) return;
    s.ending = true;
    try {
        await s.sync.request('DELETE', 'login');
    } catch (error) {
        s.ending = false;
        show(`Could not log out: ${errorText(error)}`);
        return;
    }
    const lost = s.sync.pending + s.held;
    end(s, lost ? `Logged out; ${lost} queued change${lost === 1 ? ' was' : 's were'} not sent.` : '');
}));

window.addEventListener('hashchange', withSession(s => selectBoardInAddress(s)));
// Leaving the page closes the connection, so that the others see this user leave at once: a page
// kept in the browser's back/forward cache would otherwise stay connected, and present. Coming back
// to it connects again, and every collection resumes where it stopped.
window.addEventListener('pagehide', () => session && session.sync.close());
window.addEventListener('pageshow', event => event.persisted && session && session.sync.connect());

$('#boards').addEventListener('click', event => {
    const item = event.target.closest('li[data-board-id]');
    if (item && session) chooseBoard(item.dataset.boardId);
});
$('#boards').addEventListener('keydown', event => {
    const item = event.target.closest('li[data-board-id]');
    if (item && session && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        chooseBoard(item.dataset.boardId);
    }
});

$('#new-board').addEventListener('submit', withSession(async (s, event) => {
    event.preventDefault();
    const name = field(event.target, 'name').value.trim();
    if (!name) return;
    show('');
    event.target.reset();
    const address = location.hash;
    const created = await write(s, 'POST', 'boards', {name});
    // Open the new board, unless the user went elsewhere while the write waited for the connection.
    if (created && created.row && location.hash === address) {
        const key = String(created.row.id);
        if (!s.boards.get(key)) s.expected = key;   // the collection has not seen it yet
        chooseBoard(key);
    }
}));

$('#rename-board').addEventListener('submit', withSession((s, event) => {
    event.preventDefault();
    const row = s.board && s.boards.get(s.board.id);
    const name = field(event.target, 'name').value.trim();
    if (!row || !name || name === row.name) return;
    show('');
    write(s, 'PUT', `boards/${row.id}`, {name}, row.version);
}));

$('#delete-board').addEventListener('click', withSession(s => {
    const row = s.board && s.boards.get(s.board.id);
    if (!row) return;
    show('');
    write(s, 'DELETE', `boards/${row.id}`, undefined, row.version);
}));

$('#add-member').addEventListener('submit', withSession(async (s, event) => {
    event.preventDefault();
    const form = event.target;
    const user = field(form, 'user').value.trim();
    if (!s.board || !user) return;
    show('');
    if (await write(s, 'PUT', `boards/${s.board.id}/members/${encodeURIComponent(user)}`)) form.reset();
}));

$('#members').addEventListener('click', withSession((s, event) => {
    const button = event.target.closest('button.remove-member');
    if (!button || !s.board) return;
    show('');
    write(s, 'DELETE', `boards/${s.board.id}/members/${encodeURIComponent(button.closest('li').dataset.user)}`);
}));

$('#new-card').addEventListener('submit', withSession((s, event) => {
    event.preventDefault();
    const title = field(event.target, 'title').value.trim();
    if (!s.board || !title) return;
    show('');
    event.target.reset();
    const todo = column(s, 'todo');
    const position = todo.length ? Math.min(MAX_POSITION, todo[todo.length - 1].shown.position + GAP) : GAP;
    write(s, 'POST', `boards/${s.board.id}/cards`, {title, status: 'todo', position});
}));

const columns = $('#columns');

columns.addEventListener('click', withSession((s, event) => {
    const button = event.target.closest('button');
    const item = event.target.closest('li.card');
    if (!button || !item) return;
    show('');
    if (button.classList.contains('left')) moveToColumn(s, item.dataset.id, -1);
    else if (button.classList.contains('right')) moveToColumn(s, item.dataset.id, 1);
    else if (button.classList.contains('delete')) writeCard(s, item.dataset.id, null);
}));

columns.addEventListener('dblclick', withSession((s, event) => {
    const item = event.target.closest('li.card');
    if (item && !event.target.closest('button, input')) openEditor(s, item);
}));

columns.addEventListener('keydown', withSession((s, event) => {
    const item = event.target;
    if (!(item instanceof HTMLElement) || !item.matches('li.card')) return;
    const key = item.dataset.id;
    const actions = {
        ArrowLeft: () => moveToColumn(s, key, -1),
        ArrowRight: () => moveToColumn(s, key, 1),
        ArrowUp: () => reorder(s, key, -1),
        ArrowDown: () => reorder(s, key, 1),
        Delete: () => writeCard(s, key, null),
        Enter: () => openEditor(s, item),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    show('');
    action();
}));

// Drag and drop: the drop index is where the pointer is among the column's other cards.
let draggedKey = null;

function dropIndex(list, y) {
    const others = [...list.querySelectorAll('li.card:not(.deleting)')].filter(item => item.dataset.id !== draggedKey);
    const before = others.findIndex(item => {
        const box = item.getBoundingClientRect();
        return y < box.top + box.height / 2;
    });
    return {others, index: before < 0 ? others.length : before};
}

function clearDropMarks() {
    for (const marked of columns.querySelectorAll('.drop-target, .drop-before, .drop-end')) {
        marked.classList.remove('drop-target', 'drop-before', 'drop-end');
    }
}

columns.addEventListener('dragstart', event => {
    const item = event.target.closest && event.target.closest('li.card');
    if (!item || item.classList.contains('deleting')) {
        event.preventDefault();
        return;
    }
    draggedKey = item.dataset.id;
    event.dataTransfer.setData('text/plain', draggedKey);
    event.dataTransfer.effectAllowed = 'move';
    item.classList.add('dragging');
});

columns.addEventListener('dragend', () => {
    for (const item of columns.querySelectorAll('.dragging')) item.classList.remove('dragging');
    clearDropMarks();
    draggedKey = null;
});

columns.addEventListener('dragover', event => {
    const section = event.target.closest('section[data-status]');
    if (!section || draggedKey === null) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    const list = section.querySelector('ul');
    const {others, index} = dropIndex(list, event.clientY);
    clearDropMarks();
    section.classList.add('drop-target');
    if (index < others.length) others[index].classList.add('drop-before');
    else list.classList.add('drop-end');
});

columns.addEventListener('dragleave', event => {
    const section = event.target.closest('section[data-status]');
    if (section && !section.contains(event.relatedTarget)) clearDropMarks();
});

columns.addEventListener('drop', withSession((s, event) => {
    const section = event.target.closest('section[data-status]');
    const key = draggedKey || event.dataTransfer.getData('text/plain');
    if (!section || !key || !s.board || !s.board.cards.get(key)) return;
    event.preventDefault();
    const {index} = dropIndex(section.querySelector('ul'), event.clientY);
    clearDropMarks();
    show('');
    placeCard(s, key, section.dataset.status, index);
}));

start();
