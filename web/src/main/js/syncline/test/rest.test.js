import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {SynclineError} from '../syncline.js';
import {fakeClient, networkFailure, openClient, reply, settle} from './fakes.js';

const card = (id, version, title = `card ${id}`) => ({id, boardId: 7, title, status: 'todo', position: 0, version});

/** Answers from a list, one answer (a function of the call) per call. */
function answers(...list) {
    return (call) => list.shift()(call);
}

describe('request', () => {
    test('sends JSON with If-Match: "<version>" to api + "/" + path, and resolves {status, body, headers}', async () => {
        const {sync, http} = fakeClient({answer: () => reply(200, card(4, 3))});
        const response = await sync.request('put', 'cards/4', {title: 'x', status: 'todo', position: 0}, {version: 2});
        assert.equal(response.status, 200);
        assert.deepEqual(response.body, card(4, 3));
        assert.equal(response.headers.get('content-type'), 'application/json');
        const [call] = http.calls;
        assert.equal(call.url, 'http://server.test/api/cards/4');
        assert.equal(call.method, 'PUT');
        assert.equal(call.credentials, 'same-origin');
        assert.deepEqual(call.headers, {'Accept': 'application/json', 'Content-Type': 'application/json', 'If-Match': '"2"'});
        assert.deepEqual(call.json, {title: 'x', status: 'todo', position: 0});
    });

    test('without a body or version, neither Content-Type nor If-Match is sent; an empty answer is null', async () => {
        const {sync, http} = fakeClient({answer: () => reply(204)});
        const response = await sync.request('DELETE', 'login');
        assert.deepEqual(http.calls[0].headers, {Accept: 'application/json'});
        assert.equal(http.calls[0].body, undefined);
        assert.equal(response.body, null);
    });

    test('the api base defaults to "api", relative to the page', async () => {
        const {sync, http} = fakeClient({syncline: {api: undefined}});
        await sync.request('GET', 'boards');
        assert.equal(http.calls[0].url, 'api/boards');
    });

    test('credentials add Basic authorization to every call', async () => {
        const {sync, http} = fakeClient({syncline: {credentials: {user: 'bob', password: 'bob-demo'}}});
        await sync.request('GET', 'boards');
        assert.equal(http.calls[0].headers.Authorization, `Basic ${Buffer.from('bob:bob-demo').toString('base64')}`);
    });

    test('412 resolves, with the current row', async () => {
        const {sync} = fakeClient({answer: () => reply(412, card(4, 5))});
        const {status, body} = await sync.request('PUT', 'cards/4', {}, {version: 2});
        assert.deepEqual({status, body}, {status: 412, body: card(4, 5)});
    });

    for (const [status, code] of [[400, 'invalid-input'], [401, 'unauthorized'], [404, 'not-found'], [500, 'internal-error']]) {
        test(`${status} rejects with SynclineError {status, code, message}`, async () => {
            const {sync} = fakeClient({answer: () => reply(status, {code, message: `${code} happened`})});
            await assert.rejects(sync.request('GET', 'cards/9'),
                (error) => error instanceof SynclineError && error.status === status && error.code === code && error.message === `${code} happened`);
        });
    }

    test('an error without a JSON body still rejects with its status', async () => {
        const {sync} = fakeClient({answer: () => new Response('Bad Gateway', {status: 502})});
        await assert.rejects(sync.request('GET', 'boards'), {name: 'SynclineError', status: 502, code: 'http-error', message: 'HTTP 502'});
    });

    test('a network failure rejects with status 0 and network-error, and queues nothing', async () => {
        const {sync} = fakeClient({answer: networkFailure});
        await assert.rejects(sync.request('POST', 'boards', {name: 'b'}), {name: 'SynclineError', status: 0, code: 'network-error'});
        assert.equal(sync.pending, 0);
    });
});

describe('write', () => {
    test('online, a write is sent at once and resolves {ok: true, status, row}', async () => {
        const {sync, http, events} = openClient({answer: () => reply(201, card(8, 1))});
        const result = await sync.write('POST', 'boards/7/cards', {title: 'new', status: 'todo'});
        assert.deepEqual(result, {ok: true, status: 201, row: card(8, 1)});
        assert.equal(http.calls.length, 1);
        assert.deepEqual(events.queue, [], 'nothing was queued');
    });

    test('204 resolves with row null', async () => {
        const {sync} = openClient({answer: () => reply(204)});
        assert.deepEqual(await sync.write('DELETE', 'cards/8', undefined, {version: 1}), {ok: true, status: 204, row: null});
    });

    test('offline, writes are queued and sent in order once open, each with the version it was based on', async () => {
        const {sync, server, http, events} = fakeClient({answer: (call) => reply(200, {echo: call.url})});
        sync.connect();
        const first = sync.write('PUT', 'cards/1', {title: 'a'}, {version: 3});
        const second = sync.write('DELETE', 'cards/2', undefined, {version: 7});
        const third = sync.write('POST', 'boards/7/cards', {title: 'c'});
        assert.equal(sync.pending, 3);
        assert.deepEqual(events.queue, [{pending: 1}, {pending: 2}, {pending: 3}]);
        await settle();
        assert.equal(http.calls.length, 0);

        server.socket.accept();
        await Promise.all([first, second, third]);
        assert.deepEqual(http.calls.map((call) => [call.method, call.url, call.headers['If-Match']]), [
            ['PUT', 'http://server.test/api/cards/1', '"3"'],
            ['DELETE', 'http://server.test/api/cards/2', '"7"'],
            ['POST', 'http://server.test/api/boards/7/cards', undefined],
        ]);
        assert.equal(sync.pending, 0);
        assert.deepEqual(events.queue.at(-1), {pending: 0});
    });

    test('one write at a time: a write made while another is on its way waits for it', async () => {
        let release;
        const {sync, http} = openClient({answer: answers(() => new Promise((resolve) => { release = resolve; }), () => reply(200, {}))});
        const first = sync.write('PUT', 'cards/1', {}, {version: 1});
        const second = sync.write('PUT', 'cards/2', {}, {version: 1});
        await settle();
        assert.equal(http.calls.length, 1);
        release(reply(200, {}));
        await Promise.all([first, second]);
        assert.deepEqual(http.calls.map((call) => call.url), ['http://server.test/api/cards/1', 'http://server.test/api/cards/2']);
    });

    test('a network failure queues the write; it is sent again first, after a backoff delay or on the next open', async () => {
        const {sync, server, clock, http, events} = openClient({
            answer: answers(networkFailure, networkFailure, () => reply(200, card(1, 4)), () => reply(200, card(2, 2))),
        });
        const first = sync.write('PUT', 'cards/1', {title: 'a'}, {version: 3});
        const second = sync.write('PUT', 'cards/2', {title: 'b'}, {version: 1});
        await settle();
        assert.equal(sync.pending, 2, 'the failed write is back at the head, the next one behind it');
        assert.equal(http.calls.length, 1);

        clock.advance(500);   // the retry after the first failure
        await settle();
        assert.equal(http.calls.length, 2);

        server.socket.drop(1006);
        clock.advance(500);
        server.socket.accept();   // the open sends at once, without waiting for the retry
        assert.deepEqual(await first, {ok: true, status: 200, row: card(1, 4)});
        assert.deepEqual(await second, {ok: true, status: 200, row: card(2, 2)});
        assert.deepEqual(http.calls.map((call) => [call.url, call.headers['If-Match']]), [
            ['http://server.test/api/cards/1', '"3"'],
            ['http://server.test/api/cards/1', '"3"'],
            ['http://server.test/api/cards/1', '"3"'],
            ['http://server.test/api/cards/2', '"1"'],
        ]);
        assert.deepEqual(events.queue.map((e) => e.pending), [1, 2, 1, 2, 1, 0]);
    });

    test('412 resolves as a conflict with the current row and the rejected write, and is emitted', async () => {
        const {sync, events} = openClient({answer: () => reply(412, card(1, 5, 'theirs'))});
        const result = await sync.write('PUT', 'cards/1', {title: 'mine'}, {version: 4});
        const expected = {
            ok: false,
            conflict: true,
            status: 412,
            current: card(1, 5, 'theirs'),
            rejected: {method: 'PUT', path: 'cards/1', body: {title: 'mine'}, version: 4},
        };
        assert.deepEqual(result, expected);
        assert.equal(events.conflict[0], result);
    });

    test('a PUT or DELETE of a row that is gone (404) is a conflict with current null', async () => {
        const {sync} = openClient({answer: () => reply(404, {code: 'not-found', message: 'no such card'})});
        for (const method of ['PUT', 'DELETE']) {
            const result = await sync.write(method, 'cards/1', undefined, {version: 4});
            assert.deepEqual(result, {ok: false, conflict: true, status: 404, current: null,
                rejected: {method, path: 'cards/1', body: undefined, version: 4}});
        }
    });

    test('other failures reject with SynclineError, and the writes after them go on', async () => {
        const {sync, http} = openClient({answer: answers(
            () => reply(404, {code: 'not-found', message: 'no such board'}),
            () => reply(400, {code: 'invalid-input', message: 'title is blank'}),
            () => reply(401, {code: 'unauthorized', message: 'log in'}),
            () => reply(201, card(3, 1)),
        )});
        const gone = sync.write('POST', 'boards/99/cards', {title: 'x'});
        const invalid = sync.write('PUT', 'cards/1', {title: ''}, {version: 1});
        const unauthorized = sync.write('PUT', 'cards/1', {title: 'y'}, {version: 1});
        const fine = sync.write('POST', 'boards/7/cards', {title: 'z'});
        await assert.rejects(gone, {name: 'SynclineError', status: 404, code: 'not-found'});
        await assert.rejects(invalid, {name: 'SynclineError', status: 400, code: 'invalid-input', message: 'title is blank'});
        await assert.rejects(unauthorized, {name: 'SynclineError', status: 401, code: 'unauthorized'});
        assert.deepEqual(await fine, {ok: true, status: 201, row: card(3, 1)});
        assert.equal(http.calls.length, 4);
    });

    test('a body that cannot be JSON rejects at once and queues nothing', async () => {
        const {sync} = fakeClient();
        const cyclic = {};
        cyclic.self = cyclic;
        await assert.rejects(sync.write('POST', 'boards', cyclic), TypeError);
        assert.equal(sync.pending, 0);
    });
});
