# Sourced by the scripts in bin/: sets JAVA_HOME to a JDK 21 or newer, preferring the newest.
# Order: $JAVA_HOME if new enough, then every JDK under /usr/lib/jvm and /opt, then java on PATH.

java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

find_java() {
    local best="" best_major=0 candidate major
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
        major=$(java_major "$JAVA_HOME")
        if [ "${major:-0}" -ge 21 ]; then
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
        [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate")
        if [ "${major:-0}" -gt "$best_major" ]; then
            best="$candidate"
            best_major="$major"
        fi
    done
    if [ "$best_major" -lt 21 ] && command -v java >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        major=$(java_major "$candidate")
        if [ "${major:-0}" -ge 21 ]; then
            best="$candidate"
            best_major="$major"
        fi
    fi
    if [ "$best_major" -lt 21 ]; then
        echo "Sluice needs a JDK 21 or newer (25 recommended); none was found under /usr/lib/jvm, /opt or on PATH." >&2
        echo "Install one, or set JAVA_HOME to it." >&2
        return 1
    fi
    export JAVA_HOME="$best"
    export PATH="$JAVA_HOME/bin:$PATH"
}

# JVM flags for the node: module access Hazelcast needs, and, on JDK 23+, permission for its Unsafe use.
node_java_flags() {
    local flags="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED"
    flags="$flags --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
    flags="$flags --add-opens java.management/sun.management=ALL-UNNAMED"
    flags="$flags --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
    if [ "$(java_major "$JAVA_HOME")" -ge 23 ]; then
        flags="$flags --sun-misc-unsafe-memory-access=allow"
    fi
    echo "$flags"
}

maven_opts() {
    if [ "$(java_major "$JAVA_HOME")" -ge 23 ]; then
        echo "--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
    else
        echo "${MAVEN_OPTS:-}"
    fi
}
