package io.syncline.delivery;

import java.util.Locale;

/** The stable set of {@code error.code} values of the wire protocol (see README, "Errors"). */
enum ErrorCode {
    /** The frame is not a JSON object. */
    BAD_JSON,
    /** A required field is missing or has the wrong type. */
    INVALID_FRAME,
    /** {@code op} names no operation of the protocol. */
    UNKNOWN_OP,
    /** {@code entity} names no synced entity. */
    UNKNOWN_ENTITY,
    /** The filter cannot be applied. */
    INVALID_FILTER,
    /** A subscription with this id is already open on the session. */
    DUPLICATE_ID,
    /** {@code unsubscribe} names no open subscription. */
    UNKNOWN_SUBSCRIPTION,
    /** The session holds the maximum number of subscriptions. */
    TOO_MANY_SUBSCRIPTIONS,
    /** The user may not do this. */
    FORBIDDEN,
    /** The server failed to answer (for instance, it could not read the journal); try again. */
    SERVER_ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
