package io.syncline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequencerLoopTest {

    @Test
    void aFollowerTriesAgainJustAfterTheHoldersLeaseRunsOutWhenThatComesBeforeItsNextTry() {
        assertThat(SequencerLoop.untilRunsOut(10_400, 10_000, 1_000)).isEqualTo(401);
    }

    @Test
    void aFollowerKeepsItsPaceWhileTheLeaseLastsLonger() {
        assertThat(SequencerLoop.untilRunsOut(15_000, 10_000, 1_000)).isEqualTo(1_000);
    }

    @Test
    void aLeaseThatRanOutMeansTryingAtOnce() {
        assertThat(SequencerLoop.untilRunsOut(9_000, 10_000, 1_000)).isZero();
    }
}
