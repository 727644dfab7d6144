package io.sluice.simulator;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Unique ids for generated objects: a prefix, a random part fixed per JVM, and a counter. */
final class Ids {

    private static final String PROCESS_PART = randomPart();
    private static final AtomicLong COUNTER = new AtomicLong();

    private Ids() {
    }

    /** Returns a new id such as {@code chatcmpl-sim4k2x9q0000001a}. */
    static String next(String prefix) {
        String count = Long.toString(COUNTER.incrementAndGet(), 36);
        return prefix + "sim" + PROCESS_PART + "0".repeat(Math.max(0, 8 - count.length())) + count;
    }

    private static String randomPart() {
        StringBuilder part = new StringBuilder(6);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            part.append(Character.forDigit(random.nextInt(36), 36));
        }
        return part.toString();
    }
}
