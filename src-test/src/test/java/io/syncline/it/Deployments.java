package io.syncline.it;

import io.syncline.testkit.TestkitApplication;
import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The deployment every integration test runs against: the built EAR, plus the test kit. */
final class Deployments {

    private Deployments() {
    }

    /**
     * {@code syncline.ear} as the build made it (ejb + web modules), with {@code testkit.war} added
     * (the test kit waits on conditions with Awaitility, packaged with it).
     */
    static EnterpriseArchive synclineWithTestkit() {
        File ear = new File(System.getProperty("syncline.ear", "target/deployments/syncline-ear.ear"));
        WebArchive testkit = ShrinkWrap.create(WebArchive.class, "testkit.war")
                .addPackage(TestkitApplication.class.getPackage())
                .addPackages(true, "org.awaitility", "org.hamcrest")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
                .addAsResource("bench/persistence.xml", "META-INF/persistence.xml");
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear).addAsModule(testkit);
    }
}
