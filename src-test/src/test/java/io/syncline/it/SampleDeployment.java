package io.syncline.it;

import io.syncline.sample.Note;
import io.syncline.sample.NotesPolicy;
import java.io.File;
import java.util.Objects;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A second application beside the demo, sharing no code with it: {@code notes.war} (context root
 * {@code /notes}) holds the sample's classes (src/test/java/io/syncline/sample: a Note entity, its
 * policy, its API and users), its descriptors (src/test/resources/sample) and the engine jar with the
 * libraries it brings (Micrometer) in WEB-INF/lib, as any application that uses Syncline would.
 */
final class SampleDeployment {

    private SampleDeployment() {
    }

    static WebArchive notes() {
        File engine = new File(System.getProperty("syncline.engine", "target/deployments/syncline-engine.jar"));
        File[] libraries = Objects.requireNonNull(new File(System.getProperty("syncline.engine.libraries",
                "target/deployments/engine-libraries")).listFiles((dir, name) -> name.endsWith(".jar")),
                "the engine's libraries were not copied (mvn pre-integration-test)");
        return ShrinkWrap.create(WebArchive.class, "notes.war")
                // The application: entity, policy, persistence unit producer, API, users.
                .addPackage(Note.class.getPackage())
                // Its descriptors: persistence unit "notes" on NotesDS, Syncline's datasource setting,
                // the security constraints, CDI, the context root.
                .addAsResource("sample/persistence.xml", "META-INF/persistence.xml")
                .addAsResource("sample/microprofile-config.properties", "META-INF/microprofile-config.properties")
                .setWebXML("sample/web.xml")
                .addAsWebInfResource("sample/beans.xml", "beans.xml")
                .addAsWebInfResource("sample/jboss-web.xml", "jboss-web.xml")
                // Syncline itself, with the libraries it brings, as libraries of the application.
                .addAsLibrary(engine)
                .addAsLibraries(libraries);
    }

    /** The same application without its row policy: Syncline must send nothing, and say so. */
    static WebArchive notesWithoutPolicy() {
        return notes().deleteClass(NotesPolicy.class);
    }
}
