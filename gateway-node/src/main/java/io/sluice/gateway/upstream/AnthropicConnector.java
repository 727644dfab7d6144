package io.sluice.gateway.upstream;

import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;

/** Connector for upstreams that speak the Anthropic Messages API. */
public final class AnthropicConnector implements UpstreamConnector {

    private final UpstreamHttp http;

    /** Creates a connector for one provider. */
    public AnthropicConnector(ProviderSettings provider) {
        this.http = new UpstreamHttp(provider);
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        throw new GatewayException(ErrorKind.INTERNAL, "not implemented yet: " + http.provider().name());
    }
}
