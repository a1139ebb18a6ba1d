package io.proxysaas.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.proxysaas.store.AuditTrail;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/** routes/notify.yaml without a webhook: every alert still reaches the audit log and nothing is posted. */
class NotifyRouteTest {

    @Test
    void should_audit_alerts_and_skip_the_webhook_when_no_url_is_set() throws Exception {
        ConcurrentLinkedQueue<String> audited = new ConcurrentLinkedQueue<>();
        AuditTrail trail = new AuditTrail() {
            @Override
            public void record(String actor, String action, String target, String clientIp, String beforeJson,
                               String afterJson, String detail) {
                audited.add(actor + " " + action + " " + target + " " + afterJson);
            }

            @Override
            public List<AuditEntry> since(Instant since, int limit) {
                return List.of();
            }
        };
        try (CamelContext context = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("alerts.webhook-url", "");
            p.setProperty("quota.enabled", "true");
            p.setProperty("alerts.max-redeliveries", "0");
            p.setProperty("alerts.redelivery-delay", "10");
            p.setProperty("alerts.backoff-multiplier", "2");
            context.getPropertiesComponent().setOverrideProperties(p);
            context.getRegistry().bind("alertAudit", new AlertAudit(trail));
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/notify.yaml"));
            context.start();
            // an attempted webhook call with no URL would fail and be handled: the caught exception would show
            NotifyBuilder done = new NotifyBuilder(context).fromRoute("notify-alerts").whenDone(1)
                    .whenAllDoneMatches(e -> e.getProperty(Exchange.EXCEPTION_CAUGHT) == null).create();
            context.createProducerTemplate().sendBody("seda:alerts",
                    Map.of("type", "expiry_1d", "username", "alice", "at", "2026-11-15T00:00:00Z", "detail", "soon"));
            assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
            assertThat(audited.peek()).startsWith("system alert.expiry_1d alice {").contains("\"detail\":\"soon\"");
            assertThat(context.getRoute("notify-alerts")).isNotNull();
        }
    }
}
