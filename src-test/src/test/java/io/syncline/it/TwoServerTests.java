package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What must hold on two servers of one application, whichever server they are (WildFly nodes in
 * {@link ClusterIT}, Payara instances in {@link PayaraClusterIT}): a change written through either
 * reaches the subscribers of both, once each, in offset order, with the journal's offsets; one
 * sequencer numbers for both; and who is present on one is seen on the other. Clients are real: the demo's REST API and WebSocket clients of each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TwoServerTests<N extends ClusterMember> {

    static final String S = "s1";
    static final String TOPIC = "syncline_changes_received_total{from=\"topic\"}";
    static final String JOURNAL = "syncline_changes_received_total{from=\"journal\"}";
    static final String SEQUENCED = "syncline_changes_sequenced_total";

    /** The two servers, started by the subclass before its tests. */
    abstract TwoServerCluster<N> cluster();

    @Test
    @Order(1)
    void aChangeWrittenOnEitherServerReachesTheSubscribersOfBothOnceInOrderWithTheSameOffsets() {
        N a = cluster().a();
        N b = cluster().b();
        long board = board(a);
        try (SyncClient onA = subscribe(a, board, null); SyncClient onB = subscribe(b, board, null)) {
            N follower = cluster().other(cluster().leader());
            Metrics.Sample before = follower.metrics().scrape();
            writeCards(board, 20, "card", a, b);

            List<Long> journal = awaitNumbered(board, 20);
            awaitEvery(journal, onA, onB);
            // Only the lease holder publishes: the other server took changes from the topic (a few
            // may come from the journal, when its check of the journal is quicker).
            assertThat(follower.metrics().scrape().since(before, TOPIC)).isPositive();
        }
    }

    @Test
    @Order(2)
    void oneServerHoldsTheLeaseAndOnlyItsSequencerNumbers() {
        N leader = cluster().leader();
        N follower = cluster().other(leader);
        Metrics.Sample leaderBefore = leader.metrics().scrape();
        Metrics.Sample followerBefore = follower.metrics().scrape();
        assertThat(leaderBefore.get("syncline_sequencer_leader")).isEqualTo(1);
        assertThat(followerBefore.get("syncline_sequencer_leader")).isZero();
        long before = cluster().lastOffset();

        long board = board(follower);
        writeCards(board, 10, "card", leader, follower);
        awaitNumbered(board, 10);

        long numbered = cluster().lastOffset() - before;
        assertThat(leader.metrics().scrape().since(leaderBefore, SEQUENCED)).isEqualTo(numbered);
        assertThat(follower.metrics().scrape().since(followerBefore, SEQUENCED)).isZero();
        assertThat(cluster().leader()).isSameAs(leader);
    }

    @Test
    @Order(3)
    void presenceOnOneServerIsSeenOnTheOtherAndALeaveToo() {
        N a = cluster().a();
        N b = cluster().b();
        long board = board(a);
        a.api("alice").expect(204, a.api("alice").send("PUT", "api/boards/" + board + "/members/bob", null));
        try (SyncClient alice = SyncClient.connect(a.webSocketUri(), Api.basic("alice"))) {
            PresenceIT.join(alice, "here", board);
            PresenceIT.awaitPresence(alice, "here", 0, "alice");
            int before = alice.frames().size();
            try (SyncClient bob = SyncClient.connect(b.webSocketUri(), Api.basic("bob"))) {
                PresenceIT.join(bob, "here", board);
                PresenceIT.awaitPresence(bob, "here", 0, "alice", "bob");
                PresenceIT.awaitPresence(alice, "here", before, "alice", "bob");
                before = alice.frames().size();
            }
            PresenceIT.awaitPresence(alice, "here", before, "alice");
        }
    }

    /** A new board of alice's, created through {@code server}. */
    static long board(ClusterMember server) {
        return server.api("alice").newBoard().getJsonNumber("id").longValue();
    }

    /** Writes {@code count} cards to {@code board} through the REST API, taking turns between {@code servers}. */
    @SafeVarargs
    static <M extends ClusterMember> void writeCards(long board, int count, String title, M... servers) {
        List<Api> apis = Arrays.stream(servers).map(server -> server.api("alice")).toList();
        for (int i = 0; i < count; i++) {
            apis.get(i % apis.size()).newCard(board, title + " " + i);
        }
    }

    /** A client of {@code server} subscribed to the cards of {@code board} (after {@code since}, when not null). */
    static SyncClient subscribe(ClusterMember server, long board, Long since) {
        SyncClient client = SyncClient.connect(server.webSocketUri(), Api.basic("alice"));
        client.send("{\"op\":\"subscribe\",\"id\":\"" + S + "\",\"entity\":\"Card\",\"filter\":{\"boardId\":{\"eq\":" + board + "}}"
                + (since == null ? "" : ",\"since\":" + since) + "}");
        client.awaitFrame(f -> "subscribed".equals(f.getString("type", null)));
        return client;
    }

    /**
     * Waits until every journaled change has its offset and the board's cards have at least
     * {@code changes}, and returns their offsets.
     */
    List<Long> awaitNumbered(long board, int changes) {
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster().unnumbered() == 0 && cluster().cardOffsets(board).size() >= changes);
        return cluster().cardOffsets(board);
    }

    /** Waits until each client has every one of {@code journal}'s offsets, and checks it got each once, in order. */
    static void awaitEvery(List<Long> journal, SyncClient... clients) {
        long last = journal.get(journal.size() - 1);
        for (SyncClient client : clients) {
            await().atMost(SyncClient.TIMEOUT).until(() -> client.lastOffset(S) >= last);
            assertThat(client.offsets(S)).as("offsets received by %s", client).containsExactlyElementsOf(journal);
        }
    }
}
