package io.syncline.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * CPU used by this client process and by the server process over a stretch of wall time, in
 * cores (1.0 = one core busy all along); and the machine's load average at the end, since other
 * programs share the cores.
 */
final class CpuMeter {

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final ServerProbe server;
    private final long startNanos;
    private final long clientStart;
    private final long serverStart;

    /** CPU in cores over the measured stretch. */
    record Usage(double clientCores, double serverCores, double loadAverage) {
    }

    private CpuMeter(ServerProbe server) {
        this.server = server;
        this.serverStart = server.stats(false).cpuNanos();
        this.clientStart = OS.getProcessCpuTime();
        this.startNanos = System.nanoTime();
    }

    static CpuMeter start(ServerProbe server) {
        return new CpuMeter(server);
    }

    Usage stop() {
        long wall = System.nanoTime() - startNanos;
        long client = OS.getProcessCpuTime() - clientStart;
        long serverCpu = server.stats(false).cpuNanos() - serverStart;
        return new Usage(client / (double) wall, serverCpu / (double) wall, OS.getSystemLoadAverage());
    }
}
