package io.syncline.it;

import static io.syncline.it.Changes.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.jboss.as.controller.client.helpers.Operations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Two WildFly nodes, one PostgreSQL database (see {@link Cluster}): changes cross between the nodes
 * through the JMS topic, one sequencer numbers them for both (the tests of {@link TwoServerTests}),
 * and neither a killed node, a broken bridge between the brokers nor a database that goes away
 * loses a committed change. Clients are real: the demo's REST API and WebSocket clients on each node.
 */
@ClusterOnly
class ClusterIT extends TwoServerTests<ClusterNode> {

    private static final Logger LOG = Logger.getLogger(ClusterIT.class.getName());
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    private static Cluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = Cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    Cluster cluster() {
        return cluster;
    }

    @Test
    @Order(4)
    void whileTheBridgeBetweenTheBrokersIsBrokenEveryNodeFillsItsStreamFromTheJournalAndAfterwardsFromTheTopicAgain() {
        ClusterNode a = cluster.a();
        ClusterNode b = cluster.b();
        long board = board(a);
        try (SyncClient onA = subscribe(a, board, null); SyncClient onB = subscribe(b, board, null)) {
            for (ClusterNode node : cluster.nodes()) {
                node.execute(Operations.createOperation("stop", ClusterNode.clusterConnection()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> a.brokersInTopology() == 1 && b.brokersInTopology() == 1);
            ClusterNode follower = cluster.other(cluster.leader());
            Metrics.Sample broken = follower.metrics().scrape();
            writeCards(board, 10, "while broken", a, b);
            List<Long> journal = awaitNumbered(board, 10);
            awaitEvery(journal, onA, onB);
            // Only the leader publishes: the other node had none of them from the topic, all from the journal.
            Metrics.Sample filled = follower.metrics().scrape();
            assertThat(filled.since(broken, TOPIC)).isZero();
            assertThat(filled.since(broken, JOURNAL)).isGreaterThanOrEqualTo(10);

            for (ClusterNode node : cluster.nodes()) {
                node.execute(Operations.createOperation("start", ClusterNode.clusterConnection()));
            }
            cluster.awaitBridged();
            // The bridge carries the topic again once the other node's subscription is known across it.
            Metrics.Sample repaired = follower.metrics().scrape();
            AtomicInteger written = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                (written.getAndIncrement() % 2 == 0 ? a : b).api("alice").newCard(board, "repaired " + written);
                return follower.metrics().scrape().since(repaired, TOPIC) > 0;
            });
            journal = awaitNumbered(board, 10 + written.get());
            awaitEvery(journal, onA, onB);
        }
    }

    @Test
    @Order(5)
    void whenTheDatabaseGoesAwayForTenSecondsTheClientsStayConnectedAndNoCommittedChangeIsLost() throws Exception {
        ClusterNode a = cluster.a();
        ClusterNode b = cluster.b();
        long board = board(a);
        try (SyncClient onA = subscribe(a, board, null); SyncClient onB = subscribe(b, board, null);
             Writer writer = new Writer(board, a, b)) {
            writer.awaitWritten(10);
            int killed;
            try (Cluster.Outage outage = cluster.takeDatabaseAway()) {
                killed = outage.killed();
                // The outage lasts 10 s, and all along the clients stay connected.
                await().during(OUTAGE).atMost(OUTAGE.plusSeconds(5)).until(() -> !onA.isClosed() && !onB.isClosed());
            }
            // The servers recover by themselves: writes succeed again on both nodes.
            int afterOutage = writer.written();
            writer.awaitWritten(afterOutage + 20);
            writer.close();
            LOG.info(() -> "Database away for " + OUTAGE + ", " + killed + " connections killed: " + writer.failed() + " writes failed, the"
                    + " longest write took " + writer.longestMillis() + " ms");

            assertThat(killed).as("connections the database killed").isPositive();
            assertThat(onA.isClosed()).as("client of A closed: %s", onA).isFalse();
            assertThat(onB.isClosed()).as("client of B closed: %s", onB).isFalse();
            List<Long> journal = awaitNumbered(board, writer.written());
            awaitEvery(journal, onA, onB);
            assertThat(cluster.insertedCards(board)).containsAll(writer.acknowledged());
        }
    }

    @Test
    @Order(6)
    void whenTheLeaseHolderIsKilledTheSurvivorTakesOverItsClientsResumeThereWithoutLossAndTheNodeRejoins() throws Exception {
        ClusterNode dead = cluster.leader();
        ClusterNode survivor = cluster.other(dead);
        long board = board(survivor);
        SyncClient onDead = subscribe(dead, board, null);
        try (SyncClient onSurvivor = subscribe(survivor, board, null); Writer writer = new Writer(board, survivor)) {
            writer.awaitWritten(10);
            await().atMost(SyncClient.TIMEOUT).until(() -> onDead.offsets(S).size() >= 10);

            long killedAt = System.nanoTime();
            dead.kill();
            await().atMost(SyncClient.TIMEOUT).until(onDead::isClosed);
            // The client of the dead node reconnects to the survivor and resumes after what it had.
            long since = onDead.lastOffset(S);
            SyncClient resumed = subscribe(survivor, board, since);
            long resumedMillis = millisSince(killedAt);
            await().atMost(Cluster.LEASE.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> cluster.leaseOwner().startsWith(survivor.name() + "-"));
            long takeoverMillis = millisSince(killedAt);
            int beforeTakeover = writer.written();
            writer.awaitWritten(beforeTakeover + 20);
            writer.close();

            List<Long> journal = awaitNumbered(board, writer.written());
            List<Long> dialled = new ArrayList<>(onDead.offsets(S));
            await().atMost(SyncClient.TIMEOUT).until(() -> resumed.lastOffset(S) >= journal.get(journal.size() - 1));
            dialled.addAll(resumed.offsets(S));
            assertThat(dialled).as("the dead node's client, before and after it resumed").containsExactlyElementsOf(journal);
            awaitEvery(journal, onSurvivor);
            assertThat(cluster.insertedCards(board)).containsAll(writer.acknowledged());
            LOG.info(() -> "Killed the lease holder " + dead.name() + ": its client resumed on " + survivor.name() + " after "
                    + resumedMillis + " ms, the survivor took the lease after " + takeoverMillis + " ms (lease " + Cluster.LEASE + ")");
            // The lease ran out at most one lease after the last renewal, which came before the kill.
            assertThat(Duration.ofMillis(takeoverMillis)).isLessThanOrEqualTo(Cluster.LEASE.plusSeconds(1));
            resumed.close();

            dead.start();
            cluster.awaitBridged();
            try (SyncClient rejoined = subscribe(dead, board, null)) {
                var card = survivor.api("alice").newCard(board, "after the rejoin");
                rejoined.awaitChange(key(card));
            }
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /**
     * Writes cards to a board, one every 20 ms after the last answer, taking turns between nodes, on
     * a thread of its own: counts the writes acknowledged (HTTP 201) and those refused or failed.
     */
    private static final class Writer implements AutoCloseable {
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final AtomicInteger failed = new AtomicInteger();
        private final AtomicInteger attempts = new AtomicInteger();
        private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
        private final long board;
        private final List<Api> apis;
        private volatile long longestMillis;

        Writer(long board, ClusterNode... nodes) {
            this.board = board;
            this.apis = Arrays.stream(nodes).map(node -> node.api("alice")).toList();
            thread.scheduleWithFixedDelay(this::write, 0, 20, TimeUnit.MILLISECONDS);
        }

        private void write() {
            int i = attempts.getAndIncrement();
            long start = System.nanoTime();
            try {
                Api.Reply reply = apis.get(i % apis.size()).send("POST", "api/boards/" + board + "/cards", Api.card("card " + i, "todo", 0));
                if (reply.status() == 201) {
                    acknowledged.add(reply.json().get("id").toString());
                } else {
                    failed.incrementAndGet();
                }
            } catch (RuntimeException e) {
                failed.incrementAndGet();
            }
            longestMillis = Math.max(longestMillis, millisSince(start));
        }

        int written() {
            return acknowledged.size();
        }

        int failed() {
            return failed.get();
        }

        /** The longest any one write took, answered or not. */
        long longestMillis() {
            return longestMillis;
        }

        Set<String> acknowledged() {
            return Set.copyOf(acknowledged);
        }

        void awaitWritten(int count) {
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= count);
        }

        @Override
        public void close() throws InterruptedException {
            thread.shutdown();
            thread.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
