package io.sluice.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Generated replies for {@code POST /v1/chat/completions}.
 *
 * <p>The words depend only on the request body without {@code stream}, {@code stream_options}, {@code n},
 * {@code max_tokens} and {@code max_completion_tokens}, so a stream and a non-stream request get the same text,
 * and a capped reply is a prefix of the uncapped one. Choice {@code i} of {@code n} gets its own words.
 * Prompt tokens are the words of all message contents plus 3 per message plus 3. Completion tokens are the
 * words produced. Other request fields ({@code tools}, {@code stop}, {@code response_format} and so on) only
 * change the seed.
 */
final class ChatCompletions {

    private static final List<String> DELIVERY_FIELDS =
            List.of("stream", "stream_options", "n", "max_tokens", "max_completion_tokens");

    private final int completionWords;

    /** Creates the handler with {@code completionWords} as the fixed reply length, or 0 for a seed-derived one. */
    ChatCompletions(int completionWords) {
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
        JsonNode messages = RequestFields.requiredArray(body, "messages");
        int n = (int) RequestFields.optionalInt(body, "n", 1, 128, 1);
        long cap = RequestFields.optionalInt(body, "max_completion_tokens", 0, Long.MAX_VALUE,
                RequestFields.optionalInt(body, "max_tokens", 0, Long.MAX_VALUE, -1));
        boolean stream = RequestFields.optionalBoolean(body, "stream");
        long seed = RequestFields.contentSeed(body, DELIVERY_FIELDS);
        List<TextGenerator.Completion> choices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            choices.add(TextGenerator.complete(TextGenerator.mix(seed + i), completionWords, cap));
        }
        Result result = new Result(Ids.next("chatcmpl-"), Instant.now().getEpochSecond(), model, choices,
                promptTokens(messages));
        return stream ? streamReply(result, RequestFields.includeUsage(body), pacing) : jsonReply(result, pacing);
    }

    private static int promptTokens(JsonNode messages) {
        int tokens = 3;
        for (JsonNode message : messages) {
            tokens += 3 + TextGenerator.countContentWords(message.get("content"));
        }
        return tokens;
    }

    private static Reply jsonReply(Result result, Pacing pacing) {
        ObjectNode root = Json.object();
        root.put("id", result.id());
        root.put("object", "chat.completion");
        root.put("created", result.created());
        root.put("model", result.model());
        ArrayNode choices = root.putArray("choices");
        for (int i = 0; i < result.choices().size(); i++) {
            TextGenerator.Completion completion = result.choices().get(i);
            ObjectNode choice = choices.addObject();
            choice.put("index", i);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", completion.text());
            message.putNull("refusal");
            message.putArray("annotations");
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason(completion));
        }
        root.set("usage", OpenAiUsage.of(result.promptTokens(), result.completionTokens()));
        root.put("service_tier", "default");
        root.put("system_fingerprint", "fp_sluicesim");
        List<Header> headers = List.of(
                new Header("Content-Type", "application/json"),
                new Header("x-request-id", Ids.next("req_")));
        return Reply.fixed(200, headers, Json.bytes(root), pacing.nonStreamDelay(result.longestChoice()));
    }

    private static Reply streamReply(Result result, boolean includeUsage, Pacing pacing) {
        ChatStreamBuilder builder = ChatStreamBuilder.create(result.model()).id(result.id()).created(result.created());
        builder.pause(pacing.ttftMillis());
        for (int i = 0; i < result.choices().size(); i++) {
            builder.choice(i).role();
        }
        for (int step = 0; step < result.longestChoice(); step++) {
            builder.pause(pacing.contentDelay(step));
            for (int i = 0; i < result.choices().size(); i++) {
                TextGenerator.Completion completion = result.choices().get(i);
                if (step < completion.tokens()) {
                    builder.choice(i).content(completion.piece(step));
                }
            }
        }
        for (int i = 0; i < result.choices().size(); i++) {
            builder.choice(i).finish(finishReason(result.choices().get(i)));
        }
        if (includeUsage) {
            builder.usage(result.promptTokens(), result.completionTokens());
        }
        builder.done();
        return SseReplies.of(builder.build(), "x-request-id", pacing.latencyMillis());
    }

    private static String finishReason(TextGenerator.Completion completion) {
        return completion.capped() ? "length" : "stop";
    }

    /** The generated choices and counts of one request. */
    private record Result(
            String id, long created, String model, List<TextGenerator.Completion> choices, int promptTokens) {

        int completionTokens() {
            return choices.stream().mapToInt(TextGenerator.Completion::tokens).sum();
        }

        int longestChoice() {
            return choices.stream().mapToInt(TextGenerator.Completion::tokens).max().orElse(0);
        }
    }
}
