package io.syncline.journal;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import io.syncline.config.Settings;
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
    Sequencing sequencing;

    @Inject
    Settings settings;

    @Schedule(hour = "*", minute = "*", persistent = false)
    void purge() {
        try {
            sequencing.purge(settings.journalMaxAge(), settings.journalMaxRows());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Journal purge failed; the next run tries again", e);
        }
    }
}
