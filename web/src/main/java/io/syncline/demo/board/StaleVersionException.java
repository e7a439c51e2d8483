package io.syncline.demo.board;

import jakarta.ejb.ApplicationException;

/** A write based on a version that is no longer current (HTTP 412); carries the current row. */
@ApplicationException(rollback = true)
public class StaleVersionException extends RuntimeException {

    private final transient Object current;

    public StaleVersionException(Object current, long expected, long actual) {
        super("version " + expected + " is stale, the current version is " + actual);
        this.current = current;
    }

    public Object current() {
        return current;
    }
}
