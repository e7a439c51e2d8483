package io.syncline.it;

import static io.syncline.it.Changes.key;
import static io.syncline.it.Changes.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The engine outside the demo: a second application (notes.war, {@link SampleDeployment}) with its
 * own entity, persistence unit, datasource, users and policy (a user sees only their own notes)
 * keeps the core guarantees, seen through real clients of its {@code /notes/sync} and
 * {@code /notes/api}. Each test writes notes of a topic of its own.
 */
@ExtendWith(ArquillianExtension.class)
class SampleApplicationIT {

    private final NotesApi alice = new NotesApi("alice");
    private final NotesApi bob = new NotesApi("bob");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SampleDeployment.notes();
    }

    @Test
    void insertUpdateAndDeleteOfANoteArriveInOrder() {
        String topic = topic();
        try (SyncClient client = subscribed("alice", "n", topicIs(topic))) {
            JsonObject created = alice.create(topic, "first words");
            long id = id(created);
            JsonObject updated = alice.update(id, topic, "second thoughts");
            alice.delete(id);

            client.awaitChange(key(id).and(op("delete")));

            List<JsonObject> changes = client.changes("n").stream().filter(key(id)).toList();
            assertThat(changes).extracting(c -> c.getString("op")).containsExactly("insert", "update", "delete");
            assertThat(changes).extracting(c -> c.getString("entity")).containsOnly("Note");
            assertThat(changes).extracting(c -> c.getJsonNumber("version").longValue()).containsExactly(1L, 2L, 2L);
            assertThat(changes.get(0).getJsonObject("data")).isEqualTo(created);
            assertThat(changes.get(1).getJsonObject("data")).isEqualTo(updated);
            assertThat(updated.getString("text")).isEqualTo("second thoughts");
            assertThat(changes.get(2).containsKey("data")).isFalse();
            assertThat(offsets(changes)).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void threeNotesWrittenInOneTransactionArriveInOneFrame() {
        String topic = topic();
        try (SyncClient client = subscribed("alice", "n", topicIs(topic))) {
            JsonArray batch = alice.createAll(topic, "one", "two", "three");
            // Committed after the three: once it arrived, every frame of theirs had too.
            JsonObject marker = alice.create(topic, "marker");

            client.awaitChange(key(marker));

            List<JsonObject> frames = client.changesFrames(inTopic(topic).and(key(marker).negate()));
            assertThat(frames).hasSize(1);
            JsonObject frame = frames.get(0);
            assertThat(frame.getString("tx")).isNotBlank();
            assertThat(frame.getBoolean("more", false)).isFalse();
            List<JsonObject> changes = frame.getJsonArray("changes").getValuesAs(JsonObject.class);
            assertThat(changes).extracting(c -> c.getString("op")).containsExactly("insert", "insert", "insert");
            assertThat(changes).extracting(c -> c.getString("key"))
                    .containsExactlyInAnyOrderElementsOf(batch.getValuesAs(JsonObject.class).stream().map(n -> Long.toString(id(n))).toList());
            long first = changes.get(0).getJsonNumber("offset").longValue();
            assertThat(offsets(changes)).containsExactly(first, first + 1, first + 2);
            assertThat(client.changesFrames(key(marker))).singleElement()
                    .satisfies(f -> assertThat(f.getString("tx")).isNotEqualTo(frame.getString("tx")));
        }
    }

    @Test
    void resumeWithSinceReceivesExactlyWhatWasMissedOnceInOrder() {
        String topic = topic();
        JsonObject seen = alice.create(topic, "seen");
        long since;
        try (SyncClient first = subscribed("alice", "r", topicIs(topic))) {
            JsonObject applied = alice.update(id(seen), topic, "seen and applied");
            first.awaitChange(key(applied).and(op("update")));
            since = first.lastOffset("r");
        }
        JsonObject missed = alice.create(topic, "written while away");
        alice.update(id(missed), topic, "rewritten while away");
        alice.delete(id(seen));

        try (SyncClient second = SyncClient.connect(NotesApi.webSocketUri(), NotesApi.basic("alice"))) {
            second.send(subscribe("r", topicIs(topic), "\"since\":" + since));
            JsonObject subscribed = second.awaitFrame(f -> "subscribed".equals(f.getString("type")) && "r".equals(f.getString("id")));
            assertThat(subscribed.getJsonNumber("offset").longValue()).isEqualTo(since);
            // Written after the resume: once it arrived, the replay is over and the stream has followed.
            JsonObject live = alice.create(topic, "after the resume");

            second.awaitChange(key(live));

            List<JsonObject> changes = second.changes("r");
            assertThat(changes).extracting(c -> c.getString("key") + " " + c.getString("op")).containsExactly(
                    id(missed) + " insert", id(missed) + " update", id(seen) + " delete", id(live) + " insert");
            assertThat(offsets(changes)).isSorted().doesNotHaveDuplicates().allMatch(offset -> offset > since);
        }
    }

    @Test
    void snapshotHoldsTheCurrentNotesThenTheStreamFollows() {
        String topic = topic();
        JsonObject kept = alice.create(topic, "kept");
        JsonObject rewritten = alice.update(id(alice.create(topic, "draft")), topic, "final");
        alice.delete(id(alice.create(topic, "gone")));
        try (SyncClient client = SyncClient.connect(NotesApi.webSocketUri(), NotesApi.basic("alice"))) {
            client.send(subscribe("s", topicIs(topic), "\"snapshot\":true"));

            JsonObject last = client.awaitFrame(f -> "snapshot".equals(f.getString("type")) && f.getBoolean("last", false));
            List<JsonObject> snapshots = client.frames().stream().filter(f -> "snapshot".equals(f.getString("type"))).toList();
            List<JsonObject> rows = snapshots.stream().flatMap(f -> f.getJsonArray("rows").getValuesAs(JsonObject.class).stream()).toList();
            assertThat(rows).extracting(row -> row.getJsonObject("data")).containsExactlyInAnyOrder(kept, rewritten);
            assertThat(rows).extracting(row -> row.getString("key")).containsExactlyInAnyOrder(Long.toString(id(kept)), Long.toString(id(rewritten)));
            long watermark = client.awaitFrame(f -> "subscribed".equals(f.getString("type"))).getJsonNumber("offset").longValue();
            assertThat(last.getJsonNumber("offset").longValue()).isEqualTo(watermark);

            JsonObject later = alice.create(topic, "after the snapshot");
            JsonObject change = client.awaitChange(key(later));

            assertThat(change.getString("op")).isEqualTo("insert");
            assertThat(change.getJsonObject("data")).isEqualTo(later);
            assertThat(change.getJsonNumber("offset").longValue()).isGreaterThan(watermark);
            List<JsonObject> frames = client.frames();
            assertThat(frames.indexOf(last)).isLessThan(frames.indexOf(client.changesFrames(key(later)).get(0)));
        }
    }

    @Test
    void filteredSubscriptionReceivesOnlyMatchingNotes() {
        String wantedTopic = topic();
        String otherTopic = topic();
        try (SyncClient client = subscribed("alice", "f", topicIs(wantedTopic))) {
            JsonObject other = alice.create(otherTopic, "not this topic");
            JsonObject wanted = alice.create(wantedTopic, "this topic");
            alice.update(id(other), otherTopic, "still not this topic");
            JsonObject marker = alice.create(wantedTopic, "marker");

            client.awaitChange(key(marker));

            assertThat(client.changes("f")).extracting(c -> c.getString("key"))
                    .containsExactly(Long.toString(id(wanted)), Long.toString(id(marker)));
            assertThat(client.frames()).noneMatch(f -> f.toString().contains(otherTopic));
        }
    }

    @Test
    void anotherUsersNotesAreNeverSent() {
        String topic = topic();
        try (SyncClient client = subscribed("alice", "all", null)) {
            JsonObject bobs = bob.create(topic, "bob's own");
            bob.update(id(bobs), topic, "bob's own, rewritten");
            JsonObject deleted = bob.create(topic, "bob's, deleted");
            bob.delete(id(deleted));
            List<String> bobsKeys = new java.util.ArrayList<>(List.of(Long.toString(id(bobs)), Long.toString(id(deleted))));
            bob.createAll(topic, "bob's batch 1", "bob's batch 2").getValuesAs(JsonObject.class)
                    .forEach(n -> bobsKeys.add(Long.toString(id(n))));
            // Committed after all of bob's writes: once it arrived, any of theirs would have too.
            JsonObject mine = alice.create(topic, "alice's own");

            client.awaitChange(key(mine));

            assertThat(client.changes("all")).filteredOn(c -> c.containsKey("data"))
                    .extracting(c -> c.getJsonObject("data").getString("owner")).containsOnly("alice");
            assertThat(client.changes("all")).filteredOn(inTopic(topic)).extracting(c -> c.getString("key"))
                    .containsExactly(Long.toString(id(mine)));
            assertThat(client.frames())
                    .noneMatch(f -> bobsKeys.stream().anyMatch(k -> f.toString().contains("\"key\":\"" + k + "\"")))
                    .noneMatch(f -> f.toString().contains("\"owner\":\"bob\""));
        }
    }

    @Test
    void anotherUsersNotesAreNotInASnapshot() {
        String topic = topic();
        Set<String> bobs = bob.createAll(topic, "bob's 1", "bob's 2").getValuesAs(JsonObject.class).stream()
                .map(n -> Long.toString(id(n))).collect(Collectors.toSet());
        JsonObject mine = alice.create(topic, "alice's");
        try (SyncClient client = SyncClient.connect(NotesApi.webSocketUri(), NotesApi.basic("alice"))) {
            client.send(subscribe("everything", null, "\"snapshot\":true"));
            client.send(subscribe("topic", topicIs(topic), "\"snapshot\":true"));

            client.awaitFrame(f -> "snapshot".equals(f.getString("type")) && "everything".equals(f.getString("id")) && f.getBoolean("last", false));
            client.awaitFrame(f -> "snapshot".equals(f.getString("type")) && "topic".equals(f.getString("id")) && f.getBoolean("last", false));

            List<JsonObject> rows = client.frames().stream().filter(f -> "snapshot".equals(f.getString("type")))
                    .flatMap(f -> f.getJsonArray("rows").getValuesAs(JsonObject.class).stream()).toList();
            assertThat(rows).extracting(row -> row.getJsonObject("data").getString("owner")).containsOnly("alice");
            assertThat(rows).extracting(row -> row.getString("key")).doesNotContainAnyElementsOf(bobs).contains(Long.toString(id(mine)));
            assertThat(snapshotRows(client, "topic")).extracting(row -> row.getJsonObject("data")).containsExactly(mine);
        }
    }

    @Test
    void subscriptionPinnedToAnotherUsersNotesIsForbiddenAndTheSessionGoesOn() {
        String topic = topic();
        try (SyncClient client = SyncClient.connect(NotesApi.webSocketUri(), NotesApi.basic("bob"))) {
            client.send(subscribe("alices", "{\"owner\":{\"eq\":\"alice\"}}", null));
            client.send(subscribe("alices-snapshot", "{\"owner\":{\"in\":[\"alice\"]}}", "\"snapshot\":true"));
            client.send(subscribe("mine", "{\"owner\":{\"eq\":\"bob\"},\"topic\":{\"eq\":\"" + topic + "\"}}", null));

            for (String refused : List.of("alices", "alices-snapshot")) {
                JsonObject answer = client.awaitFrame(f -> refused.equals(f.getString("id", null)));
                assertThat(answer.getString("type")).as(refused).isEqualTo("error");
                assertThat(answer.getString("code")).as(refused).isEqualTo("forbidden");
            }
            client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && "mine".equals(f.getString("id")));
            alice.create(topic, "alice's, not for him");
            JsonObject own = bob.create(topic, "bob's");

            client.awaitChange(key(own));

            assertThat(client.changes("mine")).extracting(c -> c.getString("key")).containsExactly(Long.toString(id(own)));
            assertThat(client.frames()).filteredOn(f -> f.getString("id", "").startsWith("alices")).hasSize(2);
        }
    }

    /**
     * dave's scopes cannot be read: every subscribe needs them before it answers (to refuse a
     * filter that names another owner, to start the subscription's view), so each is answered with
     * server-error, and the session goes on.
     */
    @Test
    void aPolicyThatFailsIsAnsweredWithServerErrorAndTheSessionGoesOn() {
        try (SyncClient dave = SyncClient.connect(NotesApi.webSocketUri(), NotesApi.basic("dave"))) {
            dave.send(subscribe("pinned", "{\"owner\":{\"eq\":\"dave\"}}", null));

            JsonObject answer = dave.awaitFrame(f -> "pinned".equals(f.getString("id", null)));
            assertThat(answer.getString("type")).isEqualTo("error");
            assertThat(answer.getString("code")).isEqualTo("server-error");
            dave.send("{\"op\":\"ping\",\"id\":\"still\"}");
            dave.awaitFrame(f -> "pong".equals(f.getString("type")) && "still".equals(f.getString("id")));

            // Unpinned, the subscription asks the policy for dave's view before it answers.
            dave.send(subscribe("all", null, null));
            JsonObject all = dave.awaitFrame(f -> "all".equals(f.getString("id", null)));
            assertThat(all.getString("type")).isEqualTo("error");
            assertThat(all.getString("code")).isEqualTo("server-error");
            dave.send("{\"op\":\"ping\",\"id\":\"again\"}");
            dave.awaitFrame(f -> "pong".equals(f.getString("type")) && "again".equals(f.getString("id")));
        }
    }

    @Test
    void handshakeWithoutCredentialsOrWithWrongOnesIsRefusedBeforeTheUpgrade() {
        for (String authorization : new String[] {null, "Basic " + java.util.Base64.getEncoder().encodeToString("alice:alice-demo".getBytes())}) {
            Throwable failure = catchThrowable(() -> SyncClient.connect(NotesApi.webSocketUri(), authorization));

            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            assertThat(cause).as(String.valueOf(authorization)).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) cause).getResponse().statusCode()).isEqualTo(401);
        }
    }

    /** Connects as {@code user} to the sample's WebSocket and subscribes to notes; returns once {@code subscribed} arrived. */
    private static SyncClient subscribed(String user, String id, String filter) {
        SyncClient client = SyncClient.connect(NotesApi.webSocketUri(), NotesApi.basic(user));
        client.send(subscribe(id, filter, null));
        client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && id.equals(f.getString("id")));
        return client;
    }

    private static String subscribe(String id, String filter, String more) {
        return "{\"op\":\"subscribe\",\"id\":\"" + id + "\",\"entity\":\"Note\""
                + (filter == null ? "" : ",\"filter\":" + filter)
                + (more == null ? "" : "," + more) + "}";
    }

    private static List<JsonObject> snapshotRows(SyncClient client, String subscription) {
        return client.frames().stream()
                .filter(f -> "snapshot".equals(f.getString("type")) && subscription.equals(f.getString("id")))
                .flatMap(f -> f.getJsonArray("rows").getValuesAs(JsonObject.class).stream()).toList();
    }

    private static String topicIs(String topic) {
        return "{\"topic\":{\"eq\":\"" + topic + "\"}}";
    }

    private static Predicate<JsonObject> inTopic(String topic) {
        return change -> change.containsKey("data") && topic.equals(change.getJsonObject("data").getString("topic", null));
    }

    private static String topic() {
        return "topic-" + UUID.randomUUID();
    }

    private static long id(JsonObject note) {
        return note.getJsonNumber("id").longValue();
    }

    private static List<Long> offsets(List<JsonObject> changes) {
        return changes.stream().map(c -> c.getJsonNumber("offset").longValue()).toList();
    }
}
