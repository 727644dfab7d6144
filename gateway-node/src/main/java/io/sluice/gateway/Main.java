package io.sluice.gateway;

import io.helidon.logging.common.LogConfig;
import io.sluice.gateway.config.ConfigLoader;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.InvalidConfigException;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a gateway node from the command line.
 *
 * <p>The configuration is the file given as {@code --config FILE}, else the file named by {@code SLUICE_CONFIG},
 * else the single-node default shipped in the {@code cluster-config} jar.
 */
public final class Main {

    private Main() {
    }

    /** Runs a node until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        LogConfig.configureRuntime();
        String location = configLocation(args);
        GatewayConfig config;
        try {
            config = ConfigLoader.load(location);
        } catch (InvalidConfigException e) {
            System.err.println("Invalid configuration in " + location + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        SluiceNode node;
        try {
            node = SluiceNode.start(config);
        } catch (RuntimeException e) {
            System.getLogger(Main.class.getName()).log(System.Logger.Level.ERROR, "The node could not start", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "sluice-shutdown"));
        stopped.await();
    }

    private static String configLocation(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                return args[i + 1];
            }
        }
        String fromEnvironment = System.getenv("SLUICE_CONFIG");
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : ConfigLoader.DEFAULT_LOCATION;
    }
}
