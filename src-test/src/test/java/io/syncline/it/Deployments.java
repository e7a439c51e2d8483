package io.syncline.it;

import io.syncline.delivery.SnapshotResource;
import io.syncline.relay.SequencerControl;
import io.syncline.testkit.TestkitApplication;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The deployment every integration test of the demo runs against: the built EAR, plus the test kit. */
final class Deployments {

    static final String DEMO_WAR = "syncline-demo.war";

    private Deployments() {
    }

    /**
     * {@code syncline.ear} as the build made it, with the test kit added to the demo's web module,
     * where it sees the demo's beans and the engine's: its classes (two of them live in the engine's
     * packages, whose internals they use), and Awaitility, with which it waits on
     * conditions.
     */
    static EnterpriseArchive synclineWithTestkit() {
        File file = new File(System.getProperty("syncline.ear", "target/deployments/syncline-ear.ear"));
        EnterpriseArchive ear = ShrinkWrap.createFromZipFile(EnterpriseArchive.class, file);
        WebArchive demo = ear.getAsType(WebArchive.class, DEMO_WAR);
        demo.addPackage(TestkitApplication.class.getPackage())
                .addClasses(SequencerControl.class, SnapshotResource.class)
                .addAsLibrary(ShrinkWrap.create(JavaArchive.class, "awaitility.jar")
                        .addPackages(true, "org.awaitility", "org.hamcrest"));
        ear.delete(DEMO_WAR);
        return ear.addAsModule(demo);
    }
}
