package io.syncline.it;

import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The integration tests' deployment, for the benchmarks in another package. */
public final class BenchmarkDeployment {

    private BenchmarkDeployment() {
    }

    public static EnterpriseArchive synclineWithTestkit() {
        return Deployments.synclineWithTestkit();
    }
}
