package io.proxysaas.access;

import io.proxysaas.config.Module;
import io.proxysaas.config.Settings;
import io.proxysaas.customer.CustomerDirectory;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * Wires admission: binds {@code accessService} (a {@link DefaultAccessService}), {@code liveSockets}
 * and a {@code clock}
 * when none is bound. Needs a {@link CustomerDirectory} and a {@link SlowHashCheck} in the
 * registry; uses an {@link IpBlocklist} when one is bound, else blocks nothing.
 */
public final class AccessModule implements Module {

    @Override
    public void install(CamelContext context, Settings settings) {
        Registry registry = context.getRegistry();
        Clock clock = registry.findSingleByType(Clock.class);
        if (clock == null) {
            clock = Clock.systemUTC();
            registry.bind("clock", Clock.class, clock);
        }
        CustomerDirectory directory = required(registry, CustomerDirectory.class, "install the state module first");
        SlowHashCheck slowCheck = required(registry, SlowHashCheck.class,
                "bind the password hasher's verify method as an io.proxysaas.access.SlowHashCheck");
        IpBlocklist blocklist = registry.findSingleByType(IpBlocklist.class);
        LockoutCheck lockouts = registry.findSingleByType(LockoutCheck.class);
        PasswordVerifier passwords = new PasswordVerifier(slowCheck,
                settings.integer("access.password-cache-size", 100_000));
        LiveSockets liveSockets = new LiveSockets();
        DefaultAccessService service = new DefaultAccessService(directory, passwords,
                blocklist == null ? IpBlocklist.NONE : blocklist, new AdmissionRules(clock,
                lockouts == null ? java.util.List.of() : java.util.List.of(lockoutCheck(lockouts))), liveSockets);
        registry.bind("liveSockets", LiveSockets.class, liveSockets);
        registry.bind("accessService", AccessService.class, service);
    }

    /** Strike lockouts (bound by the enforcement module, installed before this one) refuse as LOCKED_OUT. */
    private static AdmissionRules.LimitCheck lockoutCheck(LockoutCheck lockouts) {
        return (grant, now) -> {
            java.time.Instant until = lockouts.lockedUntil(grant.username());
            return until == null ? null : new Admission.Refusal(RefusalReason.LOCKED_OUT, "until " + until);
        };
    }

    private static <T> T required(Registry registry, Class<T> type, String hint) {
        T bean = registry.findSingleByType(type);
        if (bean == null) {
            throw new IllegalStateException("access module: no " + type.getName() + " bean in the registry; " + hint);
        }
        return bean;
    }
}
