package io.syncline.demo.board;

import jakarta.ejb.ApplicationException;

/** The board or card asked for does not exist, or the caller is not a member of its board (HTTP 404). */
@ApplicationException(rollback = true)
public class RowNotFoundException extends RuntimeException {

    public RowNotFoundException(String entity, long id) {
        this(entity, Long.toString(id));
    }

    /** For an id as the client wrote it, which may name no row because it is not even a number. */
    public RowNotFoundException(String entity, String id) {
        super(entity + " " + id + " not found");
    }
}
