package io.syncline.delivery;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The open subscriptions of this server by what they can receive, so that a delivered transaction
 * goes only to the subscriptions it may concern rather than to every one: a subscription whose
 * filter pins an attribute ({@link Filter#pin}) is found under each value it pins, any other under
 * its entity alone. (A transaction that may move users' views goes to every subscription: the
 * registry's decision, not this index's.) Safe for concurrent use.
 */
final class Interests {

    private final ConcurrentMap<String, OfEntity> byEntity = new ConcurrentHashMap<>();

    /** One subscription of one session. */
    record Interest(SyncSession session, Subscription subscription) {
    }

    /** The subscriptions to one entity. */
    private static final class OfEntity {
        final Set<Interest> unpinned = ConcurrentHashMap.newKeySet();
        /** By pinned attribute, then by value key. */
        final ConcurrentMap<String, ConcurrentMap<Object, Set<Interest>>> pinned = new ConcurrentHashMap<>();
    }

    void add(SyncSession session, Subscription subscription) {
        Interest interest = new Interest(session, subscription);
        OfEntity of = byEntity.computeIfAbsent(subscription.entity(), entity -> new OfEntity());
        Filter.Pin pin = subscription.pin();
        if (pin == null) {
            of.unpinned.add(interest);
            return;
        }
        ConcurrentMap<Object, Set<Interest>> byValue = of.pinned.computeIfAbsent(pin.attribute(), a -> new ConcurrentHashMap<>());
        for (Object key : pin.keys()) {
            byValue.compute(key, (k, interests) -> {
                Set<Interest> set = interests == null ? ConcurrentHashMap.newKeySet() : interests;
                set.add(interest);
                return set;
            });
        }
    }

    void remove(SyncSession session, Subscription subscription) {
        Interest interest = new Interest(session, subscription);
        OfEntity of = byEntity.get(subscription.entity());
        if (of == null) {
            return;
        }
        Filter.Pin pin = subscription.pin();
        if (pin == null) {
            of.unpinned.remove(interest);
            return;
        }
        ConcurrentMap<Object, Set<Interest>> byValue = of.pinned.get(pin.attribute());
        if (byValue == null) {
            return;
        }
        for (Object key : pin.keys()) {
            byValue.computeIfPresent(key, (k, interests) -> {
                interests.remove(interest);
                return interests.isEmpty() ? null : interests; // values come and go: keep none empty
            });
        }
    }

    /** Adds every subscription to {@code interests}. */
    void all(Set<Interest> interests) {
        byEntity.values().forEach(of -> {
            interests.addAll(of.unpinned);
            of.pinned.values().forEach(byValue -> byValue.values().forEach(interests::addAll));
        });
    }

    /** Adds to {@code interests} the subscriptions that {@code tx} may concern. */
    void concerned(Delivered tx, Set<Interest> interests) {
        for (String entity : tx.entities()) {
            OfEntity of = byEntity.get(entity);
            if (of == null) {
                continue;
            }
            interests.addAll(of.unpinned);
            of.pinned.forEach((attribute, byValue) -> {
                Set<Object> values = tx.valuesOf(entity, attribute);
                if (values == null) {
                    byValue.values().forEach(interests::addAll);
                    return;
                }
                for (Object value : values) {
                    Set<Interest> pinned = byValue.get(value);
                    if (pinned != null) {
                        interests.addAll(pinned);
                    }
                }
            });
        }
    }
}
