package io.syncline.delivery;

import jakarta.json.Json;
import java.util.List;

/** Compiled filters for the delivery layer's unit tests (the compiler needs a persistence unit). */
final class TestFilters {

    private TestFilters() {
    }

    /** {@code {"attribute":{"eq":"value"}}}. */
    static Filter eq(String attribute, String value) {
        return new Filter(List.of(new Condition(attribute, attribute, Condition.Operator.EQ, List.of(Json.createValue(value)))));
    }

    /** {@code {"attribute":{"eq":value}}} on the JPA attribute {@code path}. */
    static Filter eq(String attribute, String path, long value) {
        return new Filter(List.of(new Condition(attribute, path, Condition.Operator.EQ, List.of(Json.createValue(value)))));
    }
}
