package io.sluice.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic text and token counts for generated replies.
 *
 * <p>A reply is a sequence of words drawn from a fixed vocabulary by a PRNG seeded with a hash of the request, so
 * the same request always gets the same words. One word counts as one token, both for prompts and for
 * completions, which keeps usage numbers easy to predict in tests.
 */
final class TextGenerator {

    /** Minimum number of words in an uncapped reply. */
    static final int MIN_WORDS = 8;

    /** Maximum number of words in an uncapped reply. */
    static final int MAX_WORDS = 31;

    private static final String[] VOCABULARY = {
        "the", "river", "carries", "light", "over", "stone", "and", "quiet", "water", "finds", "its", "way",
        "through", "old", "valleys", "where", "gates", "open", "slowly", "each", "morning", "a", "small", "boat",
        "waits", "near", "green", "banks", "while", "clouds", "drift", "north", "signal", "bright", "steady",
        "current", "bridge", "lantern", "harbor", "meadow", "shadow", "thread", "window", "garden", "echo", "field",
        "silver", "paper", "orbit", "candle", "forest", "island", "ladder", "mirror", "pocket", "rhythm", "saddle",
        "timber", "velvet", "wander", "yellow", "zephyr", "amber", "basin"
    };

    private TextGenerator() {
    }

    /** Returns a 64-bit hash of UTF-8 text (FNV-1a followed by the SplitMix64 finalizer). */
    static long hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns a 64-bit hash of bytes (FNV-1a followed by the SplitMix64 finalizer). */
    static long hash(byte[] bytes) {
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** Scrambles a 64-bit value (the SplitMix64 finalizer), so that nearby seeds give unrelated results. */
    static long mix(long value) {
        long z = value + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Generates the words of one reply.
     *
     * @param seed hash of the request and the choice index
     * @param fixedLength words in an uncapped reply, or 0 for a length between {@value #MIN_WORDS} and
     *     {@value #MAX_WORDS} derived from the seed
     * @param maxTokens cap on the number of words, or a negative value for no cap
     */
    static Completion complete(long seed, int fixedLength, long maxTokens) {
        SplittableRandom random = new SplittableRandom(seed);
        int natural = fixedLength > 0 ? fixedLength : MIN_WORDS + random.nextInt(MAX_WORDS - MIN_WORDS + 1);
        boolean capped = maxTokens >= 0 && maxTokens < natural;
        int length = capped ? (int) maxTokens : natural;
        List<String> words = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            words.add(VOCABULARY[random.nextInt(VOCABULARY.length)]);
        }
        return new Completion(List.copyOf(words), capped);
    }

    /** Counts the whitespace-separated words in text. */
    static int countWords(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    /**
     * Counts the words in a message content value: a string, or an array of strings and parts that carry a
     * {@code text} field. Other parts (images, audio, tool calls) count as nothing.
     */
    static int countContentWords(JsonNode content) {
        if (content == null) {
            return 0;
        }
        if (content.isTextual()) {
            return countWords(content.asText());
        }
        int count = 0;
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    count += countWords(part.asText());
                } else if (part.path("text").isTextual()) {
                    count += countWords(part.path("text").asText());
                }
            }
        }
        return count;
    }

    /** Words of one generated reply, and whether a token cap cut it short. */
    record Completion(List<String> words, boolean capped) {

        /** Returns the reply text: the words joined by single spaces. */
        String text() {
            return String.join(" ", words);
        }

        /** Returns the stream piece for word {@code i}: the word, with a leading space after the first. */
        String piece(int i) {
            return i == 0 ? words.get(0) : " " + words.get(i);
        }

        /** Returns the completion token count, which is the number of words. */
        int tokens() {
            return words.size();
        }
    }
}
