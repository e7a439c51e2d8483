package io.syncline.delivery;

import io.syncline.SynclineUnit;
import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.capture.SyncedEntities;
import io.syncline.capture.SyncedEntityType;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.List;

/** Reads the current rows of a synced entity, page by page, for a subscription's snapshot. */
@Stateless
public class SnapshotReader {

    /**
     * One page of rows, in key order, and the key after which the next page starts. Pages follow
     * keys, not positions: a row deleted from an earlier page while the later ones are read does
     * not shift a row out of the snapshot.
     */
    public record Page(List<EntityChange> rows, Object lastKey) {
    }

    @Inject
    @SynclineUnit
    EntityManager em;

    @Inject
    SyncedEntities entities;

    /**
     * At most {@code max} rows of the synced entity {@code name} that pass the filter and the
     * restriction (if any), in key order, with keys after {@code afterKey} (null: from the first).
     * The query is built with the Criteria API from the registry's names and the filter's bound
     * values: client text never becomes query text.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Page rows(String name, Filter filter, Restriction restriction, Object afterKey, int max) {
        SyncedEntityType type = entities.named(name).orElseThrow(() -> new IllegalArgumentException(name));
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery query = cb.createQuery(type.javaType());
        Root root = query.from(type.javaType());
        Path key = root.get(type.idAttribute());
        Predicate where = filter.toPredicate(cb, root);
        if (restriction != null) {
            where = cb.and(where, restriction.toPredicate(name, cb, root));
        }
        if (afterKey != null) {
            where = cb.and(where, cb.greaterThan(key, (Comparable) afterKey));
        }
        query.select(root).where(where).orderBy(cb.asc(key));
        List<?> rows = em.createQuery(query).setMaxResults(max).getResultList();
        Object lastKey = rows.isEmpty() ? afterKey : type.id(rows.get(rows.size() - 1));
        return new Page(rows.stream().map(row -> type.change(ChangeOp.INSERT, row)).toList(), lastKey);
    }
}
