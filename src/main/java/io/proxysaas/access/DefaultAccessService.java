package io.proxysaas.access;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The admission used by the relay and the GoProxy hooks: {@link AdmissionRules} over the hot
 * customer directory, the password cache and the IP blocklist, counting every granted socket.
 */
public final class DefaultAccessService implements AccessService {

    private final CustomerDirectory directory;
    private final PasswordVerifier passwords;
    private final IpBlocklist blocklist;
    private final AdmissionRules rules;
    private final LiveSockets liveSockets;

    public DefaultAccessService(CustomerDirectory directory, PasswordVerifier passwords, IpBlocklist blocklist,
                                AdmissionRules rules, LiveSockets liveSockets) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.blocklist = Objects.requireNonNull(blocklist, "blocklist");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.liveSockets = Objects.requireNonNull(liveSockets, "liveSockets");
    }

    @Override
    public Admission admit(int port, Credentials credentials, InetAddress clientIp) {
        Credentials presented = credentials == null ? Credentials.NONE : credentials;
        String ip = clientIp.getHostAddress();
        Admission admission = rules.decide(port, presented, ip, new DirectoryFacts(clientIp));
        if (admission instanceof Admission.Grant grant) {
            liveSockets.opened(grant.username(), port, ip);
        } else if (admission instanceof Admission.Refusal refusal && refusal.reason().isAuthFailure()) {
            blocklist.authFailed(clientIp);
        }
        return admission;
    }

    @Override
    public void release(Admission.Grant grant) {
        liveSockets.closed(grant.username(), grant.port(), grant.clientIp());
    }

    public LiveSockets liveSockets() {
        return liveSockets;
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
