package io.syncline.testkit;

import io.syncline.delivery.SnapshotResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The test kit: resources the integration tests add to the demo's web module (at {@code /testkit})
 * to make changes the way an application does without the REST API (an EJB with an EntityManager,
 * a timer, a rollback, a flush left to the commit), and to look into the engine.
 */
@ApplicationPath("/testkit")
public class TestkitApplication extends Application {

    /** Only the test kit's resources (the demo's own application serves its own under /api). */
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(BenchResource.class, DeliveryResource.class, JournalResource.class, LoadResource.class, ScenarioResource.class,
                SnapshotResource.class);
    }
}
