package io.syncline.delivery;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * One test of a filter: an attribute, an operator and the value(s) to compare with, already
 * checked against the attribute's type. Evaluates against a row's representation.
 */
record Condition(String attribute, String path, Operator operator, List<JsonValue> values) {

    enum Operator {
        EQ, NEQ, IN, LT, LTE, GT, GTE;

        static Operator of(String name) {
            for (Operator operator : values()) {
                if (operator.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return operator;
                }
            }
            return null;
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the row, as {@code data} shows it, passes this test. A missing attribute passes none. */
    boolean test(JsonObject data) {
        JsonValue actual = data.get(attribute);
        if (actual == null || actual == JsonValue.NULL) {
            return false;
        }
        return switch (operator) {
            case EQ -> same(actual, values.get(0));
            case NEQ -> !same(actual, values.get(0));
            case IN -> values.stream().anyMatch(value -> same(actual, value));
            case LT, LTE, GT, GTE -> ordered(compare(actual, values.get(0)));
        };
    }

    private boolean ordered(Integer comparison) {
        if (comparison == null) {
            return false; // values of different types are not ordered
        }
        return switch (operator) {
            case LT -> comparison < 0;
            case LTE -> comparison <= 0;
            case GT -> comparison > 0;
            default -> comparison >= 0;
        };
    }

    /**
     * A value as a key that is equal for values this condition holds the {@link #same} (a number
     * by its value, whatever its notation), for indexes of values.
     */
    static Object key(JsonValue value) {
        if (value instanceof JsonNumber number) {
            return number.bigDecimalValue().stripTrailingZeros();
        }
        return value instanceof JsonString string ? string.getString() : value;
    }

    private static boolean same(JsonValue actual, JsonValue expected) {
        if (actual instanceof JsonNumber a && expected instanceof JsonNumber b) {
            return a.bigDecimalValue().compareTo(b.bigDecimalValue()) == 0;
        }
        return actual.equals(expected);
    }

    /** Orders numbers by value and strings by code point; null for values of different types. */
    private static Integer compare(JsonValue actual, JsonValue expected) {
        if (actual instanceof JsonNumber a && expected instanceof JsonNumber b) {
            return a.bigDecimalValue().compareTo(b.bigDecimalValue());
        }
        if (actual instanceof JsonString a && expected instanceof JsonString b) {
            return a.getString().compareTo(b.getString());
        }
        return null;
    }
}
