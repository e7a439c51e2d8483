package io.syncline.metrics;

/**
 * The WebSocket sessions of this server at one moment, summed without a label per session (10,000
 * sessions would be 10,000 time series): how many, their subscriptions, and their send queues —
 * the frames queued over all sessions, the deepest queue, and how many queues are more than half
 * full (their subscriptions wait for room).
 */
public record SessionCounts(int sessions, int subscriptions, long queuedFrames, int deepestQueue, int backloggedSessions) {

    public static final SessionCounts NONE = new SessionCounts(0, 0, 0, 0, 0);

    /** Adds up sessions one by one. */
    public static final class Tally {
        private int sessions;
        private int subscriptions;
        private long queuedFrames;
        private int deepestQueue;
        private int backloggedSessions;

        /**
         * @param queuedFrames the frames waiting in the session's send queue
         * @param backlogged   whether its queue is more than half full
         */
        public Tally add(int subscriptions, int queuedFrames, boolean backlogged) {
            sessions++;
            this.subscriptions += subscriptions;
            this.queuedFrames += queuedFrames;
            deepestQueue = Math.max(deepestQueue, queuedFrames);
            if (backlogged) {
                backloggedSessions++;
            }
            return this;
        }

        public SessionCounts counts() {
            return new SessionCounts(sessions, subscriptions, queuedFrames, deepestQueue, backloggedSessions);
        }
    }
}
