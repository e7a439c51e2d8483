package io.syncline.demo.board;

import io.syncline.SynclineUnit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Names the persistence unit whose synced entities Syncline delivers: the demo's only one. */
@ApplicationScoped
public class SynclineResources {

    @Produces
    @SynclineUnit
    @PersistenceContext(unitName = "boards")
    EntityManager boards;
}
