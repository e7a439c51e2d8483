package io.syncline.relay;

import io.syncline.journal.WakeUp;
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
 * Receives wake-ups sent by other servers of this journal: only the sequencer that holds the lease
 * has work, and a wake-up is never passed on again. Passes the servers' presence reports on to
 * delivery, as {@link PresenceReport} events.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = ChangeTopic.WAKE_UPS),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "subscriptionDurability", propertyValue = "NonDurable"),
        @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "1")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WakeUpMDB implements MessageListener {

    private static final Logger LOG = Logger.getLogger(WakeUpMDB.class.getName());

    @Inject
    Relay relay;

    @Inject
    Event<PresenceReport> presenceReports;

    @Override
    public void onMessage(Message message) {
        try {
            if (!relay.journalId().equals(message.getStringProperty(ChangeTopic.JOURNAL))) {
                return;
            }
            if (ChangeTopic.PRESENCE.equals(message.getStringProperty(ChangeTopic.KIND))) {
                presenceReports.fire(new PresenceReport(message.getBody(String.class)));
            } else {
                relay.wake(new WakeUp(false));
            }
        } catch (JMSException | RuntimeException e) {
            LOG.log(Level.FINE, "Cannot take a message of the wake-up topic", e);
        }
    }
}
