package io.syncline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SequencerStateTest {

    private final Instant now = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void nobodyHoldsTheLeaseAtFirst() {
        SequencerState state = SequencerState.first();

        assertThat(state.claimableBy("a", now)).isTrue();
        assertThat(state.heldBy("a", now)).isFalse();
    }

    @Test
    void leaseHolderExcludesOthersUntilItRunsOut() {
        SequencerState state = SequencerState.first();
        state.lease("a", now.plusSeconds(5));

        assertThat(state.heldBy("a", now)).isTrue();
        assertThat(state.claimableBy("a", now)).isTrue();
        assertThat(state.claimableBy("b", now)).isFalse();
        assertThat(state.heldBy("b", now)).isFalse();

        Instant later = now.plusSeconds(5);
        assertThat(state.heldBy("a", later)).isFalse();
        assertThat(state.claimableBy("b", later)).isTrue();
    }

    @Test
    void releasedLeaseIsFreeAtOnce() {
        SequencerState state = SequencerState.first();
        state.lease("a", now.plusSeconds(5));
        state.lease(null, null);

        assertThat(state.claimableBy("b", now)).isTrue();
    }

    @Test
    void watermarksNeverGoBack() {
        SequencerState state = SequencerState.first();
        state.publishedOffset(10);
        state.publishedOffset(7);
        state.purgedOffset(4);
        state.purgedOffset(2);

        assertThat(state.publishedOffset()).isEqualTo(10);
        assertThat(state.purgedOffset()).isEqualTo(4);
    }
}
