package io.proxysaas.access;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The admission used by the relay and the GoProxy hooks: {@link AdmissionRules} over the hot
 * customer directory, the password cache and the IP blocklist, counting every granted socket and
 * every refusal by reason.
 */
public final class DefaultAccessService implements AccessService {

    private final CustomerDirectory directory;
    private final PasswordVerifier passwords;
    private final IpBlocklist blocklist;
    private final AdmissionRules rules;
    private final LiveSockets liveSockets;
    private final AdmissionRules.LimitCheck requestCheck;
    private final RefusalCounters refusals;
    private final Clock clock;

    /** Without plan limits (no per-request QPS); grants are still counted. */
    public DefaultAccessService(CustomerDirectory directory, PasswordVerifier passwords, IpBlocklist blocklist,
                                AdmissionRules rules, LiveSockets liveSockets) {
        this(directory, passwords, blocklist, rules, liveSockets, (grant, now) -> null, new RefusalCounters(),
                Clock.systemUTC());
    }

    /** @param requestCheck asked for each further plain-HTTP request ({@link PlanLimits#requestCheck()}) */
    public DefaultAccessService(CustomerDirectory directory, PasswordVerifier passwords, IpBlocklist blocklist,
                                AdmissionRules rules, LiveSockets liveSockets, AdmissionRules.LimitCheck requestCheck,
                                RefusalCounters refusals, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.blocklist = Objects.requireNonNull(blocklist, "blocklist");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.liveSockets = Objects.requireNonNull(liveSockets, "liveSockets");
        this.requestCheck = Objects.requireNonNull(requestCheck, "requestCheck");
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Admission admit(int port, Credentials credentials, InetAddress clientIp) {
        Credentials presented = credentials == null ? Credentials.NONE : credentials;
        String ip = clientIp.getHostAddress();
        Admission admission = rules.decide(port, presented, ip, new DirectoryFacts(clientIp));
        if (admission instanceof Admission.Grant grant) {
            if (!rules.countsSockets()) {
                liveSockets.opened(grant.username(), port, ip);
            }
        } else if (admission instanceof Admission.Refusal refusal) {
            refusals.record(refusal.reason());
            if (refusal.reason().isAuthFailure()) {
                blocklist.authFailed(clientIp);
            }
        }
        return admission;
    }

    /** Takes a QPS token under the customer's current plan (it may have changed since the socket opened). */
    @Override
    public Admission admitRequest(Admission.Grant grant) {
        Plan current = directory.byUsername(grant.username())
                .flatMap(c -> c.plan() == null ? Optional.empty() : directory.plan(c.plan()))
                .orElse(grant.plan());
        Admission.Grant asked = current.equals(grant.plan()) ? grant
                : new Admission.Grant(grant.customer(), current, grant.port(), grant.clientIp());
        Admission.Refusal refusal = requestCheck.check(asked, clock.instant());
        if (refusal != null) {
            refusals.record(refusal.reason());
            return refusal;
        }
        return grant;
    }

    @Override
    public void release(Admission.Grant grant) {
        liveSockets.closed(grant.username(), grant.port(), grant.clientIp());
    }

    public LiveSockets liveSockets() {
        return liveSockets;
    }

    public RefusalCounters refusals() {
        return refusals;
    }

    /** The rules' lookups for one socket, answered from local memory. */
    private final class DirectoryFacts implements AdmissionRules.Facts {
        private final InetAddress clientIp;

        DirectoryFacts(InetAddress clientIp) {
            this.clientIp = clientIp;
        }

        @Override
        public RefusalReason ipRefusal() {
            return blocklist.check(clientIp);
        }

        @Override
        public Optional<Customer> customer(String username) {
            return directory.byUsername(username);
        }

        @Override
        public boolean passwordMatches(Customer customer, String password) {
            return passwords.verify(customer.username(), password, customer.passwordHash());
        }

        @Override
        public Optional<Customer> whitelisted() {
            return directory.byClientIp(clientIp);
        }

        @Override
        public Optional<Plan> plan(String name) {
            return directory.plan(name);
        }
    }
}
