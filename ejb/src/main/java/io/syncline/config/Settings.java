package io.syncline.config;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every setting of Syncline, read once at startup through MicroProfile Config: system properties
 * ({@code -Dsyncline.heartbeat=PT10S}), environment variables ({@code SYNCLINE_HEARTBEAT}) and the
 * application's {@code META-INF/microprofile-config.properties}, in that order. The defaults are
 * here and nowhere else; the README's "Configuration" table lists them. A value that does not parse
 * stops the application with the property's name.
 */
@ApplicationScoped
public class Settings {

    /** The JNDI name of the persistence unit's JTA datasource; no default. */
    public static final String DATASOURCE = "syncline.datasource";

    private String datasource;
    private boolean captureTriggers;
    private Duration sequencerLease;
    private Duration sequencerPoll;
    private Duration journalMaxAge;
    private long journalMaxRows;
    private Duration heartbeat;
    private Duration sendTimeout;
    private int maxSessionsPerUser;
    private Set<String> allowedOrigins;
    private String nodeName;
    private boolean metricsEnabled;

    @PostConstruct
    void read() {
        Config config = ConfigProvider.getConfig(Settings.class.getClassLoader());
        datasource = config.getOptionalValue(DATASOURCE, String.class).orElse(null);
        captureTriggers = config.getOptionalValue("syncline.capture.triggers", Boolean.class).orElse(true);
        sequencerLease = duration(config, "syncline.sequencer.lease", "PT5S");
        sequencerPoll = duration(config, "syncline.sequencer.poll", "PT1S");
        journalMaxAge = duration(config, "syncline.journal.max-age", "P7D");
        journalMaxRows = config.getOptionalValue("syncline.journal.max-rows", Long.class).orElse(1_000_000L);
        heartbeat = duration(config, "syncline.heartbeat", "PT30S");
        sendTimeout = duration(config, "syncline.send-timeout", "PT60S");
        maxSessionsPerUser = config.getOptionalValue("syncline.max-sessions-per-user", Integer.class).orElse(16);
        allowedOrigins = Arrays.stream(config.getOptionalValue("syncline.allowed-origins", String.class).orElse("").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        nodeName = config.getOptionalValue("syncline.node-name", String.class)
                .or(() -> config.getOptionalValue("jboss.node.name", String.class))
                .or(() -> config.getOptionalValue("com.sun.aas.instanceName", String.class))
                .orElse("server");
        metricsEnabled = config.getOptionalValue("syncline.metrics.enabled", Boolean.class).orElse(true);
    }

    private static Duration duration(Config config, String property, String defaultValue) {
        String text = config.getOptionalValue(property, String.class).orElse(defaultValue);
        try {
            return Duration.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(property + " must be an ISO-8601 duration such as PT5S, not '" + text + "'", e);
        }
    }

    /** {@code syncline.datasource}: the JNDI name of the JTA datasource of the synced persistence unit. */
    public String datasource() {
        if (datasource == null || datasource.isBlank()) {
            throw new IllegalStateException("Set " + DATASOURCE + " to the JNDI name of the JTA datasource of your"
                    + " synced persistence unit (for instance in META-INF/microprofile-config.properties)");
        }
        return datasource;
    }

    /** {@code syncline.capture.triggers} (true): on PostgreSQL, install the capture triggers at startup. */
    public boolean captureTriggers() {
        return captureTriggers;
    }

    /** {@code syncline.sequencer.lease} (PT5S): how soon another server takes over a dead sequencer. */
    public Duration sequencerLease() {
        return sequencerLease;
    }

    /** {@code syncline.sequencer.poll} (PT1S): how often the sequencer looks for work without a wake-up. */
    public Duration sequencerPoll() {
        return sequencerPoll;
    }

    /** {@code syncline.journal.max-age} (P7D): changes older than this are purged. */
    public Duration journalMaxAge() {
        return journalMaxAge;
    }

    /** {@code syncline.journal.max-rows} (1000000): at most this many changes are kept. */
    public long journalMaxRows() {
        return journalMaxRows;
    }

    /** {@code syncline.heartbeat} (PT30S): how often each WebSocket session is pinged. */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** {@code syncline.send-timeout} (PT60S): a session whose send takes longer is closed with 4008. */
    public Duration sendTimeout() {
        return sendTimeout;
    }

    /** {@code syncline.max-sessions-per-user} (16): a user's open WebSocket sessions at most. */
    public int maxSessionsPerUser() {
        return maxSessionsPerUser;
    }

    /** {@code syncline.allowed-origins} (none): origins besides the server's own that may open a WebSocket. */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * {@code syncline.node-name} (else WildFly's {@code jboss.node.name}, else Payara's instance name
     * {@code com.sun.aas.instanceName}, else "server"): this server's name in the sequencer lease.
     */
    public String nodeName() {
        return nodeName;
    }

    /** {@code syncline.metrics.enabled} (true): whether {@code /syncline/metrics} serves the meters (else 404). */
    public boolean metricsEnabled() {
        return metricsEnabled;
    }
}
