package io.sluice.gateway.http;

import io.sluice.gateway.upstream.Cancellation;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Cancels requests whose client has gone away, or whose deadline has passed, while they wait on an upstream.
 *
 * <p>Helidon reports a closed client connection only when the next write fails, and a non-stream request
 * writes nothing until the upstream responds, which may take minutes. This watcher therefore reads the
 * kernel's TCP table ({@code /proc/net/tcp} and {@code /proc/net/tcp6}) a few times a second while requests
 * are in flight: once the client's connection leaves the ESTABLISHED state (the client sent FIN and the socket
 * is in CLOSE_WAIT) or vanishes after having been seen (the client sent RST), the request's
 * {@link Cancellation} fires, which aborts the upstream call. Requests younger than
 * {@value #GRACE_MILLIS} ms are not looked up, so short requests cost nothing. The table is read once per tick
 * for all requests.
 *
 * <p>NOTE: on systems without {@code /proc/net/tcp} (anything but Linux) only deadlines are enforced; a
 * client that leaves is noticed at the next write, as Helidon does on its own.
 */
public final class DisconnectWatcher implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(DisconnectWatcher.class.getName());
    private static final long TICK_MILLIS = 100;
    private static final long GRACE_MILLIS = 200;
    private static final long IDLE_MILLIS = 1000;
    private static final String ESTABLISHED = "01";
    private static final Path[] TCP_TABLES = {Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")};

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final boolean tableReadable = Files.isReadable(TCP_TABLES[0]);
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts the watcher thread. */
    public DisconnectWatcher() {
        this.thread = Thread.ofPlatform().name("sluice-disconnect-watcher").daemon().start(this::loop);
    }

    /**
     * Watches one request until the returned handle is closed.
     *
     * @param local          the server side of the client's connection
     * @param remote         the client side of the connection
     * @param deadlineNanos  {@link System#nanoTime()} value after which the request is cancelled
     * @param cancellation   what to fire
     */
    public Watch watch(SocketAddress local, SocketAddress remote, long deadlineNanos, Cancellation cancellation) {
        Watch watch = new Watch(local, remote, deadlineNanos, cancellation);
        watches.add(watch);
        if (watches.size() == 1) {
            // The thread sleeps longer while nothing is watched; wake it for the first watch. If two first
            // watches race and neither wakes it, the idle sleep bounds the delay.
            LockSupport.unpark(thread);
        }
        return watch;
    }

    private void loop() {
        while (running) {
            if (watches.isEmpty()) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
                continue;
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            try {
                tick();
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.WARNING, "Disconnect check failed", e);
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        boolean needTable = false;
        for (Watch watch : watches) {
            if (now - watch.deadlineNanos >= 0) {
                watch.cancellation.cancel(Cancellation.Reason.DEADLINE);
                watches.remove(watch);
            } else if (now - watch.startNanos >= TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS)) {
                needTable = true;
            }
        }
        if (!needTable || !tableReadable) {
            return;
        }
        Map<String, String> states = readStates();
        if (states == null) {
            return;
        }
        for (Watch watch : watches) {
            if (now - watch.startNanos < TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS) || watch.keys() == null) {
                continue;
            }
            String state = null;
            for (String key : watch.keys()) {
                state = state != null ? state : states.get(key);
            }
            if (state != null) {
                watch.seen = true;
            }
            if ((state != null && !state.equals(ESTABLISHED)) || (state == null && watch.seen)) {
                watch.cancellation.cancel(Cancellation.Reason.CLIENT_CLOSED);
                watches.remove(watch);
            }
        }
    }

    /**
     * Reads the TCP tables into connection key (local + remote, as the kernel prints them) → state, or returns
     * {@code null} if a table could not be read completely.
     */
    private static Map<String, String> readStates() {
        Map<String, String> states = new HashMap<>();
        for (Path table : TCP_TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
                reader.readLine();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    String[] fields = line.trim().split("\\s+", 5);
                    if (fields.length >= 4) {
                        states.put(fields[1] + "-" + fields[2], fields[3]);
                    }
                }
            } catch (IOException e) {
                // A partial table would make healthy connections look gone; skip this tick instead.
                LOGGER.log(System.Logger.Level.DEBUG, "Cannot read " + table, e);
                return null;
            }
        }
        return states;
    }

    /** Returns the keys the connection may appear under: the IPv4 table form and the IPv6 table form. */
    static String[] connectionKeys(SocketAddress local, SocketAddress remote) {
        if (!(local instanceof InetSocketAddress localAddress) || !(remote instanceof InetSocketAddress remoteAddress)
                || localAddress.getAddress() == null || remoteAddress.getAddress() == null) {
            return null;
        }
        InetAddress localIp = localAddress.getAddress();
        InetAddress remoteIp = remoteAddress.getAddress();
        String v6 = kernelForm(mapped(localIp), localAddress.getPort()) + "-"
                + kernelForm(mapped(remoteIp), remoteAddress.getPort());
        if (localIp instanceof Inet4Address && remoteIp instanceof Inet4Address) {
            String v4 = kernelForm(localIp.getAddress(), localAddress.getPort()) + "-"
                    + kernelForm(remoteIp.getAddress(), remoteAddress.getPort());
            return new String[] {v4, v6};
        }
        return new String[] {v6};
    }

    private static byte[] mapped(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            return bytes;
        }
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, v6, 12, 4);
        return v6;
    }

    /** Formats an address as the kernel prints it: each 32-bit word in host byte order, then the port. */
    private static String kernelForm(byte[] address, int port) {
        boolean littleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        StringBuilder text = new StringBuilder();
        for (int word = 0; word < address.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                int index = word + (littleEndian ? 3 - i : i);
                text.append(String.format(Locale.ROOT, "%02X", address[index] & 0xff));
            }
        }
        return text.append(':').append(String.format(Locale.ROOT, "%04X", port)).toString();
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }

    /** One watched request; closing it stops the watch. */
    public final class Watch implements AutoCloseable {

        private final SocketAddress local;
        private final SocketAddress remote;
        private final long deadlineNanos;
        private final long startNanos = System.nanoTime();
        private final Cancellation cancellation;
        private String[] keys;
        private boolean keysComputed;
        private boolean seen;

        private Watch(SocketAddress local, SocketAddress remote, long deadlineNanos, Cancellation cancellation) {
            this.local = local;
            this.remote = remote;
            this.deadlineNanos = deadlineNanos;
            this.cancellation = cancellation;
        }

        /** Returns the table keys, computed on the watcher thread the first time a long request needs them. */
        private String[] keys() {
            if (!keysComputed) {
                keys = connectionKeys(local, remote);
                keysComputed = true;
            }
            return keys;
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }
}
