package io.syncline.bench;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** The load benchmark's calls to the test kit ({@code /testkit/load}, {@code /testkit/delivery}). */
final class ServerProbe {

    private final BenchHttp http;
    private boolean commitTimesMissing;

    ServerProbe(BenchHttp http) {
        this.http = http;
    }

    /** The server JVM's pid, process CPU time and used heap. */
    record ServerStats(long pid, long cpuNanos, long heapUsed, long heapMax) {
    }

    ServerStats stats(boolean afterGc) {
        JsonObject stats = BenchHttp.object(http.get("testkit/load/server-stats?gc=" + afterGc));
        return new ServerStats(stats.getJsonNumber("pid").longValue(), stats.getJsonNumber("cpuNanos").longValue(),
                stats.getJsonNumber("heapUsed").longValue(), stats.getJsonNumber("heapMax").longValue());
    }

    /** What one in-server write run did. */
    record ServerRun(WrittenCards cards, long elapsedMicros, long errors, String firstError) implements Writes {
        /** Runs one after another, as one. */
        static ServerRun of(List<ServerRun> runs) {
            WrittenCards cards = new WrittenCards();
            runs.forEach(run -> run.cards().forEach(cards::add));
            return new ServerRun(cards, runs.stream().mapToLong(ServerRun::elapsedMicros).sum(),
                    runs.stream().mapToLong(ServerRun::errors).sum(),
                    runs.stream().map(ServerRun::firstError).filter(java.util.Objects::nonNull).findFirst().orElse(null));
        }

    }

    /** Starts the in-server writer: {@code rate} cards per second (0: unpaced) for {@code seconds} on the boards, round-robin. */
    CompletableFuture<ServerRun> writeInServer(List<Long> boards, double rate, double seconds, int writers, int perTransaction) {
        String ids = boards.stream().map(String::valueOf).collect(Collectors.joining(","));
        return http.sendAsync(http.request("testkit/load/write?boards=" + ids + "&rate=" + rate + "&seconds=" + seconds
                        + "&writers=" + writers + "&perTransaction=" + perTransaction).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build())
                .thenApply(body -> {
                    JsonObject run = BenchHttp.object(body);
                    WrittenCards cards = new WrittenCards();
                    for (JsonValue card : run.getJsonArray("cards")) {
                        JsonArray pair = card.asJsonArray();
                        cards.add(pair.getJsonNumber(1).longValue(), pair.getJsonNumber(0).longValue());
                    }
                    return new ServerRun(cards, run.getJsonNumber("elapsedMicros").longValue(),
                            run.getJsonNumber("errors").longValue(), run.getString("firstError"));
                });
    }

    /** Unpaced single-row transactions for {@code seconds}: synced cards, or plain rows; returns writes per second. */
    double throughput(long board, boolean capture, double seconds, int writers) {
        JsonObject run = BenchHttp.object(http.post("testkit/load/throughput?board=" + board + "&capture=" + capture
                + "&seconds=" + seconds + "&writers=" + writers, null));
        return run.getJsonNumber("writes").longValue() / (run.getJsonNumber("elapsedMicros").longValue() / 1e6);
    }

    /**
     * When each change numbered {@code from} to {@code to} committed, in epoch microseconds; empty
     * when the journal has no commit times (SL_JOURNAL.COMMITTED_AT missing).
     */
    Map<Long, Long> committedAt(long from, long to) {
        Map<Long, Long> committed = new HashMap<>();
        if (commitTimesMissing || from > to) {
            return committed;
        }
        try {
            for (JsonValue pair : BenchHttp.array(http.get("testkit/load/committed?from=" + from + "&to=" + to))) {
                committed.put(pair.asJsonArray().getJsonNumber(0).longValue(), pair.asJsonArray().getJsonNumber(1).longValue());
            }
        } catch (IllegalStateException e) {
            commitTimesMissing = true;
            System.out.println("  commit -> frame not measured: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return committed;
    }

    /** Sends a frame of {@code size} characters to every session of the bare broadcast endpoint for {@code seconds}; returns frames sent. */
    long broadcast(int size, double seconds) {
        return Long.parseLong(http.post("testkit/load/broadcast?size=" + size + "&seconds=" + seconds, null).trim());
    }

    int broadcastSessions() {
        return Integer.parseInt(http.get("testkit/load/broadcast/sessions").trim());
    }

    /** How many WebSocket sessions of Syncline {@code user} holds. */
    int sessionsOf(String user) {
        return Integer.parseInt(http.get("testkit/delivery/sessions?user=" + user).trim());
    }
}
