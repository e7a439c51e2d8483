package io.syncline.relay;

import io.syncline.journal.CommittedTransaction;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.StreamMessage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Receives every committed transaction of this application's journal on this server and hands it
 * to the delivery layer as a {@link CommittedTransaction} CDI event.
 *
 * <p>The subscription is non-durable, so each server gets its own copy of every message (one shared
 * subscription would split them between servers). One session ({@code maxSession=1}) keeps the
 * topic's order; no container transaction per message keeps it fast. Messages of another journal
 * (another application on the same topic) are passed over.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = ChangeTopic.CHANGES),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChangeRelayMDB implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ChangeRelayMDB.class.getName());

    @Inject
    Event<CommittedTransaction> received;

    @Inject
    Relay relay;

    @Override
    public void onMessage(Message message) {
        try {
            if (relay.journalId().equals(message.getStringProperty(ChangeTopic.JOURNAL))
                    && message instanceof StreamMessage stream) {
                received.fire(Messages.decode(stream));
            }
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Cannot relay a change message", e);
        }
    }
}
