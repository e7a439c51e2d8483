// Syncline's client: live collections, presence and offline-safe REST writes over wire protocol v1
// (README, "Guarantees" and "Wire protocol v1"). One ES module without dependencies; everything it takes
// from its environment (WebSocket, fetch, timers, clock, randomness) can be passed in.

const DEFAULT_BACKOFF = Object.freeze({initial: 500, max: 15000, factor: 2, jitter: 0.5});
const DEFAULT_PING_INTERVAL = 20000;

// What the client tells its channels (collections, presences). Symbols keep this off their public API.
const OPEN = Symbol('open');        // the connection is open: send the opening frame
const RECEIVE = Symbol('receive');  // a frame that carries the channel's id
const FAILED = Symbol('failed');    // an error frame that carries the channel's id
const LOST = Symbol('lost');        // the channel's id is gone: forget what was under way
const EMIT = Symbol('emit');

/**
 * A failed REST call. `status` is the HTTP status (0 when the network failed), `code` the server's
 * error code (`not-found`, `invalid-input`, ...; `network-error` when no answer came).
 */
export class SynclineError extends Error {
    /**
     * @param {string} message
     * @param {number} status
     * @param {string} code
     */
    constructor(message, status, code) {
        super(message);
        this.name = 'SynclineError';
        this.status = status;
        this.code = code;
    }
}

/** A server frame the client cannot use; reported as an 'error' event with code 'bad-frame'. */
class BadFrame extends Error {}

class Emitter {
    #listeners = new Map();

    /**
     * Calls `listener` on every `event`.
     * @returns {() => void} a function that removes the listener again
     */
    on(event, listener) {
        if (typeof listener !== 'function') throw new TypeError('listener must be a function');
        let listeners = this.#listeners.get(event);
        if (!listeners) this.#listeners.set(event, listeners = new Set());
        listeners.add(listener);
        return () => this.off(event, listener);
    }

    /** Removes a listener added with on(). */
    off(event, listener) {
        this.#listeners.get(event)?.delete(listener);
    }

    [EMIT](event, payload) {
        for (const listener of [...(this.#listeners.get(event) ?? [])]) {
            // A failing listener must break neither the client's state nor the other listeners.
            try {
                listener(payload);
            } catch (error) {
                queueMicrotask(() => { throw error; });
            }
        }
    }
}

/**
 * A connection to a Syncline server: one WebSocket for live collections and presence, REST for reads
 * and writes. After every close but close() it connects again, with growing delays, and each
 * collection resumes where it stopped.
 */
export class Syncline extends Emitter {
    #url;
    #api;
    #authorization;
    #WebSocket;
    #fetch;
    #backoff;
    #random;
    #setTimeout;
    #clearTimeout;
    #now;
    #pingInterval;

    #state = 'closed';
    #socket = null;
    #attempt = 0;             // connection attempts since the server last sent a frame
    #reconnectTimer = null;
    #pingTimer = null;
    #pings = 0;               // pings sent on this connection, for their ids
    #lastFrameAt = 0;
    #channels;
    #writes;

    /**
     * @param {import('./syncline.d.ts').SynclineOptions} [options]
     */
    constructor(options = {}) {
        super();
        const location = globalThis.location;
        this.#url = options.url ?? (location
            ? `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`
            : undefined);
        this.#api = (options.api ?? 'api').replace(/\/+$/, '');
        this.#authorization = options.credentials ? basicAuthorization(options.credentials) : undefined;
        this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
        // Called as plain functions: a browser's fetch or setTimeout refuses any other `this` than the window.
        const fetch = options.fetch ?? globalThis.fetch;
        this.#fetch = (url, init) => fetch(url, init);
        const setTimeout = options.setTimeout ?? globalThis.setTimeout;
        const clearTimeout = options.clearTimeout ?? globalThis.clearTimeout;
        this.#setTimeout = (callback, ms) => setTimeout(callback, ms);
        this.#clearTimeout = (handle) => clearTimeout(handle);
        this.#random = options.random ?? Math.random;
        this.#now = options.now ?? Date.now;
        this.#backoff = {...DEFAULT_BACKOFF, ...options.backoff};
        this.#pingInterval = options.pingInterval ?? DEFAULT_PING_INTERVAL;

        const isOpen = () => this.#state === 'open';
        const timers = {setTimeout: this.#setTimeout, clearTimeout: this.#clearTimeout};
        this.#channels = new ChannelRegistry({
            isOpen,
            send: (frame) => this.#send(frame),
            retryDelay: (attempt) => this.#delay(attempt),
            ...timers,
        });
        this.#writes = new WriteQueue({
            isOpen,
            exchange: (...args) => this.#exchange(...args),
            retryDelay: (attempt) => this.#delay(attempt),
            onPending: (pending) => this[EMIT]('queue', {pending}),
            onConflict: (conflict) => this[EMIT]('conflict', conflict),
            ...timers,
        });
    }

    /** @returns {'connecting' | 'open' | 'reconnecting' | 'closed'} */
    get state() {
        return this.#state;
    }

    /** The number of writes waiting to be sent. */
    get pending() {
        return this.#writes.pending;
    }

    /** Opens the connection; from now on the client reconnects by itself after every close until close(). */
    connect() {
        if (this.#state !== 'closed') return;
        if (this.#url === undefined) throw new TypeError('no url given, and no page location to derive it from');
        if (typeof this.#WebSocket !== 'function') throw new TypeError('no WebSocket: pass the WebSocket option');
        this.#attempt = 0;
        this.#openSocket();
    }

    /**
     * Closes the connection for good (code 1000): no reconnect. Collections and presences keep their
     * state and resume if connect() is called again; queued writes keep waiting.
     */
    close() {
        if (this.#state === 'closed') return;
        this.#clearTimeout(this.#reconnectTimer);
        this.#reconnectTimer = null;
        const socket = this.#dropSocket();
        socket?.close(1000);
        this.#channels.lost();
        this.#setState('closed', {attempt: this.#attempt, code: 1000, reason: ''});
    }

    /**
     * A live collection of the rows of `entity` that `options.filter` selects: by default a snapshot,
     * then every change; with `since`, the changes after that offset.
     * @param {string} entity
     * @param {{filter?: object, since?: number, snapshot?: boolean}} [options]
     * @returns {Collection}
     */
    subscribe(entity, options = {}) {
        const collection = new Collection(this.#channels, entity, options);
        this.#channels.add(collection);
        return collection;
    }

    /**
     * The users present in `scope` (the demo: a board's id), kept up to date.
     * @param {string | number} scope
     * @returns {Presence}
     */
    presence(scope) {
        const presence = new Presence(this.#channels, scope);
        this.#channels.add(presence);
        return presence;
    }

    /**
     * One REST call, JSON in and out, never queued. Resolves {status, body, headers} for 2xx and 412;
     * rejects with SynclineError for any other status and for a network failure (status 0).
     * @param {string} method
     * @param {string} path joined to the `api` option with '/'
     * @param {unknown} [body]
     * @param {{version?: number | string}} [options] `version` is sent as If-Match: "<version>"
     */
    async request(method, path, body, {version} = {}) {
        const text = body === undefined ? undefined : JSON.stringify(body);
        let response;
        try {
            response = await this.#exchange(method.toUpperCase(), path, text, version);
        } catch (error) {
            throw networkError(error);
        }
        if (isSuccess(response.status) || response.status === 412) return response;
        throw httpError(response);
    }

    /**
     * A REST write that survives being offline: while the connection is not open, or after a network
     * failure, it waits in memory and is sent, in order with the others, once the connection is open
     * again, with the version it was based on. Resolves {ok: true, status, row} on success and
     * {ok: false, conflict: true, status, current, rejected} on 412 (or a PUT/DELETE of a row gone: 404);
     * rejects with SynclineError on any other status.
     * @param {string} method
     * @param {string} path
     * @param {unknown} [body]
     * @param {{version?: number | string}} [options]
     */
    async write(method, path, body, {version} = {}) {
        const text = body === undefined ? undefined : JSON.stringify(body);
        return this.#writes.add({method: method.toUpperCase(), path, body, text, version});
    }

    #openSocket() {
        this.#setState('connecting', {attempt: this.#attempt});
        if (this.#state !== 'connecting') return;   // a listener closed the client
        let socket;
        try {
            const WebSocket = this.#WebSocket;
            socket = this.#authorization === undefined
                ? new WebSocket(this.#url)
                : new WebSocket(this.#url, undefined, {headers: {Authorization: this.#authorization}});
        } catch (error) {
            this.#reconnectLater(1006, error.message);
            return;
        }
        this.#socket = socket;
        socket.onopen = () => this.#opened();
        socket.onmessage = (event) => this.#received(event.data);
        socket.onclose = (event) => {
            this.#dropSocket();
            this.#reconnectLater(event.code, event.reason);
        };
        // A close follows every error, and the close is what counts; but without a listener the 'ws'
        // package throws the error. It stays attached for good: errors come after a detach too.
        socket.onerror = () => {};
    }

    #opened() {
        this.#state = 'open';
        this.#lastFrameAt = this.#now();
        this.#pings = 0;
        this.#channels.opened();
        this.#schedulePing();
        this.#setState('open', {attempt: this.#attempt});
        this.#writes.resume();
    }

    #received(data) {
        this.#lastFrameAt = this.#now();
        // The server answered on this connection: a close from now on starts the backoff from the beginning.
        // (Counting from the open instead would retry a server that accepts and at once closes every 500 ms.)
        this.#attempt = 0;
        let frame;
        try {
            frame = parseFrame(data);
            this.#dispatch(frame);
        } catch (error) {
            // Reported, never thrown out of onmessage: the frames after this one still count.
            this[EMIT]('error', {code: 'bad-frame', message: error.message, id: frame?.id});
        }
    }

    #dispatch(frame) {
        switch (frame.type) {
            case 'pong':
                return;   // it counted already, as a sign of life
            case 'subscribed':
            case 'snapshot':
            case 'changes':
            case 'leave':
            case 'reset':
            case 'presence':
            case 'error': {
                const channel = this.#channels.channelFor(frame);
                if (channel) {
                    channel[frame.type === 'error' ? FAILED : RECEIVE](frame);
                } else if (frame.type === 'error') {
                    this[EMIT]('error', {code: frame.code, message: frame.message, id: frame.id});
                }
                // Any other frame for an id no longer open is late (closed, reset meanwhile): dropped.
                return;
            }
            default:
                throw new BadFrame(`unknown frame type '${frame.type}'`);
        }
    }

    #send(frame) {
        if (this.#state === 'open') this.#socket.send(JSON.stringify(frame));
    }

    #schedulePing() {
        this.#pingTimer = this.#setTimeout(() => this.#ping(), this.#pingInterval);
    }

    // A half-open connection (the peer gone without a close) shows only as silence: after two intervals
    // without any frame the client gives it up itself and reconnects.
    #ping() {
        this.#pingTimer = null;
        if (this.#now() - this.#lastFrameAt >= 2 * this.#pingInterval) {
            this.#dropSocket().close(4000, 'ping timeout');
            this.#reconnectLater(4000, 'ping timeout');
            return;
        }
        this.#pings += 1;
        this.#send({op: 'ping', id: `ping-${this.#pings}`});
        this.#schedulePing();
    }

    /** Detaches the socket (all but onerror), so that nothing it reports later counts; returns it. */
    #dropSocket() {
        const socket = this.#socket;
        this.#socket = null;
        this.#clearTimeout(this.#pingTimer);
        this.#pingTimer = null;
        if (socket) socket.onopen = socket.onmessage = socket.onclose = null;
        return socket;
    }

    // Every channel resumes on the next connection, which comes after the backoff delay.
    #reconnectLater(code, reason) {
        this.#channels.lost();
        this.#attempt += 1;
        const delay = this.#delay(this.#attempt);
        this.#reconnectTimer = this.#setTimeout(() => {
            this.#reconnectTimer = null;
            this.#openSocket();
        }, delay);
        this.#setState('reconnecting', {attempt: this.#attempt, delay, code, reason});
    }

    /** The wait before retry number `attempt` (1, 2, ...): growing, capped, and jittered so clients spread out. */
    #delay(attempt) {
        const {initial, max, factor, jitter} = this.#backoff;
        return Math.min(max, initial * factor ** (attempt - 1)) * (1 - jitter * this.#random());
    }

    #setState(state, details) {
        this.#state = state;
        this[EMIT]('state', {state, ...details});
    }

    async #exchange(method, path, text, version) {
        const headers = {Accept: 'application/json'};
        if (text !== undefined) headers['Content-Type'] = 'application/json';
        if (version !== undefined && version !== null) headers['If-Match'] = `"${version}"`;
        if (this.#authorization !== undefined) headers.Authorization = this.#authorization;
        const response = await this.#fetch(`${this.#api}/${path.replace(/^\/+/, '')}`,
            {method, headers, body: text, credentials: 'same-origin'});
        return {status: response.status, body: parseBody(await response.text()), headers: response.headers};
    }
}

/**
 * The collections and presences of one client, in creation order, and their ids on the current
 * connection. Ids are handed out per connection ("s1", "p1", ...) and a new one for every opening
 * frame, so a late frame for an id that was given up can never be taken for a current one.
 */
class ChannelRegistry {
    #client;
    #entries = new Map();    // channel -> {id, retries, retryTimer}, in creation order
    #byId = new Map();       // id on the current connection -> channel
    #counters = new Map();   // prefix -> the last number handed out on this connection

    constructor(client) {
        this.#client = client;
    }

    add(channel) {
        this.#entries.set(channel, {id: null, retries: 0, retryTimer: null});
        if (this.#client.isOpen()) channel[OPEN]();
    }

    /** The connection opened: every channel opens again, in creation order. */
    opened() {
        this.#counters.clear();
        for (const channel of [...this.#entries.keys()]) channel[OPEN]();
    }

    /** The connection closed: every id is gone with it. */
    lost() {
        this.#byId.clear();
        for (const [channel, entry] of this.#entries) {
            entry.id = null;
            this.#cancelRetry(entry);
            channel[LOST]();
        }
    }

    channelFor(frame) {
        const channel = this.#byId.get(frame.id);
        // Any answer but an error means the server took the channel: its next server-error waits the least again.
        if (channel && frame.type !== 'error') this.#entries.get(channel).retries = 0;
        return channel;
    }

    /** Sends the channel's opening frame under a new id. */
    open(channel, prefix, op, fields) {
        const entry = this.#entries.get(channel);
        this.#release(entry);
        const number = (this.#counters.get(prefix) ?? 0) + 1;
        this.#counters.set(prefix, number);
        entry.id = prefix + number;
        this.#byId.set(entry.id, channel);
        this.#client.send({op, id: entry.id, ...fields});
    }

    /** The server failed to answer the opening frame (server-error): it is sent again after a backoff delay. */
    retry(channel) {
        const entry = this.#entries.get(channel);
        this.#release(entry);
        entry.retries += 1;
        entry.retryTimer = this.#client.setTimeout(() => {
            entry.retryTimer = null;
            if (this.#client.isOpen()) channel[OPEN]();
        }, this.#client.retryDelay(entry.retries));
    }

    /** The channel ends; `closeOp` ('unsubscribe', 'part') tells the server, when it holds the channel. */
    remove(channel, closeOp) {
        const entry = this.#entries.get(channel);
        if (closeOp && entry.id !== null) this.#client.send({op: closeOp, id: entry.id});
        this.#release(entry);
        this.#cancelRetry(entry);
        this.#entries.delete(channel);
    }

    #release(entry) {
        if (entry.id === null) return;
        this.#byId.delete(entry.id);
        entry.id = null;
    }

    #cancelRetry(entry) {
        this.#client.clearTimeout(entry.retryTimer);
        entry.retryTimer = null;
    }
}

/** What collections and presences share: how they end, by close() or by an error frame. */
class Channel extends Emitter {
    #registry;
    #closeOp;
    #closed = false;

    constructor(registry, closeOp) {
        super();
        this.#registry = registry;
        this.#closeOp = closeOp;
    }

    /** True once close() was called or an error frame ended it. */
    get closed() {
        return this.#closed;
    }

    /** Ends it: the server is told, nothing more arrives; what it holds stays as it is. */
    close() {
        if (this.#closed) return;
        this.#closed = true;
        this[LOST]();
        this.#registry.remove(this, this.#closeOp);
    }

    // An error frame answers the opening frame: server-error ("send it again") is retried after a backoff
    // delay, any other ends the channel.
    [FAILED](frame) {
        this[LOST]();
        if (frame.code === 'server-error') {
            this.#registry.retry(this);
        } else {
            this.#closed = true;
            this.#registry.remove(this);
        }
        this[EMIT]('error', {code: frame.code, message: frame.message});
    }
}

/**
 * A live, read-only copy of the rows of one entity that a filter selects: a snapshot, then every
 * change, applied a whole transaction at a time, and resumed without gap or duplicate after every
 * reconnect.
 */
class Collection extends Channel {
    #registry;
    #entity;
    #filter;
    #rows = new Map();       // key -> data
    #versions = new Map();   // key -> the version of the data held
    #offset;
    #ready = false;
    #needsSnapshot;          // until a snapshot is whole, every (re)subscribe asks for one
    #afterReset = false;     // the snapshot asked for replaces the rows after a reset
    #watermark = null;       // subscribed.offset of the current subscription
    #pages = null;           // key -> {key, version, data}: the snapshot under way
    #group = [];             // steps of the transaction group under way

    constructor(registry, entity, {filter, since, snapshot} = {}) {
        super(registry, 'unsubscribe');
        if (typeof entity !== 'string' || entity === '') throw new TypeError('entity must be a non-empty string');
        if (since !== undefined) {
            if (!Number.isSafeInteger(since) || since < 0) throw new TypeError('since must be an integer >= 0');
            if (snapshot === true) throw new TypeError('since and snapshot exclude each other');
        }
        this.#registry = registry;
        this.#entity = entity;
        this.#filter = filter;
        this.#offset = since ?? null;
        this.#needsSnapshot = since === undefined && snapshot !== false;
    }

    /** The entity's name, as given to subscribe(). */
    get entity() {
        return this.#entity;
    }

    /** The filter, as given to subscribe(). */
    get filter() {
        return this.#filter;
    }

    /** The rows held now, by key: a read-only view (do not mutate). */
    get rows() {
        return this.#rows;
    }

    /** The number of rows held. */
    get size() {
        return this.#rows.size;
    }

    /** True once the first snapshot is whole (with `since` or `snapshot: false`: once subscribed). */
    get ready() {
        return this.#ready;
    }

    /**
     * The offset to resume from: the largest offset of the last whole group applied, else the
     * subscription's watermark; null while none is known.
     */
    get offset() {
        return this.#offset;
    }

    /**
     * The row with this key, or undefined.
     * @param {string | number} key
     */
    get(key) {
        return this.#rows.get(String(key));
    }

    [OPEN]() {
        const fields = {entity: this.#entity};
        if (this.#filter !== undefined) fields.filter = this.#filter;
        if (this.#needsSnapshot) {
            fields.snapshot = true;
        } else if (this.#offset !== null) {
            fields.since = this.#offset;
        }
        this[LOST]();
        this.#registry.open(this, 's', 'subscribe', fields);
    }

    // What the subscription had not finished comes again on the next one: a cut group is sent again after
    // `since`, a snapshot without its last page is taken again.
    [LOST]() {
        this.#group = [];
        this.#pages = null;
        this.#watermark = null;
    }

    [RECEIVE](frame) {
        switch (frame.type) {
            case 'subscribed':
                return this.#subscribed(offsetOf(frame.offset));
            case 'snapshot':
                return this.#snapshotPage(frame);
            case 'changes':
            case 'leave':
                return this.#groupFrame(frame);
            case 'reset':
                return this.#reset(frame);
            default:
                throw new BadFrame(`a '${frame.type}' frame for subscription ${frame.id}`);
        }
    }

    #subscribed(offset) {
        this.#watermark = offset;
        if (this.#needsSnapshot) return;   // the rows are only whole with the snapshot's last page
        this.#offset = offset;
        if (!this.#ready) {
            this.#ready = true;
            this[EMIT]('ready');
        }
    }

    #snapshotPage(frame) {
        const rows = arrayOf(frame.rows, 'rows').map(snapshotRow);
        this.#pages ??= new Map();
        for (const row of rows) this.#pages.set(row.key, row);
        if (frame.last === true) this.#completeSnapshot();
    }

    // The snapshot replaces what was held: rows not in it go, the others come or change, in one event.
    #completeSnapshot() {
        const snapshot = this.#pages;
        this.#pages = null;
        const event = {inserted: [], updated: [], removed: [], offset: null, cause: this.#afterReset ? 'reset' : 'snapshot'};
        for (const [key, before] of this.#rows) {
            if (snapshot.has(key)) continue;
            this.#rows.delete(key);
            this.#versions.delete(key);
            event.removed.push({key, before, left: false});
        }
        for (const {key, version, data} of snapshot.values()) {
            const before = this.#rows.get(key);
            if (before !== undefined && this.#versions.get(key) === version) continue;
            this.#rows.set(key, data);
            this.#versions.set(key, version);
            if (before === undefined) {
                event.inserted.push(data);
            } else {
                event.updated.push({before, after: data});
            }
        }
        this.#needsSnapshot = false;
        this.#afterReset = false;
        if (this.#watermark !== null) this.#offset = this.#watermark;
        event.offset = this.#offset;
        const wasReady = this.#ready;
        this.#ready = true;
        this[EMIT]('change', event);
        if (!wasReady) this[EMIT]('ready');
    }

    // A transaction's frames arrive as a group (changes frames, then leave frames; all but the last with
    // "more"); applying only whole groups means a close in the middle leaves no half transaction behind.
    #groupFrame(frame) {
        const steps = frame.type === 'changes'
            ? arrayOf(frame.changes, 'changes').map(changeStep)
            : [{op: 'leave', key: keyOf(frame.key), offset: offsetOf(frame.offset)}];
        this.#group.push(...steps);
        if (frame.more === true) return;
        const group = this.#group;
        this.#group = [];
        this.#applyGroup(group);
    }

    #applyGroup(steps) {
        const touched = new Map();   // key -> {before, left}: the row before the group, and whether a leave took it
        const touch = (key) => {
            if (!touched.has(key)) touched.set(key, {before: this.#rows.get(key), left: false});
            return touched.get(key);
        };
        let offset = this.#offset;
        for (const step of steps) {
            offset = offset === null ? step.offset : Math.max(offset, step.offset);
            if (step.op === 'insert' || step.op === 'update') {
                // A row may come in the snapshot and again as a change after it: only a newer version counts.
                const held = this.#versions.get(step.key);
                if (held !== undefined && step.version <= held) continue;
                touch(step.key);
                this.#rows.set(step.key, step.data);
                this.#versions.set(step.key, step.version);
            } else if (this.#rows.has(step.key)) {   // delete and leave apply always
                touch(step.key).left = step.op === 'leave';
                this.#rows.delete(step.key);
                this.#versions.delete(step.key);
            }
        }
        this.#offset = offset;
        const event = {inserted: [], updated: [], removed: [], offset, cause: 'changes'};
        for (const [key, {before, left}] of touched) {
            const after = this.#rows.get(key);
            if (before === undefined) {
                if (after !== undefined) event.inserted.push(after);
            } else if (after === undefined) {
                event.removed.push({key, before, left});
            } else {
                event.updated.push({before, after});
            }
        }
        this[EMIT]('change', event);
    }

    // The server closed the subscription: the changes it needs are gone from the journal, or its offset
    // is unknown. A fresh snapshot is taken; the rows stay until it is whole, then it replaces them.
    #reset(frame) {
        this.#needsSnapshot = true;
        this.#afterReset = true;
        this[OPEN]();
        this[EMIT]('reset', {reason: frame.reason, offset: frame.offset});
    }
}

/**
 * The users present in one scope, each once however many connections they have, sorted; kept up to
 * date from the server's full lists, with join and leave events computed by difference.
 */
class Presence extends Channel {
    #registry;
    #scope;
    #users = Object.freeze([]);

    constructor(registry, scope) {
        super(registry, 'part');
        if (typeof scope !== 'string' && !Number.isSafeInteger(scope)) {
            throw new TypeError('scope must be a string or an integer');
        }
        this.#registry = registry;
        this.#scope = scope;
    }

    /** The scope, as given to presence(). */
    get scope() {
        return this.#scope;
    }

    /** The users present now, sorted (a frozen array). */
    get users() {
        return this.#users;
    }

    [OPEN]() {
        this.#registry.open(this, 'p', 'join', {scope: this.#scope});
    }

    // Nothing to forget: the users stay until the join on the next connection brings the list of then.
    [LOST]() {}

    [RECEIVE](frame) {
        switch (frame.type) {
            case 'presence':
                return this.#update(frame.users);
            default:
                throw new BadFrame(`a '${frame.type}' frame for presence ${frame.id}`);
        }
    }

    #update(list) {
        if (!Array.isArray(list) || !list.every((user) => typeof user === 'string')) {
            throw new BadFrame('presence users is not an array of strings');
        }
        const users = Object.freeze([...new Set(list)].sort());
        const before = new Set(this.#users);
        const now = new Set(users);
        const left = this.#users.filter((user) => !now.has(user));
        const joined = users.filter((user) => !before.has(user));
        this.#users = users;
        for (const user of left) this[EMIT]('leave', user);
        for (const user of joined) this[EMIT]('join', user);
        if (left.length > 0 || joined.length > 0) this[EMIT]('change', users);
    }
}

/**
 * REST writes that survive being offline. They leave one at a time in the order they were made, each
 * with the version it was based on, so a write never overtakes the one it depends on; while the
 * connection is not open, or after a network failure, they wait.
 */
class WriteQueue {
    #isOpen;
    #exchange;
    #retryDelay;
    #onPending;
    #onConflict;
    #setTimeout;
    #clearTimeout;
    #waiting = [];         // writes not sent yet, oldest first
    #sending = false;
    #failures = 0;         // network failures in a row, for the retry's backoff
    #retryTimer = null;
    #reported = 0;         // the pending count last reported

    constructor({isOpen, exchange, retryDelay, onPending, onConflict, setTimeout, clearTimeout}) {
        this.#isOpen = isOpen;
        this.#exchange = exchange;
        this.#retryDelay = retryDelay;
        this.#onPending = onPending;
        this.#onConflict = onConflict;
        this.#setTimeout = setTimeout;
        this.#clearTimeout = clearTimeout;
    }

    get pending() {
        return this.#waiting.length;
    }

    add(write) {
        const settled = new Promise((resolve, reject) => this.#waiting.push({...write, resolve, reject}));
        this.#sendNext();
        return settled;
    }

    /** The connection is open (again): send what waits, at once. */
    resume() {
        this.#clearTimeout(this.#retryTimer);
        this.#retryTimer = null;
        this.#failures = 0;
        this.#sendNext();
    }

    #sendNext() {
        if (!this.#sending && this.#retryTimer === null && this.#waiting.length > 0 && this.#isOpen()) {
            this.#sending = true;
            this.#deliver(this.#waiting.shift());
        }
        this.#reportPending();
    }

    async #deliver(write) {
        let response;
        try {
            response = await this.#exchange(write.method, write.path, write.text, write.version);
        } catch {
            // The network failed: the write waits at the head, so the ones made after it stay after it.
            // (If the server did apply it and only the answer was lost, the resend with the same
            // If-Match comes back as a 412 conflict; a POST may create its row twice.)
            this.#sending = false;
            this.#waiting.unshift(write);
            this.#failures += 1;
            this.#retryTimer = this.#setTimeout(() => {
                this.#retryTimer = null;
                this.#sendNext();
            }, this.#retryDelay(this.#failures));
            this.#reportPending();
            return;
        }
        this.#sending = false;
        this.#failures = 0;
        this.#settle(write, response);
        this.#sendNext();
    }

    #settle(write, response) {
        const {status, body} = response;
        if (isSuccess(status)) {
            write.resolve({ok: true, status, row: body});
            return;
        }
        const gone = status === 404 && (write.method === 'PUT' || write.method === 'DELETE');
        if (status !== 412 && !gone) {
            write.reject(httpError(response));
            return;
        }
        const conflict = {
            ok: false,
            conflict: true,
            status,
            current: gone ? null : body,
            rejected: {method: write.method, path: write.path, body: write.body, version: write.version},
        };
        this.#onConflict(conflict);
        write.resolve(conflict);
    }

    #reportPending() {
        if (this.#waiting.length === this.#reported) return;
        this.#reported = this.#waiting.length;
        this.#onPending(this.#reported);
    }
}

function parseFrame(data) {
    if (typeof data !== 'string') throw new BadFrame('a binary frame');
    let frame;
    try {
        frame = JSON.parse(data);
    } catch {
        throw new BadFrame(`a frame that is not JSON: ${data.slice(0, 100)}`);
    }
    if (frame === null || typeof frame !== 'object' || Array.isArray(frame) || typeof frame.type !== 'string') {
        throw new BadFrame(`a frame without a type: ${data.slice(0, 100)}`);
    }
    return frame;
}

function changeStep(change) {
    if (change === null || typeof change !== 'object') throw new BadFrame('a change that is not an object');
    const step = {op: change.op, key: keyOf(change.key), offset: offsetOf(change.offset)};
    if (change.op === 'delete') return step;
    if (change.op !== 'insert' && change.op !== 'update') throw new BadFrame(`unknown change op '${change.op}'`);
    return {...step, version: versionOf(change.version), data: dataOf(change.data)};
}

function snapshotRow(row) {
    if (row === null || typeof row !== 'object') throw new BadFrame('a snapshot row that is not an object');
    return {key: keyOf(row.key), version: versionOf(row.version), data: dataOf(row.data)};
}

function arrayOf(value, name) {
    if (!Array.isArray(value)) throw new BadFrame(`'${name}' is not an array`);
    return value;
}

function offsetOf(value) {
    if (!Number.isSafeInteger(value) || value < 0) throw new BadFrame(`offset ${value} is not an integer >= 0`);
    return value;
}

function keyOf(value) {
    if (typeof value !== 'string' && typeof value !== 'number') throw new BadFrame(`key ${value} is not a string`);
    return String(value);
}

function versionOf(value) {
    if (typeof value !== 'number') throw new BadFrame(`version ${value} is not a number`);
    return value;
}

function dataOf(value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadFrame('row data that is not an object');
    return value;
}

function basicAuthorization({user, password}) {
    const bytes = new TextEncoder().encode(`${user}:${password}`);
    return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function parseBody(text) {
    if (text === '') return null;
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

function isSuccess(status) {
    return status >= 200 && status < 300;
}

function httpError({status, body}) {
    const message = typeof body?.message === 'string' ? body.message : `HTTP ${status}`;
    const code = typeof body?.code === 'string' ? body.code : 'http-error';
    return new SynclineError(message, status, code);
}

function networkError(error) {
    return new SynclineError(`network error: ${error.message}`, 0, 'network-error');
}
