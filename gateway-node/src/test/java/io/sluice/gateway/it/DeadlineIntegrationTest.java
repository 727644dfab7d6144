package io.sluice.gateway.it;

import static io.sluice.gateway.it.CacheIntegrationTest.nonce;
import static io.sluice.gateway.it.Scripts.c;
import static io.sluice.gateway.it.Scripts.role;
import static io.sluice.gateway.it.Scripts.script;
import static io.sluice.gateway.it.Scripts.stream;
import static io.sluice.gateway.it.TestGateway.KA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole-request deadline ends a stream even when the client has stopped reading it. */
class DeadlineIntegrationTest {

    private static AccessLogCapture accessLog;

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(Map.of("server.request-timeout", "2s"));
        accessLog = AccessLogCapture.attach();
    }

    @AfterAll
    static void stop() {
        accessLog.close();
        gateway.close();
    }

    @Test
    void stalledReader_isDisconnectedAtDeadline() throws Exception {
        String nonce = nonce();
        List<Object> events = new ArrayList<>();
        events.add(role());
        for (int i = 0; i < 400; i++) {
            events.add(c("x".repeat(64 * 1024)));
        }
        script(gateway.fuA, "nonce=" + nonce, stream("hang", events.toArray()));
        byte[] body = ("{\"model\":\"m-openai\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Big. nonce=" + nonce + "\"}]}").getBytes(StandardCharsets.UTF_8);

        long sentAt;
        int linesBefore = accessLog.size();
        try (Socket socket = new Socket("127.0.0.1", gateway.node.port())) {
            socket.setReceiveBufferSize(4096);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KA
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            sentAt = System.currentTimeMillis();
            // The client never reads, so the node's writes stall once the socket buffers are full.
            JsonNode line = accessLog.lineAfter(linesBefore);
            long endedAt = System.currentTimeMillis();

            assertThat(line.path("status").asInt()).isEqualTo(504);
            assertThat(endedAt - sentAt).isLessThan(4000);
        }
        assertThat(gateway.fuA.requests("nonce=" + nonce).get(0).peerClosedAtMillis()).isPresent();
    }
}
