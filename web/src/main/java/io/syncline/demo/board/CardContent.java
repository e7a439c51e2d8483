package io.syncline.demo.board;

import java.util.Objects;

/** The editable part of a card, validated. */
public record CardContent(String title, CardStatus status, int position) {

    public static final int MAX_TITLE_LENGTH = 500;

    public CardContent {
        Objects.requireNonNull(status, "status");
        if (title == null || title.isBlank()) {
            throw new InvalidInputException("title must not be blank");
        }
        if (title.length() > MAX_TITLE_LENGTH) {
            throw new InvalidInputException("title is longer than " + MAX_TITLE_LENGTH + " characters");
        }
        if (position < 0) {
            throw new InvalidInputException("position must not be negative");
        }
    }
}
