package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The session worker's scheduling, with an executor the test steps by hand. */
class WorkerTest {

    /** Runs nothing until told: the test decides when each submitted run happens. */
    private final Deque<Runnable> submitted = new ArrayDeque<>();
    private final List<RuntimeException> failures = new ArrayList<>();
    private boolean open = true;

    private Worker worker(Worker.Job job) {
        return new Worker(submitted::add, job, e -> {
            failures.add(e);
            open = false; // as a session does: it closes
        }, () -> open, TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void aWakeUpWhileRunningIsNotLostAndStartsNoSecondRun() {
        int[] passes = {0};
        Worker[] self = new Worker[1];
        self[0] = worker(until -> {
            passes[0]++;
            if (passes[0] == 1) {
                self[0].schedule(); // more work arrives during the first pass
            }
            return Worker.Progress.IDLE;
        });

        self[0].schedule();
        self[0].schedule(); // already scheduled: no second run

        assertThat(submitted).hasSize(1);
        submitted.poll().run();
        assertThat(passes[0]).as("the wake-up during the pass made another pass").isEqualTo(2);
        assertThat(submitted).isEmpty();
    }

    @Test
    void workThatMovesGoesOnUntilIdleAndABlockedOneWaitsForItsCallBack() {
        int[] left = {3};
        boolean[] blocked = {false};
        Worker worker = worker(until -> {
            if (blocked[0]) {
                return Worker.Progress.BLOCKED;
            }
            return left[0]-- > 0 ? Worker.Progress.MOVED : Worker.Progress.IDLE;
        });

        worker.schedule();
        submitted.poll().run();
        assertThat(left[0]).isEqualTo(-1);

        blocked[0] = true;
        worker.schedule();
        submitted.poll().run();
        assertThat(submitted).as("a blocked worker holds no run").isEmpty();
        worker.schedule(); // the call back
        assertThat(submitted).hasSize(1);
    }

    @Test
    void aFailedPassIsReportedAndTheNextWakeUpRunsAgain() {
        boolean[] fail = {true};
        Worker worker = worker(until -> {
            if (fail[0]) {
                throw new IllegalStateException("the database went away");
            }
            return Worker.Progress.IDLE;
        });

        worker.schedule();
        submitted.poll().run();
        assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("database"));
        assertThat(submitted).as("a closed session's worker does not go on by itself").isEmpty();

        fail[0] = false;
        worker.schedule();
        assertThat(submitted).as("it is not left marked as running").hasSize(1);
    }
}
