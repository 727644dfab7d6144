package io.sluice.simulator;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.1 server: one platform thread accepts connections, and each connection runs on its own virtual
 * thread until the client closes it, it stays idle too long, or the server closes.
 */
final class HttpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());
    private static final int BACKLOG = 1024;

    /** Maximum time in ms that a kept-alive connection waits for its next request. */
    private static final int IDLE_TIMEOUT_MILLIS = 600_000;

    /** Pause after a failed accept, in milliseconds. */
    private static final long ACCEPT_RETRY_MILLIS = 50;

    private final ServerSocket serverSocket;
    private final RequestHandler handler;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    /** Handles one request that the connection has read. */
    @FunctionalInterface
    interface RequestHandler {
        /** Writes the response to the request on the channel. */
        void handle(HttpRequest request, ResponseChannel channel);
    }

    private HttpServer(ServerSocket serverSocket, RequestHandler handler, int maxHeaderBytes, long maxBodyBytes) {
        this.serverSocket = serverSocket;
        this.handler = handler;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.acceptor = Thread.ofPlatform()
                .name("sluice-simulator-accept-" + serverSocket.getLocalPort())
                .daemon(true)
                .unstarted(this::acceptLoop);
    }

    /** Binds the server socket and starts accepting connections. */
    static HttpServer start(String host, int port, RequestHandler handler, int maxHeaderBytes, long maxBodyBytes)
            throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(new InetSocketAddress(InetAddress.getByName(host), port), BACKLOG);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        HttpServer server = new HttpServer(serverSocket, handler, maxHeaderBytes, maxBodyBytes);
        server.acceptor.start();
        return server;
    }

    /** Returns the bound port. */
    int port() {
        return serverSocket.getLocalPort();
    }

    /** Stops accepting, closes every open connection, and waits briefly for the accept thread to end. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Failed to close the server socket on port " + port(), e);
        }
        for (Socket socket : connections) {
            closeQuietly(socket);
        }
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                connections.add(socket);
                if (closed) {
                    closeQuietly(socket);
                } else {
                    Thread.ofVirtual().name("sluice-simulator-connection").start(() -> serve(socket));
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "Failed to accept a connection on port " + port(), e);
                    pauseAfterAcceptFailure();
                }
            }
        }
    }

    /** Waits a little after a failed accept, so that a lasting failure (no file descriptors left) cannot spin. */
    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(ACCEPT_RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setTcpNoDelay(true);
            RequestReader reader = new RequestReader(socket, maxHeaderBytes, maxBodyBytes);
            ResponseChannel channel = new ResponseChannel(socket, reader);
            serveRequests(reader, channel);
        } catch (IOException e) {
            // The client closed or reset the connection, or stopped sending mid-request, so no response is possible.
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Request handling failed on port " + port() + "; connection closed", e);
        } finally {
            connections.remove(socket);
            closeQuietly(socket);
        }
    }

    private void serveRequests(RequestReader reader, ResponseChannel channel) throws IOException {
        while (!closed) {
            HttpRequest request;
            try {
                request = reader.readRequest(IDLE_TIMEOUT_MILLIS, channel::sendContinue);
            } catch (HttpProtocolException e) {
                channel.begin(false, null);
                ReplyPlayer.play(ErrorReplies.protocolError(e), channel);
                return;
            }
            if (request == null) {
                return;
            }
            channel.begin(request.keepAlive(), null);
            handler.handle(request, channel);
            if (!channel.reusable()) {
                return;
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort, because the socket is being dropped either way.
        }
    }
}
