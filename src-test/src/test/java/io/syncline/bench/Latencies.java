package io.syncline.bench;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency, in milliseconds, from a histogram of microseconds. */
record Latencies(long count, double p50, double p90, double p99, double max) {

    /** Null when the histogram is null or empty: not measured. */
    static Latencies of(Histogram micros) {
        if (micros == null || micros.getTotalCount() == 0) {
            return null;
        }
        return new Latencies(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** {@code p50 / p90 / p99 / max} in ms, or "n/a". */
    static String format(Latencies latencies) {
        return latencies == null ? "n/a" : String.format("%.1f / %.1f / %.1f / %.0f", latencies.p50, latencies.p90, latencies.p99, latencies.max);
    }
}
