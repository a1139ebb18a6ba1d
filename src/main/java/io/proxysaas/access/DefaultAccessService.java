package io.proxysaas.access;

import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerDirectory;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The admission used by the relay and the GoProxy hooks: {@link AdmissionRules} over the hot
 * customer directory, the password cache and the IP blocklist, counting every granted socket and
 * every refusal by reason. {@link #admitAsync} keeps slow password checks off the caller's thread:
 * they run on a small bounded executor, and a full queue answers {@link RefusalReason#BUSY}.
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
    private final Executor slowHashes;

    /** Static: an idle thread's facts hold no service, so a discarded service is not kept alive. */
    private static final ThreadLocal<DirectoryFacts> THREAD_FACTS = ThreadLocal.withInitial(DirectoryFacts::new);

    /** Without plan limits (no per-request QPS); grants are still counted. */
    public DefaultAccessService(CustomerDirectory directory, PasswordVerifier passwords, IpBlocklist blocklist,
                                AdmissionRules rules, LiveSockets liveSockets) {
        this(directory, passwords, blocklist, rules, liveSockets, (grant, now) -> null, new RefusalCounters(),
                Clock.systemUTC());
    }

    /**
     * Slow password checks of {@link #admitAsync} run on the caller (for tests and callers that may block).
     *
     * @param requestCheck asked for each further plain-HTTP request ({@link PlanLimits#requestCheck()})
     */
    public DefaultAccessService(CustomerDirectory directory, PasswordVerifier passwords, IpBlocklist blocklist,
                                AdmissionRules rules, LiveSockets liveSockets, AdmissionRules.LimitCheck requestCheck,
                                RefusalCounters refusals, Clock clock) {
        this(directory, passwords, blocklist, rules, liveSockets, requestCheck, refusals, clock, Runnable::run);
    }

    /**
     * @param slowHashes runs admissions that need a slow password check; it should refuse work
     *                   ({@link RejectedExecutionException}) rather than queue without bound
     */
    public DefaultAccessService(CustomerDirectory directory, PasswordVerifier passwords, IpBlocklist blocklist,
                                AdmissionRules rules, LiveSockets liveSockets, AdmissionRules.LimitCheck requestCheck,
                                RefusalCounters refusals, Clock clock, Executor slowHashes) {
        this.slowHashes = Objects.requireNonNull(slowHashes, "slowHashes");
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
        String ip = HostAddresses.text(clientIp);
        DirectoryFacts facts = facts(clientIp, false);
        try {
            return account(rules.decide(port, presented, ip, facts), port, ip, clientIp);
        } finally {
            facts.done();
        }
    }

    /**
     * Decides inline when no slow password check is needed (no credentials, refused IP, unknown
     * user, cached password); else {@link #admit} runs on the slow-hash executor and the stage
     * completes on {@code continueOn}.
     */
    @Override
    public CompletionStage<Admission> admitAsync(int port, Credentials credentials, InetAddress clientIp,
                                                 Executor continueOn) {
        Objects.requireNonNull(continueOn, "continueOn");
        Credentials presented = credentials == null ? Credentials.NONE : credentials;
        String ip = HostAddresses.text(clientIp);
        DirectoryFacts fastOnly = facts(clientIp, true);
        try {
            // Nothing in the rules has an effect before the password is judged, so a decision that
            // stopped at an uncached password is simply dropped and taken again off this thread.
            Admission inline = rules.decide(port, presented, ip, fastOnly);
            if (!fastOnly.slowCheckSkipped) {
                return CompletableFuture.completedFuture(account(inline, port, ip, clientIp));
            }
        } finally {
            fastOnly.done();
        }
        CompletableFuture<Admission> result = new CompletableFuture<>();
        try {
            slowHashes.execute(() -> decideSlowly(port, presented, clientIp, continueOn, result));
        } catch (RejectedExecutionException e) {
            refusals.record(RefusalReason.BUSY);
            return CompletableFuture.completedFuture(
                    new Admission.Refusal(RefusalReason.BUSY, "too many password checks waiting"));
        }
        return result;
    }

    private void decideSlowly(int port, Credentials presented, InetAddress clientIp, Executor continueOn,
                              CompletableFuture<Admission> result) {
        Admission admission;
        try {
            admission = admit(port, presented, clientIp);
        } catch (RuntimeException | Error e) {
            handOver(continueOn, () -> result.completeExceptionally(e), result, e);
            return;
        }
        try {
            continueOn.execute(() -> result.complete(admission));
        } catch (RejectedExecutionException e) {
            // Nobody will ever hold this grant (the caller's loop is gone): give the socket back now.
            if (admission instanceof Admission.Grant grant) {
                release(grant);
            }
            result.completeExceptionally(e);
        }
    }

    private static void handOver(Executor continueOn, Runnable task, CompletableFuture<Admission> result,
                                 Throwable cause) {
        try {
            continueOn.execute(task);
        } catch (RejectedExecutionException e) {
            e.addSuppressed(cause);
            result.completeExceptionally(e);
        }
    }

    /** Counts a grant's socket (unless a limit check did) or a refusal and its brute-force report. */
    private Admission account(Admission admission, int port, String ip, InetAddress clientIp) {
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
        Customer customer = directory.byUsername(grant.username()).orElse(null);
        Plan named = customer == null || customer.plan() == null ? null
                : directory.plan(customer.plan()).orElse(null);
        Plan current = named == null ? grant.plan() : named;
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

    /** This thread's facts, set up for one decision (a fresh one if a decision here is still running). */
    private DirectoryFacts facts(InetAddress clientIp, boolean fastOnly) {
        DirectoryFacts facts = THREAD_FACTS.get();
        if (facts.service != null) {
            facts = new DirectoryFacts();
        }
        facts.start(this, clientIp, fastOnly);
        return facts;
    }

    /**
     * The rules' lookups for one socket, answered from local memory. Reused by the next decision
     * on the same thread ({@link #done}): it is asked on every socket.
     */
    private static final class DirectoryFacts implements AdmissionRules.Facts {
        private DefaultAccessService service;
        private InetAddress clientIp;
        /** Answer an uncached password as not matching and note it instead of hashing slowly. */
        private boolean fastOnly;
        /** A password would have needed the slow check, so the decision is incomplete. */
        boolean slowCheckSkipped;

        void start(DefaultAccessService service, InetAddress clientIp, boolean fastOnly) {
            this.service = service;
            this.clientIp = clientIp;
            this.fastOnly = fastOnly;
            this.slowCheckSkipped = false;
        }

        void done() {
            service = null;
            clientIp = null;
        }

        @Override
        public RefusalReason ipRefusal() {
            return service.blocklist.check(clientIp);
        }

        @Override
        public Customer customer(String username) {
            return service.directory.byUsername(username).orElse(null);
        }

        @Override
        public boolean passwordMatches(Customer customer, String password) {
            String username = customer.username();
            String hash = customer.passwordHash();
            if (!fastOnly) {
                return service.passwords.verify(username, password, hash);
            }
            // what verify answers without its slow check, with one HMAC at most
            if (PasswordVerifier.cannotMatch(username, password, hash)) {
                return false;
            }
            if (service.passwords.isCached(username, password, hash)) {
                return true;
            }
            slowCheckSkipped = true;
            return false;
        }

        @Override
        public Customer whitelisted() {
            return service.directory.byClientIp(clientIp).orElse(null);
        }

        @Override
        public Plan plan(String name) {
            return service.directory.plan(name).orElse(null);
        }
    }
}
