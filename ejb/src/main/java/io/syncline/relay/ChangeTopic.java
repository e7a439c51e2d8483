package io.syncline.relay;

/**
 * The JMS topics the server admin creates (install-syncline.cli, install-syncline.asadmin), by their
 * names on the broker, not by JNDI names: WildFly binds resources under {@code java:} names only,
 * Payara refuses names with a colon, and a name without one is looked up in the component's own
 * environment on WildFly. The MDBs name their topic with the activation property {@code destination}
 * ({@code useJNDI=false} tells Artemis's adapter that it is the broker's name; OpenMQ's takes it so
 * anyway), and the publisher with {@code JMSContext.createTopic}.
 */
final class ChangeTopic {

    /** The topic that carries committed transactions to every server of the cluster. */
    static final String CHANGES = "syncline.changes";

    /**
     * The topic that carries wake-ups to the sequencer that holds the lease, and the servers'
     * presence reports (see {@link #KIND}).
     */
    static final String WAKE_UPS = "syncline.wakeups";

    /** The platform's default connection factory (on WildFly: the pooled one of the embedded Artemis). */
    static final String CONNECTION_FACTORY = "java:comp/DefaultJMSConnectionFactory";

    /** The message property that names the journal a message belongs to. */
    static final String JOURNAL = "synclineJournal";

    /** The message property that marks a presence report on the wake-up topic (a wake-up has none). */
    static final String KIND = "synclineKind";

    /** {@link #KIND}'s value for a presence report. */
    static final String PRESENCE = "presence";

    private ChangeTopic() {
    }
}
