package io.syncline.it;

import static io.syncline.it.Changes.key;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code since} must be an offset: an integer from 0 to the largest long; anything else is an {@code invalid-frame}. */
@ExtendWith(ArquillianExtension.class)
class SubscribeSinceIT {

    private final Api api = new Api();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void sinceThatIsNoOffsetIsAnInvalidFrameAndTheSessionGoesOn() {
        long board = api.newBoard().getJsonNumber("id").longValue();
        try (SyncClient client = SyncClient.connect()) {
            List<String> refused = List.of("1.5", "-1", "9223372036854775808", "99999999999999999999", "1e20", "\"5\"", "true");
            for (int i = 0; i < refused.size(); i++) {
                client.send("{\"op\":\"subscribe\",\"id\":\"bad" + i + "\",\"entity\":\"Card\",\"since\":" + refused.get(i) + "}");
            }
            client.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"entity\":\"Card\",\"filter\":{\"boardId\":{\"eq\":" + board + "}}}");

            for (int i = 0; i < refused.size(); i++) {
                String id = "bad" + i;
                JsonObject answer = client.awaitFrame(f -> id.equals(f.getString("id", null)));
                assertThat(answer.getString("type")).as(refused.get(i)).isEqualTo("error");
                assertThat(answer.getString("code")).as(refused.get(i)).isEqualTo("invalid-frame");
            }
            client.awaitFrame(f -> "subscribed".equals(f.getString("type")) && "s1".equals(f.getString("id")));
            JsonObject card = api.newCard(board, "still delivered");
            assertThat(client.awaitChange(key(card)).getString("op")).isEqualTo("insert");
        }
    }
}
