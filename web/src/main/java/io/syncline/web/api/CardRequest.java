package io.syncline.web.api;

import io.syncline.board.CardContent;
import io.syncline.board.CardStatus;
import io.syncline.board.InvalidInputException;

/** The body of a card's POST or PUT: {@code {"title","status","position"}}. */
public record CardRequest(String title, String status, Integer position) {

    CardContent content() {
        CardStatus parsed = CardStatus.fromWireName(status)
                .orElseThrow(() -> new InvalidInputException("status must be one of todo, doing, done"));
        return new CardContent(title, parsed, position == null ? 0 : position);
    }
}
