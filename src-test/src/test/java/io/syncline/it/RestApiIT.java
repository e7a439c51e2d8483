package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST API of the demo domain: representations, optimistic concurrency, errors. */
@ExtendWith(ArquillianExtension.class)
class RestApiIT {

    private final Api api = new Api();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void createdBoardIsListedAndLocated() {
        Api.Reply created = api.expect(201, api.send("POST", "api/boards", "{\"name\":\"Roadmap\"}"));
        JsonObject board = created.json();

        assertThat(board.getString("name")).isEqualTo("Roadmap");
        assertThat(board.getJsonNumber("version").longValue()).isEqualTo(1);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).endsWith("/api/boards/" + board.getJsonNumber("id"));
        assertThat(api.expect(200, api.send("GET", location, null)).json()).isEqualTo(board);
        assertThat(api.expect(200, api.send("GET", "api/boards", null)).body()).contains(board.toString());
    }

    @Test
    void createdCardHasTheDocumentedShape() {
        long board = api.newBoard().getJsonNumber("id").longValue();

        JsonObject card = api.newCard(board, "shape");

        assertThat(card.keySet()).containsExactlyInAnyOrder("id", "boardId", "title", "status", "position", "version");
        assertThat(card.getJsonNumber("boardId").longValue()).isEqualTo(board);
        assertThat(card.getString("status")).isEqualTo("todo");
        assertThat(api.expect(200, api.send("GET", "api/boards/" + board + "/cards", null)).body()).contains(card.toString());
    }

    @Test
    void updateBasedOnAStaleVersionGets412WithTheCurrentCard() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        long id = api.newCard(board, "v1").getJsonNumber("id").longValue();
        JsonObject current = api.expect(200, api.updateCard(id, 1, "v2", "doing", 0)).json();

        Api.Reply stale = api.updateCard(id, 1, "lost update", "done", 0);

        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json()).isEqualTo(current);
        assertThat(api.card(id).getString("title")).isEqualTo("v2");
    }

    @Test
    void updateWithoutIfMatchGets428() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        long id = api.newCard(board, "guarded").getJsonNumber("id").longValue();

        Api.Reply reply = api.send("PUT", "api/cards/" + id, Api.card("unguarded", "todo", 0));

        assertThat(reply.status()).isEqualTo(428);
        assertThat(reply.json().getString("code")).isEqualTo("precondition-required");
    }

    @Test
    void deleteBasedOnAStaleVersionGets412AndKeepsTheCard() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        long id = api.newCard(board, "keep me").getJsonNumber("id").longValue();

        assertThat(api.deleteCard(id, 7).status()).isEqualTo(412);
        assertThat(api.card(id).getString("title")).isEqualTo("keep me");
        assertThat(api.deleteCard(id, 1).status()).isEqualTo(204);
        assertThat(api.send("GET", "api/cards/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void invalidCardGets400WithACode() {
        long board = api.newBoard().getJsonNumber("id").longValue();

        Api.Reply badStatus = api.send("POST", "api/boards/" + board + "/cards", Api.card("t", "someday", 0));
        Api.Reply blankTitle = api.send("POST", "api/boards/" + board + "/cards", Api.card(" ", "todo", 0));
        Api.Reply notJson = api.send("POST", "api/boards/" + board + "/cards", "{\"title\":");

        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().getString("code")).isEqualTo("invalid-input");
        assertThat(blankTitle.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().getString("code")).isEqualTo("bad-json");
    }

    @Test
    void unknownRowsGet404WithACode() {
        Api.Reply card = api.send("GET", "api/cards/987654321", null);
        Api.Reply cards = api.send("GET", "api/boards/987654321/cards", null);

        assertThat(card.status()).isEqualTo(404);
        assertThat(card.json().getString("code")).isEqualTo("not-found");
        assertThat(cards.status()).isEqualTo(404);
    }

    @Test
    void positionThatIsNoIntegerOrOutOfRangeIsRefusedAndNothingIsStored() {
        long board = api.newBoard().getJsonNumber("id").longValue();

        for (String position : List.of("99999999999999", "2147483648", "1.5", "1e20")) {
            Api.Reply reply = api.send("POST", "api/boards/" + board + "/cards",
                    "{\"title\":\"t\",\"status\":\"todo\",\"position\":" + position + "}");

            assertThat(reply.status()).as(position).isEqualTo(400);
            assertThat(reply.json().getString("code")).as(position).isEqualTo("invalid-input");
            assertThat(reply.json().getString("message")).as(position).contains("position");
        }
        assertThat(api.expect(200, api.send("GET", "api/boards/" + board + "/cards", null)).array()).isEmpty();
    }

    @Test
    void positionThatIsNoIntegerOrOutOfRangeIsRefusedOnUpdateAndTheCardIsUnchanged() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        JsonObject card = api.newCard(board, "stays");
        long id = card.getJsonNumber("id").longValue();

        for (String position : List.of("99999999999999", "1.5")) {
            Api.Reply reply = api.send("PUT", "api/cards/" + id,
                    "{\"title\":\"moved\",\"status\":\"todo\",\"position\":" + position + "}", "If-Match", "\"1\"");

            assertThat(reply.status()).as(position).isEqualTo(400);
            assertThat(reply.json().getString("code")).as(position).isEqualTo("invalid-input");
        }
        assertThat(api.card(id)).isEqualTo(card);
    }

    @Test
    void largestPositionIsStoredExactly() {
        long board = api.newBoard().getJsonNumber("id").longValue();

        JsonObject card = api.expect(201, api.send("POST", "api/boards/" + board + "/cards", Api.card("last", "todo", Integer.MAX_VALUE))).json();

        assertThat(api.card(card.getJsonNumber("id").longValue()).getJsonNumber("position").longValue()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void idsThatAreNoNumbersAnswerAsIdsThatNameNoRow() {
        long none = Long.MAX_VALUE;

        for (String path : List.of("api/cards/{id}", "api/boards/{id}", "api/boards/{id}/cards")) {
            Api.Reply missing = api.send("GET", path.replace("{id}", Long.toString(none)), null);
            for (String id : List.of("abc", "99999999999999999999", "1.5")) {
                Api.Reply reply = api.send("GET", path.replace("{id}", id), null);

                assertThat(reply.status()).as(path + " " + id).isEqualTo(404);
                assertThat(reply.body().replace(id, "{id}")).as(path + " " + id)
                        .isEqualTo(missing.body().replace(Long.toString(none), "{id}"));
            }
        }
    }

    @Test
    void unknownPathsMethodsAndMediaTypesGetJsonErrorsInOurOwnWords() {
        Api.Reply unknownPath = api.send("GET", "api/nothing-here", null);
        Api.Reply wrongMethod = api.send("PATCH", "api/boards", "{\"name\":\"x\"}");
        Api.Reply wrongType = api.send("POST", "api/boards", null, "Content-Type", "text/plain");
        Api.Reply htmlOnly = api.send("GET", "api/boards", null, "Accept", "text/html");

        assertError(unknownPath, 404, "not-found");
        assertError(wrongMethod, 405, "method-not-allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET", "POST"));
        assertError(wrongType, 415, "unsupported-media-type");
        assertError(htmlOnly, 406, "not-acceptable");
    }

    @Test
    void memberMustBeAValidUserName() {
        long board = api.newBoard().getJsonNumber("id").longValue();

        for (String name : List.of("%3Cscript%3E", "a%20b", "x".repeat(101), "%C3%A9")) {
            Api.Reply reply = api.send("PUT", "api/boards/" + board + "/members/" + name, null);

            assertThat(reply.status()).as(name).isEqualTo(400);
            assertThat(reply.json().getString("code")).as(name).isEqualTo("invalid-input");
        }
        api.expect(204, api.send("PUT", "api/boards/" + board + "/members/d.e_f-g@example.com", null));
        try (SyncClient client = SyncClient.connect()) {
            client.send("{\"op\":\"subscribe\",\"id\":\"m\",\"entity\":\"Member\",\"snapshot\":true,"
                    + "\"filter\":{\"boardId\":{\"eq\":" + board + "}}}");

            JsonObject snapshot = client.awaitFrame(f -> "snapshot".equals(f.getString("type")) && f.getBoolean("last"));

            assertThat(snapshot.getJsonArray("rows").getValuesAs(JsonObject.class))
                    .extracting(row -> row.getJsonObject("data").getString("user"))
                    .containsExactlyInAnyOrder("alice", "d.e_f-g@example.com");
        }
    }

    /** A documented REST error: the status, JSON {@code {"code","message"}}, no framework's text. */
    private static void assertError(Api.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(reply.json().keySet()).containsExactlyInAnyOrder("code", "message");
        assertThat(reply.json().getString("code")).isEqualTo(code);
        assertThat(reply.json().getString("message")).doesNotContain("RESTEASY");
    }
}
