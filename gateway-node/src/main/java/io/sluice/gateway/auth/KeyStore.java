package io.sluice.gateway.auth;

import java.util.Optional;

/** Looks up client keys by the SHA-256 of their secret; implementations never see or store the secret itself. */
public interface KeyStore {

    /** Returns the key whose secret hashes to {@code sha256Hex}, if it exists and is active. */
    Optional<ClientKey> findBySha256(String sha256Hex);
}
