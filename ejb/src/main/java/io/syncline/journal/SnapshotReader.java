package io.syncline.journal;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.capture.SyncedEntities;
import io.syncline.capture.SyncedEntityType;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import io.syncline.subscribe.Filter;
import io.syncline.subscribe.Restriction;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.List;

/** Reads the current rows of a synced entity, page by page, for a subscription's snapshot. */
@Stateless
public class SnapshotReader {

    @PersistenceContext(unitName = "syncline")
    EntityManager em;

    @Inject
    SyncedEntities entities;

    /**
     * Rows of the synced entity {@code name} that pass the filter and the restriction (if any), in
     * key order, from {@code first}.
     * The query is built with the Criteria API from the registry's names and the filter's bound
     * values: client text never becomes query text.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public List<EntityChange> rows(String name, Filter filter, Restriction restriction, int first, int max) {
        SyncedEntityType type = entities.named(name).orElseThrow(() -> new IllegalArgumentException(name));
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery query = cb.createQuery(type.javaType());
        Root root = query.from(type.javaType());
        jakarta.persistence.criteria.Predicate where = filter.toPredicate(cb, root);
        if (restriction != null) {
            where = cb.and(where, restriction.toPredicate(name, cb, root));
        }
        query.select(root).where(where).orderBy(cb.asc(root.get(type.idAttribute())));
        List<?> rows = em.createQuery(query).setFirstResult(first).setMaxResults(max).getResultList();
        return rows.stream().map(row -> type.change(ChangeOp.INSERT, row)).toList();
    }
}
