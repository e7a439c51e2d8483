package io.syncline.demo.board;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The column a card stands in. */
public enum CardStatus {
    TODO, DOING, DONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CardStatus> fromWireName(String name) {
        return Arrays.stream(values()).filter(status -> status.wireName().equals(name)).findFirst();
    }
}
