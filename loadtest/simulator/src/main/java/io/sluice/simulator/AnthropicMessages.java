package io.sluice.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Generated replies for the Anthropic {@code POST /v1/messages}.
 *
 * <p>The words depend only on the request body without {@code stream} and {@code max_tokens}, as for chat
 * completions. Input tokens are the words of {@code system} and of all message contents plus 3 per message plus
 * 3; output tokens are the words produced. {@code max_tokens} is required and caps the reply, which then stops
 * with {@code max_tokens} instead of {@code end_turn}.
 */
final class AnthropicMessages {

    private static final List<String> DELIVERY_FIELDS = List.of("stream", "max_tokens");

    private final int completionWords;

    /** Creates the handler with {@code completionWords} as the fixed reply length, or 0 for a seed-derived one. */
    AnthropicMessages(int completionWords) {
        this.completionWords = completionWords;
    }

    /** Returns the reply to one request. */
    Reply reply(HttpRequest request, Pacing pacing) {
        try {
            return generate(RequestFields.parseObject(request), pacing);
        } catch (RequestFields.InvalidField e) {
            return ErrorReplies.anthropic(400, "invalid_request_error", e.getMessage());
        }
    }

    private Reply generate(JsonNode body, Pacing pacing) {
        String model = RequestFields.requiredText(body, "model");
        long maxTokens = RequestFields.optionalInt(body, "max_tokens", 0, Long.MAX_VALUE, -1);
        if (maxTokens < 0) {
            throw new RequestFields.InvalidField("max_tokens", "max_tokens: missing (expected: an integer >= 0)");
        }
        JsonNode messages = RequestFields.requiredArray(body, "messages");
        boolean stream = RequestFields.optionalBoolean(body, "stream");
        long seed = RequestFields.contentSeed(body, DELIVERY_FIELDS);
        TextGenerator.Completion completion = TextGenerator.complete(seed, completionWords, maxTokens);
        int inputTokens = inputTokens(body.get("system"), messages);
        String id = Ids.next("msg_");
        return stream
                ? streamReply(id, model, completion, inputTokens, pacing)
                : jsonReply(id, model, completion, inputTokens, pacing);
    }

    private static int inputTokens(JsonNode system, JsonNode messages) {
        int tokens = 3 + TextGenerator.countContentWords(system);
        for (JsonNode message : messages) {
            tokens += 3 + TextGenerator.countContentWords(message.get("content"));
        }
        return tokens;
    }

    private static Reply jsonReply(
            String id, String model, TextGenerator.Completion completion, int inputTokens, Pacing pacing) {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        ObjectNode text = root.putArray("content").addObject();
        text.put("type", "text");
        text.put("text", completion.text());
        root.put("stop_reason", stopReason(completion));
        root.putNull("stop_sequence");
        ObjectNode usage = root.putObject("usage");
        usage.put("input_tokens", inputTokens);
        usage.put("output_tokens", completion.tokens());
        List<Header> headers = List.of(
                new Header("Content-Type", "application/json"),
                new Header("request-id", Ids.next("req_")));
        return Reply.fixed(200, headers, Json.bytes(root), pacing.nonStreamDelay(completion.tokens()));
    }

    private static Reply streamReply(
            String id, String model, TextGenerator.Completion completion, int inputTokens, Pacing pacing) {
        MessageStreamBuilder builder = MessageStreamBuilder.create(model).id(id)
                .pause(pacing.ttftMillis())
                .messageStart(inputTokens, 1)
                .textBlockStart(0)
                .ping();
        for (int step = 0; step < completion.tokens(); step++) {
            builder.pause(pacing.contentDelay(step)).textDelta(0, completion.piece(step));
        }
        builder.blockStop(0)
                .messageDelta(stopReason(completion), completion.tokens())
                .messageStop();
        return SseReplies.of(builder.build(), "request-id", pacing.latencyMillis());
    }

    private static String stopReason(TextGenerator.Completion completion) {
        return completion.capped() ? "max_tokens" : "end_turn";
    }
}
