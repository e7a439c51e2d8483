package io.syncline.journal;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.capture.SyncedEntities;
import io.syncline.capture.SyncedEntityType;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/** Reads the current rows of a synced entity, page by page, for a subscription's snapshot. */
@Stateless
public class SnapshotReader {

    @PersistenceContext(unitName = "syncline")
    EntityManager em;

    @Inject
    SyncedEntities entities;

    /**
     * Rows of the synced entity {@code name} in key order, from {@code first}. The name is one the
     * registry knows (never client text in a query).
     */
    public List<EntityChange> rows(String name, int first, int max) {
        SyncedEntityType type = entities.named(name).orElseThrow(() -> new IllegalArgumentException(name));
        List<?> rows = em.createQuery("select e from " + type.jpaName() + " e order by e." + type.idAttribute())
                .setFirstResult(first)
                .setMaxResults(max)
                .getResultList();
        return rows.stream().map(row -> type.change(ChangeOp.INSERT, row)).toList();
    }
}
