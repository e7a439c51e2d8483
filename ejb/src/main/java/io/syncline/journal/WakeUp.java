package io.syncline.journal;

/**
 * A CDI event: committed changes wait to be numbered. The relay wakes the sequencer that holds the
 * lease: this server's, or, when {@code anyServer}, the one of whichever server holds it (through
 * the wake-up topic). A database notification, which every server hears, is not passed on.
 */
public record WakeUp(boolean anyServer) {
}
