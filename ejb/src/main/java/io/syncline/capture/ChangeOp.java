package io.syncline.capture;

import java.util.Locale;

/** What happened to a row: the {@code op} of a change frame. */
public enum ChangeOp {
    INSERT, UPDATE, DELETE;

    /** The name on the wire: {@code insert}, {@code update}, {@code delete}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChangeOp fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
