package io.sluice.gateway.routing;

import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.auth.ClientKey;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.GatewayConfig.AliasSettings;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resolves the model names clients send to routes, honouring what each key may use. */
public final class AliasRegistry {

    private final Map<String, Route> routes;

    /** Builds the registry from configuration; {@code created} in model listings is the load time. */
    public AliasRegistry(GatewayConfig config, Instant loadedAt) {
        Map<String, ProviderSettings> providers = new LinkedHashMap<>();
        for (ProviderSettings provider : config.providers()) {
            providers.put(provider.name(), provider);
        }
        Map<String, Route> byAlias = new LinkedHashMap<>();
        for (AliasSettings alias : config.aliases()) {
            byAlias.put(alias.name(), new Route(alias.name(), providers.get(alias.provider()), alias.upstreamModel(),
                    alias.cacheMode(), alias.cacheTtl(), alias.ownedBy(), loadedAt.getEpochSecond()));
        }
        this.routes = byAlias;
    }

    /**
     * Returns the route for an alias the key may use.
     *
     * <p>An alias that exists but is not allowed for this key is reported exactly like an unknown one, so a key
     * cannot probe which aliases exist.
     *
     * @throws GatewayException with {@link ErrorKind#MODEL_NOT_FOUND}
     */
    public Route resolve(String alias, ClientKey key) {
        return find(alias, key).orElseThrow(() -> new GatewayException(ErrorKind.MODEL_NOT_FOUND,
                "The model '" + shortened(alias) + "' does not exist or you do not have access to it.", "model"));
    }

    /** Returns the route for an alias the key may use, if there is one. */
    public Optional<Route> find(String alias, ClientKey key) {
        Route route = routes.get(alias);
        return route != null && key.mayUse(alias) ? Optional.of(route) : Optional.empty();
    }

    /** Returns the routes a key may use, in configuration order. */
    public List<Route> visibleTo(ClientKey key) {
        List<Route> visible = new ArrayList<>();
        for (Route route : routes.values()) {
            if (key.mayUse(route.alias())) {
                visible.add(route);
            }
        }
        return visible;
    }

    private static String shortened(String alias) {
        return alias.length() <= 100 ? alias : alias.substring(0, 100) + "…";
    }
}
