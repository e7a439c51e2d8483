// Type declarations for syncline.js (Syncline's client, wire protocol v1).

/** The connection's state: `reconnecting` is the wait before the next attempt. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Delays between connection attempts, in ms: `min(max, initial * factor^n) * (1 - jitter * random())`. */
export interface Backoff {
    initial: number;
    max: number;
    factor: number;
    jitter: number;
}

/** What the client needs of a WebSocket: the browser's, or e.g. the 'ws' package's. */
export interface WebSocketLike {
    // `any` events: the browser's and the 'ws' package's handlers take event types of their own.
    onopen: ((event: any) => void) | null;
    /** Reads `event.data`, a string for a text frame. */
    onmessage: ((event: any) => void) | null;
    /** Reads `event.code` and `event.reason`. */
    onclose: ((event: any) => void) | null;
    onerror: ((event: any) => void) | null;
    send(data: string): void;
    close(code?: number, reason?: string): void;
}

/**
 * A WebSocket constructor. With `credentials` the client calls it as
 * `new WebSocket(url, undefined, {headers: {Authorization}})` (the 'ws' package's signature).
 */
export type WebSocketConstructor = new (
    url: string,
    protocols?: string | string[],
    options?: {headers: Record<string, string>},
) => WebSocketLike;

export interface SynclineOptions {
    /** WebSocket URL; default: the page's origin (ws: or wss:) + '/sync'. */
    url?: string;
    /** REST base URL, default 'api' (relative to the page); paths are joined as api + '/' + path. */
    api?: string;
    /** For programs: sends Authorization: Basic with REST calls and the handshake. A browser uses its session cookie. */
    credentials?: {user: string; password: string};
    /** Default: globalThis.WebSocket. */
    WebSocket?: WebSocketConstructor;
    /** Default: globalThis.fetch. */
    fetch?: (input: string, init: RequestInit) => Promise<Response>;
    /** Default: {initial: 500, max: 15000, factor: 2, jitter: 0.5}; a partial object overrides those it names. */
    backoff?: Partial<Backoff>;
    /** Default: Math.random. */
    random?: () => number;
    /** Default: globalThis.setTimeout. */
    setTimeout?: (callback: () => void, ms: number) => unknown;
    /** Default: globalThis.clearTimeout. */
    clearTimeout?: (handle: any) => void;
    /** Default: Date.now. */
    now?: () => number;
    /**
     * ms between the client's pings while open, default 20000; no frame from the server for two
     * intervals and the client closes the connection itself (code 4000 'ping timeout') and reconnects.
     */
    pingInterval?: number;
}

export interface StateEvent {
    state: ConnectionState;
    /** The attempt this state belongs to: 0 for the first connection, then 1, 2, ... until the server answers. */
    attempt: number;
    /** ms until the next attempt (state 'reconnecting'). */
    delay?: number;
    /** The close that caused the state ('reconnecting', 'closed'). */
    code?: number;
    reason?: string;
}

export interface SynclineErrorEvent {
    /** The server's error code, or 'bad-frame' for a frame the client cannot use. */
    code: string;
    message: string;
    /** The id the error frame carried, if any. */
    id?: string;
}

/** An attribute's conditions, ANDed. */
export interface Condition {
    eq?: string | number | boolean;
    neq?: string | number | boolean;
    in?: Array<string | number | boolean>;
    lt?: string | number;
    lte?: string | number;
    gt?: string | number;
    gte?: string | number;
}

/** Attributes ANDed, each with its conditions. */
export type Filter = Record<string, Condition>;

export interface SubscribeOptions {
    filter?: Filter;
    /** Resume after this offset instead of taking a snapshot. Excludes `snapshot: true`. */
    since?: number;
    /** Take a snapshot first; default true unless `since` is given. */
    snapshot?: boolean;
}

export interface ChangeEvent<Row> {
    inserted: Row[];
    updated: Array<{before: Row; after: Row}>;
    /** `left`: the row left the view (a leave frame), rather than being deleted or missing from a new snapshot. */
    removed: Array<{key: string; before: Row; left: boolean}>;
    /** The collection's offset after this unit. */
    offset: number | null;
    cause: 'snapshot' | 'changes' | 'reset';
}

export interface ResetEvent {
    reason: string;
    offset: number;
}

export interface ChannelErrorEvent {
    code: string;
    message: string;
}

/** A live, read-only copy of the rows of one entity that a filter selects. */
export interface Collection<Row = Record<string, unknown>> {
    readonly entity: string;
    readonly filter: Filter | undefined;
    /** The rows held now, by key (the id as a string). Do not mutate. */
    readonly rows: ReadonlyMap<string, Row>;
    readonly size: number;
    /** True once the first snapshot is whole (with `since` or `snapshot: false`: once subscribed). */
    readonly ready: boolean;
    /** The offset to resume from: the largest offset of the last whole group applied, else the watermark. */
    readonly offset: number | null;
    /** True after close(), or after an error other than server-error ended the subscription. */
    readonly closed: boolean;
    get(key: string | number): Row | undefined;
    /** Unsubscribes; the rows stay as they are. */
    close(): void;

    /** Once per applied unit: a whole transaction group, or a completed snapshot. */
    on(event: 'change', listener: (event: ChangeEvent<Row>) => void): () => void;
    on(event: 'ready', listener: () => void): () => void;
    /** The server sent reset: a fresh snapshot is being taken; its end comes as one 'change' with cause 'reset'. */
    on(event: 'reset', listener: (event: ResetEvent) => void): () => void;
    /** An error frame for this subscription: 'server-error' is retried after backoff, any other closes it. */
    on(event: 'error', listener: (event: ChannelErrorEvent) => void): () => void;
    off(event: 'change', listener: (event: ChangeEvent<Row>) => void): void;
    off(event: 'ready', listener: () => void): void;
    off(event: 'reset', listener: (event: ResetEvent) => void): void;
    off(event: 'error', listener: (event: ChannelErrorEvent) => void): void;
}

/** The users present in one scope, kept up to date. */
export interface Presence {
    readonly scope: string | number;
    /** Sorted, each user once. */
    readonly users: readonly string[];
    /** True after close(), or after an error other than server-error ended it. */
    readonly closed: boolean;
    close(): void;

    on(event: 'join', listener: (user: string) => void): () => void;
    on(event: 'leave', listener: (user: string) => void): () => void;
    on(event: 'change', listener: (users: readonly string[]) => void): () => void;
    on(event: 'error', listener: (event: ChannelErrorEvent) => void): () => void;
    off(event: 'join', listener: (user: string) => void): void;
    off(event: 'leave', listener: (user: string) => void): void;
    off(event: 'change', listener: (users: readonly string[]) => void): void;
    off(event: 'error', listener: (event: ChannelErrorEvent) => void): void;
}

export interface RestResponse<Body = unknown> {
    status: number;
    /** The parsed JSON body; null when empty, the text when it is not JSON. */
    body: Body;
    headers: Headers;
}

export interface RequestOptions {
    /** Sent as If-Match: "<version>". */
    version?: number | string;
}

export interface WriteDone<Row> {
    ok: true;
    status: number;
    /** The parsed body, null for 204. */
    row: Row | null;
}

export interface WriteConflict<Row> {
    ok: false;
    conflict: true;
    /** 412, or 404 for a PUT/DELETE of a row that is gone. */
    status: 412 | 404;
    /** The row the server sent with 412; null when the row is gone. */
    current: Row | null;
    rejected: {method: string; path: string; body: unknown; version: number | string | undefined};
}

export type WriteResult<Row> = WriteDone<Row> | WriteConflict<Row>;

export interface QueueEvent {
    pending: number;
}

/** A failed REST call: `status` 0 and `code` 'network-error' when no answer came. */
export declare class SynclineError extends Error {
    constructor(message: string, status: number, code: string);
    readonly status: number;
    readonly code: string;
}

/** A connection to a Syncline server: live collections and presence over one WebSocket, REST for writes. */
export declare class Syncline {
    constructor(options?: SynclineOptions);
    readonly state: ConnectionState;
    /** The number of writes waiting to be sent. */
    readonly pending: number;

    /** Opens; reconnects by itself after every close until close(). */
    connect(): void;
    /** Closes for good (code 1000): no reconnect. */
    close(): void;

    subscribe<Row = Record<string, unknown>>(entity: string, options?: SubscribeOptions): Collection<Row>;
    presence(scope: string | number): Presence;

    /** Resolves for 2xx and 412; rejects with SynclineError otherwise, and on a network failure. Never queued. */
    request<Body = unknown>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<RestResponse<Body>>;
    /** Queued while offline or after a network failure; sent in order with the version it was based on. */
    write<Row = Record<string, unknown>>(method: string, path: string, body?: unknown, options?: RequestOptions): Promise<WriteResult<Row>>;

    on(event: 'state', listener: (event: StateEvent) => void): () => void;
    on(event: 'error', listener: (event: SynclineErrorEvent) => void): () => void;
    on(event: 'queue', listener: (event: QueueEvent) => void): () => void;
    on(event: 'conflict', listener: (event: WriteConflict<Record<string, unknown>>) => void): () => void;
    off(event: 'state', listener: (event: StateEvent) => void): void;
    off(event: 'error', listener: (event: SynclineErrorEvent) => void): void;
    off(event: 'queue', listener: (event: QueueEvent) => void): void;
    off(event: 'conflict', listener: (event: WriteConflict<Record<string, unknown>>) => void): void;
}
