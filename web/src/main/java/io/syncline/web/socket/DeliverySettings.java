package io.syncline.web.socket;

import java.time.Duration;

/**
 * The delivery layer's settings, read once from system properties, with their defaults (see
 * README, "Limits and close codes" and "Configure WildFly").
 *
 * @param heartbeat          {@code syncline.heartbeat}: how often each session is pinged
 * @param sendTimeout        {@code syncline.send-timeout}: a send that takes longer drops the session
 * @param sessionsPerUser    {@code syncline.max-sessions-per-user}: a user's open sessions at most
 */
record DeliverySettings(Duration heartbeat, Duration sendTimeout, int sessionsPerUser) {

    /** Frames queued for one session at most; a producer that can wait offers while at most half are. */
    static final int QUEUE_FRAMES = 1024;
    /** Characters queued for one session at most (a larger single frame is still taken alone). */
    static final long QUEUE_CHARS = 4L << 20;
    /** Changes of recent transactions held for subscriptions that keep up; the others read the journal. */
    static final int RECENT_CHANGES = 20_000;

    static DeliverySettings fromSystemProperties() {
        return new DeliverySettings(
                Duration.parse(System.getProperty("syncline.heartbeat", "PT30S")),
                Duration.parse(System.getProperty("syncline.send-timeout", "PT60S")),
                Integer.parseInt(System.getProperty("syncline.max-sessions-per-user", "16")));
    }
}
