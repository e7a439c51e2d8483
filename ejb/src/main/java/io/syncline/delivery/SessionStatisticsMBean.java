package io.syncline.delivery;

/** The WebSocket sessions of this server, for JMX ({@code io.syncline:type=Sessions}). */
public interface SessionStatisticsMBean {

    /** How many sessions are open. */
    int getOpen();

    /** How many sessions {@code user} holds. */
    int sessionsOf(String user);
}
