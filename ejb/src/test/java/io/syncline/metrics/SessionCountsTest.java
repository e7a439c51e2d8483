package io.syncline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionCountsTest {

    @Test
    void sessionsAreSummedWithTheDeepestQueueAndTheBackloggedOnes() {
        SessionCounts counts = new SessionCounts.Tally()
                .add(2, 0, false)
                .add(1, 700, true)
                .add(0, 12, false)
                .counts();

        assertThat(counts).isEqualTo(new SessionCounts(3, 3, 712, 700, 1));
    }

    @Test
    void noSessionsCountNothing() {
        assertThat(new SessionCounts.Tally().counts()).isEqualTo(SessionCounts.NONE);
    }
}
