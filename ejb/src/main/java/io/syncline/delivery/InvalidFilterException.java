package io.syncline.delivery;

/** A subscription filter that cannot be applied; the message says why, in the client's terms. */
class InvalidFilterException extends Exception {

    public InvalidFilterException(String message) {
        super(message);
    }
}
