package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void parse_readsEveryOption() {
        SimulatorOptions options = SimulatorMain.parse("--host", "0.0.0.0", "--port=9000", "--api-key", "K",
                "--latency-ms", "5", "--ttft-ms=6", "--chunk-delay-ms", "7", "--embedding-dimensions", "8",
                "--completion-words", "9", "--models", "a, b", "--max-recorded-requests", "10");

        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.port()).isEqualTo(9000);
        assertThat(options.apiKey()).isEqualTo("K");
        assertThat(options.latencyMillis()).isEqualTo(5);
        assertThat(options.ttftMillis()).isEqualTo(6);
        assertThat(options.chunkDelayMillis()).isEqualTo(7);
        assertThat(options.embeddingDimensions()).isEqualTo(8);
        assertThat(options.completionWords()).isEqualTo(9);
        assertThat(options.models()).containsExactly("a", "b");
        assertThat(options.maxRecordedRequests()).isEqualTo(10);
    }

    @Test
    void parse_demoSetsVisiblePacing() {
        SimulatorOptions options = SimulatorMain.parse("--demo");

        assertThat(options.ttftMillis()).isEqualTo(SimulatorMain.DEMO_TTFT_MILLIS);
        assertThat(options.chunkDelayMillis()).isEqualTo(SimulatorMain.DEMO_CHUNK_DELAY_MILLIS);
    }

    @Test
    void parse_rejectsBadOptionsByName() {
        assertThatThrownBy(() -> SimulatorMain.parse("--colour", "red")).hasMessage("--colour: unknown option");
        assertThatThrownBy(() -> SimulatorMain.parse("--port", "x")).hasMessageContaining("--port: \"x\"");
        assertThatThrownBy(() -> SimulatorMain.parse("--port", "70000")).hasMessageContaining("port: 70000");
        assertThatThrownBy(() -> SimulatorMain.parse("--ttft-ms")).hasMessage("--ttft-ms: missing value");
    }

    @Test
    void process_printsUrlServesAndStopsOnSigterm() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-cp", classpath(), SimulatorMain.class.getName(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = stdout.readLine();
            Matcher matcher = Pattern.compile("sluice-simulator listening on (http://127\\.0\\.0\\.1:\\d+)")
                    .matcher(String.valueOf(line));
            assertThat(matcher.matches()).as(line).isTrue();

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(matcher.group(1) + "/_sim/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String classpath() throws Exception {
        List<Class<?>> anchors = List.of(SimulatorMain.class, ObjectMapper.class, JsonFactory.class,
                JsonProperty.class);
        return String.join(File.pathSeparator, anchors.stream()
                .map(anchor -> location(anchor).toString())
                .flatMap(Stream::of)
                .toList());
    }

    private static Path location(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("no code source for " + anchor, e);
        }
    }
}
