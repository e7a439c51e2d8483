package io.syncline.relay;

import io.syncline.journal.CommittedTransaction;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Topic;

/**
 * Sends committed transactions, in the order it is given them, to the changes topic; and
 * wake-ups, with which a server tells the sequencer on another server that a transaction
 * committed, to the wake-up topic. Every message names its journal.
 */
@ApplicationScoped
class ChangePublisher {

    @Resource(lookup = ChangeTopic.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource(lookup = ChangeTopic.CHANGES)
    Topic changes;

    @Resource(lookup = ChangeTopic.WAKE_UPS)
    Topic wakeUps;

    public void send(String journal, CommittedTransaction tx) {
        try (JMSContext jms = connectionFactory.createContext()) {
            jms.createProducer().setProperty(ChangeTopic.JOURNAL, journal).send(changes, Messages.encode(jms, tx));
        } catch (JMSException e) {
            throw new JMSRuntimeException("Cannot encode transaction " + tx.tx(), e.getErrorCode(), e);
        }
    }

    void sendWakeUp(String journal) {
        try (JMSContext jms = connectionFactory.createContext()) {
            jms.createProducer().setProperty(ChangeTopic.JOURNAL, journal).send(wakeUps, "");
        }
    }
}
