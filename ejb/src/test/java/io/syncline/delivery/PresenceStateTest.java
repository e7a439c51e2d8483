package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Who is present where: joins here, reports from other servers, and what each session is told. */
class PresenceStateTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long SILENCE = 60 * SECOND;

    private final Map<String, Long> heard = new HashMap<>();
    private final PresenceState<String> state = new PresenceState<>(session -> heard.getOrDefault(session, 0L), SILENCE);

    @Test
    void aJoinerIsToldWhoIsThereAndTheOthersThatItCame() {
        List<PresenceState.Notice<String>> first = state.join("s1", "p1", "alice", "7", "7", 0);
        List<PresenceState.Notice<String>> second = state.join("s2", "p9", "bob", "7", "7", 0);

        assertThat(told(first)).containsExactly(Map.entry("s1", List.of("alice")));
        assertThat(told(second)).containsOnly(Map.entry("s1", List.of("alice", "bob")), Map.entry("s2", List.of("alice", "bob")));
        assertThat(json(second.get(1).frame()).getString("id")).isIn("p1", "p9");
    }

    @Test
    void aUserWithTwoSessionsIsListedOnceAndStaysUntilBothAreGone() {
        state.join("s1", "p1", "alice", "7", "7", 0);
        state.join("s2", "p1", "alice", "7", "7", 0);
        List<PresenceState.Notice<String>> bob = state.join("s3", "p1", "bob", "7", "7", 0);

        assertThat(told(bob)).hasSize(3).allSatisfy((session, users) -> assertThat(users).containsExactly("alice", "bob"));
        assertThat(state.closed("s1", 0)).as("alice is still there on s2: nobody is told").isEmpty();
        assertThat(told(state.closed("s2", 0))).containsExactly(Map.entry("s3", List.of("bob")));
    }

    @Test
    void partingEndsOnlyThatJoin() {
        state.join("s1", "p1", "alice", "7", "7", 0);
        state.join("s1", "p2", "alice", "8", "8", 0);
        state.join("s2", "p1", "bob", "7", "7", 0);
        List<PresenceState.Notice<String>> notices = new ArrayList<>();

        assertThat(state.part("s1", "p1", 0, notices)).isTrue();
        assertThat(state.part("s1", "p1", 0, new ArrayList<>())).as("already parted").isFalse();
        assertThat(told(notices)).containsExactly(Map.entry("s2", List.of("bob")));
        assertThat(state.local(0)).isEqualTo(Map.of("7", Set.of("bob"), "8", Set.of("alice")));
    }

    @Test
    void anotherServersUsersCountUntilItsReportsStop() {
        state.join("s1", "p1", "alice", "7", "7", 0);

        assertThat(told(state.report("node-b", Map.of("7", Set.of("bob"), "8", Set.of("carol")), 0)))
                .containsExactly(Map.entry("s1", List.of("alice", "bob")));
        assertThat(state.tick(14 * SECOND, 15 * SECOND)).as("its report is recent enough").isEmpty();
        assertThat(told(state.tick(16 * SECOND, 15 * SECOND))).containsExactly(Map.entry("s1", List.of("alice")));
        assertThat(state.local(16 * SECOND)).as("only this server's users are reported").isEqualTo(Map.of("7", Set.of("alice")));
    }

    @Test
    void aNewReportReplacesTheServersLastOne() {
        state.join("s1", "p1", "alice", "7", "7", 0);
        state.report("node-b", Map.of("7", Set.of("bob")), 0);

        assertThat(told(state.report("node-b", Map.of(), SECOND))).containsExactly(Map.entry("s1", List.of("alice")));
    }

    @Test
    void aSessionSilentForTooLongNoLongerCountsAndComesBackWhenHeard() {
        heard.put("s1", 0L);
        heard.put("s2", 0L);
        state.join("s1", "p1", "alice", "7", "7", 0);
        state.join("s2", "p1", "bob", "7", "7", 0);
        heard.put("s1", 50 * SECOND); // alice answered a ping; bob's connection is dead

        assertThat(told(state.tick(61 * SECOND, 15 * SECOND))).containsOnly(
                Map.entry("s1", List.of("alice")), Map.entry("s2", List.of("alice")));
        assertThat(state.local(61 * SECOND)).isEqualTo(Map.of("7", Set.of("alice")));
        heard.put("s2", 62 * SECOND);
        assertThat(told(state.tick(62 * SECOND, 15 * SECOND))).containsOnly(
                Map.entry("s1", List.of("alice", "bob")), Map.entry("s2", List.of("alice", "bob")));
    }

    @Test
    void aRevokedUserIsRefusedAndLeavesTheOthersList() {
        state.join("s1", "p1", "alice", "7", "7", 0);
        state.join("s2", "b7", "bob", "7", "7", 0);

        List<PresenceState.Notice<String>> notices = state.revoked("bob", "7", 0);

        assertThat(notices).hasSize(2);
        JsonObject refusal = json(notices.stream().filter(n -> n.session().equals("s2")).findFirst().orElseThrow().frame());
        assertThat(refusal.getString("type")).isEqualTo("error");
        assertThat(refusal.getString("id")).isEqualTo("b7");
        assertThat(refusal.getString("code")).isEqualTo("forbidden");
        assertThat(told(notices.stream().filter(n -> n.session().equals("s1")).toList())).containsExactly(Map.entry("s1", List.of("alice")));
        assertThat(state.has("s2", "b7")).isFalse();
        assertThat(state.revoked("carol", "7", 0)).as("carol had not joined").isEmpty();
    }

    @Test
    void theFrameEchoesTheScopeAsTheClientWroteIt() {
        JsonObject frame = json(state.join("s1", "p1", "alice", "board-7", "\"board-7\"", 0).get(0).frame());

        assertThat(frame.getString("type")).isEqualTo("presence");
        assertThat(frame.getString("scope")).isEqualTo("board-7");
        assertThat(frame.getJsonArray("users").getString(0)).isEqualTo("alice");
    }

    /** Each notice's session and the users its presence frame lists. */
    private static Map<String, List<String>> told(List<PresenceState.Notice<String>> notices) {
        Map<String, List<String>> told = new HashMap<>();
        for (PresenceState.Notice<String> notice : notices) {
            JsonObject frame = json(notice.frame());
            assertThat(frame.getString("type")).isEqualTo("presence");
            told.put(notice.session(), frame.getJsonArray("users").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList());
        }
        return told;
    }

    private static JsonObject json(String frame) {
        return Json.createReader(new StringReader(frame)).readObject();
    }
}
