import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Syncline} from '../syncline.js';
import {fakeClient, fakeServer, openClient} from './fakes.js';

describe('connecting', () => {
    test('connect opens the WebSocket and reports connecting, then open', () => {
        const {sync, server, events} = fakeClient();
        sync.connect();
        assert.equal(sync.state, 'connecting');
        assert.equal(server.socket.url, 'ws://server.test/sync');
        server.socket.accept();
        assert.equal(sync.state, 'open');
        assert.deepEqual(events.state, [{state: 'connecting', attempt: 0}, {state: 'open', attempt: 0}]);
    });

    test('without a url the page origin plus /sync is used, wss: under https:', () => {
        const server = fakeServer();
        try {
            globalThis.location = {protocol: 'https:', host: 'board.example:8443'};
            new Syncline({WebSocket: server.WebSocket}).connect();
            globalThis.location = {protocol: 'http:', host: 'localhost:8080'};
            new Syncline({WebSocket: server.WebSocket}).connect();
        } finally {
            delete globalThis.location;
        }
        assert.deepEqual(server.sockets.map((socket) => socket.url),
            ['wss://board.example:8443/sync', 'ws://localhost:8080/sync']);
    });

    test('without a url or a page location connect refuses', () => {
        assert.throws(() => new Syncline({WebSocket: fakeServer().WebSocket}).connect(), TypeError);
    });

    test('credentials go with the handshake as Basic authorization; without them only the url is passed', () => {
        const withCredentials = fakeClient({syncline: {credentials: {user: 'alice', password: 'alice-demo'}}});
        withCredentials.sync.connect();
        assert.deepEqual(withCredentials.server.socket.args, ['ws://server.test/sync', undefined,
            {headers: {Authorization: `Basic ${Buffer.from('alice:alice-demo').toString('base64')}`}}]);

        const withoutCredentials = fakeClient();
        withoutCredentials.sync.connect();
        assert.deepEqual(withoutCredentials.server.socket.args, ['ws://server.test/sync']);
    });

    test('connect while connected does nothing', () => {
        const {sync, server} = openClient();
        sync.connect();
        assert.equal(server.sockets.length, 1);
    });
});

describe('reconnecting', () => {
    for (const [code, reason] of [[1000, ''], [1006, ''], [1008, 'too many sessions'], [1011, 'delivery failed'], [4008, 'too slow']]) {
        test(`a close with ${code} is followed by a new connection after the backoff delay`, () => {
            const {sync, server, clock, events} = openClient();
            server.socket.deliver({type: 'pong', id: 'ping-1', offset: 0});
            server.socket.drop(code, reason);
            assert.equal(sync.state, 'reconnecting');
            assert.deepEqual(events.state.at(-1), {state: 'reconnecting', attempt: 1, delay: 500, code, reason});
            clock.advance(499);
            assert.equal(server.sockets.length, 1);
            clock.advance(1);
            assert.equal(server.sockets.length, 2);
            assert.deepEqual(events.state.at(-1), {state: 'connecting', attempt: 1});
            server.socket.accept();
            assert.equal(sync.state, 'open');
        });
    }

    test('backoff delays grow by the factor and stop at the maximum', () => {
        const {sync, server, clock, events} = fakeClient();
        sync.connect();
        const delays = [];
        for (let attempt = 1; attempt <= 8; attempt++) {
            server.socket.drop(1006);   // the handshake fails: the server never answers
            delays.push(events.state.at(-1).delay);
            clock.advance(delays.at(-1));
        }
        assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    });

    test('backoff delays are jittered: delay * (1 - jitter * random)', () => {
        const randoms = [1, 0.5, 0];
        const {sync, server, clock, events} = fakeClient({syncline: {random: () => randoms.shift()}});
        sync.connect();
        for (let attempt = 1; attempt <= 3; attempt++) {
            server.socket.drop(1006);
            clock.advance(events.state.at(-1).delay);
        }
        const delays = events.state.filter((e) => e.state === 'reconnecting').map((e) => e.delay);
        assert.deepEqual(delays, [500 * 0.5, 1000 * 0.75, 2000]);
    });

    test('the backoff options can be changed one at a time', () => {
        const {sync, server, events} = fakeClient({syncline: {backoff: {initial: 100}}});
        sync.connect();
        server.socket.drop(1006);
        assert.equal(events.state.at(-1).delay, 100);
    });

    test('a connection the server closes before sending anything keeps the backoff growing', () => {
        const {sync, server, clock, events} = fakeClient();
        sync.connect();
        for (let attempt = 1; attempt <= 3; attempt++) {
            server.socket.accept();
            server.socket.drop(1008, 'too many sessions');
            clock.advance(events.state.at(-1).delay);
        }
        const delays = events.state.filter((e) => e.state === 'reconnecting').map((e) => e.delay);
        assert.deepEqual(delays, [500, 1000, 2000]);
    });

    test('the backoff starts over once the server sends a frame on a connection', () => {
        const {sync, server, clock, events} = fakeClient();
        sync.connect();
        for (let attempt = 1; attempt <= 3; attempt++) {
            server.socket.drop(1006);
            clock.advance(events.state.at(-1).delay);
        }
        server.socket.accept();
        server.socket.deliver({type: 'pong', id: 'ping-1', offset: 5});
        server.socket.drop(1006);
        assert.deepEqual(events.state.at(-1), {state: 'reconnecting', attempt: 1, delay: 500, code: 1006, reason: ''});
    });

    test('a WebSocket constructor that throws counts as a failed attempt', () => {
        let calls = 0;
        class RefusingWebSocket {
            constructor() {
                calls += 1;
                throw new SyntaxError('bad url');
            }
        }
        const {sync, clock, events} = fakeClient({syncline: {WebSocket: RefusingWebSocket}});
        sync.connect();
        assert.deepEqual(events.state.at(-1), {state: 'reconnecting', attempt: 1, delay: 500, code: 1006, reason: 'bad url'});
        clock.advance(500);
        assert.equal(calls, 2);
    });

    test('close() closes with 1000 and never reconnects', () => {
        const {sync, server, clock, events} = openClient();
        const socket = server.socket;
        sync.close();
        assert.equal(sync.state, 'closed');
        assert.deepEqual(socket.closedWith, {code: 1000, reason: undefined});
        assert.deepEqual(events.state.at(-1), {state: 'closed', attempt: 0, code: 1000, reason: ''});
        socket.drop(1000);   // the close handshake completes: nothing follows from it
        clock.advance(60000);
        assert.equal(server.sockets.length, 1);
        assert.equal(sync.state, 'closed');
    });

    test('close() on a client that never connected does nothing', () => {
        const {sync, events} = fakeClient();
        sync.close();
        assert.deepEqual(events.state, []);
    });

    test('close() while waiting to reconnect cancels the attempt', () => {
        const {sync, server, clock} = openClient();
        server.socket.drop(1006);
        sync.close();
        clock.advance(60000);
        assert.equal(server.sockets.length, 1);
    });

    test('connect() after close() opens again', () => {
        const {sync, server} = openClient();
        sync.close();
        sync.connect();
        server.socket.accept();
        assert.equal(server.sockets.length, 2);
        assert.equal(sync.state, 'open');
    });
});

describe('pings', () => {
    test('the client pings every interval while the server answers', () => {
        const {server, clock} = openClient();
        clock.advance(20000);
        assert.deepEqual(server.socket.sentWith('ping'), [{op: 'ping', id: 'ping-1'}]);
        server.socket.deliver({type: 'pong', id: 'ping-1', offset: 3});
        clock.advance(20000);
        server.socket.deliver({type: 'pong', id: 'ping-2', offset: 3});
        clock.advance(20000);
        assert.deepEqual(server.socket.sentWith('ping').map((frame) => frame.id), ['ping-1', 'ping-2', 'ping-3']);
        assert.equal(server.socket.closedWith, null);
    });

    test('no frame for two intervals: the client closes the socket itself and reconnects', () => {
        const {sync, server, clock, events} = openClient();
        const silent = server.socket;
        clock.advance(20000);
        assert.equal(sync.state, 'open');
        clock.advance(20000);
        assert.deepEqual(silent.closedWith, {code: 4000, reason: 'ping timeout'});
        assert.deepEqual(events.state.at(-1), {state: 'reconnecting', attempt: 1, delay: 500, code: 4000, reason: 'ping timeout'});
        clock.advance(500);
        assert.equal(server.sockets.length, 2);
        assert.equal(silent.onclose, null, 'the dead socket no longer reaches the client');
    });

    test('any frame counts as a sign of life, not only pongs', () => {
        const {sync, server, clock} = openClient();
        sync.subscribe('Card', {since: 1});
        clock.advance(39000);
        server.socket.deliver({type: 'subscribed', id: 's1', offset: 1});
        clock.advance(20000);
        assert.equal(sync.state, 'open');
    });

    test('ping ids start again on each connection', () => {
        const {server, clock} = openClient({syncline: {pingInterval: 1000}});
        clock.advance(1000);
        server.socket.drop(1006);
        clock.advance(500);
        server.socket.accept();
        clock.advance(1000);
        assert.deepEqual(server.socket.sentWith('ping'), [{op: 'ping', id: 'ping-1'}]);
    });
});

describe('frames from the server', () => {
    test('a frame that is not JSON or has an unknown type is reported as bad-frame, and the next ones still count', () => {
        const {sync, server, events} = openClient();
        const cards = sync.subscribe('Card', {since: 10});
        assert.doesNotThrow(() => {
            server.socket.deliver('{not json');
            server.socket.deliver({type: 'gossip', id: 's1'});
            server.socket.deliver('[1, 2]');
            server.socket.deliver('null');
        });
        assert.deepEqual(events.error.map((e) => e.code), ['bad-frame', 'bad-frame', 'bad-frame', 'bad-frame']);
        assert.equal(events.error[1].id, 's1');
        server.socket.deliver({type: 'subscribed', id: 's1', offset: 10});
        assert.equal(cards.ready, true);
    });

    test('a frame of the wrong shape for its subscription is reported as bad-frame and changes nothing', () => {
        const {sync, server, events} = openClient();
        const cards = sync.subscribe('Card', {since: 10});
        server.socket.deliver({type: 'subscribed', id: 's1', offset: 10});
        server.socket.deliver({type: 'changes', id: 's1', tx: 't', changes: [
            {offset: 11, op: 'insert', entity: 'Card', key: '1', version: 1, data: {id: 1}},
            {offset: 12, op: 'insert', entity: 'Card', key: '2', version: 1}]});
        server.socket.deliver({type: 'changes', id: 's1', tx: 't', changes: 'none'});
        server.socket.deliver({type: 'presence', id: 's1', users: []});
        assert.deepEqual(events.error.map((e) => e.code), ['bad-frame', 'bad-frame', 'bad-frame']);
        assert.equal(cards.size, 0);
        assert.equal(cards.offset, 10);
    });

    test('an error frame that belongs to no subscription is reported on the client', () => {
        const {server, events} = openClient();
        server.socket.deliver({type: 'error', code: 'bad-json', message: 'not one JSON object'});
        server.socket.deliver({type: 'error', id: 'ping-9', code: 'server-error', message: 'try again'});
        assert.deepEqual(events.error, [
            {code: 'bad-json', message: 'not one JSON object', id: undefined},
            {code: 'server-error', message: 'try again', id: 'ping-9'},
        ]);
    });

    test('a listener that is removed hears nothing more, by off() or by the function on() returns', () => {
        const {sync, server} = fakeClient();
        const heard = [];
        const listener = (e) => heard.push(e.state);
        sync.on('state', listener);
        const stop = sync.on('state', (e) => heard.push(`2:${e.state}`));
        sync.connect();
        sync.off('state', listener);
        stop();
        server.socket.accept();
        assert.deepEqual(heard, ['connecting', '2:connecting']);
    });
});

describe('resubscribing', () => {
    test('after a reconnect, subscriptions and presence are sent again in creation order, with fresh ids', () => {
        const {sync, server, clock} = openClient();
        sync.subscribe('Card', {since: 5});
        sync.presence(7);
        sync.subscribe('Board', {snapshot: false});
        server.socket.drop(1006);
        clock.advance(500);
        server.socket.accept();
        assert.deepEqual(server.socket.sent, [
            {op: 'subscribe', id: 's1', entity: 'Card', since: 5},
            {op: 'join', id: 'p1', scope: 7},
            {op: 'subscribe', id: 's2', entity: 'Board'},
        ]);
    });

    test('a subscription made before connect() is sent once the connection is open', () => {
        const {sync, server} = fakeClient();
        sync.subscribe('Card');
        sync.connect();
        assert.deepEqual(server.socket.sent, []);
        server.socket.accept();
        assert.deepEqual(server.socket.sent, [{op: 'subscribe', id: 's1', entity: 'Card', snapshot: true}]);
    });

    test('state listeners see the subscriptions already sent when the state is open', () => {
        const {sync, server} = fakeClient();
        sync.subscribe('Card');
        const sentWhenOpen = [];
        sync.on('state', (e) => {
            if (e.state === 'open') sentWhenOpen.push(...server.socket.sent);
        });
        sync.connect();
        server.socket.accept();
        assert.equal(sentWhenOpen.length, 1);
    });

    test('a collection made in an open listener is subscribed once', () => {
        const {sync, server} = fakeClient();
        sync.on('state', (e) => {
            if (e.state === 'open') sync.subscribe('Card');
        });
        sync.connect();
        server.socket.accept();
        assert.equal(server.socket.sentWith('subscribe').length, 1);
    });
});
