package io.syncline.it;

import static io.syncline.it.Changes.key;
import static io.syncline.it.Changes.op;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Subscriptions with filters: only matching rows, in the stream and in snapshots; a row that moves
 * out arrives as {@code leave}, one that moves in as a change; a delete of a row never in view is
 * not sent; filters on undeclared attributes, with unknown operators or ill-typed values are refused,
 * and values never act as query text.
 */
@ExtendWith(ArquillianExtension.class)
class FilterIT {

    private final Api api = new Api();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void filteredSubscriptionReceivesOnlyMatchingRows() {
        long mine = board();
        long other = board();
        try (SyncClient client = subscribed("{\"boardId\":{\"eq\":" + mine + "}}")) {
            JsonObject wanted = api.newCard(mine, "mine");
            api.newCard(other, "not mine");
            JsonObject marker = api.newCard(mine, "marker");

            client.awaitChange(key(marker));

            assertThat(client.changes("f")).extracting(c -> c.getString("key"))
                    .containsExactly(keyOf(wanted), keyOf(marker));
        }
    }

    @Test
    void rowThatMovesOutOfTheFilterArrivesAsLeaveThenNothing() {
        long board = board();
        JsonObject card = api.newCard(board, "moving");
        long id = card.getJsonNumber("id").longValue();
        try (SyncClient client = subscribed("{\"boardId\":{\"eq\":" + board + "},\"status\":{\"in\":[\"todo\",\"doing\"]}}")) {
            api.expect(200, api.updateCard(id, 1, "moving", "doing", 0));
            api.expect(200, api.updateCard(id, 2, "moving", "done", 0));
            api.expect(200, api.updateCard(id, 3, "moving on", "done", 1));
            api.expect(204, api.deleteCard(id, 4));
            JsonObject marker = api.newCard(board, "marker");

            client.awaitChange(key(marker));

            // (The insert, committed before the subscription, may still arrive after it.)
            assertThat(client.changes("f").stream().filter(key(id)).filter(op("insert").negate()).toList())
                    .extracting(c -> c.getString("op") + " v" + c.getJsonNumber("version"))
                    .containsExactly("update v2");
            List<JsonObject> leaves = client.frames().stream().filter(f -> "leave".equals(f.getString("type"))).toList();
            assertThat(leaves).hasSize(1);
            assertThat(leaves.get(0).getString("key")).isEqualTo(Long.toString(id));
            assertThat(leaves.get(0).getString("entity")).isEqualTo("Card");
            assertThat(leaves.get(0).getString("id")).isEqualTo("f");
        }
    }

    @Test
    void rowThatMovesIntoTheFilterArrivesAsAChange() {
        long board = board();
        JsonObject card = api.expect(201, api.send("POST", "api/boards/" + board + "/cards", Api.card("late", "done", 0))).json();
        long id = card.getJsonNumber("id").longValue();
        try (SyncClient client = subscribed("{\"boardId\":{\"eq\":" + board + "},\"status\":{\"eq\":\"todo\"}}")) {
            JsonObject reopened = api.expect(200, api.updateCard(id, 1, "late", "todo", 0)).json();

            JsonObject change = client.awaitChange(key(id));

            assertThat(change.getString("op")).isEqualTo("update");
            assertThat(change.getJsonObject("data")).isEqualTo(reopened);
        }
    }

    @Test
    void deleteOfARowNeverInViewIsNotSent() {
        long board = board();
        JsonObject done = api.expect(201, api.send("POST", "api/boards/" + board + "/cards", Api.card("done", "done", 0))).json();
        try (SyncClient client = subscribed("{\"boardId\":{\"eq\":" + board + "},\"status\":{\"eq\":\"todo\"}}")) {
            api.expect(204, api.deleteCard(done.getJsonNumber("id").longValue(), 1));
            JsonObject marker = api.newCard(board, "marker");

            client.awaitChange(key(marker));

            assertThat(client.changes("f")).noneMatch(key(done));
            assertThat(client.frames()).noneMatch(f -> f.toString().contains("\"key\":\"" + done.getJsonNumber("id") + "\""));
        }
    }

    @Test
    void snapshotHoldsOnlyMatchingRows() {
        long mine = board();
        long other = board();
        api.newCard(mine, "a");
        api.newCard(mine, "b");
        api.newCard(other, "c");
        try (SyncClient client = SyncClient.connect()) {
            client.send("{\"op\":\"subscribe\",\"id\":\"f\",\"entity\":\"Card\",\"snapshot\":true,\"filter\":{\"boardId\":{\"eq\":" + mine + "}}}");

            JsonObject snapshot = client.awaitFrame(f -> "snapshot".equals(f.getString("type")) && f.getBoolean("last"));

            assertThat(snapshot.getJsonArray("rows").getValuesAs(JsonObject.class))
                    .extracting(row -> row.getJsonObject("data").getString("title")).containsExactly("a", "b");
        }
    }

    @Test
    void rangeOperatorsAreAndedOnOneAttribute() {
        long board = board();
        for (int position = 0; position < 6; position++) {
            api.expect(201, api.send("POST", "api/boards/" + board + "/cards", Api.card("p" + position, "todo", position)));
        }
        try (SyncClient client = SyncClient.connect()) {
            client.send("{\"op\":\"subscribe\",\"id\":\"f\",\"entity\":\"Card\",\"snapshot\":true,"
                    + "\"filter\":{\"boardId\":{\"eq\":" + board + "},\"position\":{\"gte\":2,\"lt\":4},\"title\":{\"neq\":\"p3\"}}}");

            JsonObject snapshot = client.awaitFrame(f -> "snapshot".equals(f.getString("type")) && f.getBoolean("last"));

            assertThat(snapshot.getJsonArray("rows").getValuesAs(JsonObject.class))
                    .extracting(row -> row.getJsonObject("data").getString("title")).containsExactly("p2");
        }
    }

    @Test
    void filtersOnUndeclaredAttributesUnknownOperatorsOrWrongTypesAreRefused() {
        try (SyncClient client = SyncClient.connect()) {
            List<String> refused = List.of(
                    "{\"version\":{\"eq\":1}}",
                    "{\"board\":{\"eq\":1}}",
                    "{\"status\":{\"like\":\"%\"}}",
                    "{\"boardId\":{\"eq\":\"7 OR 1=1\"}}",
                    "{\"boardId\":{\"eq\":1.5}}",
                    "{\"status\":\"todo\"}",
                    "[\"status\"]",
                    "{\"status\":{\"in\":[]}}",
                    "{\"position\":{\"eq\":99999999999999999999}}");
            for (int i = 0; i < refused.size(); i++) {
                client.send("{\"op\":\"subscribe\",\"id\":\"bad" + i + "\",\"entity\":\"Card\",\"filter\":" + refused.get(i) + "}");
            }
            for (int i = 0; i < refused.size(); i++) {
                String id = "bad" + i;
                JsonObject error = client.awaitFrame(f -> id.equals(f.getString("id", null)));
                assertThat(error.getString("type")).as(refused.get(i)).isEqualTo("error");
                assertThat(error.getString("code")).as(refused.get(i)).isEqualTo("invalid-filter");
            }
        }
    }

    @Test
    void numbersThatAreNoIntegersOrOutOfTheAttributesRangeAreRefusedAndTheSessionGoesOn() {
        long board = board();
        try (SyncClient client = SyncClient.connect()) {
            List<String> refused = List.of(
                    "{\"position\":{\"eq\":1.5}}",
                    "{\"position\":{\"gte\":0.5}}",
                    "{\"position\":{\"in\":[1,2.5]}}",
                    "{\"position\":{\"eq\":1e20}}",
                    "{\"position\":{\"lt\":2147483648}}",
                    "{\"boardId\":{\"eq\":99999999999999999999}}",
                    "{\"boardId\":{\"eq\":9223372036854775808}}",
                    "{\"id\":{\"neq\":1e400}}");
            for (int i = 0; i < refused.size(); i++) {
                client.send("{\"op\":\"subscribe\",\"id\":\"bad" + i + "\",\"entity\":\"Card\",\"filter\":" + refused.get(i) + "}");
            }
            client.send("{\"op\":\"subscribe\",\"id\":\"f\",\"entity\":\"Card\",\"filter\":{\"boardId\":{\"eq\":" + board + "}}}");

            for (int i = 0; i < refused.size(); i++) {
                String id = "bad" + i;
                JsonObject answer = client.awaitFrame(f -> id.equals(f.getString("id", null)));
                assertThat(answer.getString("type")).as(refused.get(i)).isEqualTo("error");
                assertThat(answer.getString("code")).as(refused.get(i)).isEqualTo("invalid-filter");
            }
            client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && "f".equals(f.getString("id")));
            JsonObject card = api.newCard(board, "still delivered");
            assertThat(client.awaitChange(key(card)).getString("op")).isEqualTo("insert");
        }
    }

    @Test
    void valuesThatLookLikeQueryTextAreOnlyValues() {
        long board = board();
        api.newCard(board, "plain");
        try (SyncClient client = SyncClient.connect()) {
            client.send("{\"op\":\"subscribe\",\"id\":\"f\",\"entity\":\"Card\",\"snapshot\":true,\"filter\":{"
                    + "\"boardId\":{\"eq\":" + board + "},\"title\":{\"in\":[\"x' OR '1'='1\",\"x\\\" OR 1=1 --\",\"') or true; drop table sl_card; --\"]}}}");

            JsonObject snapshot = client.awaitFrame(f -> "snapshot".equals(f.getString("type")) && f.getBoolean("last"));

            assertThat(snapshot.getJsonArray("rows")).isEmpty();
            assertThat(api.expect(200, api.send("GET", "api/boards/" + board + "/cards", null)).body()).contains("plain");
        }
    }

    private long board() {
        return api.newBoard().getJsonNumber("id").longValue();
    }

    private static SyncClient subscribed(String filter) {
        SyncClient client = SyncClient.connect();
        client.send("{\"op\":\"subscribe\",\"id\":\"f\",\"entity\":\"Card\",\"filter\":" + filter + "}");
        client.awaitFrame(f -> "subscribed".equals(f.getString("type")));
        return client;
    }

    private static String keyOf(JsonObject row) {
        return row.getJsonNumber("id").toString();
    }
}
