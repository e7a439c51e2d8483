import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {openClient, record} from './fakes.js';

const present = (id, users, scope = 7) => ({type: 'presence', id, scope, users});

/** An open client with a presence in scope 7, and its events recorded. */
function joined() {
    const client = openClient();
    const here = client.sync.presence(7);
    return {...client, here, heard: record(here, ['join', 'leave', 'change', 'error'])};
}

describe('presence', () => {
    test('joining sends join with the scope', () => {
        const {server} = joined();
        assert.deepEqual(server.socket.sent, [{op: 'join', id: 'p1', scope: 7}]);
    });

    test('the users are each list\'s users, once each and sorted', () => {
        const {here, server, heard} = joined();
        assert.deepEqual(here.users, []);
        server.socket.deliver(present('p1', ['carol', 'alice', 'carol']));
        assert.deepEqual(here.users, ['alice', 'carol']);
        assert.deepEqual(heard.join, ['alice', 'carol']);
        assert.deepEqual(heard.change, [['alice', 'carol']]);
    });

    test('join and leave come from the difference between consecutive lists, with one change', () => {
        const {server, heard} = joined();
        server.socket.deliver(present('p1', ['alice', 'bob']));
        server.socket.deliver(present('p1', ['bob', 'carol']));
        assert.deepEqual(heard.join, ['alice', 'bob', 'carol']);
        assert.deepEqual(heard.leave, ['alice']);
        assert.deepEqual(heard.change, [['alice', 'bob'], ['bob', 'carol']]);
    });

    test('the same list again changes nothing', () => {
        const {server, heard} = joined();
        server.socket.deliver(present('p1', ['alice']));
        server.socket.deliver(present('p1', ['alice']));
        assert.equal(heard.change.length, 1);
    });

    test('after a reconnect it joins again; the users stay until the new list, then differ by it', () => {
        const {here, server, clock, heard} = joined();
        server.socket.deliver(present('p1', ['alice', 'bob']));
        server.socket.drop(1006);
        assert.deepEqual(here.users, ['alice', 'bob']);
        clock.advance(500);
        server.socket.accept();
        assert.deepEqual(server.socket.sent, [{op: 'join', id: 'p1', scope: 7}]);
        server.socket.deliver(present('p1', ['alice', 'carol']));
        assert.deepEqual(heard.leave, ['bob']);
        assert.deepEqual(heard.join, ['alice', 'bob', 'carol']);
    });

    test('forbidden is reported and ends the presence, which stays empty', () => {
        const {here, server, heard} = joined();
        server.socket.deliver({type: 'error', id: 'p1', code: 'forbidden', message: 'not a member'});
        assert.deepEqual(heard.error, [{code: 'forbidden', message: 'not a member'}]);
        assert.equal(here.closed, true);
        assert.deepEqual(here.users, []);
    });

    test('a server without presence (unknown-op): an error, and the presence stays empty', () => {
        const {here, server, clock, heard} = joined();
        server.socket.deliver({type: 'error', id: 'p1', code: 'unknown-op', message: "'join' is not an op"});
        assert.deepEqual(heard.error.map((e) => e.code), ['unknown-op']);
        assert.deepEqual(here.users, []);
        server.socket.drop(1006);
        clock.advance(500);
        server.socket.accept();
        assert.deepEqual(server.socket.sent, [], 'not joined again');
    });

    test('server-error is retried after a backoff delay', () => {
        const {here, server, clock} = joined();
        server.socket.deliver({type: 'error', id: 'p1', code: 'server-error', message: 'try again'});
        assert.equal(here.closed, false);
        clock.advance(500);
        assert.deepEqual(server.socket.sent.at(-1), {op: 'join', id: 'p2', scope: 7});
    });

    test('close() sends part and never joins again', () => {
        const {here, server, clock} = joined();
        here.close();
        assert.deepEqual(server.socket.sent.at(-1), {op: 'part', id: 'p1'});
        server.socket.drop(1006);
        clock.advance(500);
        server.socket.accept();
        assert.deepEqual(server.socket.sent, []);
    });

    test('a string scope is sent as it is; other scopes are refused', () => {
        const {sync, server} = openClient();
        sync.presence('team-a');
        assert.deepEqual(server.socket.sent, [{op: 'join', id: 'p1', scope: 'team-a'}]);
        assert.throws(() => sync.presence(1.5), TypeError);
        assert.throws(() => sync.presence({id: 7}), TypeError);
    });

    test('a users list that is not strings is a bad frame and changes nothing', () => {
        const {here, server, heard, events} = joined();
        server.socket.deliver(present('p1', ['alice', 3]));
        assert.deepEqual(here.users, []);
        assert.deepEqual(heard.change, []);
        assert.deepEqual(events.error.map((e) => e.code), ['bad-frame']);
    });
});
