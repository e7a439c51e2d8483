package io.syncline.bench;

import java.time.Duration;
import java.util.List;

/**
 * Many idle subscribers: how long {@code count} subscribers take to connect and subscribe, and the
 * CPU the client and the server used meanwhile (the client is {@link IdleSockets}, which costs it
 * little); the server's heap with them all connected (after a full GC); and, on PostgreSQL, the
 * database work they cause while nothing is written: the activity of an idle window with them,
 * against one without any subscriber.
 */
final class IdleSubscribersCheck {

    private final ServerProbe server;
    private final DatabaseActivity database;

    IdleSubscribersCheck(ServerProbe server, DatabaseActivity database) {
        this.server = server;
        this.database = database;
    }

    /** What idle subscribers cost; the database counts are null where not measured (H2). */
    record Outcome(int subscribers, double connectSeconds, CpuMeter.Usage connectCpu, long heapUsedAfterGc, long heapMax,
                   DatabaseActivity.Counts withNone, DatabaseActivity.Counts withSubscribers, double windowSeconds) {
    }

    Outcome run(int count, List<Long> boards, double windowSeconds) {
        DatabaseActivity.Counts withNone = idleWindow(windowSeconds);
        CpuMeter cpu = CpuMeter.start(server);
        long start = System.nanoTime();
        try (IdleSockets idle = IdleSockets.subscribe(count, i -> Subscribers.USERS.get(i % Subscribers.USERS.size()),
                i -> Subscriber.subscribeFrame("idle" + i, boards.get(i % boards.size())), Duration.ofMinutes(3))) {
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            CpuMeter.Usage connectCpu = cpu.stop();
            ServerProbe.ServerStats stats = server.stats(true);
            DatabaseActivity.Counts withSubscribers = idleWindow(windowSeconds);
            return new Outcome(idle.size(), connectSeconds, connectCpu, stats.heapUsed(), stats.heapMax(), withNone, withSubscribers, windowSeconds);
        }
    }

    /** The database's activity over a window in which nothing is written; null without a database to ask. */
    private DatabaseActivity.Counts idleWindow(double seconds) {
        if (database == null) {
            return null;
        }
        database.awaitPublished(); // what came before the window is not counted in it
        DatabaseActivity.Counts before = database.counts();
        DatabaseActivity.pause(Duration.ofMillis((long) (seconds * 1000))); // a measurement window, not a wait for a condition
        return database.counts().minus(before);
    }
}
