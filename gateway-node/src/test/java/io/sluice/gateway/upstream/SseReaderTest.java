package io.sluice.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    @Test
    void reader_splitsEventsAndKeepsExactBytes() throws IOException {
        String stream = "data: {\"a\":1}\n\n: keep-alive\n\nevent: ping\ndata: {}\n\ndata: [DONE]\n\n";
        List<SseEvent> events = readAll(new ByteArrayInputStream(bytes(stream)), 1);

        assertThat(events).hasSize(4);
        assertThat(events.get(0).data()).isEqualTo("{\"a\":1}");
        assertThat(events.get(1).data()).isNull();
        assertThat(events.get(2).event()).isEqualTo("ping");
        assertThat(events.get(3).isDone()).isTrue();
        StringBuilder joined = new StringBuilder();
        events.forEach(event -> joined.append(new String(event.raw(), StandardCharsets.UTF_8)));
        assertThat(joined.toString()).isEqualTo(stream);
    }

    @Test
    void reader_neverSplitsMultibyteCharactersAcrossReads() throws IOException {
        String text = "data: {\"content\":\"héllo wörld 日本語 🙂\"}\n\n";
        for (int chunk = 1; chunk <= 7; chunk++) {
            List<SseEvent> events = readAll(new ByteArrayInputStream(bytes(text)), chunk);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).data()).isEqualTo("{\"content\":\"héllo wörld 日本語 🙂\"}");
        }
    }

    @Test
    void reader_acceptsCarriageReturnLineEndings() throws IOException {
        String stream = "data: one\r\n\r\ndata: two\r\rdata: three\n\n";
        List<SseEvent> events = readAll(new ByteArrayInputStream(bytes(stream)), 3);

        assertThat(events).extracting(SseEvent::data).containsExactly("one", "two", "three");
    }

    @Test
    void reader_joinsMultipleDataLines() throws IOException {
        List<SseEvent> events = readAll(new ByteArrayInputStream(bytes("data: a\ndata: b\n\n")), 64);

        assertThat(events.get(0).data()).isEqualTo("a\nb");
    }

    @Test
    void reader_dropsUnfinishedLastEvent() throws IOException {
        List<SseEvent> events = readAll(new ByteArrayInputStream(bytes("data: whole\n\ndata: cut")), 64);

        assertThat(events).extracting(SseEvent::data).containsExactly("whole");
    }

    @Test
    void reader_rejectsOversizedEvent() {
        SseReader reader = new SseReader(new ByteArrayInputStream(bytes("data: " + "x".repeat(100) + "\n\n")), 50);

        assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessageContaining("larger than 50");
    }

    private static List<SseEvent> readAll(InputStream input, int readSize) throws IOException {
        SseReader reader = new SseReader(new TrickleInputStream(input, readSize), 1 << 20);
        List<SseEvent> events = new ArrayList<>();
        for (SseEvent event = reader.next(); event != null; event = reader.next()) {
            events.add(event);
        }
        return events;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Returns at most a few bytes per read, the way a network delivers a stream in pieces. */
    private static final class TrickleInputStream extends InputStream {
        private final InputStream delegate;
        private final int maxPerRead;

        TrickleInputStream(InputStream delegate, int maxPerRead) {
            this.delegate = delegate;
            this.maxPerRead = maxPerRead;
        }

        @Override
        public int read() throws IOException {
            return delegate.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return delegate.read(buffer, offset, Math.min(length, maxPerRead));
        }
    }
}
