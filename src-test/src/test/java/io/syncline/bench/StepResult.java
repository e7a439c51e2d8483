package io.syncline.bench;

/**
 * One step of the load benchmark: a writer path at a target rate, what it reached, what the
 * subscribers received and how late, what it cost in CPU, and the stream's order: {@code late}
 * counts the changes that had not arrived when the step ended (lost ones are counted at the end).
 */
record StepResult(String path, double targetRate, double achievedRate, long writes, long errors, int subscribers,
                  double framesPerSecond, Latencies writeToFrame, Latencies commitToFrame, Latencies response,
                  CpuMeter.Usage cpu, long late, long duplicated, long reordered) {

    /** Whether the step reached at least {@code share} of its target rate (an unpaced step always does). */
    boolean reached(double share) {
        return targetRate <= 0 || achievedRate >= share * targetRate;
    }

    /** The latency the knee is judged on: commit to frame where known, else write to frame. */
    Latencies judged() {
        return commitToFrame != null ? commitToFrame : writeToFrame;
    }

    String targetLabel() {
        return targetRate <= 0 ? "unpaced" : String.format("%.0f", targetRate);
    }
}
