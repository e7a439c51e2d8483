package io.syncline.relay;

import io.syncline.journal.CommittedTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Topic;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends committed transactions, in the order it is given them, to the changes topic; and, to the
 * wake-up topic, wake-ups, with which a server tells the sequencer on another server that a
 * transaction committed, and presence reports. Every message names its journal.
 *
 * <p>The messages are not persistent: the journal in the database is what keeps the changes, and a
 * message a broker loses (it stopped, a bridge broke) is a gap that the receiving servers fill from
 * the journal. The brokers need not write each one to their disk first.
 */
@ApplicationScoped
class ChangePublisher {

    private static final Logger LOG = Logger.getLogger(ChangePublisher.class.getName());

    @Resource(lookup = ChangeTopic.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    /**
     * The context the changes go out through, kept from one send to the next (only the sequencer's
     * thread sends changes, one at a time); null before the first and after a failed send.
     */
    private JMSContext changesContext;

    /** The changes topic, as {@link #changesContext} names it. */
    private Topic changes;

    public synchronized void send(String journal, CommittedTransaction tx) {
        try {
            if (changesContext == null) {
                changesContext = connectionFactory.createContext();
                changes = changesContext.createTopic(ChangeTopic.CHANGES);
            }
            changesContext.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT).setProperty(ChangeTopic.JOURNAL, journal)
                    .send(changes, Messages.encode(changesContext, tx));
        } catch (JMSException e) {
            closeChangesContext();
            throw new JMSRuntimeException("Cannot encode transaction " + tx.tx(), e.getErrorCode(), e);
        } catch (RuntimeException e) {
            closeChangesContext(); // the next send starts on a new connection
            throw e;
        }
    }

    @PreDestroy
    synchronized void closeChangesContext() {
        if (changesContext != null) {
            try {
                changesContext.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Closing the changes' JMS context failed", e);
            }
            changesContext = null;
            changes = null;
        }
    }

    void sendPresence(String journal, String report) {
        try (JMSContext jms = connectionFactory.createContext()) {
            jms.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT).setProperty(ChangeTopic.JOURNAL, journal)
                    .setProperty(ChangeTopic.KIND, ChangeTopic.PRESENCE).send(jms.createTopic(ChangeTopic.WAKE_UPS), report);
        }
    }

    void sendWakeUp(String journal) {
        try (JMSContext jms = connectionFactory.createContext()) {
            jms.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT).setProperty(ChangeTopic.JOURNAL, journal).send(jms.createTopic(ChangeTopic.WAKE_UPS), "");
        }
    }
}
