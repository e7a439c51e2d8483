package io.syncline.demo.board;

import jakarta.ejb.ApplicationException;

/** A request whose content breaks a rule of the domain (HTTP 400). */
@ApplicationException(rollback = true)
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
