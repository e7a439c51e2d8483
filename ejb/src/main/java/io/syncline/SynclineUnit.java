package io.syncline;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the persistence unit whose {@link Synced} entities Syncline delivers. The application
 * produces that unit's entity manager once, with the standard CDI resource producer:
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class SynclineResources {
 *     @Produces @SynclineUnit
 *     @PersistenceContext(unitName = "notes")
 *     EntityManager notes;
 * }
 * }</pre>
 *
 * Syncline reads and writes its journal through it, in the same transactions as the application.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface SynclineUnit {
}
