package io.syncline.relay;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Topic;

/** Sends committed transactions, in the order it is given them, to the JMS topic. */
@ApplicationScoped
public class ChangePublisher {

    @Resource(lookup = ChangeTopic.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource(lookup = ChangeTopic.JNDI_NAME)
    Topic topic;

    public void send(CommittedTransaction tx) {
        try (JMSContext jms = connectionFactory.createContext()) {
            jms.createProducer().send(topic, tx.toJson());
        }
    }
}
