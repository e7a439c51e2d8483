package io.syncline.bench;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load benchmark's report for one database: {@code load-<database>.md} (its tables also
 * printed), {@code load-<database>.json}, and {@code latency-<database>.svg}, latency percentiles
 * against rate.
 */
final class LoadReport {

    static final String IN_SERVER = "in-server";
    static final String REST = "REST";
    static final String WARM_UP = "warm-up";

    /** The header of the sweep's table, whose rows {@link #row} writes. */
    static final String TABLE_HEADER = "| path | target/s | reached/s | frames/s | commit → frame | write start → frame | REST answer"
            + " | client CPU | server CPU | load avg | late / dup / reord |\n"
            + "| --- | ---: | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | --- |\n";

    private final LoadResults results;

    LoadReport(LoadResults results) {
        this.results = results;
    }

    /** Writes the three files and prints the Markdown; returns the Markdown file. */
    Path write() {
        String markdown = markdown();
        System.out.println(markdown);
        try {
            Path directory = results.settings.reportDirectory();
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("load-" + results.database + ".md"), markdown);
            Files.writeString(directory.resolve("load-" + results.database + ".json"), json());
            Files.writeString(directory.resolve("latency-" + results.database + ".svg"), chart().toSvg());
            if (results.metrics != null) {
                Files.writeString(directory.resolve("load-" + results.database + "-metrics.txt"), results.metrics);
            }
            return directory.resolve("load-" + results.database + ".md");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String markdown() {
        LoadSettings s = results.settings;
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# Syncline load benchmark: %s%n%n", results.database));
        md.append(String.format(Locale.ROOT, "Run %s on %d cores (%s %s, Java %s), load average %.1f at the start; the client shares the cores."
                        + " %d subscribers (WebSockets, one `boardId eq` subscription each) over %d boards, users %s;"
                        + " the in-server writer puts %d card(s) in a transaction (REST: one), each on the next board, boards round-robin;"
                        + " steps of %.0f s after a %.0f s warm-up.%n%n",
                results.startedAt, Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), results.loadAverageAtStart, s.subscribers(), s.boards(), Subscribers.USERS,
                s.changesPerTransaction(), s.stepSeconds(), s.warmUpSeconds()));

        md.append("## Sweep\n\nLatencies in ms, p50 / p90 / p99 / max. CPU in cores (1.0 = one core all along).\n\n");
        md.append(TABLE_HEADER);
        for (String path : List.of(IN_SERVER, REST)) {
            results.steps(path).forEach(step -> md.append(row(step)));
        }
        if (results.unpaced != null) {
            md.append(row(results.unpaced));
        }
        md.append('\n');
        for (String path : List.of(IN_SERVER, REST)) {
            md.append(String.format(Locale.ROOT, "Knee (%s): %s%n%n", path, results.knee(path)
                    .map(step -> String.format(Locale.ROOT, "%s changes/s (reached %.0f/s, p99 %.1f ms)", step.targetLabel(),
                            step.achievedRate(), step.judged().p99()))
                    .orElse("no step reached " + (int) (LoadResults.REACHED_SHARE * 100) + " % of its target with p99 <= "
                            + s.kneeP99Millis() + " ms")));
        }

        md.append("## Ratios (same run)\n\n| what | measured | goal | met |\n| --- | --- | --- | --- |\n");
        if (results.ceiling != null && results.unpaced != null) {
            md.append(ratioRow(String.format(Locale.ROOT, "delivered frames/s (%,.0f, in-server writer unpaced) / raw broadcast ceiling (%,.0f, %d sockets, client CPU %.2f, server CPU %.2f)",
                            results.unpaced.framesPerSecond(), results.ceiling.framesPerSecond(), s.subscribers(),
                            results.ceiling.cpu().clientCores(), results.ceiling.cpu().serverCores()),
                    results.ceilingRatio(), ">= " + LoadResults.GOAL_CEILING_RATIO, results.ceilingRatio() >= LoadResults.GOAL_CEILING_RATIO));
        }
        if (results.captureOffRate > 0) {
            md.append(ratioRow(String.format(Locale.ROOT, "write throughput, capture on (%,.0f tx/s) / off (%,.0f tx/s), %d writers",
                    results.captureOnRate, results.captureOffRate, s.writers()), results.captureRatio(),
                    ">= " + LoadResults.GOAL_CAPTURE_RATIO, results.captureRatio() >= LoadResults.GOAL_CAPTURE_RATIO));
        }
        if (results.replay != null) {
            md.append(String.format(Locale.ROOT, "| resume replay (%,d changes in %d tx of %d) | %,.0f changes/s | >= 50,000 | %s |%n",
                    results.replay.received(), results.replay.transactions(), results.replay.size(),
                    results.replay.changesPerSecond(), yes(results.replay.changesPerSecond() >= LoadResults.GOAL_REPLAY_RATE)));
        }
        if (results.idle != null) {
            IdleSubscribersCheck.Outcome idle = results.idle;
            md.append(String.format(Locale.ROOT, "| %,d idle subscribers connected and subscribed (client / server CPU meanwhile: %.2f / %.2f cores) | %.1f s | <= 10 s | %s |%n",
                    idle.subscribers(), idle.connectCpu().clientCores(), idle.connectCpu().serverCores(), idle.connectSeconds(),
                    yes(idle.connectSeconds() <= LoadResults.GOAL_IDLE_CONNECT_SECONDS)));
            md.append(String.format(Locale.ROOT, "| server heap used after GC with them (max %d MiB) | %d MiB | <= 1,024 MiB | %s |%n",
                    idle.heapMax() >> 20, idle.heapUsedAfterGc() >> 20, yes(idle.heapUsedAfterGc() <= LoadResults.GOAL_IDLE_HEAP)));
            md.append(databaseWork(idle));
        }

        if (results.slow != null) {
            SlowConsumerCheck.Outcome slow = results.slow;
            md.append("\n## Slow consumer at full rate\n\n| the other subscribers | target/s | reached/s | commit → frame | write start → frame |\n| --- | ---: | ---: | --- | --- |\n");
            for (StepResult step : List.of(slow.without(), slow.with(), slow.after())) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s |%n", step.path(), step.targetLabel(), step.achievedRate(),
                        Latencies.format(step.commitToFrame()), Latencies.format(step.writeToFrame())));
            }
            md.append(String.format(Locale.ROOT, "%nAfter %.0f s of the same writes, not measured, the first step (%.0f s) with one more reader (carol, every card), the second (%.0f s) with"
                    + " that reader stalled from its start, the third as the first, with the resumed reader: it was closed with `%s` %.1f s after it stopped reading; resumed with `since`"
                    + " at once while the writes went on, it had received the %,d changes it had missed, none twice, in offset order,"
                    + " %.1f s after it stopped.%n",
                    SlowConsumerCheck.SETTLE_SECONDS, SlowConsumerCheck.BASELINE_SECONDS, slow.seconds(), slow.closedWith(), slow.closedAfterSeconds(), slow.resumedChanges(), slow.caughtUpAfterSeconds()));
        }

        md.append(String.format(Locale.ROOT, "%n## Correctness%n%nOver every step: %s lost, %d duplicated, %d reordered changes (all must be 0)."
                        + " Late: changes that had not arrived when their step ended (the next step waits for them, up to %.0f s).%n",
                results.lost < 0 ? "not counted" : String.valueOf(results.lost), results.duplicated(), results.reordered(), s.drainSeconds()));
        if (results.metrics != null) {
            md.append(String.format(Locale.ROOT, "%nThe server's metrics after the run: `load-%s-metrics.txt`.%n", results.database));
        }
        return md.toString();
    }

    static String row(StepResult step) {
        return String.format(Locale.ROOT, "| %s | %s | %.0f | %,.0f | %s | %s | %s | %.2f | %.2f | %.1f | %d / %d / %d |%n",
                step.path(), step.targetLabel(), step.achievedRate(), step.framesPerSecond(), Latencies.format(step.commitToFrame()),
                Latencies.format(step.writeToFrame()), Latencies.format(step.response()), step.cpu().clientCores(),
                step.cpu().serverCores(), step.cpu().loadAverage(), step.late(), step.duplicated(), step.reordered());
    }

    private static String ratioRow(String what, double ratio, String goal, boolean met) {
        return String.format(Locale.ROOT, "| %s | %.2f | %s | %s |%n", what, ratio, goal, yes(met));
    }

    private static String databaseWork(IdleSubscribersCheck.Outcome idle) {
        if (idle.withNone() == null) {
            return "| database queries caused by idle subscribers | not measured (H2) | 0 | |\n";
        }
        DatabaseActivity.Counts none = idle.withNone();
        DatabaseActivity.Counts with = idle.withSubscribers();
        return String.format(Locale.ROOT, "| database work in %.0f s idle, no subscribers → %,d subscribers: table scans of the schema %d → %d,"
                        + " tuples read %d → %d; whole database (other programs too): transactions %d → %d, tuples returned %d → %d"
                        + " | %+d scans | 0 more | %s |%n",
                idle.windowSeconds(), idle.subscribers(), none.tableScans(), with.tableScans(), none.tuplesRead(), with.tuplesRead(),
                none.transactions(), with.transactions(), none.tuplesReturned(), with.tuplesReturned(),
                with.tableScans() - none.tableScans(), yes(with.tableScans() <= none.tableScans()));
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    LatencyChart chart() {
        List<LatencyChart.Series> series = new ArrayList<>();
        for (String path : List.of(IN_SERVER, REST)) {
            List<StepResult> steps = results.steps(path);
            boolean dashed = path.equals(REST);
            series.add(new LatencyChart.Series(path + " commit→frame p50", points(steps, true, false), 0, dashed));
            series.add(new LatencyChart.Series(path + " commit→frame p99", points(steps, true, true), 1, dashed));
            series.add(new LatencyChart.Series(path + " write→frame p50", points(steps, false, false), 2, dashed));
            series.add(new LatencyChart.Series(path + " write→frame p99", points(steps, false, true), 3, dashed));
        }
        series.removeIf(line -> line.points().isEmpty());
        return new LatencyChart("Syncline latency against rate, " + results.database + ", " + results.settings.subscribers()
                + " subscribers", "target rate (changes/s)", "latency (ms, log scale)", series);
    }

    private static List<LatencyChart.Point> points(List<StepResult> steps, boolean commit, boolean p99) {
        List<LatencyChart.Point> points = new ArrayList<>();
        for (StepResult step : steps) {
            Latencies latencies = commit ? step.commitToFrame() : step.writeToFrame();
            if (latencies != null) {
                points.add(new LatencyChart.Point(step.targetRate(), p99 ? latencies.p99() : latencies.p50()));
            }
        }
        return points;
    }

    String json() {
        JsonObjectBuilder root = Json.createObjectBuilder()
                .add("database", results.database)
                .add("startedAt", results.startedAt)
                .add("cores", Runtime.getRuntime().availableProcessors())
                .add("loadAverageAtStart", results.loadAverageAtStart)
                .add("settings", settings());
        var steps = Json.createArrayBuilder();
        results.allSteps().forEach(step -> steps.add(step(step)));
        root.add("steps", steps);
        for (String path : List.of(IN_SERVER, REST)) {
            results.knee(path).ifPresentOrElse(knee -> root.add("knee-" + path, knee.targetRate()), () -> root.addNull("knee-" + path));
        }
        var ratios = Json.createObjectBuilder();
        if (results.ceiling != null && results.unpaced != null) {
            ratios.add("ceiling", Json.createObjectBuilder().add("deliveredFramesPerSecond", results.unpaced.framesPerSecond())
                    .add("ceilingFramesPerSecond", results.ceiling.framesPerSecond()).add("ratio", results.ceilingRatio())
                    .add("ceilingClientCores", results.ceiling.cpu().clientCores()).add("ceilingServerCores", results.ceiling.cpu().serverCores()));
        }
        if (results.captureOffRate > 0) {
            ratios.add("capture", Json.createObjectBuilder().add("onPerSecond", results.captureOnRate)
                    .add("offPerSecond", results.captureOffRate).add("ratio", results.captureRatio()));
        }
        if (results.replay != null) {
            ratios.add("replay", Json.createObjectBuilder().add("changes", results.replay.received())
                    .add("seconds", results.replay.seconds()).add("changesPerSecond", results.replay.changesPerSecond()));
        }
        if (results.idle != null) {
            IdleSubscribersCheck.Outcome idle = results.idle;
            JsonObjectBuilder idleJson = Json.createObjectBuilder().add("subscribers", idle.subscribers())
                    .add("connectSeconds", idle.connectSeconds())
                    .add("connectClientCores", idle.connectCpu().clientCores()).add("connectServerCores", idle.connectCpu().serverCores())
                    .add("heapUsedAfterGc", idle.heapUsedAfterGc()).add("heapMax", idle.heapMax());
            if (idle.withNone() != null) {
                idleJson.add("windowSeconds", idle.windowSeconds()).add("withNone", counts(idle.withNone()))
                        .add("withSubscribers", counts(idle.withSubscribers()));
            }
            ratios.add("idle", idleJson);
        }
        root.add("ratios", ratios);
        if (results.slow != null) {
            root.add("slowConsumer", Json.createObjectBuilder().add("without", step(results.slow.without()))
                    .add("with", step(results.slow.with())).add("after", step(results.slow.after())).add("closedWith", results.slow.closedWith())
                    .add("closedAfterSeconds", results.slow.closedAfterSeconds())
                    .add("caughtUpAfterSeconds", results.slow.caughtUpAfterSeconds()).add("resumedChanges", results.slow.resumedChanges()));
        }
        root.add("lost", results.lost).add("duplicated", results.duplicated()).add("reordered", results.reordered());
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createGenerator(text)) {
            generator.write(root.build());
        }
        return text.toString();
    }

    private JsonObjectBuilder settings() {
        LoadSettings s = results.settings;
        return Json.createObjectBuilder().add("subscribers", s.subscribers()).add("boards", s.boards())
                .add("clients", s.clients()).add("stepSeconds", s.stepSeconds()).add("warmUpSeconds", s.warmUpSeconds())
                .add("writers", s.writers()).add("restWriters", s.restWriters()).add("kneeP99Millis", s.kneeP99Millis())
                .add("idleSubscribers", s.idleSubscribers());
    }

    private static JsonObjectBuilder step(StepResult step) {
        return Json.createObjectBuilder().add("path", step.path()).add("targetRate", step.targetRate())
                .add("achievedRate", step.achievedRate()).add("writes", step.writes()).add("errors", step.errors())
                .add("subscribers", step.subscribers()).add("framesPerSecond", step.framesPerSecond())
                .add("commitToFrameMs", latencies(step.commitToFrame())).add("writeToFrameMs", latencies(step.writeToFrame()))
                .add("restAnswerMs", latencies(step.response())).add("clientCores", step.cpu().clientCores())
                .add("serverCores", step.cpu().serverCores()).add("loadAverage", step.cpu().loadAverage())
                .add("late", step.late()).add("duplicated", step.duplicated()).add("reordered", step.reordered());
    }

    private static JsonValue latencies(Latencies latencies) {
        if (latencies == null) {
            return JsonValue.NULL;
        }
        return Json.createObjectBuilder().add("count", latencies.count()).add("p50", latencies.p50()).add("p90", latencies.p90())
                .add("p99", latencies.p99()).add("max", latencies.max()).build();
    }

    private static JsonObjectBuilder counts(DatabaseActivity.Counts counts) {
        return Json.createObjectBuilder().add("tableScans", counts.tableScans()).add("tuplesRead", counts.tuplesRead())
                .add("transactions", counts.transactions()).add("tuplesReturned", counts.tuplesReturned());
    }
}
