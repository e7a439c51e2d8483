package io.syncline.demo.api;

import io.syncline.demo.board.RowNotFoundException;
import java.util.regex.Pattern;

/**
 * Ids in paths. They are read here rather than bound by JAX-RS, which answers an id that is not a
 * long with its own 404 and message: an id that is not a number, or too large for one, names no row
 * and gets the same 404 {@code not-found} as any other id that names none.
 */
final class Ids {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final int ECHOED = 64;

    private Ids() {
    }

    /** The id in {@code text}, or {@link RowNotFoundException} for {@code entity}. */
    static long parse(String entity, String text) {
        if (DIGITS.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                // 19 digits beyond Long.MAX_VALUE: no row has it.
            }
        }
        throw new RowNotFoundException(entity, text.length() <= ECHOED ? text : text.substring(0, ECHOED) + "...");
    }
}
