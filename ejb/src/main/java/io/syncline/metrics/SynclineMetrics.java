package io.syncline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Syncline's meters for operators, in a Prometheus registry of the application's own (Micrometer,
 * bundled with the engine, so the same on every server; nothing is shared with the server's or
 * another application's registry). The README's "Metrics" section lists each meter and its meaning.
 *
 * <p>Counting is cheap: every meter is created once, here, and each stage counts once per batch
 * (a transaction, a sequencer round, a subscription's group) with an adder, never looking a meter
 * up by name. What is summed over the sessions is counted only when the registry is scraped.
 */
@ApplicationScoped
public class SynclineMetrics {

    /** Reset reasons with a counter of their own (the protocol's reasons; see README, "Wire protocol"). */
    static final String[] RESET_REASONS = {"offset-expired", "offset-unknown"};

    /** Buckets of the commit → send histogram: milliseconds to seconds. */
    static final Duration[] LATENCY_BUCKETS = {
            ms(1), ms(2), ms(5), ms(10), ms(20), ms(50), ms(100), ms(200), ms(500),
            ms(1_000), ms(2_000), ms(5_000), ms(10_000), ms(30_000)};

    private PrometheusMeterRegistry registry;
    private Counter capturedByListener;
    private Counter capturedByTrigger;
    private Counter sequenced;
    private Counter published;
    private Counter delivered;
    private Counter receivedFromTopic;
    private Counter readFromJournal;
    private Counter slowConsumerCloses;
    private Counter resumes;
    private Map<String, Counter> resets;
    private Timer commitToSend;

    private final JournalLag lag = new JournalLag();
    private volatile BooleanSupplier sequencerLeader = () -> false;
    private volatile Supplier<SessionCounts> census = () -> SessionCounts.NONE;
    /** The sessions as counted at the start of the scrape in progress. */
    private volatile SessionCounts sessions = SessionCounts.NONE;

    @PostConstruct
    void create() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        capturedByListener = Counter.builder("syncline.changes.captured").tag("by", "listener")
                .description("Changes journaled by the entity listener in transactions that committed on this server")
                .register(registry);
        capturedByTrigger = Counter.builder("syncline.changes.captured").tag("by", "trigger")
                .description("Changes journaled by the capture triggers (PostgreSQL), counted when this server's sequencer numbers them")
                .register(registry);
        sequenced = Counter.builder("syncline.changes.sequenced")
                .description("Changes this server's sequencer gave an offset")
                .register(registry);
        published = Counter.builder("syncline.changes.published")
                .description("Changes this server's sequencer published to the changes topic (again after a failover)")
                .register(registry);
        String received = "Changes this server's stream took in: from the changes topic, or read from the journal"
                + " to fill a gap (a message lost or late, a broken bridge between the brokers)";
        receivedFromTopic = Counter.builder("syncline.changes.received").tag("from", "topic").description(received).register(registry);
        readFromJournal = Counter.builder("syncline.changes.received").tag("from", "journal").description(received).register(registry);
        delivered = Counter.builder("syncline.changes.delivered")
                .description("Changes sent to subscriptions on this server: one per subscription that receives the change")
                .register(registry);
        slowConsumerCloses = Counter.builder("syncline.slow.consumer.closes")
                .description("Sessions closed with 4008 because their reader did not keep up")
                .register(registry);
        resumes = Counter.builder("syncline.resumes")
                .description("Subscriptions that resumed with since")
                .register(registry);
        resets = new HashMap<>();
        for (String reason : RESET_REASONS) {
            resets.put(reason, Counter.builder("syncline.resets").tag("reason", reason)
                    .description("Subscriptions answered with reset: the client takes a new snapshot")
                    .register(registry));
        }
        resets = Map.copyOf(resets);
        commitToSend = Timer.builder("syncline.commit.to.send")
                .description("From a transaction's commit to its changes frame being handed to a subscriber's send queue")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .minimumExpectedValue(LATENCY_BUCKETS[0])
                .maximumExpectedValue(LATENCY_BUCKETS[LATENCY_BUCKETS.length - 1])
                .register(registry);

        Gauge.builder("syncline.sessions", () -> sessions.sessions())
                .description("Open WebSocket sessions").register(registry);
        Gauge.builder("syncline.subscriptions", () -> sessions.subscriptions())
                .description("Open subscriptions over all sessions").register(registry);
        Gauge.builder("syncline.send.queue.frames", () -> sessions.queuedFrames())
                .description("Frames waiting in the send queues of all sessions").register(registry);
        Gauge.builder("syncline.send.queue.deepest.frames", () -> sessions.deepestQueue())
                .description("Frames waiting in the deepest send queue of one session").register(registry);
        Gauge.builder("syncline.send.queue.backlogged.sessions", () -> sessions.backloggedSessions())
                .description("Sessions whose send queue is more than half full: their subscriptions wait for room")
                .register(registry);
        Gauge.builder("syncline.sequencer.leader", () -> sequencerLeader.getAsBoolean() ? 1 : 0)
                .description("1 on the server whose sequencer holds the lease (numbers and publishes the changes), else 0")
                .register(registry);
        Gauge.builder("syncline.journal.lag.changes", () -> sequencerLeader.getAsBoolean() ? lag.changes() : 0)
                .description("Committed changes not yet published, as of the sequencer's last round (0 on servers without the lease)")
                .register(registry);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** The registry in Prometheus' text format (version 0.0.4), sessions counted now. */
    public String scrape() {
        sessions = census.get();
        return registry.scrape();
    }

    /** How the delivery counts its sessions, when a scrape asks. */
    public void sessions(Supplier<SessionCounts> census) {
        this.census = census;
    }

    /** Whether this server's sequencer holds the lease (only its journal lag means something). */
    public void sequencerLeader(BooleanSupplier leader) {
        this.sequencerLeader = leader;
    }

    /** A transaction that journaled {@code changes} through the entity listener committed. */
    public void captured(int changes) {
        capturedByListener.increment(changes);
    }

    /** The sequencer found {@code changes} rows journaled by the capture triggers. */
    public void capturedByTrigger(int changes) {
        if (changes > 0) {
            capturedByTrigger.increment(changes);
        }
    }

    /** A sequencer round found {@code changes} committed changes waiting to be numbered. */
    public void committedWaiting(long changes) {
        lag.committedWaiting(changes);
    }

    /** A sequencer round numbered {@code changes} changes, through {@code lastOffset}. */
    public void sequenced(long changes, long lastOffset) {
        if (changes > 0) {
            sequenced.increment(changes);
        }
        lag.numbered(changes, lastOffset);
    }

    /** A transaction of {@code changes} changes, through {@code lastOffset}, went to the topic. */
    public void published(int changes, long lastOffset) {
        published.increment(changes);
        lag.published(lastOffset);
    }

    /**
     * The journal records every offset through {@code offset} as published, by this server or by a
     * sequencer before it (which this one does not publish again).
     */
    public void publishedThrough(long offset) {
        lag.published(offset);
    }

    /**
     * This server's stream took in a transaction of {@code changes} changes, as the topic brought
     * it or, when {@code fromTopic} is false, read from the journal to fill a gap.
     */
    public void received(boolean fromTopic, int changes) {
        (fromTopic ? receivedFromTopic : readFromJournal).increment(changes);
    }

    /** A subscription was sent {@code changes} changes (of one transaction). */
    public void delivered(int changes) {
        if (changes > 0) {
            delivered.increment(changes);
        }
    }

    /**
     * A changes frame of a transaction that committed at {@code committedAtMicros} (epoch
     * microseconds, the writing server's clock) was handed to a send queue now.
     */
    public void commitToSend(long committedAtMicros) {
        if (committedAtMicros > 0) {
            Instant now = Instant.now();
            long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 - committedAtMicros;
            commitToSend.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
        }
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    public void resumed() {
        resumes.increment();
    }

    public void reset(String reason) {
        Counter counter = resets.get(reason);
        if (counter != null) {
            counter.increment();
        }
    }
}
