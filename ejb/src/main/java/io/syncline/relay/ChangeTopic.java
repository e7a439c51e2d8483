package io.syncline.relay;

/** JNDI names of the JMS resources the server admin configures (see install-syncline.cli). */
final class ChangeTopic {

    /** The topic that carries committed transactions to every server of the cluster. */
    static final String CHANGES = "java:/jms/topic/syncline/changes";

    /** The topic that carries wake-ups to the sequencer that holds the lease. */
    static final String WAKE_UPS = "java:/jms/topic/syncline/wakeups";

    /** The platform's default connection factory (on WildFly: the pooled one of the embedded Artemis). */
    static final String CONNECTION_FACTORY = "java:comp/DefaultJMSConnectionFactory";

    /** The message property that names the journal a message belongs to. */
    static final String JOURNAL = "synclineJournal";

    private ChangeTopic() {
    }
}
