package io.proxysaas.pool;

import io.proxysaas.config.StartupTimeline;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the pool once the CamelContext has started (routes from the YAML template can only be
 * created and started then) and stops the background work when it stops. An event notifier on
 * {@code CamelContextStarted} fires after every route has started, with or without camel-main.
 */
final class PoolLifecycle extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(PoolLifecycle.class);

    private final PoolReloader reloader;
    private final UpstreamProber prober;
    private final int portBase;

    PoolLifecycle(PoolReloader reloader, UpstreamProber prober, int portBase) {
        this.reloader = reloader;
        this.prober = prober;
        this.portBase = portBase;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent || event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.CamelContextStartedEvent started) {
            StartupListenerTrim.removeHttpSummaryListener(started.getContext());
            try {
                loadAndServe();
            } finally {
                started.getContext().getRegistry().findByType(PreboundPorts.class).forEach(PreboundPorts::releaseUnclaimed);
            }
        } else {
            reloader.close();
            prober.close();
        }
    }

    private void loadAndServe() {
        long begin = StartupTimeline.uptimeMillis(); // the context has started: YAML routes, APIs, Quartz
        try {
            long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            ReloadReport report = reloader.reload();
            long cpuMillis = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore) / 1_000_000;
            int bound = report.added().size() - report.bindFailures().size();
            LOG.info("pool: {} ports bound from {} (port base {}), {} problems, {} bind failures (retrying), {} ms "
                    + "({} ms CPU), from JVM uptime {} ms (context started) to {} ms", bound, reloader.file(), portBase,
                    report.problems().size(), report.bindFailures().size(), report.tookMillis(), cpuMillis, begin,
                    StartupTimeline.uptimeMillis());
            warnIfTooFewFileDescriptors(report.added().size());
        } catch (RuntimeException e) {
            LOG.error("pool: initial load failed, no port is bound until a reload succeeds: {}", e.getMessage(), e);
        }
        reloader.start();
    }

    /** Each port holds a listener plus, per customer socket, two sockets; 4 per port and 1,024 spare is the floor. */
    static void warnIfTooFewFileDescriptors(int ports) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            long wanted = ports * 4L + 1024;
            if (max < wanted) {
                LOG.warn("pool: open-file limit (ulimit -n) is {}, below {} for {} ports; raise it (LimitNOFILE in "
                        + "the systemd unit) or sockets will be refused under load", max, wanted, ports);
            }
        }
    }
}
