package io.syncline.journal;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Purges the journal every minute. It keeps changes for {@code syncline.journal.max-age}
 * (ISO-8601 duration, default P7D) and at most {@code syncline.journal.max-rows} changes (default
 * 1,000,000), whichever keeps fewer; a client that resumes from an offset older than that gets
 * {@code reset}. Unpublished changes are never purged.
 */
@Singleton
public class JournalRetention {

    private static final Logger LOG = Logger.getLogger(JournalRetention.class.getName());

    @Inject
    Journal journal;

    @Schedule(hour = "*", minute = "*", persistent = false)
    void purge() {
        try {
            journal.purge(maxAge(), maxRows());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Journal purge failed; the next run tries again", e);
        }
    }

    static Duration maxAge() {
        return Duration.parse(System.getProperty("syncline.journal.max-age", "P7D"));
    }

    static long maxRows() {
        return Long.parseLong(System.getProperty("syncline.journal.max-rows", "1000000"));
    }
}
