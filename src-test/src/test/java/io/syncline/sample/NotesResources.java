package io.syncline.sample;

import io.syncline.SynclineUnit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Names the persistence unit whose synced entities Syncline delivers: the sample's {@code notes}. */
@ApplicationScoped
public class NotesResources {

    @Produces
    @SynclineUnit
    @PersistenceContext(unitName = "notes")
    EntityManager notes;
}
