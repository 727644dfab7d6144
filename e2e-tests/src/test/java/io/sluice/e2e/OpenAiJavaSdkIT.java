package io.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, unchanged but for its base URL and key, against nodes in their own JVMs. */
@Order(1)
class OpenAiJavaSdkIT {

    private static E2eCluster cluster;
    private static OpenAIClient clientA;
    private static OpenAIClient clientB;

    @BeforeAll
    static void start() {
        cluster = E2eCluster.get();
        clientA = client(cluster.nodeA, E2eCluster.KEY);
        clientB = client(cluster.nodeB, E2eCluster.KEY);
    }

    @Test
    void chat_nonStream() {
        ChatCompletion completion = clientA.chat().completions().create(params("Hello there. " + nonce(), 0.7));

        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(text ->
                assertThat(text).isNotBlank());
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isPositive());
    }

    @Test
    void chat_stream() {
        StringBuilder text = new StringBuilder();
        int chunks = 0;
        ChatCompletionCreateParams params = params("Stream this. " + nonce(), 0.7).toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (StreamResponse<ChatCompletionChunk> stream = clientA.chat().completions().createStreaming(params)) {
            for (ChatCompletionChunk chunk : stream.stream().collect(Collectors.toList())) {
                chunks++;
                if (!chunk.choices().isEmpty()) {
                    chunk.choices().get(0).delta().content().ifPresent(text::append);
                }
            }
        }

        assertThat(chunks).isGreaterThan(3);
        assertThat(text.toString()).isNotBlank();
    }

    @Test
    void repeat_isCacheHit() {
        ChatCompletionCreateParams params = params("Cache me. " + nonce(), 0.0);

        HttpResponseFor<ChatCompletion> first = clientA.chat().completions().withRawResponse().create(params);
        HttpResponseFor<ChatCompletion> second = clientA.chat().completions().withRawResponse().create(params);

        assertThat(first.headers().values("x-sluice-cache")).containsExactly("MISS");
        assertThat(second.headers().values("x-sluice-cache")).containsExactly("HIT");
        assertThat(second.parse().choices().get(0).message().content())
                .isEqualTo(first.parse().choices().get(0).message().content());
    }

    @Test
    void streamedAnswer_replaysFromCacheAsStream() {
        String prompt = "Replay me. " + nonce();
        ChatCompletionCreateParams params = params(prompt, 0.0);

        String original = streamedText(clientA, params);
        String replayed = streamedText(clientB, params);
        ChatCompletion asJson = clientB.chat().completions().create(params);

        assertThat(replayed).isEqualTo(original);
        assertThat(asJson.choices().get(0).message().content()).contains(original);
        assertThat(cluster.simulator.calls(prompt)).isEqualTo(1);
    }

    @Test
    void otherNode_hitsCachedEntry() {
        String prompt = "Across nodes. " + nonce();
        ChatCompletionCreateParams params = params(prompt, 0.0);

        HttpResponseFor<ChatCompletion> viaA = clientA.chat().completions().withRawResponse().create(params);
        HttpResponseFor<ChatCompletion> viaB = clientB.chat().completions().withRawResponse().create(params);

        assertThat(viaA.headers().values("x-sluice-cache")).containsExactly("MISS");
        assertThat(viaB.headers().values("x-sluice-cache")).containsExactly("HIT");
        assertThat(viaB.parse().id()).isEqualTo(viaA.parse().id());
        assertThat(cluster.simulator.calls(prompt)).isEqualTo(1);
    }

    @Test
    void embeddings_encodingsAgree() {
        String text = "Embed me. " + nonce();
        EmbeddingCreateParams base64 = EmbeddingCreateParams.builder().model("demo-embed").input(text).build();
        EmbeddingCreateParams floats = base64.toBuilder()
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build();

        CreateEmbeddingResponse viaBase64 = clientA.embeddings().create(base64);
        HttpResponseFor<CreateEmbeddingResponse> viaFloat = clientB.embeddings().withRawResponse().create(floats);

        List<Float> fromBase64 = viaBase64.data().get(0).embedding();
        List<Float> fromFloats = viaFloat.parse().data().get(0).embedding();
        assertThat(fromBase64).hasSizeGreaterThan(1);
        assertThat(fromFloats).containsExactlyElementsOf(fromBase64);
        assertThat(viaFloat.headers().values("x-sluice-cache")).containsExactly("HIT");
        assertThat(cluster.simulator.calls(text)).isEqualTo(1);
    }

    @Test
    void models_listsTheKeysAliases() {
        List<String> ids = clientA.models().list().data().stream().map(Model::id).toList();

        assertThat(ids).containsExactly("demo-chat", "demo-embed");
        assertThat(clientA.models().retrieve("demo-chat").ownedBy()).isNotBlank();
    }

    @Test
    void errors_raiseTheMatchingSdkExceptions() {
        OpenAIClient wrongKey = client(cluster.nodeA, "sk-wrong-key-0000");
        ChatCompletionCreateParams unknownModel = params("x", 0.0).toBuilder().model("no-such-model").build();
        ChatCompletionCreateParams badTemperature = params("x", 0.0).toBuilder().temperature(5.0).build();

        assertThatThrownBy(() -> wrongKey.chat().completions().create(params("x", 0.0)))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> clientA.chat().completions().create(unknownModel))
                .isInstanceOf(NotFoundException.class)
                .satisfies(error -> assertThat(((NotFoundException) error).code()).contains("model_not_found"));
        assertThatThrownBy(() -> clientA.chat().completions().create(badTemperature))
                .isInstanceOf(BadRequestException.class)
                .satisfies(error -> assertThat(((BadRequestException) error).param()).contains("temperature"));
    }

    private static String streamedText(OpenAIClient client, ChatCompletionCreateParams params) {
        StringBuilder text = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice ->
                    choice.delta().content().ifPresent(text::append)));
        }
        return text.toString();
    }

    private static ChatCompletionCreateParams params(String prompt, double temperature) {
        return ChatCompletionCreateParams.builder().model("demo-chat").addUserMessage(prompt)
                .temperature(temperature).build();
    }

    private static OpenAIClient client(NodeProcess node, String key) {
        return OpenAIOkHttpClient.builder().baseUrl(node.baseUrl() + "/v1").apiKey(key).maxRetries(0).build();
    }

    private static String nonce() {
        return "nonce=" + UUID.randomUUID();
    }
}
