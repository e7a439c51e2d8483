package io.syncline.capture;

import io.syncline.Synced;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/**
 * The persistence unit's default entity listener (see {@code META-INF/orm.xml}): turns each
 * lifecycle callback of a {@link Synced} entity into an {@link EntityChange} CDI event.
 * Other entities pass through untouched.
 */
public class SyncEntityListener {

    @Inject
    SyncedEntities entities;

    @Inject
    Event<EntityChange> changes;

    @PostPersist
    void inserted(Object entity) {
        capture(ChangeOp.INSERT, entity);
    }

    @PostUpdate
    void updated(Object entity) {
        capture(ChangeOp.UPDATE, entity);
    }

    @PostRemove
    void removed(Object entity) {
        capture(ChangeOp.DELETE, entity);
    }

    private void capture(ChangeOp op, Object entity) {
        entities.of(entity.getClass()).ifPresent(type -> changes.fire(type.change(op, entity)));
    }
}
