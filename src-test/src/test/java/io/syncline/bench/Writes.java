package io.syncline.bench;

import org.HdrHistogram.Histogram;

/** What one writer run did, through REST or in the server. */
interface Writes {

    WrittenCards cards();

    /** From the first intended start to the last completed write. */
    long elapsedMicros();

    long errors();

    String firstError();

    /** Intended start to the writer's answer, where the writer sees one (REST); null otherwise. */
    default Histogram response() {
        return null;
    }

    default double achievedRate() {
        return cards().count() / (elapsedMicros() / 1e6);
    }
}
