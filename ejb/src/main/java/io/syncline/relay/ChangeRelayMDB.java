package io.syncline.relay;

import io.syncline.journal.Sequencer;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receives every committed transaction on this server and hands it to the delivery layer as a
 * {@link CommittedTransaction} CDI event.
 *
 * <p>The subscription is non-durable, so each server gets its own copy of every message (one shared
 * subscription would split them between servers). One session ({@code maxSession=1} in
 * {@code ejb-jar.xml}) keeps the topic's order; no container transaction per message keeps it fast.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = ChangeTopic.JNDI_NAME),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChangeRelayMDB implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ChangeRelayMDB.class.getName());

    @Inject
    Event<CommittedTransaction> received;

    @Inject
    Sequencer sequencer;

    @Override
    public void onMessage(Message message) {
        try {
            if (message.propertyExists(ChangePublisher.WAKE_UP)) {
                sequencer.wakeUpIfLeader();
                return;
            }
            received.fire(CommittedTransaction.fromJson(message.getBody(String.class)));
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Cannot relay a change message", e);
        }
    }
}
