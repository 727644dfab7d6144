package io.sluice.gateway.it;

import static io.sluice.gateway.it.Scripts.c;
import static io.sluice.gateway.it.Scripts.done;
import static io.sluice.gateway.it.Scripts.event;
import static io.sluice.gateway.it.Scripts.fin;
import static io.sluice.gateway.it.Scripts.reasoning;
import static io.sluice.gateway.it.Scripts.role;
import static io.sluice.gateway.it.Scripts.script;
import static io.sluice.gateway.it.Scripts.stream;
import static io.sluice.gateway.it.TestGateway.ADMIN_KEY;
import static io.sluice.gateway.it.TestGateway.KA;
import static io.sluice.gateway.it.TestGateway.KB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cluster-wide exact cache through a running node: keys, eligibility, stream capture and replay. */
class CacheIntegrationTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void repeat_isHitWithOriginalBody() {
        String body = chat("Say hello. nonce=" + nonce(), "\"temperature\":0");

        HttpResponse<String> first = gateway.post("/v1/chat/completions", KA, body);
        HttpResponse<String> second = gateway.post("/v1/chat/completions", KA, body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-sluice-cache")).contains("MISS");
        assertThat(second.headers().firstValue("x-sluice-cache")).contains("HIT");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.headers().firstValue("x-request-id")).isNotEqualTo(first.headers().firstValue("x-request-id"));
        assertThat(gateway.fuA.calls(nonceOf(body))).isEqualTo(1);
    }

    @Test
    void defaultTemperature_isNotCached() {
        String body = chat("Random story. nonce=" + nonce(), null);

        HttpResponse<String> first = gateway.post("/v1/chat/completions", KA, body);
        HttpResponse<String> second = gateway.post("/v1/chat/completions", KA, body);

        assertThat(first.headers().firstValue("x-sluice-cache")).contains("BYPASS");
        assertThat(second.headers().firstValue("x-sluice-cache")).contains("BYPASS");
        assertThat(gateway.fuA.calls(nonceOf(body))).isEqualTo(2);
    }

    @Test
    void headerOptIn_cachesNonZeroTemperature() {
        String body = chat("Opt in. nonce=" + nonce(), "\"temperature\":0.7");

        gateway.post("/v1/chat/completions", KA, body, "x-sluice-cache-mode", "on");
        HttpResponse<String> second = gateway.post("/v1/chat/completions", KA, body, "x-sluice-cache-mode", "on");
        HttpResponse<String> optedOut = gateway.post("/v1/chat/completions", KA, chat("Opt out. nonce=" + nonce(),
                "\"temperature\":0"), "x-sluice-cache-mode", "off");

        assertThat(second.headers().firstValue("x-sluice-cache")).contains("HIT");
        assertThat(optedOut.headers().firstValue("x-sluice-cache")).contains("BYPASS");
    }

    @Test
    void tenants_doNotShareEntries() {
        String body = chat("Tenant isolation. nonce=" + nonce(), "\"temperature\":0");

        gateway.post("/v1/chat/completions", KA, body);
        HttpResponse<String> otherTenant = gateway.post("/v1/chat/completions", KB, body);

        assertThat(otherTenant.headers().firstValue("x-sluice-cache")).contains("MISS");
        assertThat(gateway.fuA.calls(nonceOf(body))).isEqualTo(2);
    }

    @Test
    void outputContract_isPartOfKey() {
        String nonce = nonce();
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"Describe a red bicycle. nonce=" + nonce
                + "\"}]";
        String q1 = "{\"model\":\"m-openai\",\"temperature\":0," + messages + ",\"response_format\":{\"type\":"
                + "\"json_schema\",\"json_schema\":{\"name\":\"a\",\"strict\":true,\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"value\":{\"type\":\"string\"}},\"required\":[\"value\"],"
                + "\"additionalProperties\":false}}}}";
        String q2 = "{\"model\":\"m-openai\",\"temperature\":0," + messages + ",\"response_format\":{\"type\":"
                + "\"json_schema\",\"json_schema\":{\"name\":\"a\",\"strict\":true,\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"color\":{\"type\":\"string\"},\"wheels\":{\"type\":\"integer\"}},"
                + "\"required\":[\"color\",\"wheels\"],\"additionalProperties\":false}}}}";
        String q3 = "{\"model\":\"m-openai\",\"temperature\":0," + messages + ",\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":"
                + "{\"city\":{\"type\":\"string\"}}}}}],\"tool_choice\":\"required\"}";
        script(gateway.fuA, "nonce=" + nonce, Scripts.json(200, Scripts.completion("{\"call\":1}", "stop", 11, 3)),
                Scripts.json(200, Scripts.completion("{\"call\":2}", "stop", 11, 3)),
                Scripts.json(200, Scripts.completion("{\"call\":3}", "stop", 11, 3)));

        String c1 = content(gateway.post("/v1/chat/completions", KA, q1));
        String c2 = content(gateway.post("/v1/chat/completions", KA, q2));
        String c3 = content(gateway.post("/v1/chat/completions", KA, q3));
        HttpResponse<String> r4 = gateway.post("/v1/chat/completions", KA, q1);

        assertThat(gateway.fuA.calls("nonce=" + nonce)).isEqualTo(3);
        assertThat(c2).isNotEqualTo(c1);
        assertThat(c3).isNotEqualTo(c1);
        JsonNode q2Upstream = gateway.fuA.requests("nonce=" + nonce).get(1).bodyJson();
        assertThat(q2Upstream.at("/response_format/json_schema/schema/properties/color").isObject()).isTrue();
        assertThat(content(r4)).isEqualTo(c1);
        assertThat(r4.headers().firstValue("x-sluice-cache")).contains("HIT");
    }

    @Test
    void streamedAnswer_replaysAsStreamAndAsJson() {
        String nonce = nonce();
        String s1 = "{\"model\":\"m-openai\",\"temperature\":0,\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Count to 5. nonce=" + nonce + "\"}]}";
        script(gateway.fuA, "nonce=" + nonce, stream("normal", role(), reasoning("think"), c("1"),
                event(c(" 2"), 50), event(c(" 3"), 50), event(c(" 4"), 50), event(c(" 5"), 50), fin("stop"), done()));

        HttpResponse<String> first = gateway.post("/v1/chat/completions", KA, s1);
        HttpResponse<String> second = gateway.post("/v1/chat/completions", KA, s1);
        HttpResponse<String> json = gateway.post("/v1/chat/completions", KA, s1.replace("\"stream\":true",
                "\"stream\":false"));

        assertThat(second.headers().firstValue("x-sluice-cache")).contains("HIT");
        assertThat(second.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        List<String> events = Sse.dataEvents(second.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        assertThat(events.stream().filter("[DONE]"::equals)).hasSize(1);
        List<JsonNode> chunks = Sse.chunks(second.body());
        for (JsonNode chunk : chunks) {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("choices").path(0).has("message")).isFalse();
        }
        assertThat(Sse.joined(chunks, "content")).isEqualTo("1 2 3 4 5");
        assertThat(Sse.joined(chunks, "reasoning_content")).isEqualTo("think");
        assertThat(Sse.joined(chunks, "content")).isEqualTo(Sse.joined(Sse.chunks(first.body()), "content"));
        long contentChunks = chunks.stream()
                .filter(chunk -> !chunk.path("choices").path(0).path("delta").path("content").asText("").isEmpty())
                .count();
        assertThat(contentChunks).isGreaterThanOrEqualTo(2);
        long finishes = chunks.stream()
                .filter(chunk -> chunk.path("choices").path(0).path("finish_reason").asText("").equals("stop"))
                .count();
        assertThat(finishes).isEqualTo(1);
        assertThat(json.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
        JsonNode completion = Sse.json(json.body());
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo("1 2 3 4 5");
        assertThat(gateway.fuA.calls("nonce=" + nonce)).isEqualTo(1);
    }

    @Test
    void truncatedStream_isNotCachedAndShowsFailure() {
        String nonce = nonce();
        String body = "{\"model\":\"m-openai\",\"temperature\":0,\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Explain TCP. nonce=" + nonce + "\"}]}";
        script(gateway.fuA, "nonce=" + nonce, stream("abort", role(), c("Par"), c("tial")),
                stream("normal", role(), c("Full answer"), fin("stop"), done()));

        HttpResponse<String> t1 = gateway.post("/v1/chat/completions", KA, body);
        HttpResponse<String> t2 = gateway.post("/v1/chat/completions", KA, body);

        List<String> t1Events = Sse.dataEvents(t1.body());
        assertThat(t1Events).doesNotContain("[DONE]");
        assertThat(t1Events.get(t1Events.size() - 1)).contains("\"error\"");
        for (JsonNode chunk : Sse.chunks(t1.body())) {
            assertThat(chunk.path("choices").path(0).path("finish_reason").asText("")).isNotEqualTo("stop");
        }
        assertThat(Sse.joined(Sse.chunks(t1.body()), "content")).isEqualTo("Partial");
        assertThat(gateway.fuA.calls("nonce=" + nonce)).isEqualTo(2);
        assertThat(Sse.joined(Sse.chunks(t2.body()), "content")).isEqualTo("Full answer");
    }

    @Test
    void streamWithoutDone_isNotCached() {
        String nonce = nonce();
        String body = "{\"model\":\"m-openai\",\"temperature\":0,\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"No done. nonce=" + nonce + "\"}]}";
        script(gateway.fuA, "nonce=" + nonce, stream("normal", role(), c("ok"), fin("stop")));

        HttpResponse<String> first = gateway.post("/v1/chat/completions", KA, body);
        HttpResponse<String> second = gateway.post("/v1/chat/completions", KA, body);

        assertThat(Sse.dataEvents(first.body())).endsWith("[DONE]");
        assertThat(second.headers().firstValue("x-sluice-cache")).contains("MISS");
    }

    @Test
    void missingChoices_areNotCached() {
        String nonce = nonce();
        String body = "{\"model\":\"m-openai\",\"temperature\":0,\"n\":2,\"stream\":true,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"Two please. nonce=" + nonce + "\"}]}";
        script(gateway.fuA, "nonce=" + nonce, stream("normal", role(), c("one"), fin("stop"), done()));

        gateway.post("/v1/chat/completions", KA, body);
        HttpResponse<String> second = gateway.post("/v1/chat/completions", KA, body.replace("\"stream\":true",
                "\"stream\":false"));

        assertThat(second.headers().firstValue("x-sluice-cache")).contains("MISS");
    }

    @Test
    void embeddingKey_includesProviderFields() {
        String text = "Typed input " + nonce();

        gateway.post("/v1/embeddings", KA, "{\"model\":\"m-embed\",\"input\":\"" + text + "\",\"input_type\":\"query\"}");
        HttpResponse<String> passage = gateway.post("/v1/embeddings", KA, "{\"model\":\"m-embed\",\"input\":\"" + text
                + "\",\"input_type\":\"passage\"}");

        assertThat(passage.headers().firstValue("x-sluice-cache")).contains("MISS");
        assertThat(gateway.fuA.calls(text)).isEqualTo(2);
    }

    @Test
    void errors_areNeverCached() {
        String nonce = nonce();
        String body = chat("Error first. nonce=" + nonce, "\"temperature\":0");
        script(gateway.fuA, "nonce=" + nonce, Scripts.json(500, "{\"error\":{\"message\":\"boom\",\"type\":"
                + "\"server_error\",\"param\":null,\"code\":null}}"));

        HttpResponse<String> first = gateway.post("/v1/chat/completions", KA, body);
        HttpResponse<String> second = gateway.post("/v1/chat/completions", KA, body);

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-sluice-cache")).contains("MISS");
    }

    @Test
    void cacheControl_directivesApply() {
        String body = chat("Refresh me. nonce=" + nonce(), "\"temperature\":0");
        String nonce = nonceOf(body);

        gateway.post("/v1/chat/completions", KA, body, "cache-control", "no-store");
        HttpResponse<String> afterNoStore = gateway.post("/v1/chat/completions", KA, body);
        HttpResponse<String> refreshed = gateway.post("/v1/chat/completions", KA, body, "cache-control", "no-cache");
        HttpResponse<String> hit = gateway.post("/v1/chat/completions", KA, body);

        assertThat(afterNoStore.headers().firstValue("x-sluice-cache")).contains("MISS");
        assertThat(refreshed.headers().firstValue("x-sluice-cache")).contains("BYPASS");
        assertThat(hit.headers().firstValue("x-sluice-cache")).contains("HIT");
        assertThat(gateway.fuA.calls(nonce)).isEqualTo(3);
    }

    @Test
    void namespace_separatesEntriesAndAdminPurgeRemovesThem() {
        String namespace = "ns-" + nonce();
        String body = chat("Namespaced. nonce=" + nonce(), "\"temperature\":0");

        gateway.post("/v1/chat/completions", KA, body, "x-sluice-cache-namespace", namespace);
        HttpResponse<String> withoutNamespace = gateway.post("/v1/chat/completions", KA, body);
        HttpResponse<String> hit = gateway.post("/v1/chat/completions", KA, body, "x-sluice-cache-namespace",
                namespace);
        HttpResponse<String> unauthorized = purge("namespace=" + namespace, "wrong-key");
        HttpResponse<String> misspelled = purge("namespace=" + namespace + "&tennant=tenant-a", ADMIN_KEY);
        HttpResponse<String> purged = purge("namespace=" + namespace, ADMIN_KEY);
        HttpResponse<String> afterPurge = gateway.post("/v1/chat/completions", KA, body, "x-sluice-cache-namespace",
                namespace);

        assertThat(withoutNamespace.headers().firstValue("x-sluice-cache")).contains("MISS");
        assertThat(hit.headers().firstValue("x-sluice-cache")).contains("HIT");
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(misspelled.statusCode()).isEqualTo(400);
        assertThat(Sse.json(misspelled.body()).at("/error/param").asText()).isEqualTo("tennant");
        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(Sse.json(purged.body()).path("deleted").asLong()).isEqualTo(1);
        assertThat(afterPurge.headers().firstValue("x-sluice-cache")).contains("MISS");
    }

    @Test
    void invalidCacheHeaders_areRejected() {
        String body = chat("Bad headers. nonce=" + nonce(), "\"temperature\":0");

        HttpResponse<String> ttl = gateway.post("/v1/chat/completions", KA, body, "x-sluice-cache-ttl", "forever");
        HttpResponse<String> mode = gateway.post("/v1/chat/completions", KA, body, "x-sluice-cache-mode", "maybe");

        assertThat(ttl.statusCode()).isEqualTo(400);
        assertThat(Sse.json(ttl.body()).at("/error/param").asText()).isEqualTo("x-sluice-cache-ttl");
        assertThat(mode.statusCode()).isEqualTo(400);
    }

    @Test
    void embeddings_sendOnlyUnknownItemsUpstream() {
        String nonce = nonce();
        String first = "{\"model\":\"m-embed\",\"input\":[\"alpha " + nonce + "\",\"beta " + nonce + "\"]}";
        String second = "{\"model\":\"m-embed\",\"encoding_format\":\"base64\",\"input\":[\"beta " + nonce
                + "\",\"gamma " + nonce + "\",\"alpha " + nonce + "\"]}";

        HttpResponse<String> miss = gateway.post("/v1/embeddings", KA, first);
        HttpResponse<String> partial = gateway.post("/v1/embeddings", KA, second);
        HttpResponse<String> hit = gateway.post("/v1/embeddings", KA, first);

        assertThat(miss.headers().firstValue("x-sluice-cache")).contains("MISS");
        assertThat(partial.headers().firstValue("x-sluice-cache")).contains("MISS");
        assertThat(hit.headers().firstValue("x-sluice-cache")).contains("HIT");
        assertThat(gateway.fuA.calls(nonce)).isEqualTo(2);
        JsonNode upstreamSecond = gateway.fuA.requests(nonce).get(1).bodyJson();
        assertThat(upstreamSecond.path("input")).hasSize(1);
        assertThat(upstreamSecond.path("input").get(0).asText()).isEqualTo("gamma " + nonce);
        JsonNode missBody = Sse.json(miss.body());
        JsonNode partialBody = Sse.json(partial.body());
        float[] alphaFloat = io.sluice.gateway.cache.EmbeddingVectors.read(missBody.at("/data/0/embedding"));
        float[] alphaBase64 = io.sluice.gateway.cache.EmbeddingVectors.read(partialBody.at("/data/2/embedding"));
        assertThat(alphaBase64).containsExactly(alphaFloat);
        assertThat(partialBody.at("/data/2/index").asInt()).isEqualTo(2);
        assertThat(Sse.json(hit.body()).path("usage").path("prompt_tokens").asLong())
                .isEqualTo(missBody.path("usage").path("prompt_tokens").asLong());
    }

    @Test
    void requestTtl_expiresEntry() throws InterruptedException {
        String body = chat("Short lived. nonce=" + nonce(), "\"temperature\":0");

        gateway.post("/v1/chat/completions", KA, body, "x-sluice-cache-ttl", "1s");
        HttpResponse<String> hit = gateway.post("/v1/chat/completions", KA, body);
        Thread.sleep(2100);
        HttpResponse<String> expired = gateway.post("/v1/chat/completions", KA, body);

        assertThat(hit.headers().firstValue("x-sluice-cache")).contains("HIT");
        assertThat(expired.headers().firstValue("x-sluice-cache")).contains("MISS");
    }

    @Test
    void unknownFields_areForwardedUntouched() {
        String nonce = nonce();
        String body = "{\"model\":\"m-openai\",\"brand_new_field\":{\"x\":[1,2.50,\"é\"]},\"top_k\":40,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"forward nonce=" + nonce + "\"}]}";

        gateway.post("/v1/chat/completions", KA, body);

        String upstream = gateway.fuA.requests("nonce=" + nonce).get(0).body();
        assertThat(upstream).contains("\"brand_new_field\":{\"x\":[1,2.50,\"é\"]}").contains("\"top_k\":40")
                .contains("\"model\":\"fu-model\"");
    }

    @Test
    void legacyCompletions_relayAndReplay() {
        String nonce = nonce();
        String body = "{\"model\":\"m-openai\",\"temperature\":0,\"stream\":true,\"prompt\":\"Once upon nonce="
                + nonce + "\"}";

        HttpResponse<String> first = gateway.post("/v1/completions", KA, body);
        HttpResponse<String> replay = gateway.post("/v1/completions", KA, body);
        HttpResponse<String> json = gateway.post("/v1/completions", KA, body.replace("\"stream\":true",
                "\"stream\":false"));

        assertThat(first.headers().firstValue("x-sluice-cache")).contains("MISS");
        assertThat(replay.headers().firstValue("x-sluice-cache")).contains("HIT");
        StreamingIntegrationTest.assertFramedWithOneDone(replay.body());
        assertThat(joinedText(replay.body())).isEqualTo(joinedText(first.body()));
        JsonNode completion = Sse.json(json.body());
        assertThat(completion.path("object").asText()).isEqualTo("text_completion");
        assertThat(completion.at("/choices/0/text").asText()).isEqualTo(joinedText(first.body()));
        assertThat(gateway.fuA.calls("nonce=" + nonce)).isEqualTo(1);
    }

    private static String joinedText(String stream) {
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : Sse.chunks(stream)) {
            text.append(chunk.path("choices").path(0).path("text").asText(""));
        }
        return text.toString();
    }

    private static HttpResponse<String> purge(String query, String adminKey) {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/admin/cache?" + query))
                .header("authorization", "Bearer " + adminKey).DELETE().build());
    }

    private static String content(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Sse.json(response.body()).at("/choices/0/message/content").asText();
    }

    static String chat(String prompt, String extraField) {
        return "{\"model\":\"m-openai\"," + (extraField == null ? "" : extraField + ",")
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    static String nonce() {
        return UUID.randomUUID().toString();
    }

    private static String nonceOf(String body) {
        int start = body.indexOf("nonce=");
        return body.substring(start, body.indexOf('"', start));
    }
}
