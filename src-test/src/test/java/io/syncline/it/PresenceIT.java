package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Presence: who is looking at a board now. Members who join see each other come and go; a user
 * who may not see the board is refused, and one who loses it is dropped from it.
 */
@ExtendWith(ArquillianExtension.class)
class PresenceIT {

    private final Api alice = new Api("alice");
    private long board;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @BeforeEach
    void aliceSharesABoardWithBob() {
        board = alice.newBoard().getJsonNumber("id").longValue();
        alice.expect(204, alice.send("PUT", "api/boards/" + board + "/members/bob", null));
    }

    @Test
    void membersSeeEachOtherJoinAndLeave() {
        try (SyncClient a = SyncClient.connect("alice")) {
            join(a, "here", board);
            awaitPresence(a, "here", 0, "alice");
            int before = a.frames().size();
            try (SyncClient b = SyncClient.connect("bob")) {
                b.send("{\"op\":\"join\",\"id\":\"b\",\"scope\":\"" + board + "\"}"); // a string names the same scope
                JsonObject seen = awaitPresence(b, "b", 0, "alice", "bob");
                assertThat(seen.getString("scope")).as("the scope as bob wrote it").isEqualTo(String.valueOf(board));
                awaitPresence(a, "here", before, "alice", "bob");
                before = a.frames().size();
            }
            awaitPresence(a, "here", before, "alice");
        }
    }

    /**
     * bob's connection goes silent (his machine died): he answers no ping and sends nothing. He
     * leaves the others' list once silent for two heartbeats (the tests' server pings every second).
     */
    @Test
    void aDeadConnectionLeavesOnceSilentForTwoHeartbeats() throws Exception {
        try (SyncClient a = SyncClient.connect("alice"); CuttableProxy network = new CuttableProxy(Server.baseUri());
             SyncClient b = SyncClient.connect(URI.create(network.uri().toString().replaceFirst("^http", "ws")).resolve("sync"),
                     Api.basic("bob"))) {
            join(a, "here", board);
            join(b, "here", board);
            awaitPresence(a, "here", 0, "alice", "bob");
            int before = a.frames().size();

            network.freeze();

            awaitPresence(a, "here", before, "alice");
        }
    }

    @Test
    void partingLeavesThePresenceAndTheSessionGoesOn() {
        try (SyncClient a = SyncClient.connect("alice"); SyncClient b = SyncClient.connect("bob")) {
            join(a, "here", board);
            join(b, "here", board);
            awaitPresence(a, "here", 0, "alice", "bob");
            int before = a.frames().size();

            b.send("{\"op\":\"part\",\"id\":\"here\"}");

            awaitPresence(a, "here", before, "alice");
            b.send("{\"op\":\"ping\",\"id\":\"still\"}");
            b.awaitFrame(f -> "pong".equals(f.getString("type")) && "still".equals(f.getString("id")));
            assertThat(b.isClosed()).isFalse();
        }
    }

    @Test
    void aUserWhoIsNotAMemberIsRefused() {
        try (SyncClient carol = SyncClient.connect("carol")) {
            join(carol, "peek", board);

            JsonObject error = carol.awaitFrame(f -> "error".equals(f.getString("type")));
            assertThat(error.getString("id")).isEqualTo("peek");
            assertThat(error.getString("code")).isEqualTo("forbidden");
            assertThat(carol.frames()).noneMatch(f -> "presence".equals(f.getString("type")));
        }
    }

    @Test
    void aMemberRemovedIsDroppedFromThePresenceAndTold() {
        try (SyncClient a = SyncClient.connect("alice"); SyncClient b = SyncClient.connect("bob")) {
            join(a, "here", board);
            join(b, "there", board);
            awaitPresence(a, "here", 0, "alice", "bob");
            int before = a.frames().size();

            alice.expect(204, alice.send("DELETE", "api/boards/" + board + "/members/bob", null));

            JsonObject ended = b.awaitFrame(f -> "error".equals(f.getString("type")));
            assertThat(ended.getString("id")).isEqualTo("there");
            assertThat(ended.getString("code")).isEqualTo("forbidden");
            awaitPresence(a, "here", before, "alice");
        }
    }

    @Test
    void badJoinsAreAnsweredWithTheirErrors() {
        try (SyncClient a = SyncClient.connect("alice")) {
            a.send("{\"op\":\"join\",\"id\":\"no-scope\"}");
            a.send("{\"op\":\"join\",\"id\":\"float\",\"scope\":1.5}");
            join(a, "twice", board);
            join(a, "twice", board);
            a.send("{\"op\":\"part\",\"id\":\"never\"}");

            assertThat(error(a, "no-scope")).isEqualTo("invalid-frame");
            assertThat(error(a, "float")).isEqualTo("invalid-frame");
            assertThat(error(a, "twice")).isEqualTo("duplicate-id");
            assertThat(error(a, "never")).isEqualTo("unknown-subscription");
            awaitPresence(a, "twice", 0, "alice");
        }
    }

    /** Joins the presence of {@code board} as {@code id}. */
    static void join(SyncClient client, String id, long board) {
        client.send("{\"op\":\"join\",\"id\":\"" + id + "\",\"scope\":" + board + "}");
    }

    private static String error(SyncClient client, String id) {
        return client.awaitFrame(f -> "error".equals(f.getString("type")) && id.equals(f.getString("id", null))).getString("code");
    }

    /** The first presence frame for {@code id}, after the first {@code from} frames, that lists exactly {@code users}. */
    static JsonObject awaitPresence(WebSocketClient client, String id, int from, String... users) {
        Predicate<JsonObject> lists = frame -> "presence".equals(frame.getString("type")) && id.equals(frame.getString("id"))
                && frame.getJsonArray("users").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList()
                        .equals(List.of(users));
        try {
            return await().atMost(SyncClient.TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
                List<JsonObject> frames = client.frames();
                return frames.subList(Math.min(from, frames.size()), frames.size()).stream().filter(lists).findFirst();
            }, Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no presence " + List.of(users) + " for '" + id + "' after frame " + from + "; " + client, e);
        }
    }
}
