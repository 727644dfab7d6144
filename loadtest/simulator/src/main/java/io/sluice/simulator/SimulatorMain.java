package io.sluice.simulator;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Command-line entry point: runs one simulator until the process gets SIGTERM or SIGINT. */
public final class SimulatorMain {

    /** Milliseconds before the first event of a generated stream with {@code --demo}. */
    static final long DEMO_TTFT_MILLIS = 300;

    /** Milliseconds between content events of a generated stream with {@code --demo}. */
    static final long DEMO_CHUNK_DELAY_MILLIS = 60;

    private static final String USAGE = """
            Usage: sluice-simulator [options]

            Runs a fake OpenAI and Anthropic upstream for tests, demos and load tests.

              --host HOST                  address to bind (default 127.0.0.1)
              --port PORT                  port to bind, 0 for a free port (default 0)
              --api-key KEY                key that clients must send; any credential passes when unset
              --latency-ms MS              wait before the status line of a generated reply (default 0)
              --ttft-ms MS                 wait before the first event of a generated stream (default 0)
              --chunk-delay-ms MS          wait between content events of a generated stream (default 0)
              --embedding-dimensions N     vector length when a request sets no dimensions (default 16)
              --completion-words N         words in every uncapped reply; 0 derives 8..31 per request (default 0)
              --models ID,ID,...           model ids that GET /v1/models lists
                                           (default fu-model,fu-model-2,fu-embedding)
              --max-recorded-requests N    calls kept for /_sim/requests (default 10000)
              --demo                       visible streaming: --ttft-ms 300 --chunk-delay-ms 60
              --help                       print this help

            Prints "sluice-simulator listening on http://HOST:PORT" once it accepts connections.
            """;

    private SimulatorMain() {
    }

    /** Parses the options, starts the simulator, prints its URL and waits for a termination signal. */
    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options;
        try {
            if (List.of(args).contains("--help")) {
                System.out.print(USAGE);
                return;
            }
            options = parse(args);
        } catch (IllegalArgumentException e) {
            PrintStream err = System.err;
            err.println("sluice-simulator: " + e.getMessage());
            err.println("Run with --help for the list of options.");
            System.exit(2);
            return;
        }
        UpstreamSimulator simulator = UpstreamSimulator.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("sluice-simulator-shutdown").unstarted(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println("sluice-simulator listening on " + simulator.baseUrl());
        System.out.flush();
        stopped.await();
    }

    /** Parses command-line options, throwing {@link IllegalArgumentException} that names a bad option. */
    static SimulatorOptions parse(String... args) {
        SimulatorOptions.Builder builder = SimulatorOptions.builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--demo")) {
                builder.ttftMillis(DEMO_TTFT_MILLIS).chunkDelayMillis(DEMO_CHUNK_DELAY_MILLIS);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + ": missing value");
            }
            apply(builder, name, value);
        }
        return builder.build();
    }

    private static void apply(SimulatorOptions.Builder builder, String name, String value) {
        switch (name) {
            case "--host" -> builder.host(value);
            case "--port" -> builder.port(integer(name, value));
            case "--api-key" -> builder.apiKey(value);
            case "--latency-ms" -> builder.latencyMillis(integer(name, value));
            case "--ttft-ms" -> builder.ttftMillis(integer(name, value));
            case "--chunk-delay-ms" -> builder.chunkDelayMillis(integer(name, value));
            case "--embedding-dimensions" -> builder.embeddingDimensions(integer(name, value));
            case "--completion-words" -> builder.completionWords(integer(name, value));
            case "--models" -> builder.models(Arrays.stream(value.split(",")).map(String::strip)
                    .filter(id -> !id.isEmpty()).toList());
            case "--max-recorded-requests" -> builder.maxRecordedRequests(integer(name, value));
            default -> throw new IllegalArgumentException(name + ": unknown option");
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": \"" + value + "\" (expected: an integer)", e);
        }
    }
}
