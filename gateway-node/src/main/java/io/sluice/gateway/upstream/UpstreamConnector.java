package io.sluice.gateway.upstream;

/** Sends OpenAI-shaped requests to one provider, translating to and from its dialect. */
public interface UpstreamConnector {

    /**
     * Sends a request and returns once the upstream's status and headers have arrived.
     *
     * @throws io.sluice.gateway.api.GatewayException for an unreachable upstream (502), a timeout (504), a full
     *     provider queue (503) or a cancelled request
     */
    UpstreamResponse send(UpstreamRequest request);
}
