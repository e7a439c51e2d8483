import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {openClient, record} from './fakes.js';

const card = (id, version, fields = {}) =>
    ({id, boardId: 7, title: `card ${id}`, status: 'todo', position: 0, version, ...fields});

const insert = (offset, data) => ({offset, op: 'insert', entity: 'Card', key: String(data.id), version: data.version, data});
const update = (offset, data) => ({...insert(offset, data), op: 'update'});
const remove = (offset, id, version) => ({offset, op: 'delete', entity: 'Card', key: String(id), version});

const changes = (id, list, more = false) => ({type: 'changes', id, tx: 'tx', changes: list, ...(more && {more})});
const leave = (id, offset, key, more = false) => ({type: 'leave', id, offset, entity: 'Card', key: String(key), ...(more && {more})});
const page = (id, offset, rows, last = false) =>
    ({type: 'snapshot', id, offset, rows: rows.map((data) => ({key: String(data.id), version: data.version, data})), ...(last && {last})});

/** An open client whose Card collection has its snapshot of `rows` (watermark `watermark`) whole. */
function withSnapshot(rows, watermark = 100) {
    const client = openClient();
    const cards = client.sync.subscribe('Card', {filter: {boardId: {eq: 7}}});
    const socket = client.server.socket;
    socket.deliver({type: 'subscribed', id: 's1', offset: watermark});
    socket.deliver(page('s1', watermark, rows, true));
    const events = record(cards, ['change', 'ready', 'reset', 'error']);
    return {...client, cards, socket, events};
}

/** Drops the connection and lets the client open the next one; returns the new socket. */
function reconnect({server, clock}, code = 1006) {
    server.socket.drop(code);
    clock.advance(15000);
    server.socket.accept();
    return server.socket;
}

const rowsOf = (collection) => Object.fromEntries(collection.rows);

describe('subscribing', () => {
    test('a snapshot is asked for by default, with the filter', () => {
        const {sync, server} = openClient();
        const cards = sync.subscribe('Card', {filter: {boardId: {eq: 7}}});
        assert.deepEqual(server.socket.sent, [{op: 'subscribe', id: 's1', entity: 'Card', filter: {boardId: {eq: 7}}, snapshot: true}]);
        assert.equal(cards.entity, 'Card');
        assert.deepEqual(cards.filter, {boardId: {eq: 7}});
        assert.equal(cards.ready, false);
        assert.equal(cards.offset, null);
    });

    test('with since, the changes after it are asked for, and the collection is ready once subscribed', () => {
        const {sync, server} = openClient();
        const cards = sync.subscribe('Card', {since: 1234});
        const events = record(cards, ['ready', 'change']);
        assert.deepEqual(server.socket.sent, [{op: 'subscribe', id: 's1', entity: 'Card', since: 1234}]);
        assert.equal(cards.offset, 1234);
        server.socket.deliver({type: 'subscribed', id: 's1', offset: 1234});
        assert.equal(cards.ready, true);
        assert.equal(events.ready.length, 1);
        assert.equal(events.change.length, 0);
    });

    test('snapshot: false takes the stream from now, and resumes from the watermark', () => {
        const client = openClient();
        const cards = client.sync.subscribe('Card', {snapshot: false});
        assert.deepEqual(client.server.socket.sent, [{op: 'subscribe', id: 's1', entity: 'Card'}]);
        client.server.socket.deliver({type: 'subscribed', id: 's1', offset: 77});
        assert.equal(cards.ready, true);
        assert.equal(cards.offset, 77);
        assert.deepEqual(reconnect(client).sent, [{op: 'subscribe', id: 's1', entity: 'Card', since: 77}]);
    });

    test('since and snapshot: true together, or a since that is no offset, are refused', () => {
        const {sync} = openClient();
        assert.throws(() => sync.subscribe('Card', {since: 5, snapshot: true}), TypeError);
        assert.throws(() => sync.subscribe('Card', {since: -1}), TypeError);
        assert.throws(() => sync.subscribe('Card', {since: '5'}), TypeError);
        assert.throws(() => sync.subscribe(''), TypeError);
    });
});

describe('snapshots', () => {
    test('the pages are applied together when the last one arrives, as one change', () => {
        const {sync, server} = openClient();
        const cards = sync.subscribe('Card');
        const events = record(cards, ['change', 'ready']);
        const order = [];
        cards.on('change', () => order.push('change'));
        cards.on('ready', () => order.push('ready'));
        server.socket.deliver({type: 'subscribed', id: 's1', offset: 100});
        server.socket.deliver(page('s1', 100, [card(1, 1), card(2, 3)]));
        assert.equal(cards.size, 0, 'nothing shows before the last page');
        assert.equal(cards.ready, false);
        server.socket.deliver(page('s1', 100, [card(3, 1)], true));
        assert.deepEqual(rowsOf(cards), {1: card(1, 1), 2: card(2, 3), 3: card(3, 1)});
        assert.deepEqual(events.change, [{inserted: [card(1, 1), card(2, 3), card(3, 1)], updated: [], removed: [], offset: 100, cause: 'snapshot'}]);
        assert.equal(cards.ready, true);
        assert.equal(cards.offset, 100);
        assert.deepEqual(order, ['change', 'ready']);
    });

    test('an empty snapshot is one page, and makes the collection ready', () => {
        const {sync, server} = openClient();
        const cards = sync.subscribe('Card');
        server.socket.deliver({type: 'subscribed', id: 's1', offset: 9});
        server.socket.deliver(page('s1', 9, [], true));
        assert.equal(cards.ready, true);
        assert.equal(cards.size, 0);
    });

    test('rows are found by key given as a number or a string', () => {
        const {cards} = withSnapshot([card(42, 1)]);
        assert.deepEqual(cards.get(42), card(42, 1));
        assert.deepEqual(cards.get('42'), card(42, 1));
        assert.equal(cards.get(43), undefined);
    });

    test('an unfinished snapshot is taken again (snapshot: true, not since) after a close', () => {
        const client = openClient();
        const cards = client.sync.subscribe('Card');
        client.server.socket.deliver({type: 'subscribed', id: 's1', offset: 100});
        client.server.socket.deliver(page('s1', 100, [card(1, 1)]));
        const socket = reconnect(client);
        assert.deepEqual(socket.sent, [{op: 'subscribe', id: 's1', entity: 'Card', snapshot: true}]);
        socket.deliver({type: 'subscribed', id: 's1', offset: 120});
        socket.deliver(page('s1', 120, [card(2, 1)], true));
        assert.deepEqual(rowsOf(cards), {2: card(2, 1)}, 'nothing of the cut snapshot remains');
        assert.equal(cards.offset, 120);
    });

    test('while a snapshot is taken again the rows shown stay, until the new one is whole', () => {
        const client = withSnapshot([card(1, 1), card(2, 1)]);
        client.socket.deliver({type: 'reset', id: 's1', reason: 'offset-expired', offset: 500});
        client.socket.deliver({type: 'subscribed', id: 's2', offset: 500});
        client.socket.deliver(page('s2', 500, [card(2, 2)]));
        const socket = reconnect(client);
        assert.deepEqual(socket.sent, [{op: 'subscribe', id: 's1', entity: 'Card', filter: {boardId: {eq: 7}}, snapshot: true}]);
        assert.deepEqual(rowsOf(client.cards), {1: card(1, 1), 2: card(2, 1)});
        socket.deliver({type: 'subscribed', id: 's1', offset: 510});
        socket.deliver(page('s1', 510, [card(2, 2)]));
        assert.deepEqual(rowsOf(client.cards), {1: card(1, 1), 2: card(2, 1)});
        socket.deliver(page('s1', 510, [card(3, 1)], true));
        assert.deepEqual(rowsOf(client.cards), {2: card(2, 2), 3: card(3, 1)});
        assert.equal(client.events.change.length, 1);
        assert.equal(client.events.change[0].cause, 'reset');
    });
});

describe('the version rule', () => {
    test('an insert or update applies only when its version is newer than the row held', () => {
        const {cards, socket, events} = withSnapshot([card(1, 3)]);
        socket.deliver(changes('s1', [update(101, card(1, 3, {title: 'same version'}))]));
        socket.deliver(changes('s1', [update(102, card(1, 2, {title: 'older'}))]));
        assert.deepEqual(cards.get(1), card(1, 3));
        socket.deliver(changes('s1', [update(103, card(1, 4, {title: 'newer'}))]));
        assert.deepEqual(cards.get(1), card(1, 4, {title: 'newer'}));
        socket.deliver(changes('s1', [insert(104, card(1, 3, {title: 'late insert'}))]));
        assert.deepEqual(cards.get(1), card(1, 4, {title: 'newer'}));
        assert.deepEqual(events.change.map((e) => e.updated.length), [0, 0, 1, 0]);
        assert.deepEqual(events.change[2].updated, [{before: card(1, 3), after: card(1, 4, {title: 'newer'})}]);
        assert.equal(cards.offset, 104, 'an ignored change still moves the offset on');
    });

    test('an insert of a row not held applies', () => {
        const {cards, socket, events} = withSnapshot([]);
        socket.deliver(changes('s1', [insert(101, card(5, 1))]));
        assert.deepEqual(cards.get(5), card(5, 1));
        assert.deepEqual(events.change, [{inserted: [card(5, 1)], updated: [], removed: [], offset: 101, cause: 'changes'}]);
    });

    test('a delete applies always, whatever its version', () => {
        const {cards, socket, events} = withSnapshot([card(1, 9), card(2, 1)]);
        socket.deliver(changes('s1', [remove(101, 1, 2)]));
        assert.equal(cards.get(1), undefined);
        assert.deepEqual(events.change[0].removed, [{key: '1', before: card(1, 9), left: false}]);
    });

    test('a leave drops the row; one for a row not held is harmless', () => {
        const {cards, socket, events} = withSnapshot([card(1, 1)]);
        socket.deliver(leave('s1', 101, 1));
        socket.deliver(leave('s1', 102, 99));
        assert.equal(cards.size, 0);
        assert.deepEqual(events.change[0].removed, [{key: '1', before: card(1, 1), left: true}]);
        assert.deepEqual(events.change[1], {inserted: [], updated: [], removed: [], offset: 102, cause: 'changes'});
    });
});

describe('transaction groups', () => {
    test('a group is applied only when its last frame arrives, as one change', () => {
        const {cards, socket, events} = withSnapshot([card(1, 1), card(2, 1)]);
        socket.deliver(changes('s1', [insert(101, card(3, 1)), update(102, card(1, 2))], true));
        socket.deliver(changes('s1', [remove(103, 2, 1)], true));
        assert.deepEqual(rowsOf(cards), {1: card(1, 1), 2: card(2, 1)});
        assert.equal(cards.offset, 100);
        socket.deliver(leave('s1', 104, 1));
        assert.deepEqual(rowsOf(cards), {3: card(3, 1)});
        assert.deepEqual(events.change, [{
            inserted: [card(3, 1)],
            updated: [],
            removed: [{key: '1', before: card(1, 1), left: true}, {key: '2', before: card(2, 1), left: false}],
            offset: 104,
            cause: 'changes',
        }]);
        assert.equal(cards.offset, 104);
    });

    test('the change event tells each row\'s net effect over the group', () => {
        const {socket, events} = withSnapshot([card(1, 1)]);
        socket.deliver(changes('s1', [
            insert(101, card(2, 1)), update(102, card(2, 2)),    // inserted, as it is at the end
            update(103, card(1, 2)), remove(104, 1, 2),           // removed, as it was before
            insert(105, card(3, 1)), remove(106, 3, 1),           // nothing
        ]));
        assert.deepEqual(events.change, [{
            inserted: [card(2, 2)],
            updated: [],
            removed: [{key: '1', before: card(1, 1), left: false}],
            offset: 106,
            cause: 'changes',
        }]);
    });

    test('a close in the middle of a group: nothing of it is applied, and since is the last whole group\'s offset', () => {
        const client = withSnapshot([card(1, 1)]);
        const {cards, socket, events} = client;
        socket.deliver(changes('s1', [insert(101, card(2, 1)), update(102, card(1, 2))]));
        socket.deliver(changes('s1', [insert(103, card(3, 1))], true));
        socket.deliver(leave('s1', 104, 1, true));
        const next = reconnect(client);
        assert.deepEqual(rowsOf(cards), {1: card(1, 2), 2: card(2, 1)});
        assert.equal(cards.offset, 102);
        assert.deepEqual(next.sent, [{op: 'subscribe', id: 's1', entity: 'Card', filter: {boardId: {eq: 7}}, since: 102}]);

        next.deliver({type: 'subscribed', id: 's1', offset: 102});
        next.deliver(changes('s1', [insert(103, card(3, 1))], true));
        next.deliver(leave('s1', 104, 1));
        assert.deepEqual(rowsOf(cards), {2: card(2, 1), 3: card(3, 1)});
        assert.equal(events.change.length, 2);
        assert.equal(cards.offset, 104);
    });

    test('with no group applied, the resume uses subscribed.offset', () => {
        const client = withSnapshot([card(1, 1)], 250);
        assert.deepEqual(reconnect(client).sent[0].since, 250);
    });

    test('every kind of close resumes the same way', () => {
        for (const code of [1000, 1008, 1011, 4008]) {
            const client = withSnapshot([card(1, 1)]);
            client.socket.deliver(changes('s1', [update(101, card(1, 2))]));
            assert.equal(reconnect(client, code).sent[0].since, 101, `after ${code}`);
        }
    });
});

describe('reset', () => {
    test('a fresh snapshot is taken and swapped in at its end, with one change (cause reset)', () => {
        const {cards, socket, events, sync} = withSnapshot([card(1, 1), card(2, 1), card(5, 1)]);
        socket.deliver(changes('s1', [insert(101, card(9, 1))], true));
        socket.deliver({type: 'reset', id: 's1', reason: 'offset-expired', offset: 500});
        assert.deepEqual(events.reset, [{reason: 'offset-expired', offset: 500}]);
        assert.deepEqual(socket.sent.at(-1), {op: 'subscribe', id: 's2', entity: 'Card', filter: {boardId: {eq: 7}}, snapshot: true});

        socket.deliver({type: 'subscribed', id: 's2', offset: 500});
        socket.deliver(page('s2', 500, [card(2, 2), card(3, 1)]));
        assert.deepEqual(rowsOf(cards), {1: card(1, 1), 2: card(2, 1), 5: card(5, 1)}, 'the rows stay until the snapshot is whole');
        socket.deliver(page('s2', 500, [card(5, 1)], true));

        assert.deepEqual(rowsOf(cards), {2: card(2, 2), 3: card(3, 1), 5: card(5, 1)});
        assert.deepEqual(events.change, [{
            inserted: [card(3, 1)],
            updated: [{before: card(2, 1), after: card(2, 2)}],
            removed: [{key: '1', before: card(1, 1), left: false}],
            offset: 500,
            cause: 'reset',
        }]);
        assert.equal(cards.offset, 500);
        assert.equal(sync.state, 'open');
    });

    test('frames for the id a reset closed are dropped', () => {
        const {cards, socket} = withSnapshot([card(1, 1)]);
        socket.deliver({type: 'reset', id: 's1', reason: 'offset-unknown', offset: 50});
        socket.deliver(changes('s1', [insert(101, card(2, 1))]));
        assert.equal(cards.get(2), undefined);
    });

    test('a subscription with since that is reset takes a snapshot and is then ready', () => {
        const {sync, server} = openClient();
        const cards = sync.subscribe('Card', {since: 3});
        const events = record(cards, ['change', 'ready']);
        server.socket.deliver({type: 'reset', id: 's1', reason: 'offset-expired', offset: 900});
        assert.deepEqual(server.socket.sent.at(-1), {op: 'subscribe', id: 's2', entity: 'Card', snapshot: true});
        server.socket.deliver({type: 'subscribed', id: 's2', offset: 900});
        server.socket.deliver(page('s2', 900, [card(1, 1)], true));
        assert.equal(cards.ready, true);
        assert.equal(events.ready.length, 1);
        assert.equal(events.change[0].cause, 'reset');
        assert.equal(cards.offset, 900);
    });
});

describe('errors', () => {
    test('server-error is reported and the subscribe sent again after a backoff delay', () => {
        const {sync, server, clock} = openClient();
        const cards = sync.subscribe('Card', {since: 10});
        const events = record(cards, ['error']);
        server.socket.deliver({type: 'error', id: 's1', code: 'server-error', message: 'the database failed'});
        assert.deepEqual(events.error, [{code: 'server-error', message: 'the database failed'}]);
        assert.equal(cards.closed, false);
        clock.advance(499);
        assert.equal(server.socket.sentWith('subscribe').length, 1);
        clock.advance(1);
        assert.deepEqual(server.socket.sent.at(-1), {op: 'subscribe', id: 's2', entity: 'Card', since: 10});
        server.socket.deliver({type: 'error', id: 's2', code: 'server-error', message: 'again'});
        clock.advance(999);
        assert.equal(server.socket.sentWith('subscribe').length, 2, 'the second retry waits longer');
        clock.advance(1);
        assert.equal(server.socket.sentWith('subscribe').length, 3);
    });

    test('any other error ends the subscription', () => {
        const client = openClient();
        const cards = client.sync.subscribe('Card', {filter: {boardId: {eq: 8}}});
        const events = record(cards, ['error']);
        client.server.socket.deliver({type: 'error', id: 's1', code: 'forbidden', message: 'not a member'});
        assert.deepEqual(events.error, [{code: 'forbidden', message: 'not a member'}]);
        assert.equal(cards.closed, true);
        client.clock.advance(60000);
        assert.deepEqual(reconnect(client).sent, [], 'not subscribed again after a reconnect');
        assert.deepEqual(client.events.error, [], 'nothing on the client');
    });
});

describe('closing', () => {
    test('close() unsubscribes; nothing more arrives, and no reconnect subscribes it again', () => {
        const client = withSnapshot([card(1, 1)]);
        client.cards.close();
        assert.equal(client.cards.closed, true);
        assert.deepEqual(client.socket.sent.at(-1), {op: 'unsubscribe', id: 's1'});
        client.socket.deliver(changes('s1', [insert(101, card(2, 1))]));
        assert.deepEqual(rowsOf(client.cards), {1: card(1, 1)}, 'the rows stay as they were');
        assert.deepEqual(reconnect(client).sent, []);
    });

    test('close() while disconnected sends nothing', () => {
        const client = withSnapshot([]);
        client.server.socket.drop(1006);
        client.cards.close();
        client.clock.advance(15000);
        client.server.socket.accept();
        assert.deepEqual(client.server.socket.sent, []);
    });
});
