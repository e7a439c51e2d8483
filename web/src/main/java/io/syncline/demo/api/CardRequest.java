package io.syncline.demo.api;

import io.syncline.demo.board.CardContent;
import io.syncline.demo.board.CardStatus;
import io.syncline.demo.board.InvalidInputException;
import java.math.BigDecimal;

/**
 * The body of a card's POST or PUT: {@code {"title","status","position"}}. {@code position} is read
 * as the exact number sent: JSON-B would bind 1.5 to an {@code Integer} as 1 and let a larger value
 * overflow, so it is checked here and refused unless it is an integer that fits.
 */
public record CardRequest(String title, String status, BigDecimal position) {

    CardContent content() {
        CardStatus parsed = CardStatus.fromWireName(status)
                .orElseThrow(() -> new InvalidInputException("status must be one of todo, doing, done"));
        return new CardContent(title, parsed, integralPosition());
    }

    private int integralPosition() {
        if (position == null) {
            return 0;
        }
        try {
            return position.intValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidInputException("position must be an integer from 0 to " + Integer.MAX_VALUE);
        }
    }
}
