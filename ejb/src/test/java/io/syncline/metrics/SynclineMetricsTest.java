package io.syncline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meters under the names the README documents, in Prometheus' text format. */
class SynclineMetricsTest {

    private final SynclineMetrics metrics = new SynclineMetrics();

    @BeforeEach
    void create() {
        metrics.create();
    }

    @Test
    void countersAreScrapedUnderTheirPrometheusNames() {
        metrics.captured(3);
        metrics.capturedByTrigger(2);
        metrics.sequenced(5, 5);
        metrics.published(5, 5);
        metrics.delivered(4);
        metrics.delivered(0);
        metrics.slowConsumerClosed();
        metrics.resumed();
        metrics.resumed();
        metrics.reset("offset-expired");
        metrics.reset("not-a-reason");

        String text = metrics.scrape();

        assertThat(text).contains(
                "syncline_changes_captured_total{by=\"listener\"} 3.0",
                "syncline_changes_captured_total{by=\"trigger\"} 2.0",
                "syncline_changes_sequenced_total 5.0",
                "syncline_changes_published_total 5.0",
                "syncline_changes_delivered_total 4.0",
                "syncline_slow_consumer_closes_total 1.0",
                "syncline_resumes_total 2.0",
                "syncline_resets_total{reason=\"offset-expired\"} 1.0",
                "syncline_resets_total{reason=\"offset-unknown\"} 0.0");
    }

    @Test
    void sessionGaugesAreCountedWhenScraped() {
        int[] censuses = {0};
        metrics.sessions(() -> {
            censuses[0]++;
            return new SessionCounts(2, 3, 40, 30, 1);
        });

        String text = metrics.scrape();

        assertThat(censuses[0]).as("one census per scrape, whatever the number of gauges").isEqualTo(1);
        assertThat(text).contains("syncline_sessions 2.0", "syncline_subscriptions 3.0",
                "syncline_send_queue_frames 40.0", "syncline_send_queue_deepest_frames 30.0",
                "syncline_send_queue_backlogged_sessions 1.0");
    }

    @Test
    void journalLagIsReportedOnlyWhereTheSequencerHoldsTheLease() {
        metrics.committedWaiting(7);
        metrics.sequenced(7, 7);

        assertThat(metrics.scrape()).contains("syncline_journal_lag_changes 0.0");

        metrics.sequencerLeader(() -> true);
        assertThat(metrics.scrape()).contains("syncline_journal_lag_changes 7.0");
        metrics.published(7, 7);
        assertThat(metrics.scrape()).contains("syncline_journal_lag_changes 0.0");
    }

    @Test
    void commitToSendIsAHistogramInSecondsWithMillisecondBuckets() {
        Instant now = Instant.now();
        long micros = TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1_000;
        metrics.commitToSend(micros - 3_000);  // 3 ms ago
        metrics.commitToSend(0);               // no commit time known: not recorded

        String text = metrics.scrape();

        assertThat(text).contains("syncline_commit_to_send_seconds_count 1",
                "syncline_commit_to_send_seconds_bucket{le=\"0.001\"} 0",
                "syncline_commit_to_send_seconds_bucket{le=\"0.005\"} 1",
                "syncline_commit_to_send_seconds_bucket{le=\"+Inf\"} 1");
    }
}
