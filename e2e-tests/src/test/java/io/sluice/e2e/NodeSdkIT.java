package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Runs the Node test files, which use the official {@code openai} npm package, against the shared cluster. */
@Order(2)
class NodeSdkIT {

    @Test
    void nodeSdkTests_pass() throws IOException, InterruptedException {
        E2eCluster cluster = E2eCluster.get();
        Path directory = cluster.root.resolve("e2e-tests/node");
        if (!Files.isDirectory(directory.resolve("node_modules/openai"))) {
            throw new IllegalStateException("npm packages are missing: run 'npm ci' in " + directory
                    + " (bin/test and .ci/run do)");
        }
        Path output = cluster.root.resolve("e2e-tests/target/node-sdk-tests.log");
        ProcessBuilder builder = new ProcessBuilder("node", "--test", "--test-reporter=spec",
                "test/openai-sdk.test.mjs")
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("SLUICE_NODE_A", cluster.nodeA.baseUrl());
        builder.environment().put("SLUICE_NODE_B", cluster.nodeB.baseUrl());
        builder.environment().put("SLUICE_KEY", E2eCluster.KEY);
        builder.environment().put("SIMULATOR_URL", cluster.simulator.baseUrl());
        Process process = builder.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String report = Files.readString(output);
        System.out.println(report);

        assertThat(finished).as("node tests finished in time").isTrue();
        assertThat(process.exitValue()).as(report).isZero();
        assertThat(report).containsPattern("(#|ℹ) fail 0");
    }
}
