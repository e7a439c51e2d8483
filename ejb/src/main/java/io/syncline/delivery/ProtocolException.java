package io.syncline.delivery;

/** A client frame the server refuses; answered with an {@code error} frame, the session goes on. */
class ProtocolException extends Exception {

    private final ErrorCode code;
    private final String id;

    public ProtocolException(ErrorCode code, String id, String message) {
        super(message);
        this.code = code;
        this.id = id;
    }

    public ErrorCode code() {
        return code;
    }

    /** The id of the request it answers, or {@code null} when the frame carried none. */
    public String id() {
        return id;
    }
}
