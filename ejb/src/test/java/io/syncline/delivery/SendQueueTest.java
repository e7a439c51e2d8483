package io.syncline.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SendQueueTest {

    /** A peer that records what it is sent and completes each send when told to (or at once). */
    private static final class RecordingPeer implements Peer {
        final List<String> sent = new ArrayList<>();
        final List<SendHandler> inFlight = new ArrayList<>();
        final List<CloseReason> closes = new ArrayList<>();
        boolean completeAtOnce;
        int pings;

        @Override
        public void sendText(String frame, SendHandler done) {
            sent.add(frame);
            if (completeAtOnce) {
                done.onResult(new SendResult());
            } else {
                inFlight.add(done);
            }
        }

        @Override
        public void sendPing() {
            pings++;
            sent.add("(ping)");
        }

        @Override
        public void close(CloseReason reason) {
            closes.add(reason);
        }

        /** Completes the oldest send in flight. */
        void complete(SendResult result) {
            inFlight.remove(0).onResult(result);
        }
    }

    private final RecordingPeer peer = new RecordingPeer();

    @Test
    void framesGoOutInOrderOneSendAtATime() {
        SendQueue queue = new SendQueue(peer, 10, 1000);
        queue.offer("a");
        queue.offer("b");
        queue.offer("c");

        assertThat(peer.sent).containsExactly("a");
        peer.complete(new SendResult());
        assertThat(peer.sent).containsExactly("a", "b");
        peer.complete(new SendResult());
        peer.complete(new SendResult());
        assertThat(peer.sent).containsExactly("a", "b", "c");
        assertThat(peer.inFlight).isEmpty();
    }

    @Test
    void aReaderThatTakesAHundredThousandWaitingFramesAtOnceCostsNoStackDepth() {
        SendQueue queue = new SendQueue(peer, 200_000, Long.MAX_VALUE);
        queue.offer("first"); // in flight, not completed: the rest waits
        for (int i = 0; i < 100_000; i++) {
            queue.offer("frame " + i);
        }
        peer.completeAtOnce = true; // from now on every send completes inside the call that made it

        peer.complete(new SendResult());

        assertThat(peer.sent).hasSize(100_001).endsWith("frame 99999");
        assertThat(peer.closes).isEmpty();
    }

    @Test
    void aFrameBeyondTheFrameBoundClosesTheSessionAsTooSlowAndNothingMoreIsTaken() {
        SendQueue queue = new SendQueue(peer, 2, 1000);
        assertThat(queue.offer("in flight")).isTrue();
        assertThat(queue.offer("queued 1")).isTrue();
        assertThat(queue.offer("queued 2")).isTrue();

        assertThat(queue.offer("one too many")).isFalse();

        assertThat(peer.closes).singleElement().satisfies(close -> {
            assertThat(close.getCloseCode().getCode()).isEqualTo(4008);
            assertThat(close.getReasonPhrase()).isEqualTo("too slow");
        });
        assertThat(queue.offer("later")).isFalse();
        peer.complete(new SendResult());
        assertThat(peer.sent).containsExactly("in flight");
        assertThat(queue.isClosed()).isTrue();
    }

    @Test
    void charactersAreBoundedTooButALargeFrameAloneIsTaken() {
        SendQueue queue = new SendQueue(peer, 100, 10);
        assertThat(queue.offer("x".repeat(50))).isTrue(); // in flight at once
        assertThat(queue.offer("y".repeat(20))).isTrue(); // alone in the queue

        assertThat(queue.offer("z")).isFalse();
        assertThat(peer.closes).extracting(c -> c.getCloseCode().getCode()).containsExactly(4008);
    }

    @Test
    void roomMeansAtMostHalfTheBoundAndAWaitingProducerIsCalledWhenItComesBack() {
        SendQueue queue = new SendQueue(peer, 4, 1000);
        queue.offer("in flight");
        queue.offer("1");
        queue.offer("2");
        assertThat(queue.hasRoom()).isTrue();
        queue.offer("3");
        assertThat(queue.hasRoom()).isFalse();
        AtomicInteger called = new AtomicInteger();

        queue.whenRoom(called::incrementAndGet);
        assertThat(called).hasValue(0);
        peer.complete(new SendResult()); // "1" goes out: two wait
        assertThat(called).hasValue(1);
        queue.whenRoom(called::incrementAndGet); // room now: at once
        assertThat(called).hasValue(2);
    }

    @Test
    void aFailedSendClosesTheSessionWith1011AndDropsWhatWaits() {
        SendQueue queue = new SendQueue(peer, 10, 1000);
        queue.offer("a");
        queue.offer("b");

        peer.complete(new SendResult(new IOException("broken pipe")));

        assertThat(peer.closes).extracting(c -> c.getCloseCode().getCode()).containsExactly(1011);
        assertThat(peer.sent).containsExactly("a");
        assertThat(queue.offer("c")).isFalse();
    }

    @Test
    void aSendStillInFlightAfterTheSendTimeoutClosesTheSessionAsTooSlowAndNothingMoreIsTaken() {
        SendQueue queue = new SendQueue(peer, 10, 1000);
        long before = System.nanoTime();
        queue.offer("a");
        queue.offer("b");
        long timeout = 1_000_000_000L;

        assertThat(queue.closeIfStalled(before + timeout / 2, timeout)).isFalse();
        assertThat(queue.closeIfStalled(System.nanoTime() + timeout + 1, timeout)).isTrue();

        assertThat(peer.closes).extracting(c -> c.getCloseCode().getCode()).containsExactly(4008);
        assertThat(queue.offer("c")).isFalse();
        peer.complete(new SendResult()); // the reader takes "a" at last: nothing more follows
        assertThat(peer.sent).containsExactly("a");
    }

    @Test
    void aQueueWithNoSendInFlightIsNeverStalled() {
        SendQueue queue = new SendQueue(peer, 10, 1000);
        peer.completeAtOnce = true;
        queue.offer("a");

        assertThat(queue.closeIfStalled(System.nanoTime() + 10_000_000_000L, 1)).isFalse();
        assertThat(peer.closes).isEmpty();
    }

    @Test
    void aHeartbeatPingGoesAheadOfTheFramesWaiting() {
        SendQueue queue = new SendQueue(peer, 10, 1000);
        queue.offer("a");
        queue.offer("b");

        queue.ping();
        peer.complete(new SendResult());

        assertThat(peer.sent).containsExactly("a", "(ping)", "b");
    }
}
