// Stand-ins for what syncline.js takes from its environment: a WebSocket for which the test plays the
// server, timers on a clock the test moves by hand, and a fetch that answers from a function.

import {Syncline} from '../syncline.js';

/** Timers that run only when the test moves the clock on. */
export class FakeClock {
    #now = 0;
    #timers = new Map();   // handle -> {at, callback}, in the order they were set
    #nextHandle = 1;

    now = () => this.#now;

    setTimeout = (callback, ms = 0) => {
        const handle = this.#nextHandle++;
        this.#timers.set(handle, {at: this.#now + ms, callback});
        return handle;
    };

    clearTimeout = (handle) => {
        this.#timers.delete(handle);
    };

    /** Moves time on by `ms`, running the timers due meanwhile in the order they fall due. */
    advance(ms) {
        const end = this.#now + ms;
        for (let next = this.#nextDue(end); next; next = this.#nextDue(end)) {
            this.#timers.delete(next.handle);
            this.#now = next.at;
            next.callback();
        }
        this.#now = end;
    }

    /** The waits of the timers set now, soonest first. */
    get delays() {
        return [...this.#timers.values()].map((timer) => timer.at - this.#now).sort((a, b) => a - b);
    }

    #nextDue(end) {
        let next = null;
        for (const [handle, timer] of this.#timers) {
            if (timer.at <= end && (next === null || timer.at < next.at)) next = {handle, ...timer};
        }
        return next;
    }
}

/** A WebSocket class whose instances the test drives as the server; `sockets` lists them, newest last. */
export function fakeServer() {
    const sockets = [];

    class FakeWebSocket {
        constructor(url, ...rest) {
            this.url = url;
            this.args = [url, ...rest];   // as the client passed them
            this.sent = [];           // the client's frames, parsed
            this.closedWith = null;   // {code, reason} once the client closed it
            this.onopen = this.onmessage = this.onclose = this.onerror = null;
            sockets.push(this);
        }

        send(text) {
            if (this.closedWith) throw new Error('send on a socket the client closed');
            this.sent.push(JSON.parse(text));
        }

        close(code, reason) {
            this.closedWith = {code, reason};
        }

        // ---- what the server does

        accept() {
            this.onopen?.({});
        }

        /** Sends a frame to the client: an object as JSON, a string as it is. */
        deliver(frame) {
            this.onmessage?.({data: typeof frame === 'string' ? frame : JSON.stringify(frame)});
        }

        drop(code = 1006, reason = '') {
            this.onclose?.({code, reason});
        }

        /** The frames the client sent with this op. */
        sentWith(op) {
            return this.sent.filter((frame) => frame.op === op);
        }
    }

    return {
        WebSocket: FakeWebSocket,
        sockets,
        get socket() {
            return sockets.at(-1);
        },
    };
}

/** A fetch that records each call and answers with `answer(call)` (a Response, or a throw for a network failure). */
export function fakeFetch(answer = () => reply(200, {})) {
    const calls = [];
    const fetch = async (url, init) => {
        const call = {url, ...init, json: init.body === undefined ? undefined : JSON.parse(init.body)};
        calls.push(call);
        return answer(call);
    };
    return {fetch, calls};
}

/** A JSON response; no body for 204. */
export function reply(status, body) {
    return new Response(body === undefined ? null : JSON.stringify(body),
        {status, headers: body === undefined ? {} : {'Content-Type': 'application/json'}});
}

export function networkFailure() {
    throw new TypeError('fetch failed');
}

/** A client on fakes, with what it emits recorded; its backoff has no jitter unless `random` is given. */
export function fakeClient(options = {}) {
    const clock = new FakeClock();
    const server = fakeServer();
    const http = fakeFetch(options.answer);
    const sync = new Syncline({
        url: 'ws://server.test/sync',
        api: 'http://server.test/api',
        WebSocket: server.WebSocket,
        fetch: http.fetch,
        setTimeout: clock.setTimeout,
        clearTimeout: clock.clearTimeout,
        now: clock.now,
        random: () => 0,
        ...options.syncline,
    });
    const events = record(sync, ['state', 'error', 'queue', 'conflict']);
    return {clock, server, http, sync, events};
}

/** A fakeClient, connected and open. */
export function openClient(options) {
    const client = fakeClient(options);
    client.sync.connect();
    client.server.socket.accept();
    return client;
}

/** Records each named event of `emitter`: {name: [payload, ...]}. */
export function record(emitter, names) {
    const log = {};
    for (const name of names) {
        log[name] = [];
        emitter.on(name, (payload) => log[name].push(payload));
    }
    return log;
}

/** Lets pending promise callbacks (fetch answers) run. */
export function settle() {
    return new Promise((resolve) => setImmediate(resolve));
}
