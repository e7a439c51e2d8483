package io.syncline.testkit;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The test kit: a web module the integration tests add to the EAR (at {@code /testkit}) to make
 * changes the way an application does without the REST API (an EJB with an EntityManager, a
 * timer, a rollback, a flush left to the commit).
 */
@ApplicationPath("/")
public class TestkitApplication extends Application {
}
