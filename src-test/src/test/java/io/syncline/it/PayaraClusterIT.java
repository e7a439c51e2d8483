package io.syncline.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Two Payara instances of one deployment group on this host (see {@link PayaraCluster}): a change
 * written through either reaches the subscribers of both once, in order, through the DAS's broker,
 * and one sequencer numbers for both (the tests of {@link TwoServerTests}).
 */
@ClusterOnly
class PayaraClusterIT extends TwoServerTests<PayaraInstance> {

    private static PayaraCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = PayaraCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    PayaraCluster cluster() {
        return cluster;
    }
}
