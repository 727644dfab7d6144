package io.sluice.gateway.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into word-sized pieces for replaying a cached response as a stream.
 *
 * <p>A piece is the whitespace before a word plus the word, like the tokens an upstream streams
 * ({@code "1"}, {@code " 2"}, {@code " 3"}); a very long word is cut every {@value #MAX_PIECE_CHARS}
 * characters, never inside a surrogate pair. A long text is grouped into at most {@value #MAX_PIECES} pieces,
 * so replaying a large response does not multiply its size with per-event framing. The pieces always
 * concatenate back to the exact input.
 */
final class TextPieces {

    static final int MAX_PIECE_CHARS = 24;
    static final int MAX_PIECES = 512;

    private TextPieces() {
    }

    static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int i = 0;
        boolean previousInWord = false;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            boolean whitespace = Character.isWhitespace(codePoint);
            boolean wordEnded = whitespace && previousInWord;
            boolean tooLong = i - start >= MAX_PIECE_CHARS && !whitespace;
            if (i > start && (wordEnded || tooLong)) {
                pieces.add(text.substring(start, i));
                start = i;
            }
            previousInWord = !whitespace;
            i += Character.charCount(codePoint);
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        return pieces.size() <= MAX_PIECES ? pieces : grouped(pieces);
    }

    private static List<String> grouped(List<String> pieces) {
        int perGroup = (pieces.size() + MAX_PIECES - 1) / MAX_PIECES;
        List<String> groups = new ArrayList<>(MAX_PIECES);
        for (int i = 0; i < pieces.size(); i += perGroup) {
            groups.add(String.join("", pieces.subList(i, Math.min(i + perGroup, pieces.size()))));
        }
        return groups;
    }
}
