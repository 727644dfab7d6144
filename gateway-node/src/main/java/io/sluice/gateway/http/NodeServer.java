package io.sluice.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.DirectHandler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.DirectHandlers;
import io.sluice.gateway.config.GatewayConfig.ServerSettings;
import io.sluice.gateway.pipeline.Gateway;
import io.sluice.gateway.telemetry.AccessLog;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Builds and starts the Helidon web server of a node. */
public final class NodeServer implements AutoCloseable {

    private static final long DRAIN_FACTOR = 4;

    private final WebServer server;
    private final DisconnectWatcher watcher;

    private NodeServer(WebServer server, DisconnectWatcher watcher) {
        this.server = server;
        this.watcher = watcher;
    }

    /**
     * Starts the server.
     *
     * @param ready        whether the node can serve requests, for the readiness check
     * @param clusterState cluster facts shown by the health checks
     */
    public static NodeServer start(ServerSettings settings, Gateway gateway, AccessLog accessLog,
                                   BooleanSupplier ready, Supplier<ObjectNode> clusterState) {
        DisconnectWatcher watcher = new DisconnectWatcher();
        Exchange exchange = new Exchange(gateway.telemetry(), accessLog, watcher, settings.maxBodyBytes(),
                settings.requestTimeout());
        ApiRoutes routes = new ApiRoutes(gateway, exchange, ready, clusterState, settings.adminKeySha256());
        JsonDirectHandler direct = new JsonDirectHandler(settings.maxBodyBytes());
        DirectHandlers.Builder directHandlers = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            directHandlers.addHandler(type, direct);
        }
        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                // Helidon rejects bodies over this hard limit before the handler runs. Exchange reads and
                // discards bodies between the configured limit and this one, so their 413 arrives intact.
                .maxPayloadSize(Math.min(Integer.MAX_VALUE, settings.maxBodyBytes() * DRAIN_FACTOR))
                // Each stream event is flushed on its own. Without TCP_NODELAY, Nagle's algorithm and the
                // client's delayed ACK would hold every other small write back by tens of milliseconds.
                .connectionOptions(options -> options.tcpNoDelay(true))
                .directHandlers(directHandlers.build())
                .routing(routes::register)
                .build()
                .start();
        if (!server.isRunning()) {
            watcher.close();
            throw new IllegalStateException("The HTTP listener could not start on " + settings.host() + ":"
                    + settings.port() + "; is the port already in use?");
        }
        return new NodeServer(server, watcher);
    }

    /** Returns the bound port. */
    public int port() {
        return server.port();
    }

    /** Tells whether the server is accepting connections. */
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public void close() {
        server.stop();
        watcher.close();
    }
}
