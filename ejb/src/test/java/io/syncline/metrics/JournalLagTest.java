package io.syncline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JournalLagTest {

    private final JournalLag lag = new JournalLag();

    @Test
    void changesNumberedButNotYetPublishedAreTheLag() {
        lag.published(100);
        lag.committedWaiting(5);
        lag.numbered(5, 105);

        assertThat(lag.changes()).isEqualTo(5);

        lag.published(103);
        assertThat(lag.changes()).isEqualTo(2);
        lag.published(105);
        assertThat(lag.changes()).isZero();
    }

    @Test
    void committedChangesLeftForTheNextRoundCountToo() {
        lag.published(100);
        lag.committedWaiting(2_500);
        lag.numbered(1_000, 1_100);
        lag.published(1_100);

        assertThat(lag.changes()).isEqualTo(1_500);
    }

    @Test
    void publicationNeverGoesBackAndTheLagIsNeverNegative() {
        lag.committedWaiting(0);
        lag.numbered(0, 50);
        lag.published(60); // republished after a failover, or numbered by another server before
        lag.published(40);

        assertThat(lag.changes()).isZero();
    }
}
