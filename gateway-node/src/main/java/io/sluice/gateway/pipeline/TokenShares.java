package io.sluice.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Splits a batch's token count among its items in proportion to their weights, by the largest remainder
 * method, so the shares are whole numbers that add up exactly to the total.
 */
final class TokenShares {

    private TokenShares() {
    }

    /** Returns an item's weight: characters for text, the number of token ids for a token array. */
    static long weight(JsonNode item) {
        return Math.max(1, item.isTextual() ? item.textValue().length() : item.size());
    }

    static long[] split(long total, long[] weights) {
        long[] shares = new long[weights.length];
        if (weights.length == 0) {
            return shares;
        }
        long weightSum = 0;
        for (long weight : weights) {
            weightSum += weight;
        }
        long assigned = 0;
        double[] remainders = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            double exact = (double) total * weights[i] / weightSum;
            shares[i] = (long) Math.floor(exact);
            remainders[i] = exact - shares[i];
            assigned += shares[i];
        }
        for (long left = total - assigned; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < remainders.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            shares[best]++;
            remainders[best] = -1;
        }
        return shares;
    }
}
