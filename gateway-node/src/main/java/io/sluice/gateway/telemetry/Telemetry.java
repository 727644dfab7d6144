package io.sluice.gateway.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.sluice.gateway.config.GatewayConfig.TelemetrySettings;
import java.time.Duration;

/**
 * The node's OpenTelemetry tracer and W3C trace-context propagation.
 *
 * <p>With an OTLP endpoint configured, spans go through a batch processor with a bounded queue: when the
 * collector is slow or down, spans are dropped rather than ever blocking a request. Without one, tracing is a
 * no-op and costs nothing.
 */
public final class Telemetry implements AutoCloseable {

    private static final String INSTRUMENTATION_SCOPE = "io.sluice.gateway";
    private static final int MAX_QUEUED_SPANS = 8192;

    private final OpenTelemetry openTelemetry;
    private final OpenTelemetrySdk sdk;

    private Telemetry(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    /** Creates telemetry from configuration: OTLP over HTTP if an endpoint is set, a no-op otherwise. */
    public static Telemetry create(TelemetrySettings settings) {
        if (settings.otlpEndpoint().isEmpty()) {
            return new Telemetry(OpenTelemetry.noop(), null);
        }
        SpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(settings.otlpEndpoint().get().toString())
                .setTimeout(Duration.ofSeconds(10))
                .build();
        SpanProcessor processor = BatchSpanProcessor.builder(exporter)
                .setMaxQueueSize(MAX_QUEUED_SPANS)
                .setScheduleDelay(Duration.ofSeconds(1))
                .build();
        return withProcessor(settings, processor);
    }

    /** Creates telemetry that sends spans to a given processor; tests use an in-memory exporter. */
    public static Telemetry withProcessor(TelemetrySettings settings, SpanProcessor processor) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), settings.serviceName())));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampleRatio())))
                .addSpanProcessor(processor)
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new Telemetry(sdk, sdk);
    }

    /** Returns the tracer for Sluice's spans. */
    public Tracer tracer() {
        return openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
    }

    /** Returns the propagator for {@code traceparent} and {@code tracestate}. */
    public TextMapPropagator propagator() {
        return W3CTraceContextPropagator.getInstance();
    }

    /** Flushes queued spans and stops the exporter. */
    @Override
    public void close() {
        if (sdk != null) {
            sdk.getSdkTracerProvider().shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
