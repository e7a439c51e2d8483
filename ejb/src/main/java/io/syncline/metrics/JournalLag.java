package io.syncline.metrics;

/**
 * The journal's lag as the sequencer sees it, in changes: the offset the newest committed change
 * will get, less the newest offset published to the topic. The sequencer knows both without a
 * query of its own: each round it reads how many committed changes wait to be numbered (up to a
 * batch's worth of transactions, so a lower bound when more wait), numbers some, and publishes
 * them. The newest committed change's offset is then the last offset numbered plus the committed
 * changes it left for its next round. Written by the sequencer's thread, read by scrapes.
 */
final class JournalLag {

    private volatile long waiting;
    private volatile long committed;
    private volatile long published;

    /** A round of the sequencer found {@code changes} committed changes not numbered yet. */
    void committedWaiting(long changes) {
        waiting = changes;
    }

    /** The same round numbered {@code changes} of them, through offset {@code lastOffset}. */
    void numbered(long changes, long lastOffset) {
        committed = lastOffset + Math.max(0, waiting - changes);
        waiting = 0;
    }

    /** Everything through {@code offset} has been published. */
    void published(long offset) {
        if (offset > published) {
            published = offset;
        }
    }

    /** Committed changes not yet published, as of the sequencer's last round; never negative. */
    long changes() {
        return Math.max(0, committed - published);
    }
}
