package io.syncline.it;

import java.net.URI;

/** One instance of the Payara deployment group of the test domain, as its clients reach it. */
record PayaraInstance(String name, int httpPort) implements ClusterMember {

    @Override
    public URI baseUri() {
        return URI.create("http://localhost:" + httpPort + "/");
    }

    @Override
    public String toString() {
        return name + " at " + baseUri();
    }
}
