package io.sluice.simulator;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Polls the simulator's records until a condition holds, for facts that the server stores asynchronously. */
final class Await {

    private Await() {
    }

    /**
     * Returns the only recorded call matching {@code match} once it satisfies the condition, or fails with the
     * last snapshot after the timeout.
     */
    static RecordedRequest recorded(
            UpstreamSimulator simulator, String match, Predicate<RecordedRequest> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<RecordedRequest> found = simulator.requests(match);
        while (System.nanoTime() < deadline) {
            found = simulator.requests(match);
            if (found.size() == 1 && condition.test(found.getFirst())) {
                return found.getFirst();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no recorded call matching \"" + match + "\" met the condition within "
                + timeout.toMillis() + " ms; recorded: " + found);
    }
}
