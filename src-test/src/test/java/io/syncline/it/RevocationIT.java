package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A row that leaves a user's view reaches that user as {@code delete} or {@code leave}, whatever
 * else its transaction changed, whether the user is connected, away, or catching up. bob is a
 * member of alice's board; his client's state is rebuilt from the frames alone (see
 * {@link Replica}) and must end holding nothing of that board.
 */
@ExtendWith(ArquillianExtension.class)
class RevocationIT {

    private static final Duration LONG = Duration.ofSeconds(120);
    /** bob's subscriptions: filtered and unfiltered cards, boards, members; each starts with a snapshot. */
    private static final List<String> SUBSCRIPTIONS = List.of("f", "u", "b", "m");

    private final Api alice = new Api("alice");
    private final Api bob = new Api("bob");
    private long shared;
    private long own;
    private List<JsonObject> cards;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @BeforeEach
    void aliceSharesABoardWithBob() {
        shared = alice.newBoard().getJsonNumber("id").longValue();
        alice.expect(204, alice.send("PUT", "api/boards/" + shared + "/members/bob", null));
        cards = List.of(alice.newCard(shared, "one"), alice.newCard(shared, "two"), alice.newCard(shared, "three"));
        own = bob.newBoard().getJsonNumber("id").longValue();
    }

    @AfterEach
    void sequencerRuns() {
        alice.expect(204, alice.send("POST", "testkit/journal/primary/start", null));
    }

    @Test
    void boardDeletedWithItsCardsLeavesNothingOfItOnAMembersClient() {
        try (SyncClient client = SyncClient.connect("bob")) {
            Map<String, Replica> replicas = subscribeWithSnapshots(client, Map.of());
            long version = alice.expect(200, alice.send("GET", "api/boards/" + shared, null)).json().getJsonNumber("version").longValue();

            alice.expect(204, alice.send("DELETE", "api/boards/" + shared, null, "If-Match", "\"" + version + "\""));

            awaitMarkers(client, replicas);
            assertHoldsNothingOfTheSharedBoard(replicas);
        }
    }

    @Test
    void memberRemovedWhileConnectedKeepsNothingOfTheBoard() {
        try (SyncClient client = SyncClient.connect("bob")) {
            Map<String, Replica> replicas = subscribeWithSnapshots(client, Map.of());

            alice.expect(204, alice.send("DELETE", "api/boards/" + shared + "/members/bob", null));

            awaitMarkers(client, replicas);
            assertHoldsNothingOfTheSharedBoard(replicas);
        }
    }

    @Test
    void memberRemovedWhileAwayResumesWithSinceAndKeepsNothingOfTheBoard() {
        Map<String, Replica> replicas = snapshotsThenAway();
        // While bob is away: a change he may see, his removal, then changes he may not see.
        alice.expect(200, alice.updateCard(id(cards.get(0)), 1, "one, edited", "doing", 0));
        alice.expect(204, alice.send("DELETE", "api/boards/" + shared + "/members/bob", null));
        alice.expect(204, alice.deleteCard(id(cards.get(1)), 1));
        alice.expect(200, alice.updateCard(id(cards.get(2)), 1, "three, edited", "done", 0));
        alice.newCard(shared, "four");

        try (SyncClient client = SyncClient.connect("bob")) {
            subscribeWithSnapshots(client, resumeOffsets(replicas));
            awaitMarkers(client, replicas);
            assertHoldsNothingOfTheSharedBoard(replicas);
        }
    }

    @Test
    void removalWhileAReplayIsStillRunningNeverPutsTheRowsBack() {
        Map<String, Replica> replicas = snapshotsThenAway();
        // More than the connection's buffers hold, in many frames: bob's replay will wait for him.
        alice.expect(200, alice.send("POST", "testkit/delivery/cards?board=" + shared + "&txs=1500&size=10&titleLength=480", null));
        alice.awaitAllNumbered(LONG);

        try (StallingClient client = StallingClient.connect("bob")) {
            Map<String, Long> since = resumeOffsets(replicas);
            client.pause(); // from the start: the replays wait for bob
            for (String id : List.of("f", "u")) {
                client.send(subscribe(id, since.get(id)));
            }
            alice.expect(204, alice.send("DELETE", "api/boards/" + shared + "/members/bob", null));
            alice.awaitAllNumbered(LONG);
            client.resume();

            Map<String, Replica> replaying = Map.of("f", replicas.get("f"), "u", replicas.get("u"));
            awaitMarkersOrClose(client, replaying);
            if (client.isClosed()) { // dropped while it did not read: it resumes as the README says
                replaying.values().forEach(replica -> replica.apply(client.frames()).closed());
                try (SyncClient again = SyncClient.connect("bob")) {
                    for (String id : replaying.keySet()) {
                        again.send(subscribe(id, replaying.get(id).resumeOffset()));
                    }
                    awaitMarkers(again, replaying);
                }
            } else {
                replaying.values().forEach(replica -> replica.apply(client.frames()));
            }
            assertHoldsNothingOfTheSharedBoard(replaying);
        }
    }

    @Test
    void replayNeverShowsRowsFromBeforeAMembershipThatIsCommittedButNotYetNumbered() {
        long carolsBoard = new Api("carol").newBoard().getJsonNumber("id").longValue();
        Api carol = new Api("carol");
        JsonObject before = carol.newCard(carolsBoard, "before bob joined");
        carol.awaitAllNumbered(LONG);
        List<JsonObject> journal = carol.expect(200, carol.send("GET", "testkit/delivery/journal?board=" + carolsBoard, null))
                .array().getValuesAs(JsonObject.class);
        long since = journal.get(0).getJsonNumber("offset").longValue() - 1;

        carol.expect(204, carol.send("POST", "testkit/journal/primary/stop?release=true", null));
        carol.expect(204, carol.send("PUT", "api/boards/" + carolsBoard + "/members/bob", null)); // committed, not numbered
        try (SyncClient client = SyncClient.connect("bob")) {
            client.send("{\"op\":\"subscribe\",\"id\":\"r\",\"entity\":\"Card\",\"since\":" + since + "}");
            client.awaitFrame(f -> "subscribed".equals(f.getString("type")));
            carol.expect(204, carol.send("POST", "testkit/journal/primary/start", null));
            JsonObject after = carol.newCard(carolsBoard, "after bob joined");

            client.awaitChange(Changes.key(after));

            assertThat(client.changes("r")).noneMatch(Changes.key(before));
            assertThat(client.frames()).noneMatch(f -> f.toString().contains("before bob joined"));
        }
    }

    /** bob takes his snapshots, then goes away; returns what his client holds. */
    private Map<String, Replica> snapshotsThenAway() {
        try (SyncClient client = SyncClient.connect("bob")) {
            Map<String, Replica> replicas = subscribeWithSnapshots(client, Map.of());
            replicas.values().forEach(replica -> replica.apply(client.frames()).closed());
            return replicas;
        }
    }

    private static Map<String, Long> resumeOffsets(Map<String, Replica> replicas) {
        Map<String, Long> since = new LinkedHashMap<>();
        replicas.forEach((id, replica) -> since.put(id, replica.resumeOffset()));
        return since;
    }

    /** bob's four subscriptions, each with a snapshot, or resumed with {@code since} where given. */
    private Map<String, Replica> subscribeWithSnapshots(SyncClient client, Map<String, Long> since) {
        Map<String, Replica> replicas = new LinkedHashMap<>();
        for (String id : SUBSCRIPTIONS) {
            client.send(subscribe(id, since.get(id)));
            replicas.put(id, new Replica(id));
        }
        for (String id : SUBSCRIPTIONS) {
            client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && id.equals(f.getString("id")));
            if (!since.containsKey(id)) {
                client.awaitFrame(f -> "snapshot".equals(f.getString("type")) && id.equals(f.getString("id")) && f.getBoolean("last"));
            }
        }
        return replicas;
    }

    private String subscribe(String id, Long since) {
        String entity = switch (id) {
            case "b" -> "Board";
            case "m" -> "Member";
            default -> "Card";
        };
        String filter = switch (id) {
            case "f", "m" -> ",\"filter\":{\"boardId\":{\"in\":[" + shared + "," + own + "]}}";
            default -> "";
        };
        return "{\"op\":\"subscribe\",\"id\":\"" + id + "\",\"entity\":\"" + entity + "\"" + filter
                + (since == null ? ",\"snapshot\":true" : ",\"since\":" + since) + "}";
    }

    /**
     * Changes bob may see, committed after what the test did: once each subscription applied its
     * marker, it has been sent everything before it.
     */
    private void awaitMarkers(WebSocketClient client, Map<String, Replica> replicas) {
        for (Map.Entry<String, Predicate<Replica>> marker : markers(replicas.keySet()).entrySet()) {
            await().atMost(LONG).alias("subscription " + marker.getKey() + " applies its marker; " + client)
                    .until(() -> marker.getValue().test(new Replica(marker.getKey()).apply(client.frames())));
        }
        replicas.values().forEach(replica -> replica.apply(client.frames()));
    }

    private void awaitMarkersOrClose(WebSocketClient client, Map<String, Replica> replicas) {
        Map<String, Predicate<Replica>> markers = markers(replicas.keySet());
        await().atMost(LONG).alias("every subscription applies its marker, or the connection closes; " + client)
                .until(() -> client.isClosed() || markers.entrySet().stream()
                        .allMatch(m -> m.getValue().test(new Replica(m.getKey()).apply(client.frames()))));
    }

    /** For each subscription, a change on bob's own board and how to tell that a replica applied it. */
    private Map<String, Predicate<Replica>> markers(java.util.Set<String> subscriptions) {
        Map<String, Predicate<Replica>> markers = new LinkedHashMap<>();
        String card = bob.newCard(own, "marker").getJsonNumber("id").toString();
        for (String id : subscriptions) {
            switch (id) {
                case "f", "u" -> markers.put(id, replica -> replica.rows().containsKey(card));
                case "b" -> {
                    JsonObject board = bob.expect(200, bob.send("GET", "api/boards/" + own, null)).json();
                    String name = "renamed " + java.util.UUID.randomUUID();
                    bob.expect(200, bob.send("PUT", "api/boards/" + own, "{\"name\":\"" + name + "\"}",
                            "If-Match", "\"" + board.getJsonNumber("version") + "\""));
                    markers.put(id, replica -> replica.rows().values().stream().anyMatch(row -> name.equals(row.getString("name"))));
                }
                case "m" -> {
                    bob.expect(204, bob.send("PUT", "api/boards/" + own + "/members/carol", null));
                    markers.put(id, replica -> replica.rows().values().stream()
                            .anyMatch(row -> "carol".equals(row.getString("user")) && row.getJsonNumber("boardId").longValue() == own));
                }
                default -> throw new IllegalArgumentException(id);
            }
        }
        return markers;
    }

    private void assertHoldsNothingOfTheSharedBoard(Map<String, Replica> replicas) {
        for (Map.Entry<String, Replica> replica : replicas.entrySet()) {
            assertThat(replica.getValue().rows().values())
                    .as("subscription %s holds nothing of board %d", replica.getKey(), shared)
                    .noneMatch(row -> boardOf(replica.getKey(), row) == shared);
        }
    }

    private static long boardOf(String subscription, JsonObject row) {
        return "b".equals(subscription) ? row.getJsonNumber("id").longValue()
                : row.get("boardId") instanceof JsonNumber n ? n.longValue() : -1;
    }

    private static long id(JsonObject row) {
        return row.getJsonNumber("id").longValue();
    }
}
