package io.syncline.relay;

import io.syncline.capture.ChangeOp;
import io.syncline.capture.EntityChange;
import io.syncline.journal.CommittedTransaction;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.StreamMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A committed transaction as a JMS message: a stream of its fields, each row's representation as
 * the text it was captured as — nothing is serialized or parsed on the way.
 * Fields: tx, first offset, commit time, count, then per change op, entity, key, version, data (or null).
 */
final class Messages {

    private Messages() {
    }

    static StreamMessage encode(JMSContext jms, CommittedTransaction tx) throws JMSException {
        StreamMessage message = jms.createStreamMessage();
        message.writeString(tx.tx());
        message.writeLong(tx.firstOffset());
        message.writeLong(tx.committedAt());
        message.writeInt(tx.changes().size());
        for (EntityChange change : tx.changes()) {
            message.writeString(change.op().wireName());
            message.writeString(change.entity());
            message.writeString(change.key());
            message.writeLong(change.version());
            message.writeString(change.dataText());
        }
        return message;
    }

    static CommittedTransaction decode(StreamMessage message) throws JMSException {
        String tx = message.readString();
        long first = message.readLong();
        long committedAt = message.readLong();
        int count = message.readInt();
        List<EntityChange> changes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            changes.add(new EntityChange(ChangeOp.fromWireName(message.readString()), message.readString(),
                    message.readString(), message.readLong(), message.readString()));
        }
        return new CommittedTransaction(tx, first, changes, committedAt);
    }
}
