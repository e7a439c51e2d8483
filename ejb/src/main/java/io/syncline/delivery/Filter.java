package io.syncline.delivery;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A compiled subscription filter: conditions ANDed, on declared filterable attributes only, with
 * values checked against the attributes' types. The same filter tests rows of the stream in
 * memory and restricts snapshot queries through the Criteria API with bound values — client text
 * never becomes query text.
 */
final class Filter {

    /** Every row passes. */
    public static final Filter NONE = new Filter(List.of());

    private final List<Condition> conditions;

    Filter(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    /** Whether a row, as its representation shows it, is in the subscription's view. */
    public boolean test(JsonObject data) {
        if (data == null) {
            return false;
        }
        for (Condition condition : conditions) {
            if (!condition.test(data)) {
                return false;
            }
        }
        return true;
    }

    /** The filter as a Criteria predicate over the entity's root. */
    public Predicate toPredicate(CriteriaBuilder cb, Root<?> root) {
        List<Predicate> predicates = new ArrayList<>();
        for (Condition condition : conditions) {
            predicates.add(predicate(cb, path(root, condition.path()), condition));
        }
        return cb.and(predicates.toArray(Predicate[]::new));
    }

    /** The JPA attribute path {@code path} (such as {@code board.id}) from {@code root}. */
    static <T> Path<T> path(Root<?> root, String path) {
        Path<?> at = root;
        for (String segment : path.split("\\.")) {
            at = at.get(segment);
        }
        @SuppressWarnings("unchecked")
        Path<T> typed = (Path<T>) at;
        return typed;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Predicate predicate(CriteriaBuilder cb, Path<?> path, Condition condition) {
        Class<?> type = path.getJavaType();
        Object first = value(condition.values().get(0), type);
        Path<Comparable> comparable = (Path<Comparable>) path;
        return switch (condition.operator()) {
            case EQ -> cb.equal(path, first);
            case NEQ -> cb.notEqual(path, first);
            case IN -> path.in(condition.values().stream().map(v -> value(v, type)).toList());
            case LT -> cb.lessThan(comparable, (Comparable) first);
            case LTE -> cb.lessThanOrEqualTo(comparable, (Comparable) first);
            case GT -> cb.greaterThan(comparable, (Comparable) first);
            case GTE -> cb.greaterThanOrEqualTo(comparable, (Comparable) first);
        };
    }

    /** A JSON value as the attribute's Java type (the compiler has checked that it converts). */
    static Object value(JsonValue value, Class<?> type) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        BigDecimal number = ((JsonNumber) value).bigDecimalValue();
        if (type == Long.class || type == long.class) {
            return number.longValueExact();
        }
        if (type == Integer.class || type == int.class) {
            return number.intValueExact();
        }
        if (type == Short.class || type == short.class) {
            return number.shortValueExact();
        }
        if (type == Double.class || type == double.class) {
            return number.doubleValue();
        }
        if (type == Float.class || type == float.class) {
            return number.floatValue();
        }
        return number;
    }

    public boolean isEmpty() {
        return conditions.isEmpty();
    }

    /**
     * The first attribute an {@code eq} or {@code in} condition pins to some values, as it appears
     * in a row's representation, with those values as {@link Condition#key keys}: a row with
     * another value (or none) never passes. Null when the filter pins no attribute.
     */
    Pin pin() {
        for (Condition condition : conditions) {
            if (condition.operator() == Condition.Operator.EQ || condition.operator() == Condition.Operator.IN) {
                return new Pin(condition.attribute(),
                        condition.values().stream().map(Condition::key).collect(Collectors.toUnmodifiableSet()));
            }
        }
        return null;
    }

    /** An attribute of a row's representation and the value keys a filter lets through (see {@link #pin}). */
    record Pin(String attribute, Set<Object> keys) {
    }

    /**
     * The values an {@code eq} or {@code in} condition pins the JPA attribute path to (the rows can
     * only have one of them), or empty when the filter does not pin it.
     */
    java.util.Optional<List<JsonValue>> pinnedPath(String path) {
        return conditions.stream()
                .filter(c -> c.path().equals(path)
                        && (c.operator() == Condition.Operator.EQ || c.operator() == Condition.Operator.IN))
                .map(Condition::values)
                .findFirst();
    }
}
