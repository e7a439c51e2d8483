package io.syncline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input disturbs nobody: 2,000 random and mutated frames to one session, while another
 * session keeps receiving every change in order and the server keeps answering.
 */
@ExtendWith(ArquillianExtension.class)
class FuzzIT {

    static final Set<String> DOCUMENTED_CODES = Set.of("bad-json", "invalid-frame", "unknown-op", "unknown-entity",
            "invalid-filter", "duplicate-id", "unknown-subscription", "too-many-subscriptions", "forbidden", "server-error");

    private static final List<String> VALID = List.of(
            "{\"op\":\"subscribe\",\"id\":\"a\",\"entity\":\"Card\"}",
            "{\"op\":\"subscribe\",\"id\":\"b\",\"entity\":\"Board\",\"filter\":{\"name\":{\"eq\":\"x\"}}}",
            "{\"op\":\"subscribe\",\"id\":\"c\",\"entity\":\"Card\",\"filter\":{\"status\":{\"in\":[\"todo\",\"done\"]},\"position\":{\"gte\":1}}}",
            "{\"op\":\"subscribe\",\"id\":\"d\",\"entity\":\"Card\",\"since\":9007199254740000}",
            "{\"op\":\"unsubscribe\",\"id\":\"a\"}",
            "{\"op\":\"ping\",\"id\":\"p\"}");

    private static final String[] NOISE = {"", "null", "true", "-1", "1e999", "0.5", "\"\"", "[]", "{}", "[[[[[[[[]]]]]]]]",
            "\"\\u0000\"", "\"é✓\\ud83d\\ude00\"", "\"Card\"", "\"subscribe\"", "{\"eq\":1}", "{\"like\":\"%\"}",
            "\"x' OR '1'='1\"", "99999999999999999999999", "{\"$where\":\"1\"}", "\"" + "z".repeat(2000) + "\""};

    private final Api api = new Api();
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.synclineWithTestkit();
    }

    @Test
    void twoThousandHostileFramesDisturbNeitherTheOtherSessionNorTheServer() throws Exception {
        long board = api.newBoard().getJsonNumber("id").longValue();
        Random random = new Random(20261126);
        List<String> written = new CopyOnWriteArrayList<>();
        try (SyncClient bystander = SyncClient.subscribedTo("Card"); SyncClient fuzzed = SyncClient.connect()) {
            Future<?> writes = writer.submit(() -> {
                for (int i = 0; i < 50; i++) {
                    written.add(api.newCard(board, "steady " + i).getJsonNumber("id").toString());
                }
            });
            for (int i = 0; i < 2000; i++) {
                fuzzed.send(frame(random));
            }
            writes.get(2, TimeUnit.MINUTES);

            await().atMost(Duration.ofSeconds(30)).until(() -> bystander.changes("s1").stream()
                    .map(c -> c.getString("key")).toList().containsAll(written));
            assertThat(bystander.offsets("s1")).isSorted().doesNotHaveDuplicates();
            assertThat(bystander.frames()).noneMatch(f -> "error".equals(f.getString("type")));

            fuzzed.send("{\"op\":\"ping\",\"id\":\"still-there\"}");
            fuzzed.awaitFrame(f -> "pong".equals(f.getString("type")) && "still-there".equals(f.getString("id")));
            List<JsonObject> errors = fuzzed.frames().stream().filter(f -> "error".equals(f.getString("type"))).toList();
            assertThat(errors).isNotEmpty().allMatch(e -> DOCUMENTED_CODES.contains(e.getString("code")));
        } finally {
            writer.shutdownNow();
        }
    }

    /** A random frame: a valid one, a mutated one, or noise. Never {@code snapshot:true} (a legitimate flood). */
    private static String frame(Random random) {
        String base = VALID.get(random.nextInt(VALID.size()));
        return switch (random.nextInt(6)) {
            case 0 -> base;
            case 1 -> base.substring(0, random.nextInt(base.length()));
            case 2 -> {
                int at = random.nextInt(base.length());
                yield base.substring(0, at) + (char) random.nextInt(0x3000) + base.substring(at);
            }
            case 3 -> base.replaceFirst(":(\"[^\"]*\"|\\{[^}]*\\}|[0-9]+)",
                    java.util.regex.Matcher.quoteReplacement(":" + NOISE[random.nextInt(NOISE.length)]));
            case 4 -> "{\"op\":" + NOISE[random.nextInt(NOISE.length)] + ",\"id\":" + NOISE[random.nextInt(NOISE.length)]
                    + ",\"entity\":" + NOISE[random.nextInt(NOISE.length)] + ",\"filter\":" + NOISE[random.nextInt(NOISE.length)]
                    + ",\"since\":" + NOISE[random.nextInt(NOISE.length)] + "}";
            default -> NOISE[random.nextInt(NOISE.length)];
        };
    }
}
