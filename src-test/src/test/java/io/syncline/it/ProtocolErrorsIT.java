package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad frames get an {@code error} frame with a documented code, and the session goes on working. */
@ExtendWith(ArquillianExtension.class)
class ProtocolErrorsIT {

    private final Api api = new Api();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void malformedJsonGetsBadJsonAndTheSessionStillWorks() {
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            client.send("{\"op\":\"subscribe\",");

            JsonObject error = client.awaitFrame(f -> "error".equals(f.getString("type")));
            assertThat(error.getString("code")).isEqualTo("bad-json");

            assertSessionStillDelivers(client);
        }
    }

    @Test
    void unknownOpGetsUnknownOpAndTheSessionStillWorks() {
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            client.send("{\"op\":\"teleport\",\"id\":\"t1\"}");

            JsonObject error = client.awaitFrame(f -> "error".equals(f.getString("type")));
            assertThat(error.getString("code")).isEqualTo("unknown-op");
            assertThat(error.getString("id")).isEqualTo("t1");

            assertSessionStillDelivers(client);
        }
    }

    @Test
    void unknownEntityGetsUnknownEntity() {
        try (SyncClient client = SyncClient.connect()) {
            client.send("{\"op\":\"subscribe\",\"id\":\"s9\",\"entity\":\"Payroll\"}");

            JsonObject error = client.awaitFrame(f -> "error".equals(f.getString("type")));
            assertThat(error.getString("code")).isEqualTo("unknown-entity");
            assertThat(error.getString("id")).isEqualTo("s9");
        }
    }

    @Test
    void secondSubscriptionWithTheSameIdGetsDuplicateIdAndTheFirstKeepsWorking() {
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            client.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"entity\":\"Board\"}");

            JsonObject error = client.awaitFrame(f -> "error".equals(f.getString("type")));
            assertThat(error.getString("code")).isEqualTo("duplicate-id");

            assertSessionStillDelivers(client);
        }
    }

    @Test
    void pingGetsPongWithTheNewestOffset() {
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            long board = api.newBoard().getJsonNumber("id").longValue();
            JsonObject card = api.newCard(board, "offset probe");
            long offset = client.awaitChange(c -> c.getString("key").equals(card.getJsonNumber("id").toString()))
                    .getJsonNumber("offset").longValue();

            client.send("{\"op\":\"ping\",\"id\":\"p1\"}");

            JsonObject pong = client.awaitFrame(f -> "pong".equals(f.getString("type")));
            assertThat(pong.getString("id")).isEqualTo("p1");
            assertThat(pong.getJsonNumber("offset").longValue()).isGreaterThanOrEqualTo(offset);
        }
    }

    @Test
    void unsubscribeStopsDelivery() {
        try (SyncClient client = SyncClient.subscribedTo("Card")) {
            client.send("{\"op\":\"subscribe\",\"id\":\"boards\",\"entity\":\"Board\"}");
            client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && "boards".equals(f.getString("id")));
            client.send("{\"op\":\"unsubscribe\",\"id\":\"s1\"}");

            long board = api.newBoard().getJsonNumber("id").longValue();
            api.newCard(board, "nobody listens");
            // Committed after the card: once its insert reached "boards", the card's would have reached s1.
            String marker = api.newBoard().getJsonNumber("id").toString();
            client.awaitFrame(f -> "changes".equals(f.getString("type")) && "boards".equals(f.getString("id"))
                    && f.toString().contains("\"key\":\"" + marker + "\""));

            assertThat(client.frames()).noneMatch(f -> "s1".equals(f.getString("id", null)) && "changes".equals(f.getString("type")));
        }
    }

    @Test
    void hundredAndFirstSubscriptionGetsTooManySubscriptions() {
        try (SyncClient client = SyncClient.connect()) {
            for (int i = 0; i < 101; i++) {
                client.send("{\"op\":\"subscribe\",\"id\":\"s" + i + "\",\"entity\":\"Card\"}");
            }

            JsonObject error = client.awaitFrame(f -> "error".equals(f.getString("type")));
            assertThat(error.getString("code")).isEqualTo("too-many-subscriptions");
            assertThat(error.getString("id")).isEqualTo("s100");
            assertThat(client.frames()).filteredOn(f -> "subscribed".equals(f.getString("type"))).hasSize(100);
        }
    }

    @Test
    void frameLargerThan64KiBClosesTheSessionWith1009AndOthersGoOn() {
        try (SyncClient bystander = SyncClient.subscribedTo("Card"); SyncClient client = SyncClient.connect()) {
            client.send("{\"op\":\"ping\",\"id\":\"" + "x".repeat(70_000) + "\"}");

            assertThat(client.awaitClosed()).startsWith("1009");
            assertSessionStillDelivers(bystander);
        }
    }

    @Test
    void binaryFrameClosesTheSessionAndOthersGoOn() {
        try (SyncClient bystander = SyncClient.subscribedTo("Card"); SyncClient client = SyncClient.connect()) {
            client.sendBinary(new byte[] {1, 2, 3});

            assertThat(client.awaitClosed()).startsWith("1003");
            assertSessionStillDelivers(bystander);
        }
    }

    /** A change committed now still reaches subscription s1. */
    private void assertSessionStillDelivers(SyncClient client) {
        long board = api.newBoard().getJsonNumber("id").longValue();
        JsonObject card = api.newCard(board, "still delivered");
        JsonObject change = client.awaitChange(c -> c.getString("key").equals(card.getJsonNumber("id").toString()));
        assertThat(change.getString("op")).isEqualTo("insert");
    }
}
