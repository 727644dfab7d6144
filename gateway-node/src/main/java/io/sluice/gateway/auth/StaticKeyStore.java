package io.sluice.gateway.auth;

import io.sluice.gateway.config.GatewayConfig.ClientKeySettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A key store holding the keys listed in the gateway configuration. */
public final class StaticKeyStore implements KeyStore {

    private final Map<String, ClientKey> keysBySha256;

    /** Creates the store from configured keys. */
    public StaticKeyStore(List<ClientKeySettings> keys) {
        Map<String, ClientKey> byHash = new HashMap<>();
        for (ClientKeySettings key : keys) {
            byHash.put(key.sha256(), new ClientKey(key.id(), key.tenant(), key.aliases()));
        }
        this.keysBySha256 = Map.copyOf(byHash);
    }

    @Override
    public Optional<ClientKey> findBySha256(String sha256Hex) {
        return Optional.ofNullable(keysBySha256.get(sha256Hex));
    }
}
