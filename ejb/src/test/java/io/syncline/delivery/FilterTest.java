package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncline.delivery.Condition.Operator;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterTest {

    private final JsonObject card = Json.createObjectBuilder()
            .add("id", 42).add("boardId", 7).add("title", "Ship").add("status", "doing").add("position", 3).build();

    @Test
    void conditionsAreAnded() {
        Filter filter = filter(eq("boardId", Json.createValue(7)), eq("status", Json.createValue("doing")));

        assertThat(filter.test(card)).isTrue();
        assertThat(filter(eq("boardId", Json.createValue(7)), eq("status", Json.createValue("done"))).test(card)).isFalse();
    }

    @Test
    void numbersCompareByValue() {
        assertThat(filter(eq("boardId", Json.createValue(7.0))).test(card)).isTrue();
        assertThat(filter(condition("position", Operator.GTE, Json.createValue(3))).test(card)).isTrue();
        assertThat(filter(condition("position", Operator.GT, Json.createValue(3))).test(card)).isFalse();
        assertThat(filter(condition("position", Operator.LT, Json.createValue(10))).test(card)).isTrue();
    }

    @Test
    void inMatchesAnyOfItsValues() {
        Filter filter = filter(new Condition("status", "status", Operator.IN,
                List.of(Json.createValue("todo"), Json.createValue("doing"))));

        assertThat(filter.test(card)).isTrue();
    }

    @Test
    void valuesOfAnotherTypeOrMissingAttributesNeverMatch() {
        assertThat(filter(eq("boardId", Json.createValue("7"))).test(card)).isFalse();
        assertThat(filter(condition("title", Operator.LT, Json.createValue(5))).test(card)).isFalse();
        assertThat(filter(eq("secret", Json.createValue(1))).test(card)).isFalse();
        assertThat(filter(eq("status", Json.createValue("doing"))).test(null)).isFalse();
    }

    @Test
    void noFilterLetsEveryRowThrough() {
        assertThat(Filter.NONE.test(card)).isTrue();
        assertThat(Filter.NONE.isEmpty()).isTrue();
    }

    private static Filter filter(Condition... conditions) {
        return new Filter(List.of(conditions));
    }

    private static Condition eq(String attribute, JsonValue value) {
        return condition(attribute, Operator.EQ, value);
    }

    private static Condition condition(String attribute, Operator operator, JsonValue value) {
        return new Condition(attribute, attribute, operator, List.of(value));
    }
}
