package io.syncline.demo.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API of the demo domain, under {@code /api}. */
@ApplicationPath("/api")
public class RestApplication extends Application {
}
