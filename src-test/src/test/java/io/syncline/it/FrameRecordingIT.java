package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Records what the server sends a subscriber in the situations a client library must handle — a
 * snapshot in pages, changes, leaves in a group of several frames, a connection cut in the middle
 * of a group and the resume after it, a reset — and what the rows are at the end (read over REST,
 * as the same user). The JavaScript client's tests ({@code web/src/main/js/syncline}, run by the
 * test command after this pass) replay each transcript and must end holding exactly those rows.
 *
 * <p>Each test writes one transcript, {@code <name>.json}, into the directory
 * {@code syncline.recorded-frames} names; the format is in the client tests' {@code recorded.test.js}.
 */
@ExtendWith(ArquillianExtension.class)
class FrameRecordingIT {

    private final Api alice = new Api("alice");
    private final Api bob = new Api("bob");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void snapshotThenChanges() {
        long board = alice.newBoard().getJsonNumber("id").longValue();
        JsonObject first = alice.newCard(board, "first");
        alice.newCard(board, "second");
        JsonObject filter = boardFilter(board);
        Transcript transcript = new Transcript("snapshot-then-changes", "Card", options(filter, null));
        try (SyncClient client = SyncClient.connect("alice")) {
            Session session = transcript.session(client, subscribe("r1", filter, null));
            session.await(lastSnapshotPage());

            JsonObject third = alice.newCard(board, "third");
            long version = first.getJsonNumber("version").longValue();
            alice.expect(200, alice.updateCard(first.getInt("id"), version, "first, moved", "doing", 1));
            alice.expect(204, alice.deleteCard(third.getInt("id"), third.getJsonNumber("version").longValue()));
            alice.expect(200, alice.testkit("POST", "insert-all", "board", Long.toString(board),
                    "title", "one tx: a", "title", "one tx: b", "title", "one tx: c"));
            session.await(insertOf(alice.newCard(board, "last")));
            session.end(null);
        }
        transcript.write(cardsOf(alice, board, card -> true));
    }

    @Test
    void rowsThatMoveOutOfTheFilterLeave() {
        long board = alice.newBoard().getJsonNumber("id").longValue();
        JsonObject moving = alice.newCard(board, "moves to done");
        alice.newCard(board, "stays");
        JsonObject filter = Json.createObjectBuilder()
                .add("boardId", Json.createObjectBuilder().add("eq", board))
                .add("status", Json.createObjectBuilder().add("in", Json.createArrayBuilder().add("todo").add("doing")))
                .build();
        Transcript transcript = new Transcript("leave-by-filter", "Card", options(filter, null));
        try (SyncClient client = SyncClient.connect("alice")) {
            Session session = transcript.session(client, subscribe("r1", filter, null));
            session.await(lastSnapshotPage());

            alice.expect(200, alice.updateCard(moving.getInt("id"), moving.getJsonNumber("version").longValue(),
                    "moves to done", "done", 0));
            session.await(frame -> "leave".equals(frame.getString("type")));
            session.await(insertOf(alice.newCard(board, "last")));
            session.end(null);
        }
        transcript.write(cardsOf(alice, board, card -> !"done".equals(card.getString("status"))));
    }

    /** More than one page of snapshot (500 rows a page), then a delete of them all in one transaction. */
    @Test
    void snapshotInPagesThenABoardDeleted() {
        long board = alice.newBoard().getJsonNumber("id").longValue();
        for (int batch = 0; batch < 3; batch++) {
            List<String> query = new ArrayList<>(List.of("board", Long.toString(board)));
            for (int i = 0; i < 200; i++) {
                query.addAll(List.of("title", "card " + batch + "." + i));
            }
            alice.expect(200, alice.testkit("POST", "insert-all", query.toArray(String[]::new)));
        }
        JsonObject filter = boardFilter(board);
        Transcript transcript = new Transcript("snapshot-in-pages-then-board-deleted", "Card", options(filter, null));
        try (SyncClient client = SyncClient.connect("alice")) {
            Session session = transcript.session(client, subscribe("r1", filter, null));
            session.await(lastSnapshotPage());
            assertThat(session.frames()).filteredOn(f -> "snapshot".equals(f.getString("type"))).hasSizeGreaterThan(1);

            long version = alice.expect(200, alice.send("GET", "api/boards/" + board, null)).json().getJsonNumber("version").longValue();
            alice.expect(204, alice.send("DELETE", "api/boards/" + board, null, "If-Match", "\"" + version + "\""));
            // The group's last frame of deletes (inserts numbered after the watermark may come first).
            session.await(frame -> "changes".equals(frame.getString("type")) && !frame.getBoolean("more", false)
                    && frame.getJsonArray("changes").getValuesAs(JsonObject.class).stream().anyMatch(c -> "delete".equals(c.getString("op"))));
            session.end(null);
        }
        transcript.write(cardsOf(alice, board, card -> true));
    }

    /**
     * bob loses a board: its cards leave his unfiltered subscription in one group of several
     * frames. The connection is cut after the group's first frame; the resume (with the offset of
     * the last whole group before it) gets the whole group again.
     */
    @Test
    void connectionCutInTheMiddleOfAGroupThenResumed() {
        long board = alice.newBoard().getJsonNumber("id").longValue();
        alice.expect(204, alice.send("PUT", "api/boards/" + board + "/members/bob", null));
        for (String title : List.of("one", "two", "three")) {
            alice.newCard(board, title);
        }
        Transcript transcript = new Transcript("resume-after-cut-group", "Card", options(null, null));
        long since;
        try (SyncClient client = SyncClient.connect("bob")) {
            Session session = transcript.session(client, subscribe("r1", null, null));
            session.await(lastSnapshotPage());
            session.await(insertOf(alice.newCard(board, "before the cut")));

            alice.expect(204, alice.send("DELETE", "api/boards/" + board + "/members/bob", null));
            session.await(frame -> "leave".equals(frame.getString("type")) && !frame.getBoolean("more", false));
            int cut = firstIndex(session.frames(), frame -> "leave".equals(frame.getString("type")));
            assertThat(session.frames().get(cut).getBoolean("more", false)).as("the group has more than one frame").isTrue();
            session.keepFirst(cut + 1);
            since = new Replica("r1").apply(session.frames()).resumeOffset();
            session.end(1006);
        }
        try (SyncClient client = SyncClient.connect("bob")) {
            Session session = transcript.session(client, subscribe("r2", null, since));
            session.await(frame -> "leave".equals(frame.getString("type")) && !frame.getBoolean("more", false));
            session.end(null);
        }
        transcript.write(cardsOf(bob));
    }

    /** A resume from an offset the server has never published: reset, then the client takes a snapshot. */
    @Test
    void resetThenSnapshot() {
        long board = alice.newBoard().getJsonNumber("id").longValue();
        alice.newCard(board, "there before the reset");
        JsonObject filter = boardFilter(board);
        long unknown = 1_000_000_000_000L;
        Transcript transcript = new Transcript("reset-then-snapshot", "Card", options(filter, unknown));
        try (SyncClient client = SyncClient.connect("alice")) {
            Session reset = transcript.session(client, subscribe("r1", filter, unknown));
            reset.await(frame -> "reset".equals(frame.getString("type")));
            reset.end(null); // the same connection goes on
            Session snapshot = transcript.session(client, subscribe("r2", filter, null));
            snapshot.await(lastSnapshotPage());
            snapshot.await(insertOf(alice.newCard(board, "after the reset")));
            snapshot.end(null);
        }
        transcript.write(cardsOf(alice, board, card -> true));
    }

    private static int firstIndex(List<JsonObject> frames, Predicate<JsonObject> match) {
        for (int i = 0; i < frames.size(); i++) {
            if (match.test(frames.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such frame in " + frames);
    }

    private static JsonObject boardFilter(long board) {
        return Json.createObjectBuilder().add("boardId", Json.createObjectBuilder().add("eq", board)).build();
    }

    /** The options the client library is given: a filter, and a resume offset (else a snapshot, its default). */
    private static JsonObject options(JsonObject filter, Long since) {
        JsonObjectBuilder options = Json.createObjectBuilder();
        if (filter != null) {
            options.add("filter", filter);
        }
        if (since != null) {
            options.add("since", since);
        }
        return options.build();
    }

    /** The subscribe frame the client library sends for these options (a snapshot unless it resumes). */
    private static JsonObject subscribe(String id, JsonObject filter, Long since) {
        JsonObjectBuilder frame = Json.createObjectBuilder().add("op", "subscribe").add("id", id).add("entity", "Card");
        if (filter != null) {
            frame.add("filter", filter);
        }
        if (since != null) {
            frame.add("since", since);
        } else {
            frame.add("snapshot", true);
        }
        return frame.build();
    }

    private static Predicate<JsonObject> lastSnapshotPage() {
        return frame -> "snapshot".equals(frame.getString("type")) && frame.getBoolean("last");
    }

    private static Predicate<JsonObject> insertOf(JsonObject card) {
        String key = String.valueOf(card.getInt("id"));
        return frame -> "changes".equals(frame.getString("type")) && frame.getJsonArray("changes").getValuesAs(JsonObject.class)
                .stream().anyMatch(change -> key.equals(change.getString("key")));
    }

    /** A board's cards as its member reads them over REST (none once it is gone), those that match. */
    private static List<JsonObject> cardsOf(Api user, long board, Predicate<JsonObject> match) {
        Api.Reply reply = user.send("GET", "api/boards/" + board + "/cards", null);
        if (reply.status() == 404) {
            return List.of();
        }
        return user.expect(200, reply).array().getValuesAs(JsonObject.class).stream().filter(match).toList();
    }

    /** Every card the user sees, over REST. */
    private static List<JsonObject> cardsOf(Api user) {
        List<JsonObject> cards = new ArrayList<>();
        for (JsonObject board : user.expect(200, user.send("GET", "api/boards", null)).array().getValuesAs(JsonObject.class)) {
            cards.addAll(cardsOf(user, board.getJsonNumber("id").longValue(), card -> true));
        }
        return cards;
    }

    /** One scenario: its subscriber's sessions, in order, and the rows at the end. */
    private static final class Transcript {
        private final String name;
        private final String entity;
        private final JsonObject options;
        private final List<Session> sessions = new ArrayList<>();

        Transcript(String name, String entity, JsonObject options) {
            this.name = name;
            this.entity = entity;
            this.options = options;
        }

        Session session(SyncClient client, JsonObject subscribe) {
            Session session = new Session(client, subscribe);
            sessions.add(session);
            return session;
        }

        void write(List<JsonObject> rows) {
            JsonObjectBuilder expected = Json.createObjectBuilder();
            rows.forEach(row -> expected.add(String.valueOf(row.getJsonNumber("id").longValue()), row));
            JsonArrayBuilder recorded = Json.createArrayBuilder();
            sessions.forEach(session -> recorded.add(session.json()));
            JsonObject transcript = Json.createObjectBuilder()
                    .add("name", name)
                    .add("server", System.getProperty("syncline.server", "wildfly") + "-" + System.getProperty("syncline.database", "h2"))
                    .add("entity", entity)
                    .add("options", options)
                    .add("sessions", recorded)
                    .add("expected", expected)
                    .build();
            Path directory = Path.of(System.getProperty("syncline.recorded-frames", "target/recorded-frames/unnamed"));
            try {
                Files.createDirectories(directory);
                Files.writeString(directory.resolve(name + ".json"), transcript.toString(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot write the transcript " + name, e);
            }
        }
    }

    /** One connection's subscription: the frame that opened it and the frames the server sent for it. */
    private static final class Session {
        private final SyncClient client;
        private final JsonObject subscribe;
        private final String id;
        private final int from;
        private List<JsonObject> kept;
        private Integer close;

        Session(SyncClient client, JsonObject subscribe) {
            this.client = client;
            this.subscribe = subscribe;
            this.id = subscribe.getString("id");
            this.from = client.frames().size();
            client.send(subscribe.toString());
        }

        /** The frames so far for this subscription. */
        List<JsonObject> frames() {
            if (kept != null) {
                return kept;
            }
            List<JsonObject> all = client.frames();
            return all.subList(from, all.size()).stream().filter(frame -> id.equals(frame.getString("id", null))).toList();
        }

        void await(Predicate<JsonObject> match) {
            client.awaitFrame(frame -> id.equals(frame.getString("id", null)) && match.test(frame));
        }

        /** The connection is cut after the first {@code count} frames: those are all the client got. */
        void keepFirst(int count) {
            kept = List.copyOf(frames().subList(0, count));
        }

        /** How the session ends: a close code, or null when the connection goes on (or it is the last). */
        void end(Integer closeCode) {
            kept = frames();
            close = closeCode;
        }

        JsonObject json() {
            JsonArrayBuilder frames = Json.createArrayBuilder();
            kept.forEach(frames::add);
            return Json.createObjectBuilder()
                    .add("subscribe", subscribe)
                    .add("frames", frames)
                    .add("close", close == null ? JsonValue.NULL : Json.createValue(close))
                    .build();
        }
    }
}
