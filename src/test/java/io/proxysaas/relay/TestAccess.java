package io.proxysaas.relay;

import io.proxysaas.access.AccessService;
import io.proxysaas.access.Admission;
import io.proxysaas.access.Credentials;
import io.proxysaas.access.RefusalReason;
import io.proxysaas.customer.Customer;
import io.proxysaas.customer.CustomerStatus;
import io.proxysaas.customer.Plan;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** In-test access rules: alice/wonder, a banned user mallory/evil, and one whitelisted client IP. */
final class TestAccess implements AccessService {

    static final String USER = "alice";
    static final String PASSWORD = "wonder";
    static final String BANNED_USER = "mallory";
    static final String WHITELISTED_IP = "127.0.0.2";

    private static final Plan PLAN = new Plan("test", 0, 0, 0, 0, 0, 0, 0, 30, 0);

    final Set<Admission.Grant> live = ConcurrentHashMap.newKeySet();
    final AtomicInteger admits = new AtomicInteger();
    final AtomicInteger requestAdmits = new AtomicInteger();
    final AtomicInteger badReleases = new AtomicInteger();

    @Override
    public Admission admit(int port, Credentials credentials, InetAddress clientIp) {
        admits.incrementAndGet();
        String ip = clientIp == null ? null : clientIp.getHostAddress();
        if (credentials.present()) {
            if (BANNED_USER.equals(credentials.username())) {
                return new Admission.Refusal(RefusalReason.CUSTOMER_BANNED, null);
            }
            if (!USER.equals(credentials.username()) || !PASSWORD.equals(credentials.password())) {
                return new Admission.Refusal(RefusalReason.BAD_CREDENTIALS, null);
            }
            return grant(USER, port, ip);
        }
        if (WHITELISTED_IP.equals(ip)) {
            return grant("whitelisted", port, ip);
        }
        return new Admission.Refusal(RefusalReason.AUTH_REQUIRED, null);
    }

    private Admission.Grant grant(String user, int port, String ip) {
        Customer c = new Customer(user, "x", "x", PLAN.name(), null, CustomerStatus.ACTIVE, null, null,
                List.of(), null, null);
        // A fresh record per socket: equal fields would make two grants equal in the live set.
        Admission.Grant g = new Admission.Grant(c, PLAN, port, ip + "#" + admits.get());
        live.add(g);
        return g;
    }

    @Override
    public void release(Admission.Grant grant) {
        if (!live.remove(grant)) {
            badReleases.incrementAndGet();
        }
    }

    @Override
    public Admission admitRequest(Admission.Grant grant) {
        requestAdmits.incrementAndGet();
        return grant;
    }
}
