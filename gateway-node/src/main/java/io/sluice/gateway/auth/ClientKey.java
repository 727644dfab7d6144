package io.sluice.gateway.auth;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated caller: the key id (never the secret), its tenant and the aliases it may use.
 *
 * @param keyId   id of the key, safe to log
 * @param tenant  tenant the key belongs to
 * @param aliases aliases the key may use; empty means every alias
 */
public record ClientKey(String keyId, String tenant, Set<String> aliases) {

    /** Validates the components. */
    public ClientKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(tenant, "tenant");
        aliases = Set.copyOf(aliases);
    }

    /** Tells whether this key may use an alias. */
    public boolean mayUse(String alias) {
        return aliases.isEmpty() || aliases.contains(alias);
    }
}
