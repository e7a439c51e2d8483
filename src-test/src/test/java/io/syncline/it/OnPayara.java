package io.syncline.it;

/**
 * Why a test cannot apply on Payara, for {@code @DisabledIfSystemProperty(named = "syncline.server",
 * matches = "payara")}: the Payara pass sets {@code syncline.server=payara}. README, "Payara", says more.
 */
final class OnPayara {

    static final String STALLED_READER_NOT_DROPPED = "on Payara a stalled reader is not dropped: Tyrus completes"
            + " the sends though the reader takes nothing (the frames wait in the container), so Syncline's send"
            + " timeout never fires (README, \"Payara\": not done)";

    static final String KILLED_READ_RETRIED = "on Payara, EclipseLink retries a read outside a transaction whose"
            + " connection was killed, on a new connection, so the session's delivery does not fail: there is no"
            + " failure to observe";

    private OnPayara() {
    }
}
