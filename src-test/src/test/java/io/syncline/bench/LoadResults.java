package io.syncline.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything one run of the load benchmark measured on one database, as the report shows it. */
final class LoadResults {

    static final double REACHED_SHARE = 0.95;
    static final double GOAL_CEILING_RATIO = 0.6;
    static final double GOAL_CAPTURE_RATIO = 0.85;
    static final double GOAL_REPLAY_RATE = 50_000;
    static final double GOAL_IDLE_CONNECT_SECONDS = 10;
    static final long GOAL_IDLE_HEAP = 1L << 30;

    final String database;
    final LoadSettings settings;
    final String startedAt;
    final double loadAverageAtStart;
    final List<StepResult> steps = new ArrayList<>();
    StepResult unpaced;
    BroadcastCeiling.Ceiling ceiling;
    double captureOnRate;
    double captureOffRate;
    ReplayProbe.Replay replay;
    IdleSubscribersCheck.Outcome idle;
    SlowConsumerCheck.Outcome slow;
    String metrics;
    /** Cards that never reached a subscriber of their board, counted once the subscribers stopped; -1 when not counted. */
    long lost = -1;

    LoadResults(String database, LoadSettings settings, String startedAt, double loadAverageAtStart) {
        this.database = database;
        this.settings = settings;
        this.startedAt = startedAt;
        this.loadAverageAtStart = loadAverageAtStart;
    }

    /** The steps of one writer path, in rate order. */
    List<StepResult> steps(String path) {
        return steps.stream().filter(step -> step.path().equals(path)).toList();
    }

    /**
     * The knee of a path: the highest target rate reached at {@value #REACHED_SHARE} of target whose
     * judged p99 (commit to frame, else write to frame) is within the bound.
     */
    Optional<StepResult> knee(String path) {
        return steps(path).stream()
                .filter(step -> step.reached(REACHED_SHARE) && step.judged() != null && step.judged().p99() <= settings.kneeP99Millis())
                .reduce((lower, higher) -> higher.targetRate() > lower.targetRate() ? higher : lower);
    }

    double ceilingRatio() {
        return unpaced == null || ceiling == null ? Double.NaN : unpaced.framesPerSecond() / ceiling.framesPerSecond();
    }

    double captureRatio() {
        return captureOnRate / captureOffRate;
    }

    /** Every measured step, for the correctness totals. */
    List<StepResult> allSteps() {
        List<StepResult> all = new ArrayList<>(steps);
        if (unpaced != null) {
            all.add(unpaced);
        }
        if (slow != null) {
            all.add(slow.without());
            all.add(slow.with());
            all.add(slow.after());
        }
        return all;
    }

    long duplicated() {
        return allSteps().stream().mapToLong(StepResult::duplicated).sum();
    }

    long reordered() {
        return allSteps().stream().mapToLong(StepResult::reordered).sum();
    }
}
