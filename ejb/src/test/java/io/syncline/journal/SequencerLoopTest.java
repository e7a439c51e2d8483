package io.syncline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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

    @Test
    void anInterruptThatDoesNotComeFromStopDoesNotEndTheLoop() throws InterruptedException {
        Semaphore rounds = new Semaphore(0);
        Sequencing sequencing = new Sequencing() {
            @Override
            public Round round(String owner, Duration lease, long publishedThrough) {
                rounds.release();
                return new Round(true, -1, -1, List.of(), 0, false);
            }
        };
        AtomicReference<Thread> thread = new AtomicReference<>();
        SequencerLoop loop = new SequencerLoop("test", sequencing, null, tx -> { }, Duration.ofHours(1), Duration.ofHours(1));
        loop.start(task -> {
            thread.set(Executors.defaultThreadFactory().newThread(task));
            return thread.get();
        });
        try {
            assertThat(rounds.tryAcquire(10, TimeUnit.SECONDS)).as("first round").isTrue();
            // It waits for a wake-up now (its poll is an hour): an interrupt must not end it.
            thread.get().interrupt();
            loop.wake();
            assertThat(rounds.tryAcquire(10, TimeUnit.SECONDS)).as("a round after the interrupt").isTrue();
            assertThat(thread.get().isAlive()).isTrue();
        } finally {
            loop.stop(false);
        }
        assertThat(thread.get().isAlive()).as("stopped by stop()").isFalse();
    }
}
