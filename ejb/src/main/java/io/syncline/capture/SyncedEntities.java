package io.syncline.capture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import io.syncline.Synced;
import io.syncline.SynclineUnit;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.metamodel.EntityType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The registry of {@link Synced} entities of the synced persistence unit, by class and by wire name. */
@ApplicationScoped
public class SyncedEntities {

    @Inject
    @SynclineUnit
    EntityManager em;

    private final Jsonb jsonb = JsonbBuilder.create();
    private volatile Map<Class<?>, SyncedEntityType> byClass;
    private volatile jakarta.persistence.metamodel.Metamodel metamodel;
    private final Map<Class<?>, Optional<SyncedEntityType>> resolved = new ConcurrentHashMap<>();

    /** The synced type of an entity instance, or empty when the entity is not synced. */
    public Optional<SyncedEntityType> of(Class<?> entityClass) {
        return resolved.computeIfAbsent(entityClass, this::resolve);
    }

    /**
     * The persistence unit's metamodel, for compiling filters: read once, with the synced types, as
     * it lasts as long as the unit. Not asked of the injected EntityManager each time: on Payara,
     * the one a WebSocket message's thread gets outside a transaction was once found closed.
     */
    public jakarta.persistence.metamodel.Metamodel metamodel() {
        types();
        return metamodel;
    }

    /** Every synced type. */
    public java.util.Collection<SyncedEntityType> all() {
        return types().values();
    }

    /** The synced type that clients know by this name. */
    public Optional<SyncedEntityType> named(String name) {
        return types().values().stream().filter(type -> type.name().equals(name)).findFirst();
    }

    private Optional<SyncedEntityType> resolve(Class<?> entityClass) {
        // A subclass created by the provider (or an entity subclass) maps to its synced ancestor.
        for (Class<?> c = entityClass; c != null; c = c.getSuperclass()) {
            SyncedEntityType type = types().get(c);
            if (type != null) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    private Map<Class<?>, SyncedEntityType> types() {
        Map<Class<?>, SyncedEntityType> types = byClass;
        if (types == null) {
            metamodel = em.getMetamodel();
            types = metamodel.getEntities().stream()
                    .filter(type -> type.getJavaType().isAnnotationPresent(Synced.class))
                    .collect(Collectors.toUnmodifiableMap(EntityType::getJavaType,
                            type -> new SyncedEntityType(type, em.getEntityManagerFactory().getPersistenceUnitUtil(), jsonb),
                            (a, b) -> a));
            byClass = types;
        }
        return types;
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            // nothing held that outlives the application
        }
    }
}
