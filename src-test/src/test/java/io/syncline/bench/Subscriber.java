package io.syncline.bench;

import io.syncline.testkit.PacedWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One benchmark subscriber: a socket subscribed to the cards of one board. It checks the stream as
 * it comes (an offset not above the previous one is reordered, a key and version seen before is a
 * duplicate) and logs each change of the current step: offset, arrival, intended write start, key.
 */
final class Subscriber extends TextListener {

    static final int OFFSET = 0;
    static final int ARRIVAL = 1;
    static final int INTENDED = 2;
    static final int KEY = 3;

    private final long board;
    private final AtomicLong changesReceived;
    private final LongColumns step = new LongColumns(4);
    private final Set<String> seen = new HashSet<>();
    private final Set<Long> cards = new HashSet<>();
    private volatile long subscribedOffset = -1;
    private long lastOffset = -1;
    private long reordered;
    private long duplicated;
    private long frames;
    private long frameChars;

    /** {@code changesReceived}: the count of distinct cards received by all subscribers, which the benchmark waits on. */
    Subscriber(long board, AtomicLong changesReceived) {
        this.board = board;
        this.changesReceived = changesReceived;
    }

    long board() {
        return board;
    }

    /** The subscribe frame this subscriber sends: the cards of its board. */
    String subscribeFrame(String id) {
        return subscribeFrame(id, board);
    }

    /** The {@code subscribe} frame of a subscription to the cards of {@code board}. */
    static String subscribeFrame(String id, long board) {
        return "{\"op\":\"subscribe\",\"id\":\"" + id + "\",\"entity\":\"Card\",\"filter\":{\"boardId\":{\"eq\":" + board + "}}}";
    }

    boolean subscribed() {
        return subscribedOffset >= 0;
    }

    @Override
    protected void message(String text, long arrivalMicros) {
        ChangeFrameParser.Frame frame;
        synchronized (this) {
            frame = ChangeFrameParser.parse(text, (offset, key, version, title) -> change(offset, key, version, title, arrivalMicros));
            if ("changes".equals(frame.type())) {
                frames++;
                frameChars += text.length();
            }
        }
        if ("subscribed".equals(frame.type())) {
            subscribedOffset = frame.offset();
        } else if (!"changes".equals(frame.type())) {
            throw new IllegalStateException("unexpected frame for a subscriber of board " + board + ": " + text);
        }
    }

    private void change(long offset, String key, long version, String title, long arrivalMicros) {
        if (offset <= lastOffset) {
            reordered++;
        }
        lastOffset = Math.max(lastOffset, offset);
        if (!seen.add(key + "@" + version)) {
            duplicated++;
        }
        long intended = title != null && title.startsWith(PacedWriter.TITLE_PREFIX)
                ? Long.parseLong(title.substring(PacedWriter.TITLE_PREFIX.length())) : -1;
        long card = Long.parseLong(key);
        step.add(offset, arrivalMicros, intended, card);
        if (cards.add(card)) {
            changesReceived.incrementAndGet();
        }
    }

    /** Hands this step's log to {@code reader} and starts the next step's. */
    synchronized void drainStep(StepReader reader) {
        for (int row = 0; row < step.rows(); row++) {
            reader.read(this, step.get(row, OFFSET), step.get(row, ARRIVAL), step.get(row, INTENDED), step.get(row, KEY));
        }
        step.clear();
    }

    /** How many of {@code written} this subscriber has not received (so far). */
    synchronized long missing(Set<Long> written) {
        return written.stream().filter(card -> !cards.contains(card)).count();
    }

    synchronized long reordered() {
        return reordered;
    }

    synchronized long duplicated() {
        return duplicated;
    }

    /** The mean length of the {@code changes} frames received so far, in characters. */
    synchronized int meanFrameChars() {
        return frames == 0 ? 0 : (int) (frameChars / frames);
    }

    /** Reads one step's log of a subscriber, change by change. */
    interface StepReader {
        void read(Subscriber subscriber, long offset, long arrivalMicros, long intendedMicros, long key);
    }
}
