package io.syncline.relay;

/** JNDI names of the JMS resources the server admin configures (see install-syncline.cli). */
public final class ChangeTopic {

    /** The topic that carries committed transactions to every server of the cluster. */
    public static final String JNDI_NAME = "java:/jms/topic/syncline/changes";

    /** The platform's default connection factory (on WildFly: the pooled one of the embedded Artemis). */
    public static final String CONNECTION_FACTORY = "java:comp/DefaultJMSConnectionFactory";

    private ChangeTopic() {
    }
}
