package io.syncline.relay;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;

/**
 * Sends committed transactions, in the order it is given them, to the JMS topic; and wake-ups,
 * with which a server tells the sequencer on another server that a transaction committed.
 */
@ApplicationScoped
public class ChangePublisher {

    @Resource(lookup = ChangeTopic.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource(lookup = ChangeTopic.JNDI_NAME)
    Topic topic;

    /** A message with this property set is a wake-up for the sequencer, not a transaction. */
    public static final String WAKE_UP = "synclineWakeUp";

    public void send(CommittedTransaction tx) {
        try (JMSContext jms = connectionFactory.createContext()) {
            jms.createProducer().send(topic, tx.toJson());
        }
    }

    public void sendWakeUp() {
        try (JMSContext jms = connectionFactory.createContext()) {
            jms.createProducer().setProperty(WAKE_UP, true).send(topic, "");
        }
    }
}
