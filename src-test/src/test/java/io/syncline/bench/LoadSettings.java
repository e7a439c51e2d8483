package io.syncline.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The load benchmark's sizes, read from system properties {@code bench.load.*} (see {@link LoadBenchmark}). */
record LoadSettings(int subscribers, int boards, int clients, int clientThreads, List<Double> rates, List<Double> restRates,
                    double stepSeconds, double warmUpSeconds, int writers, int changesPerTransaction, int restWriters, double drainSeconds,
                    double kneeP99Millis, double stopP99Millis, double ceilingSeconds, double slowRate, double throughputSeconds,
                    int replayTransactions, int replaySize, int idleSubscribers, double idleSeconds, String metricsUrl,
                    Path reportDirectory) {

    static LoadSettings fromSystemProperties() {
        return new LoadSettings(
                Integer.getInteger("bench.load.subscribers", 1000),
                Integer.getInteger("bench.load.boards", 100),
                Integer.getInteger("bench.load.clients", 4),
                Integer.getInteger("bench.load.client-threads", 2),
                rates("bench.load.rates", "100,250,500,1000,1500,2000"),
                rates("bench.load.rest-rates", "100,250,500"),
                number("bench.load.step-seconds", 10),
                number("bench.load.warm-up-seconds", 5),
                Integer.getInteger("bench.load.writers", 8),
                Integer.getInteger("bench.load.changes-per-transaction", 1),
                Integer.getInteger("bench.load.rest-writers", 16),
                number("bench.load.drain-seconds", 60),
                number("bench.load.knee-p99-ms", 20),
                number("bench.load.stop-p99-ms", 2000),
                number("bench.load.ceiling-seconds", 5),
                number("bench.load.slow-rate", 0),
                number("bench.load.throughput-seconds", 5),
                Integer.getInteger("bench.load.replay-txs", 500),
                Integer.getInteger("bench.load.replay-size", 100),
                Integer.getInteger("bench.load.idle-subscribers", 10_000),
                number("bench.load.idle-seconds", 10),
                System.getProperty("bench.load.metrics.url"),
                Path.of(System.getProperty("bench.load.report-dir", "target/benchmark")));
    }

    private static List<Double> rates(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Double::valueOf).toList();
    }

    private static double number(String property, double defaultValue) {
        String value = System.getProperty(property);
        return value == null ? defaultValue : Double.parseDouble(value);
    }
}
