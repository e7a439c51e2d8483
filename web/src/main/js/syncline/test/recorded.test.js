// Replays frames recorded from the real server through the client, and checks that the client sends the
// same subscribe frames (so its since/snapshot follow the README's rule), ends with the rows the server
// held, and emits one 'change' per whole unit (a changes/leave frame without "more" ends a group; a
// snapshot's last page is one).
//
// The Java recorder (src-test FrameRecordingIT) writes one transcript per scenario during `mvn verify`,
// to src-test/target/recorded-frames; SYNCLINE_RECORDED_FRAMES names that directory (searched at any depth
// for *.json). A transcript:
//   {"name", "server", "entity", "options": what sync.subscribe(entity, options) is given,
//    "sessions": [{"subscribe": the subscribe frame sent (its id aside, the client must send the same),
//                  "frames": the server's frames for that subscription in arrival order, as received,
//                  "close": the close code that ended the connection, or null when it went on
//                           (a resubscribe on the same connection after reset, or the last session)}],
//    "expected": {key: row data} - the rows at the end}

import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {fakeClient} from './fakes.js';

const RECORDED = process.env.SYNCLINE_RECORDED_FRAMES;
const HAND_MADE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The *.json files under `directory`, at any depth, in a stable order. */
function transcriptsIn(directory) {
    if (!existsSync(directory)) return [];
    return readdirSync(directory, {recursive: true})
        .filter((name) => name.endsWith('.json'))
        .map((name) => join(directory, name))
        .filter((path) => statSync(path).isFile())
        .sort();
}

/** A 'change' event per whole unit: a changes/leave frame without "more" ends a group; a snapshot's last page. */
function wholeUnits(frames) {
    return frames.filter((frame) => ((frame.type === 'changes' || frame.type === 'leave') && frame.more !== true)
        || (frame.type === 'snapshot' && frame.last === true)).length;
}

const withoutId = ({id, ...frame}) => frame;

/** Plays `transcript` as the server against a client on fakes; throws an AssertionError where the client differs. */
function replay(transcript) {
    // Reconnects and server-error retries 1 ms after; no pings to get in the way.
    const {sync, server, clock, events} = fakeClient({syncline: {backoff: {initial: 1, max: 1, jitter: 0}, pingInterval: 3_600_000}});
    sync.connect();
    server.socket.accept();
    const collection = sync.subscribe(transcript.entity, transcript.options);
    let changes = 0;
    collection.on('change', () => changes++);

    let socket = server.socket;
    let read = 0;   // how many of the socket's sent frames were looked at
    const nextSubscribe = (label) => {
        for (let waited = 0; waited < 10; waited++) {
            const index = socket.sent.findIndex((frame, i) => i >= read && frame.op === 'subscribe');
            if (index >= 0) {
                read = index + 1;
                return socket.sent[index];
            }
            clock.advance(1);   // a resubscribe may wait for its retry delay
        }
        assert.fail(`${label}: the client sent no subscribe frame`);
    };

    let units = 0;
    transcript.sessions.forEach((session, index) => {
        const label = `${transcript.name}, session ${index + 1}`;
        const subscribe = nextSubscribe(label);
        assert.deepEqual(withoutId(subscribe), withoutId(session.subscribe), `${label}: the subscribe frame`);
        const frames = session.frames.map((frame) => (typeof frame === 'string' ? JSON.parse(frame) : frame));
        for (const frame of frames) socket.deliver('id' in frame ? {...frame, id: subscribe.id} : frame);
        units += wholeUnits(frames);
        if (typeof session.close === 'number') {
            socket.drop(session.close);
            clock.advance(1);
            socket = server.socket;
            read = 0;
            socket.accept();
        }
    });

    assert.deepEqual(events.error, [], `${transcript.name}: errors on the client`);
    assert.deepEqual(Object.fromEntries(collection.rows), transcript.expected, `${transcript.name}: the rows at the end`);
    assert.equal(changes, units, `${transcript.name}: one 'change' per whole group or snapshot`);
}

const load = (path) => JSON.parse(readFileSync(path, 'utf8'));

describe('transcripts recorded from the real server', () => {
    const directory = RECORDED === undefined ? undefined : resolve(RECORDED);
    const files = directory === undefined ? [] : transcriptsIn(directory);
    if (files.length === 0) {
        const where = directory === undefined ? 'SYNCLINE_RECORDED_FRAMES is not set' : `${directory} holds no *.json file`;
        test('replay every recorded transcript', {
            skip: `${where}: the frames come from the Maven test command (mvn verify), which writes them to `
                + 'src-test/target/recorded-frames; run with SYNCLINE_RECORDED_FRAMES=<that directory>',
        }, () => {});
        return;
    }
    for (const file of files) {
        test(relative(directory, file), () => replay(load(file)));
    }
});

describe('hand-made sample transcripts (they test the replay harness only, nothing recorded)', () => {
    for (const file of transcriptsIn(HAND_MADE)) {
        test(relative(HAND_MADE, file), () => replay(load(file)));
    }

    test('the harness notices a client whose since differs from the recorded one', () => {
        const transcript = load(join(HAND_MADE, 'hand-made-resume-after-cut-group.json'));
        transcript.sessions[1].subscribe.since = 101;
        assert.throws(() => replay(transcript), /session 2: the subscribe frame/);
    });

    test('the harness notices rows that differ from the expected ones', () => {
        const transcript = load(join(HAND_MADE, 'hand-made-reset-then-snapshot.json'));
        delete transcript.expected['3'];
        assert.throws(() => replay(transcript), /the rows at the end/);
    });
});
