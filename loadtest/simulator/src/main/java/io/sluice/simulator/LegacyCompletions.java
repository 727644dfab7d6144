package io.sluice.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated replies for the legacy {@code POST /v1/completions}.
 *
 * <p>{@code prompt} may be a string, an array of strings, an array of token ids or an array of such arrays. Each
 * prompt gets {@code n} choices, numbered prompt by prompt ({@code index = prompt * n + choice}), as the OpenAI
 * API does. {@code max_tokens} defaults to 16 on this endpoint. Prompt tokens are the words of a text prompt or
 * the ids of a token prompt, summed over prompts.
 */
final class LegacyCompletions {

    private static final List<String> DELIVERY_FIELDS = List.of("stream", "stream_options", "n", "max_tokens");
    private static final long DEFAULT_MAX_TOKENS = 16;

    private final int completionWords;

    /** Creates the handler with {@code completionWords} as the fixed reply length, or 0 for a seed-derived one. */
    LegacyCompletions(int completionWords) {
        this.completionWords = completionWords;
    }

    /** Returns the reply to one request. */
    Reply reply(HttpRequest request, Pacing pacing) {
        try {
            return generate(RequestFields.parseObject(request), pacing);
        } catch (RequestFields.InvalidField e) {
            return ErrorReplies.openAiInvalid(e.field(), e.getMessage());
        }
    }

    private Reply generate(JsonNode body, Pacing pacing) {
        String model = RequestFields.requiredText(body, "model");
        List<JsonNode> prompts = prompts(body);
        int n = (int) RequestFields.optionalInt(body, "n", 1, 128, 1);
        long cap = RequestFields.optionalInt(body, "max_tokens", 0, Long.MAX_VALUE, DEFAULT_MAX_TOKENS);
        boolean stream = RequestFields.optionalBoolean(body, "stream");
        long seed = RequestFields.contentSeed(body, DELIVERY_FIELDS);
        List<TextGenerator.Completion> choices = new ArrayList<>();
        int promptTokens = 0;
        for (int p = 0; p < prompts.size(); p++) {
            promptTokens += promptTokens(prompts.get(p));
            for (int i = 0; i < n; i++) {
                choices.add(TextGenerator.complete(TextGenerator.mix(seed + p * n + i), completionWords, cap));
            }
        }
        String id = Ids.next("cmpl-");
        long created = Instant.now().getEpochSecond();
        Envelope envelope = new Envelope(id, created, model);
        return stream
                ? streamReply(envelope, choices, promptTokens, RequestFields.includeUsage(body), pacing)
                : jsonReply(envelope, choices, promptTokens, pacing);
    }

    private static List<JsonNode> prompts(JsonNode body) {
        JsonNode prompt = body.get("prompt");
        if (prompt == null || prompt.isNull()) {
            throw new RequestFields.InvalidField("prompt", "prompt: missing (expected: a string or an array)");
        }
        if (prompt.isTextual() || isTokenArray(prompt) && !prompt.isEmpty()) {
            return List.of(prompt);
        }
        if (prompt.isArray() && !prompt.isEmpty()) {
            List<JsonNode> prompts = new ArrayList<>();
            for (JsonNode item : prompt) {
                if (!item.isTextual() && !isTokenArray(item)) {
                    throw new RequestFields.InvalidField("prompt", "prompt: array item " + item
                            + " (expected: strings or arrays of token ids)");
                }
                prompts.add(item);
            }
            return prompts;
        }
        throw new RequestFields.InvalidField("prompt",
                "prompt: " + prompt + " (expected: a string, an array of strings or token ids, non-empty)");
    }

    private static boolean isTokenArray(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    private static int promptTokens(JsonNode prompt) {
        return prompt.isTextual() ? TextGenerator.countWords(prompt.asText()) : prompt.size();
    }

    private static Reply jsonReply(
            Envelope envelope, List<TextGenerator.Completion> choices, int promptTokens, Pacing pacing) {
        ObjectNode root = envelope.node();
        ArrayNode array = root.putArray("choices");
        int completionTokens = 0;
        int longest = 0;
        for (int i = 0; i < choices.size(); i++) {
            TextGenerator.Completion completion = choices.get(i);
            addChoice(array, completion.text(), i, finishReason(completion));
            completionTokens += completion.tokens();
            longest = Math.max(longest, completion.tokens());
        }
        root.set("usage", OpenAiUsage.of(promptTokens, completionTokens));
        List<Header> headers = List.of(
                new Header("Content-Type", "application/json"),
                new Header("x-request-id", Ids.next("req_")));
        return Reply.fixed(200, headers, Json.bytes(root), pacing.nonStreamDelay(longest));
    }

    private static Reply streamReply(
            Envelope envelope,
            List<TextGenerator.Completion> choices,
            int promptTokens,
            boolean includeUsage,
            Pacing pacing) {
        List<SseEvent> events = new ArrayList<>();
        int longest = choices.stream().mapToInt(TextGenerator.Completion::tokens).max().orElse(0);
        long pending = pacing.ttftMillis();
        for (int step = 0; step < longest; step++) {
            pending += pacing.contentDelay(step);
            for (int i = 0; i < choices.size(); i++) {
                if (step < choices.get(i).tokens()) {
                    events.add(chunk(envelope, choices.get(i).piece(step), i, null).afterMillis(pending));
                    pending = 0;
                }
            }
        }
        int completionTokens = 0;
        for (int i = 0; i < choices.size(); i++) {
            events.add(chunk(envelope, "", i, finishReason(choices.get(i))).afterMillis(pending));
            pending = 0;
            completionTokens += choices.get(i).tokens();
        }
        if (includeUsage) {
            ObjectNode root = envelope.node();
            root.putArray("choices");
            root.set("usage", OpenAiUsage.of(promptTokens, completionTokens));
            events.add(SseEvent.data(Json.text(root)));
        }
        events.add(SseEvent.done());
        return SseReplies.of(events, "x-request-id", pacing.latencyMillis());
    }

    private static SseEvent chunk(Envelope envelope, String text, int index, String finishReason) {
        ObjectNode root = envelope.node();
        addChoice(root.putArray("choices"), text, index, finishReason);
        return SseEvent.data(Json.text(root));
    }

    private static void addChoice(ArrayNode choices, String text, int index, String finishReason) {
        ObjectNode choice = choices.addObject();
        choice.put("text", text);
        choice.put("index", index);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
    }

    private static String finishReason(TextGenerator.Completion completion) {
        return completion.capped() ? "length" : "stop";
    }

    /** The fields that every {@code text_completion} object of one reply repeats. */
    private record Envelope(String id, long created, String model) {

        ObjectNode node() {
            ObjectNode root = Json.object();
            root.put("id", id);
            root.put("object", "text_completion");
            root.put("created", created);
            root.put("model", model);
            root.put("system_fingerprint", "fp_sluicesim");
            return root;
        }
    }
}
