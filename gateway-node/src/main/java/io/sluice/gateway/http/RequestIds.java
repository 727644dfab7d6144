package io.sluice.gateway.http;

import java.util.concurrent.ThreadLocalRandom;

/** Generates the ids sent as {@code x-request-id}: {@code req_} and 24 random hexadecimal digits. */
final class RequestIds {

    private RequestIds() {
    }

    static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE).substring(0, 8);
    }
}
