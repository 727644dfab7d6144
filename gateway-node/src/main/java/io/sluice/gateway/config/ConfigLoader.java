package io.sluice.gateway.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;
import io.sluice.gateway.config.GatewayConfig.AliasSettings;
import io.sluice.gateway.config.GatewayConfig.CacheSettings;
import io.sluice.gateway.config.GatewayConfig.ClientKeySettings;
import io.sluice.gateway.config.GatewayConfig.ClusterSettings;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import io.sluice.gateway.config.GatewayConfig.ServerSettings;
import io.sluice.gateway.config.GatewayConfig.TelemetrySettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads and validates the gateway YAML.
 *
 * <p>Sources, highest priority first: explicit overrides (tests), Java system properties, environment variables,
 * then the YAML file. Environment variables follow Helidon's aliasing: {@code SERVER_PORT} sets
 * {@code server.port} and {@code SERVER_MAX_dash_BODY_dash_BYTES} sets {@code server.max-body-bytes}. Every
 * problem is reported as an {@link InvalidConfigException} naming the key, the value and the rule.
 */
public final class ConfigLoader {

    /** Location of the single-node default that ships in the {@code cluster-config} jar. */
    public static final String DEFAULT_LOCATION = "classpath:sluice/single/gateway.yaml";

    private static final String CLASSPATH_PREFIX = "classpath:";
    /** Maximum duration any key accepts, which keeps nanosecond arithmetic on deadlines far from overflow. */
    private static final Duration MAX_DURATION = Duration.ofDays(365);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}");

    private final Function<String, String> environment;

    private ConfigLoader(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Loads a configuration, with the process environment and system properties as overrides. */
    public static GatewayConfig load(String location) {
        Config config = Config.builder()
                .sources(List.of(() -> source(location)))
                .build();
        return new ConfigLoader(System::getenv).read(config);
    }

    /**
     * Loads a configuration ignoring the process environment and system properties, for tests and tools.
     *
     * @param location  the YAML location
     * @param overrides keys in dotted form, such as {@code providers.0.base-url}
     * @param variables what {@code api-key-env} and {@code admin-key-env} look up instead of the environment
     */
    public static GatewayConfig load(String location, Map<String, String> overrides, Map<String, String> variables) {
        Config config = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .sources(List.of(() -> ConfigSources.create(overrides).build(), () -> source(location)))
                .build();
        return new ConfigLoader(variables::get).read(config);
    }

    private static ConfigSource source(String location) {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            return ConfigSources.classpath(location.substring(CLASSPATH_PREFIX.length())).build();
        }
        if (!Files.isRegularFile(Path.of(location))) {
            throw new InvalidConfigException("config file", location, "an existing YAML file");
        }
        return ConfigSources.file(location).build();
    }

    private GatewayConfig read(Config root) {
        List<ProviderSettings> providers = list(root.get("providers"), this::provider);
        List<AliasSettings> aliases = list(root.get("aliases"), this::alias);
        List<ClientKeySettings> keys = list(root.get("keys"), this::clientKey);
        GatewayConfig config = new GatewayConfig(server(root.get("server")), cluster(root.get("cluster")),
                cache(root.get("cache")), providers, aliases, keys, telemetry(root.get("telemetry")));
        checkReferences(config);
        return config;
    }

    private ServerSettings server(Config node) {
        int port = integer(node.get("port"), 8080, 0, 65535);
        long maxBody = longValue(node.get("max-body-bytes"), 16L * 1024 * 1024, 1024, Integer.MAX_VALUE);
        Duration timeout = duration(node.get("request-timeout"), Duration.ofMinutes(10));
        Optional<String> adminKeyHash = optionalString(node.get("admin-key-sha256")).map(hash -> sha256(node.get(
                "admin-key-sha256"), hash));
        if (adminKeyHash.isEmpty()) {
            adminKeyHash = optionalSecret(node, "admin-key").map(secret -> Hashing.sha256Hex(secret.reveal()));
        }
        return new ServerSettings(string(node.get("host"), "127.0.0.1"), port, maxBody, timeout, adminKeyHash);
    }

    private ClusterSettings cluster(Config node) {
        List<String> members = stringList(node.get("members"));
        for (String member : members) {
            if (!member.matches("[^\\s:]+(:\\d{1,5})?")) {
                throw new InvalidConfigException(node.get("members").key().toString(), member, "host or host:port");
            }
        }
        Optional<Integer> port = optionalString(node.get("port"))
                .map(text -> integer(node.get("port"), 0, 1, 65535));
        return new ClusterSettings(string(node.get("hazelcast-config"), "classpath:sluice/single/hazelcast.yaml"),
                optionalString(node.get("name")), port, members,
                integer(node.get("min-members"), 1, 1, 1000));
    }

    private CacheSettings cache(Config node) {
        Duration defaultTtl = duration(node.get("default-ttl"), Duration.ofHours(1));
        Duration maxTtl = duration(node.get("max-ttl"), Duration.ofDays(1));
        if (defaultTtl.compareTo(maxTtl) > 0) {
            throw new InvalidConfigException(node.get("default-ttl").key().toString(), defaultTtl,
                    "at most cache.max-ttl (" + maxTtl + ")");
        }
        return new CacheSettings(bool(node.get("enabled"), true), defaultTtl, maxTtl,
                integer(node.get("max-entry-bytes"), 4 * 1024 * 1024, 1024, 256 * 1024 * 1024));
    }

    private ProviderSettings provider(Config node) {
        String name = name(node.get("name"));
        Dialect dialect = enumValue(node.get("dialect"), Dialect.class, Dialect.OPENAI);
        URI baseUri = uri(node.get("base-url"));
        return new ProviderSettings(name, dialect, baseUri, secret(node, "api-key"),
                duration(node.get("connect-timeout"), Duration.ofSeconds(5)),
                duration(node.get("read-timeout"), Duration.ofMinutes(2)),
                integer(node.get("max-concurrent-requests"), 512, 1, 100_000),
                bool(node.get("stream-usage"), true),
                string(node.get("anthropic-version"), "2023-06-01"),
                integer(node.get("default-max-tokens"), 4096, 1, 1_000_000));
    }

    private AliasSettings alias(Config node) {
        String name = name(node.get("name"));
        Optional<Duration> ttl = optionalString(node.get("cache.ttl")).map(text -> duration(node.get("cache.ttl"),
                Duration.ZERO));
        return new AliasSettings(name, name(node.get("provider")), string(node.get("upstream-model"), name),
                enumValue(node.get("cache.mode"), CacheMode.class, CacheMode.DETERMINISTIC), ttl,
                string(node.get("owned-by"), "sluice"));
    }

    private ClientKeySettings clientKey(Config node) {
        String id = name(node.get("id"));
        String hash = optionalString(node.get("sha256"))
                .map(text -> sha256(node.get("sha256"), text))
                .or(() -> secret(node, "key").map(secret -> Hashing.sha256Hex(secret.reveal())))
                .orElseThrow(() -> new InvalidConfigException(node.key() + ".sha256", "(missing)",
                        "the SHA-256 of the key, or key-env / key-file naming where the key is"));
        Set<String> aliases = new LinkedHashSet<>(stringList(node.get("aliases")));
        return new ClientKeySettings(id, name(node.get("tenant")), hash, Set.copyOf(aliases));
    }

    private TelemetrySettings telemetry(Config node) {
        Optional<URI> endpoint = optionalString(node.get("otlp-endpoint")).map(text -> uri(node.get("otlp-endpoint")));
        double ratio = decimal(node.get("sample-ratio"), 1.0, 0.0, 1.0);
        return new TelemetrySettings(string(node.get("service-name"), "sluice"), endpoint, ratio,
                bool(node.get("access-log"), true));
    }

    private static void checkReferences(GatewayConfig config) {
        Set<String> providerNames = new HashSet<>();
        for (ProviderSettings provider : config.providers()) {
            if (!providerNames.add(provider.name())) {
                throw new InvalidConfigException("providers", provider.name(), "unique provider names");
            }
        }
        Set<String> aliasNames = new HashSet<>();
        for (AliasSettings alias : config.aliases()) {
            if (!aliasNames.add(alias.name())) {
                throw new InvalidConfigException("aliases", alias.name(), "unique alias names");
            }
            if (alias.cacheTtl().isPresent() && alias.cacheTtl().get().compareTo(config.cache().maxTtl()) > 0) {
                throw new InvalidConfigException("aliases." + alias.name() + ".cache.ttl", alias.cacheTtl().get(),
                        "at most cache.max-ttl (" + config.cache().maxTtl() + ")");
            }
            if (!providerNames.contains(alias.provider())) {
                throw new InvalidConfigException("aliases." + alias.name() + ".provider", alias.provider(),
                        "one of the configured providers " + providerNames);
            }
        }
        Set<String> keyIds = new HashSet<>();
        Set<String> keyHashes = new HashSet<>();
        for (ClientKeySettings key : config.keys()) {
            if (!keyIds.add(key.id()) || !keyHashes.add(key.sha256())) {
                throw new InvalidConfigException("keys", key.id(), "unique key ids and unique keys");
            }
            for (String alias : key.aliases()) {
                if (!aliasNames.contains(alias)) {
                    throw new InvalidConfigException("keys." + key.id() + ".aliases", alias,
                            "one of the configured aliases");
                }
            }
        }
    }

    /** Like {@link #secret}, but an unset environment variable disables the feature instead of failing. */
    private Optional<Secret> optionalSecret(Config node, String prefix) {
        Optional<String> variable = optionalString(node.get(prefix + "-env"));
        if (variable.isPresent()) {
            String value = environment.apply(variable.get());
            return value == null || value.isBlank() ? Optional.empty()
                    : Optional.of(new Secret(value.strip(), "env " + variable.get()));
        }
        return secret(node, prefix);
    }

    private Optional<Secret> secret(Config node, String prefix) {
        Optional<String> variable = optionalString(node.get(prefix + "-env"));
        if (variable.isPresent()) {
            String value = environment.apply(variable.get());
            if (value == null || value.isBlank()) {
                throw new InvalidConfigException(node.get(prefix + "-env").key().toString(), variable.get(),
                        "the name of a set, non-empty environment variable");
            }
            return Optional.of(new Secret(value.strip(), "env " + variable.get()));
        }
        Optional<String> file = optionalString(node.get(prefix + "-file"));
        if (file.isPresent()) {
            try {
                String value = Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip();
                if (value.isEmpty()) {
                    throw new InvalidConfigException(node.get(prefix + "-file").key().toString(), file.get(),
                            "a file that contains the secret");
                }
                return Optional.of(new Secret(value, "file " + file.get()));
            } catch (IOException e) {
                throw new InvalidConfigException(node.get(prefix + "-file").key().toString(), file.get(),
                        "a readable file (" + e.getClass().getSimpleName() + ")");
            }
        }
        return Optional.empty();
    }

    private static <T> List<T> list(Config node, Function<Config, T> reader) {
        if (!node.exists()) {
            return List.of();
        }
        List<T> items = new ArrayList<>();
        for (Config child : node.asNodeList().orElse(List.of())) {
            items.add(reader.apply(child));
        }
        return List.copyOf(items);
    }

    private static List<String> stringList(Config node) {
        if (!node.exists()) {
            return List.of();
        }
        if (node.isLeaf()) {
            String text = node.asString().orElse("").strip();
            return text.isEmpty() ? List.of() : List.of(text.split("\\s*,\\s*"));
        }
        return List.copyOf(node.asList(String.class).orElse(List.of()));
    }

    private static Optional<String> optionalString(Config node) {
        return node.exists() && node.isLeaf() ? node.asString().asOptional().map(String::strip)
                .filter(text -> !text.isEmpty()) : Optional.empty();
    }

    private static String string(Config node, String fallback) {
        return optionalString(node).orElse(fallback);
    }

    private static String name(Config node) {
        String value = optionalString(node).orElseThrow(() -> new InvalidConfigException(node.key().toString(),
                "(missing)", "a name"));
        if (!NAME.matcher(value).matches()) {
            throw new InvalidConfigException(node.key().toString(), value,
                    "letters, digits and . _ : / @ -, starting with a letter or digit, at most 128 characters");
        }
        return value;
    }

    private static String sha256(Config node, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(lower).matches()) {
            throw new InvalidConfigException(node.key().toString(), "(hidden)", "64 hexadecimal digits");
        }
        return lower;
    }

    private static int integer(Config node, int fallback, int min, int max) {
        return (int) longValue(node, fallback, min, max);
    }

    private static long longValue(Config node, long fallback, long min, long max) {
        Optional<String> text = optionalString(node);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.get().replace("_", ""));
            if (value < min || value > max) {
                throw new InvalidConfigException(node.key().toString(), text.get(), "an integer from " + min + " to "
                        + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(node.key().toString(), text.get(), "an integer");
        }
    }

    private static double decimal(Config node, double fallback, double min, double max) {
        Optional<String> text = optionalString(node);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.get());
            if (!(value >= min && value <= max)) {
                throw new InvalidConfigException(node.key().toString(), text.get(), "a number from " + min + " to "
                        + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(node.key().toString(), text.get(), "a number");
        }
    }

    private static boolean bool(Config node, boolean fallback) {
        Optional<String> text = optionalString(node);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidConfigException(node.key().toString(), text.get(), "true or false");
        };
    }

    private static Duration duration(Config node, Duration fallback) {
        Optional<String> text = optionalString(node);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            Duration value = Durations.parse(text.get());
            if (value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
                throw new InvalidConfigException(node.key().toString(), text.get(),
                        "a positive duration of at most " + MAX_DURATION.toDays() + " days");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(node.key().toString(), text.get(), Durations.FORMAT);
        }
    }

    private static URI uri(Config node) {
        String text = optionalString(node).orElseThrow(() -> new InvalidConfigException(node.key().toString(),
                "(missing)", "an http or https URL"));
        try {
            URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new InvalidConfigException(node.key().toString(), text, "an http or https URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(node.key().toString(), text, "an http or https URL");
        }
    }

    private static <E extends Enum<E>> E enumValue(Config node, Class<E> type, E fallback) {
        Optional<String> text = optionalString(node);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.get().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new InvalidConfigException(node.key().toString(), text.get(), "one of " + allowed);
        }
    }
}
