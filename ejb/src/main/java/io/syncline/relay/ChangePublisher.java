package io.syncline.relay;

import io.syncline.capture.EntityChange;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Topic;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes committed transactions to the JMS topic, one at a time and in the order their offsets
 * were given, from one container-managed thread.
 *
 * <p>Offsets here are provisional: they are numbered on this server in the order its transactions
 * committed. The commit-ordered, cluster-wide journal replaces them.
 */
@ApplicationScoped
public class ChangePublisher {

    private static final Logger LOG = Logger.getLogger(ChangePublisher.class.getName());

    @Resource(lookup = ChangeTopic.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource(lookup = ChangeTopic.JNDI_NAME)
    Topic topic;

    @Resource
    ManagedThreadFactory threads;

    private final BlockingQueue<CommittedTransaction> outbox = new LinkedBlockingQueue<>();
    private long nextOffset = 1;
    private volatile boolean running;
    private Thread worker;

    synchronized void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (worker != null) {
            return; // each module of the EAR announces the application scope
        }
        running = true;
        worker = threads.newThread(this::publishLoop);
        worker.setName("syncline-publisher");
        worker.start();
    }

    /** Called once a transaction has committed: gives its changes their offsets and queues them. */
    public void publish(List<EntityChange> changes) {
        String tx = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        synchronized (this) {
            CommittedTransaction committed = new CommittedTransaction(tx, nextOffset, changes);
            nextOffset = committed.lastOffset() + 1;
            outbox.add(committed);
        }
    }

    private void publishLoop() {
        try (JMSContext jms = connectionFactory.createContext()) {
            JMSProducer producer = jms.createProducer();
            while (running) {
                CommittedTransaction next = outbox.poll(1, TimeUnit.SECONDS);
                if (next != null) {
                    producer.send(topic, next.toJson());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Syncline stopped publishing changes", e);
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
