package io.syncline.board;

import jakarta.ejb.ApplicationException;

/** The caller may not do this: not a member of the board (HTTP 403). */
@ApplicationException(rollback = true)
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
