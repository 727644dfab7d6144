package io.sluice.simulator;

import java.util.Optional;

/**
 * Handles every request. Control calls go to the {@link ControlApi}. Every other call is recorded, checked for
 * credentials, and gets the response of the first matching script or the generated reply for its path.
 */
final class SimulatorHandler implements HttpServer.RequestHandler {

    private static final String MODELS = "/v1/models";

    private final ScriptRegistry scripts;
    private final RequestLog log;
    private final ControlApi control;
    private final Credentials credentials;
    private final Pacing pacing;
    private final ChatCompletions chat;
    private final LegacyCompletions completions;
    private final Embeddings embeddings;
    private final Models models;
    private final AnthropicMessages messages;

    SimulatorHandler(SimulatorOptions options, ScriptRegistry scripts, RequestLog log) {
        this.scripts = scripts;
        this.log = log;
        this.control = new ControlApi(scripts, log);
        this.credentials = new Credentials(options.apiKey());
        this.pacing = options.pacing();
        this.chat = new ChatCompletions(options.completionWords());
        this.completions = new LegacyCompletions(options.completionWords());
        this.embeddings = new Embeddings(options.embeddingDimensions());
        this.models = new Models(options.models());
        this.messages = new AnthropicMessages(options.completionWords());
    }

    @Override
    public void handle(HttpRequest request, ResponseChannel channel) {
        if (ControlApi.isControlPath(request.path())) {
            channel.begin(request.keepAlive(), null);
            ReplyPlayer.play(control.handle(request), channel);
            return;
        }
        CallRecord record = log.add(request, System.currentTimeMillis());
        channel.begin(request.keepAlive(), record);
        ReplyPlayer.play(replyFor(request, record.body()), channel);
    }

    private Reply replyFor(HttpRequest request, String body) {
        Optional<Reply> rejected = credentials.reject(request);
        if (rejected.isPresent()) {
            return rejected.get();
        }
        Optional<ScriptRegistry.ScriptedResponse> scripted = scripts.next(request.path(), body);
        if (scripted.isEmpty()) {
            return generate(request, pacing);
        }
        ScriptRegistry.ScriptedResponse response = scripted.get();
        if (response.encoded() != null) {
            return response.encoded();
        }
        ResponseSpec spec = response.spec();
        return generate(request, pacing.overriddenBy(spec)).withHeaders(spec.headers());
    }

    private Reply generate(HttpRequest request, Pacing pacing) {
        String path = request.path();
        boolean post = request.method().equals("POST");
        boolean get = request.method().equals("GET");
        if (post && path.equals("/v1/chat/completions")) {
            return chat.reply(request, pacing);
        }
        if (post && path.equals("/v1/completions")) {
            return completions.reply(request, pacing);
        }
        if (post && path.equals("/v1/embeddings")) {
            return embeddings.reply(request, pacing);
        }
        if (post && path.equals("/v1/messages")) {
            return messages.reply(request, pacing);
        }
        if (get && path.equals(MODELS)) {
            return models.list(pacing);
        }
        if (get && path.startsWith(MODELS + "/") && path.length() > MODELS.length() + 1) {
            return models.retrieve(path.substring(MODELS.length() + 1), pacing);
        }
        return ErrorReplies.notFound(request);
    }
}
