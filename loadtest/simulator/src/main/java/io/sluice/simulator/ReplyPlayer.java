package io.sluice.simulator;

/** Plays a {@link Reply} on a connection: waits, writes, and ends the response as the reply specifies. */
final class ReplyPlayer {

    private ReplyPlayer() {
    }

    /** Plays the reply, and returns early as soon as the client goes away. */
    static void play(Reply reply, ResponseChannel channel) {
        if (!channel.hold(reply.delayMillis())) {
            return;
        }
        switch (reply.shape()) {
            case RESET -> channel.reset();
            case SILENT -> hangThenClose(reply, channel);
            case FIXED -> playFixed(reply, channel);
            case STREAM -> playStream(reply, channel);
        }
    }

    private static void playFixed(Reply reply, ResponseChannel channel) {
        if (reply.end() == EndMode.ABORT) {
            int half = reply.body().length / 2;
            if (channel.sendTruncated(reply.status(), reply.headers(), reply.body(), half)) {
                channel.reset();
            }
            return;
        }
        channel.sendFixed(reply.status(), reply.headers(), reply.body());
    }

    private static void playStream(Reply reply, ResponseChannel channel) {
        if (!channel.sendStreamHead(reply.status(), reply.headers())) {
            return;
        }
        for (Reply.Frame frame : reply.frames()) {
            if (!channel.hold(frame.delayMillis()) || !channel.sendChunk(frame.bytes())) {
                return;
            }
        }
        switch (reply.end()) {
            case NORMAL -> channel.sendLastChunk();
            case ABORT -> channel.reset();
            case HANG -> hangThenClose(reply, channel);
        }
    }

    private static void hangThenClose(Reply reply, ResponseChannel channel) {
        if (channel.hold(reply.hangMillis())) {
            channel.close();
        }
    }
}
