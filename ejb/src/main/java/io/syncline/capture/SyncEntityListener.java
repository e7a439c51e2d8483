package io.syncline.capture;

import io.syncline.Synced;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/**
 * The persistence unit's default entity listener (see {@code META-INF/orm.xml}): turns each
 * lifecycle callback of a {@link Synced} entity into an {@link EntityChange} CDI event.
 * Other entities pass through untouched.
 *
 * <p>The provider creates it with CDI injection where the container hands it a bean manager (WildFly
 * does); Payara does not for a unit deployed at startup ({@code eclipselink.deploy-on-startup}), so
 * a listener the provider made without injection looks its beans up through {@link CDI#current()}.
 */
public class SyncEntityListener {

    /** Volatile: written after {@link #changes} by {@link #lookUp()}, so whoever sees it set sees both. */
    @Inject
    volatile SyncedEntities entities;

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
        if (entities == null) {
            lookUp();
        }
        entities.of(entity.getClass()).ifPresent(type -> changes.fire(type.change(op, entity)));
    }

    private void lookUp() {
        CDI<Object> cdi = CDI.current();
        changes = cdi.getBeanManager().getEvent().select(EntityChange.class);
        entities = cdi.select(SyncedEntities.class).get();
    }
}
