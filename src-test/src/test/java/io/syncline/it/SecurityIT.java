package io.syncline.it;

import static io.syncline.it.Changes.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No frame carries a row its user may not see, and only authenticated, same-origin handshakes
 * are accepted. alice, bob and carol are the demo users; a board's creator is its first member.
 */
@ExtendWith(ArquillianExtension.class)
class SecurityIT {

    private final Api alice = new Api("alice");
    private final Api bob = new Api("bob");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void handshakeWithoutCredentialsIsRefusedBeforeTheUpgrade() {
        assertThat(handshakeStatus(null, null)).isEqualTo(401);
    }

    @Test
    void handshakeWithAWrongPasswordIsRefused() {
        assertThat(handshakeStatus("Basic " + java.util.Base64.getEncoder().encodeToString("alice:guess".getBytes()), null))
                .isEqualTo(401);
    }

    @Test
    void crossOriginHandshakeIsRefusedAndSameOriginAccepted() {
        assertThat(handshakeStatus(Api.basic("alice"), "http://evil.example")).isEqualTo(403);
        assertThat(handshakeStatus(Api.basic("alice"), Server.baseUri().toString().replaceAll("/$", ""))).isEqualTo(101);
    }

    @Test
    void restWithoutCredentialsIsRefused() {
        assertThat(new Api(null).send("GET", "api/boards", null).status()).isEqualTo(401);
    }

    @Test
    void restErrorsOfAuthenticationAreJson() {
        Api anonymous = new Api(null);
        List<Api.Reply> replies = List.of(
                anonymous.send("GET", "api/boards", null),
                anonymous.send("POST", "api/boards", "{\"name\":\"" + "x".repeat(100_000) + "\"}"),
                anonymous.send("GET", "api/boards", null, "Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("alice:guess".getBytes(java.nio.charset.StandardCharsets.UTF_8))));

        for (Api.Reply reply : replies) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(reply.json().keySet()).containsExactlyInAnyOrder("code", "message");
            assertThat(reply.json().getString("code")).isEqualTo("unauthorized");
        }
    }

    @Test
    void crossOriginRestCallIsRefusedWithAJsonError() {
        Api.Reply reply = alice.send("GET", "api/boards", null, "Origin", "http://evil.example");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(reply.json().keySet()).containsExactlyInAnyOrder("code", "message");
        assertThat(reply.json().getString("code")).isEqualTo("forbidden-origin");
    }

    @Test
    void boardsAndCardsOfOthersAnswerExactlyAsIdsThatNeverExisted() {
        long board = alice.newBoard().getJsonNumber("id").longValue();
        JsonObject card = alice.newCard(board, "not bob's");
        long cardId = card.getJsonNumber("id").longValue();
        long never = Long.MAX_VALUE;
        String cardBody = Api.card("bob's", "todo", 0);
        List<Call> calls = List.of(
                new Call("GET", "api/boards/{board}", null, null),
                new Call("PUT", "api/boards/{board}", "{\"name\":\"bob's\"}", "\"1\""),
                new Call("DELETE", "api/boards/{board}", null, "\"1\""),
                new Call("GET", "api/boards/{board}/cards", null, null),
                new Call("POST", "api/boards/{board}/cards", cardBody, null),
                new Call("GET", "api/cards/{card}", null, null),
                new Call("PUT", "api/cards/{card}", cardBody, "\"1\""),
                new Call("DELETE", "api/cards/{card}", null, "\"1\""),
                new Call("PUT", "api/boards/{board}/members/bob", null, null),
                new Call("DELETE", "api/boards/{board}/members/alice", null, null));

        for (Call call : calls) {
            String what = call.method() + " " + call.path();
            Api.Reply existing = call.send(bob, board, cardId);
            Api.Reply missing = call.send(bob, never, never);

            assertThat(existing.status()).as(what).isEqualTo(404);
            assertThat(existing.json().getString("code")).as(what).isEqualTo("not-found");
            assertThat(missing.status()).as(what).isEqualTo(404);
            assertThat(existing.headers().firstValue("Content-Type")).as(what).isEqualTo(missing.headers().firstValue("Content-Type"));
            assertThat(existing.body().replace(Long.toString(board), "{id}").replace(Long.toString(cardId), "{id}")).as(what)
                    .isEqualTo(missing.body().replace(Long.toString(never), "{id}"));
        }
        assertThat(alice.card(cardId)).isEqualTo(card);
        assertThat(alice.expect(200, alice.send("GET", "api/boards/" + board, null)).json().getJsonNumber("version").longValue())
                .isEqualTo(1);
    }

    @Test
    void nonMemberGetsNothingFromTheStreamSnapshotsOrReplays() {
        long alicesBoard = alice.newBoard().getJsonNumber("id").longValue();
        long bobsBoard = bob.newBoard().getJsonNumber("id").longValue();
        try (SyncClient stream = SyncClient.connect("bob"); SyncClient snapshot = SyncClient.connect("bob")) {
            stream.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"entity\":\"Card\"}");
            long before = stream.awaitFrame(f -> "subscribed".equals(f.getString("type"))).getJsonNumber("offset").longValue();
            JsonObject secret = alice.newCard(alicesBoard, "alice's secret");
            snapshot.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"entity\":\"Card\",\"snapshot\":true}");
            JsonObject marker = bob.newCard(bobsBoard, "bob's marker");

            stream.awaitChange(key(marker));
            JsonObject rows = snapshot.awaitFrame(f -> "snapshot".equals(f.getString("type")) && f.getBoolean("last"));
            try (SyncClient replay = SyncClient.connect("bob")) {
                replay.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"entity\":\"Card\",\"since\":" + before + "}");
                replay.awaitChange(key(marker));

                for (SyncClient client : List.of(stream, snapshot, replay)) {
                    assertThat(client.frames()).noneMatch(f -> f.toString().contains("alice's secret"));
                    assertThat(client.changes("s1")).noneMatch(key(secret));
                }
            }
            assertThat(rows.getJsonArray("rows").getValuesAs(JsonObject.class))
                    .noneMatch(row -> row.getJsonObject("data").getJsonNumber("boardId").longValue() == alicesBoard);
            assertThat(bob.send("GET", "api/boards/" + alicesBoard + "/cards", null).status()).isEqualTo(404);
            assertThat(bob.send("GET", "api/cards/" + secret.getJsonNumber("id"), null).status()).isEqualTo(404);
            assertThat(bob.expect(200, bob.send("GET", "api/boards", null)).body()).doesNotContain("\"id\":" + alicesBoard + ",");
        }
    }

    @Test
    void replayShowsEachChangeOnlyIfTheUserWasAMemberAtItsOffset() {
        long board = alice.newBoard().getJsonNumber("id").longValue();
        try (SyncClient watcher = SyncClient.connect("alice")) {
            watcher.send("{\"op\":\"subscribe\",\"id\":\"m\",\"entity\":\"Member\"}");
            watcher.send("{\"op\":\"subscribe\",\"id\":\"c\",\"entity\":\"Card\"}");
            watcher.awaitFrame(f -> "subscribed".equals(f.getString("type")) && "c".equals(f.getString("id")));
            alice.expect(204, alice.send("PUT", "api/boards/" + board + "/members/bob", null));
            long joined = watcher.awaitFrame(f -> "changes".equals(f.getString("type")) && "m".equals(f.getString("id"))
                    && f.toString().contains("\"user\":\"bob\""))
                    .getJsonArray("changes").getJsonObject(0).getJsonNumber("offset").longValue();
            JsonObject whileMember = alice.newCard(board, "while bob was a member");
            alice.expect(204, alice.send("DELETE", "api/boards/" + board + "/members/bob", null));
            JsonObject whileAway = alice.newCard(board, "while bob was away");
            alice.expect(204, alice.send("PUT", "api/boards/" + board + "/members/bob", null));
            JsonObject afterReturn = alice.newCard(board, "after bob came back");
            watcher.awaitChange(key(afterReturn));

            try (SyncClient replay = SyncClient.connect("bob")) {
                replay.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"entity\":\"Card\",\"since\":" + joined + "}");
                replay.awaitChange(key(afterReturn));

                assertThat(replay.changes("s1")).anyMatch(key(whileMember)).noneMatch(key(whileAway));
                assertThat(replay.frames()).noneMatch(f -> f.toString().contains("while bob was away"));
            }
        }
    }

    @Test
    void subscriptionPinnedToAnotherUsersBoardIsForbidden() {
        long alicesBoard = alice.newBoard().getJsonNumber("id").longValue();
        long bobsBoard = bob.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.connect("bob")) {
            client.send("{\"op\":\"subscribe\",\"id\":\"theirs\",\"entity\":\"Card\",\"snapshot\":true,"
                    + "\"filter\":{\"boardId\":{\"eq\":" + alicesBoard + "}}}");
            client.send("{\"op\":\"subscribe\",\"id\":\"board\",\"entity\":\"Board\",\"filter\":{\"id\":{\"in\":[" + alicesBoard + "]}}}");
            client.send("{\"op\":\"subscribe\",\"id\":\"mine\",\"entity\":\"Card\",\"filter\":{\"boardId\":{\"in\":[" + alicesBoard + "," + bobsBoard + "]}}}");

            for (String id : List.of("theirs", "board")) {
                JsonObject error = client.awaitFrame(f -> id.equals(f.getString("id", null)));
                assertThat(error.getString("type")).isEqualTo("error");
                assertThat(error.getString("code")).isEqualTo("forbidden");
            }
            assertThat(client.awaitFrame(f -> "mine".equals(f.getString("id", null))).getString("type")).isEqualTo("subscribed");
            assertThat(client.frames()).noneMatch(f -> "snapshot".equals(f.getString("type")));
        }
    }

    @Test
    void memberRemovedMidStreamGetsLeaveForEveryRowThenSilence() {
        long board = alice.newBoard().getJsonNumber("id").longValue();
        long bobsBoard = bob.newBoard().getJsonNumber("id").longValue();
        alice.expect(204, alice.send("PUT", "api/boards/" + board + "/members/bob", null));
        JsonObject first = alice.newCard(board, "shared 1");
        JsonObject second = alice.newCard(board, "shared 2");
        try (SyncClient client = SyncClient.connect("bob")) {
            client.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"entity\":\"Card\",\"snapshot\":true}");
            client.awaitFrame(f -> "snapshot".equals(f.getString("type")) && f.getBoolean("last"));
            JsonObject seen = alice.newCard(board, "shared 3");
            client.awaitChange(key(seen));

            alice.expect(204, alice.send("DELETE", "api/boards/" + board + "/members/bob", null));
            List<String> expected = List.of(keyOf(first), keyOf(second), keyOf(seen));
            client.awaitFrame(f -> client.frames().stream().filter(l -> "leave".equals(l.getString("type")))
                    .map(l -> l.getString("key")).toList().containsAll(expected));
            int framesAtLeave = client.frames().size();
            alice.newCard(board, "after bob left");
            alice.expect(200, alice.updateCard(first.getJsonNumber("id").longValue(), 1, "changed after bob left", "done", 0));
            JsonObject marker = bob.newCard(bobsBoard, "bob's own");
            client.awaitChange(key(marker));

            List<JsonObject> after = client.frames().subList(framesAtLeave, client.frames().size());
            assertThat(after).noneMatch(f -> f.toString().contains("after bob left"));
            assertThat(after).filteredOn(f -> "changes".equals(f.getString("type"))).hasSize(1);
            assertThat(bob.send("GET", "api/boards/" + board + "/cards", null).status()).isEqualTo(404);
        }
    }

    @Test
    void loggingOutClosesTheWebSocketsOfThatBrowserSessionOnly() {
        Api browser = Api.withCookies();
        browser.expect(200, browser.send("POST", "api/login", "{\"user\":\"alice\",\"password\":\"alice-demo\"}"));
        try (SyncClient loggedIn = SyncClient.connect(browser); SyncClient elsewhere = SyncClient.connect("alice")) {
            loggedIn.send("{\"op\":\"ping\",\"id\":\"p\"}");
            loggedIn.awaitFrame(f -> "pong".equals(f.getString("type")));

            browser.expect(204, browser.send("DELETE", "api/login", null));

            assertThat(loggedIn.awaitClosed()).startsWith("1008");
            assertThat(browser.send("GET", "api/login", null).status()).isEqualTo(401);
            elsewhere.send("{\"op\":\"ping\",\"id\":\"p\"}");
            elsewhere.awaitFrame(f -> "pong".equals(f.getString("type")));
        }
    }

    /** A REST call on a board ({@code {board}} in the path) or a card ({@code {card}}), with If-Match if given. */
    private record Call(String method, String path, String body, String ifMatch) {
        Api.Reply send(Api api, long board, long card) {
            String resolved = path.replace("{board}", Long.toString(board)).replace("{card}", Long.toString(card));
            return ifMatch == null ? api.send(method, resolved, body) : api.send(method, resolved, body, "If-Match", ifMatch);
        }
    }

    private static String keyOf(JsonObject row) {
        return row.getJsonNumber("id").toString();
    }

    /** The HTTP status of a WebSocket handshake to /sync (101 when it was upgraded). */
    private static int handshakeStatus(String authorization, String origin) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (origin != null) {
            builder.header("Origin", origin);
        }
        Throwable failure = catchThrowable(() -> builder.buildAsync(Server.webSocketUri(), new WebSocket.Listener() {
        }).join().sendClose(WebSocket.NORMAL_CLOSURE, "done"));
        if (failure == null) {
            return 101;
        }
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }
}
