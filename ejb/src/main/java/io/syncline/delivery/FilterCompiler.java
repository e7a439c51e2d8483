package io.syncline.delivery;

import io.syncline.Filterable;
import io.syncline.capture.SyncedEntityType;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.ManagedType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.SingularAttribute;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles the {@code filter} of a subscribe frame, once, into a {@link Filter}, or says precisely
 * why it cannot: an attribute that is not filterable, an unknown operator, a value of the wrong
 * type, too many conditions or values.
 */
final class FilterCompiler {

    public static final int MAX_CONDITIONS = 20;
    public static final int MAX_IN_VALUES = 100;
    public static final int MAX_STRING_LENGTH = 1000;

    private FilterCompiler() {
    }

    public static Filter compile(SyncedEntityType type, Metamodel metamodel, JsonValue filter) throws InvalidFilterException {
        if (filter == null || filter == JsonValue.NULL) {
            return Filter.NONE;
        }
        if (!(filter instanceof JsonObject attributes)) {
            throw new InvalidFilterException("a filter is an object of attributes");
        }
        List<Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonValue> entry : attributes.entrySet()) {
            String name = entry.getKey();
            Filterable filterable = type.filterable(name).orElseThrow(() -> new InvalidFilterException(
                    "attribute '" + shorten(name) + "' is not filterable"));
            String path = filterable.path().isEmpty() ? filterable.value() : filterable.path();
            Class<?> javaType = javaType(metamodel.managedType(type.javaType()), path);
            if (!(entry.getValue() instanceof JsonObject operators) || operators.isEmpty()) {
                throw new InvalidFilterException("attribute '" + name + "' needs an object of operators, e.g. {\"eq\":1}");
            }
            for (Map.Entry<String, JsonValue> test : operators.entrySet()) {
                Condition.Operator operator = Condition.Operator.of(test.getKey());
                if (operator == null) {
                    throw new InvalidFilterException("unknown operator '" + shorten(test.getKey())
                            + "'; use eq, neq, in, lt, lte, gt, gte");
                }
                List<JsonValue> values = values(name, operator, test.getValue(), javaType);
                conditions.add(new Condition(name, path, operator, values));
                if (conditions.size() > MAX_CONDITIONS) {
                    throw new InvalidFilterException("a filter holds at most " + MAX_CONDITIONS + " conditions");
                }
            }
        }
        return new Filter(conditions);
    }

    private static List<JsonValue> values(String name, Condition.Operator operator, JsonValue value, Class<?> type)
            throws InvalidFilterException {
        if (operator == Condition.Operator.IN) {
            if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_IN_VALUES) {
                throw new InvalidFilterException("'in' on '" + name + "' takes an array of 1 to " + MAX_IN_VALUES + " values");
            }
            for (JsonValue item : array) {
                check(name, item, type, operator);
            }
            return List.copyOf(array);
        }
        check(name, value, type, operator);
        return List.of(value);
    }

    private static void check(String name, JsonValue value, Class<?> type, Condition.Operator operator)
            throws InvalidFilterException {
        boolean ordered = operator != Condition.Operator.EQ && operator != Condition.Operator.NEQ
                && operator != Condition.Operator.IN;
        if (isNumber(type)) {
            if (!(value instanceof JsonNumber number) || !fits(number.bigDecimalValue(), type)) {
                throw new InvalidFilterException("'" + name + "' takes a number" + (integral(type) ? " (an integer)" : ""));
            }
        } else if (type == String.class) {
            if (!(value instanceof JsonString string) || string.getString().length() > MAX_STRING_LENGTH) {
                throw new InvalidFilterException("'" + name + "' takes a string of at most " + MAX_STRING_LENGTH + " characters");
            }
        } else if (type == Boolean.class || type == boolean.class) {
            if ((value != JsonValue.TRUE && value != JsonValue.FALSE) || ordered) {
                throw new InvalidFilterException("'" + name + "' takes true or false, with eq, neq or in");
            }
        } else {
            throw new InvalidFilterException("'" + name + "' cannot be filtered on");
        }
    }

    private static boolean isNumber(Class<?> type) {
        return Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class && type != char.class);
    }

    private static boolean integral(Class<?> type) {
        return type == Long.class || type == long.class || type == Integer.class || type == int.class
                || type == Short.class || type == short.class;
    }

    private static boolean fits(BigDecimal number, Class<?> type) {
        try {
            Filter.value(Frames.JSON.createValue(number), type);
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /** The Java type at the end of a JPA attribute path such as {@code board.id}. */
    private static Class<?> javaType(ManagedType<?> root, String path) {
        ManagedType<?> type = root;
        Class<?> javaType = null;
        for (String segment : path.split("\\.")) {
            Attribute<?, ?> attribute = type.getAttribute(segment);
            javaType = attribute.getJavaType();
            if (attribute instanceof SingularAttribute<?, ?> singular
                    && singular.getType() instanceof ManagedType<?> next) {
                type = next;
            }
        }
        return javaType;
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
