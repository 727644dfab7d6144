package io.sluice.simulator;

import java.util.List;

/** Generated event-stream replies. */
final class SseReplies {

    private SseReplies() {
    }

    /**
     * Creates a 200 {@code text/event-stream} reply from events, with a fresh request id in the named header
     * ({@code x-request-id} for OpenAI, {@code request-id} for Anthropic), sent after {@code delayMillis}.
     */
    static Reply of(List<SseEvent> events, String requestIdHeader, long delayMillis) {
        List<Header> headers = List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Cache-Control", "no-cache"),
                new Header(requestIdHeader, Ids.next("req_")));
        List<Reply.Frame> frames = events.stream().map(Reply.Frame::of).toList();
        return Reply.stream(200, headers, frames, delayMillis);
    }
}
