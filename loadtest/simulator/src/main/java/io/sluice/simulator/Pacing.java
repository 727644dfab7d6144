package io.sluice.simulator;

/**
 * Timing of a generated reply, in milliseconds.
 *
 * @param latencyMillis wait before the status line
 * @param ttftMillis wait after the head of a stream before its first event (time to first token)
 * @param chunkDelayMillis wait before each content event of a stream after the first one
 */
record Pacing(long latencyMillis, long ttftMillis, long chunkDelayMillis) {

    /** Returns this pacing with the values that a scripted generated reply sets replacing the configured ones. */
    Pacing overriddenBy(ResponseSpec spec) {
        return new Pacing(
                spec.delayMillis() >= 0 ? spec.delayMillis() : latencyMillis,
                spec.ttftMillis() >= 0 ? spec.ttftMillis() : ttftMillis,
                spec.chunkDelayMillis() >= 0 ? spec.chunkDelayMillis() : chunkDelayMillis);
    }

    /**
     * Returns the wait before a non-stream reply of {@code words} words: as long as the same reply would take to
     * stream, so that switching {@code stream} does not change the total time.
     */
    long nonStreamDelay(int words) {
        return latencyMillis + ttftMillis + chunkDelayMillis * Math.max(0, words - 1);
    }

    /** Returns the wait before content event {@code step} of a stream (0 is the first). */
    long contentDelay(int step) {
        return step == 0 ? 0 : chunkDelayMillis;
    }
}
