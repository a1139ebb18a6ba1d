package io.proxysaas.api;

import io.proxysaas.access.CidrBlock;
import io.proxysaas.access.IpBlocklist;
import io.proxysaas.access.RefusalReason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import org.apache.camel.Message;

/**
 * The client-IP gate of the APIs: a banned or brute-force-blocked address is refused (403 with the
 * reason) before its credentials are looked at, and a failed token or API key counts towards a block,
 * exactly as a failed proxy login does. The address is the TCP peer Vert.x reports, never
 * X-Forwarded-For. The {@link IpBlocklist} is looked up per call (none bound -> nothing blocked).
 */
final class ApiIpGate {

    static final ApiIpGate OPEN = new ApiIpGate(() -> IpBlocklist.NONE);

    private final Supplier<IpBlocklist> blocklist;

    ApiIpGate(Supplier<IpBlocklist> blocklist) {
        this.blocklist = blocklist;
    }

    /** The refusal for this request's peer, or null when it may try. */
    ApiProblem refusal(Message in) {
        InetAddress address = peer(in);
        RefusalReason reason = address == null ? null : list().check(address);
        return reason == null ? null : new ApiProblem(403, reason.code(), null, reason.message());
    }

    /** Counts a failed authentication of this request's peer. */
    void failed(Message in) {
        InetAddress address = peer(in);
        if (address != null) {
            list().authFailed(address);
        }
    }

    private IpBlocklist list() {
        IpBlocklist b = blocklist.get();
        return b == null ? IpBlocklist.NONE : b;
    }

    /** The peer as an address, parsed from its literal (never a DNS lookup); null when unknown. */
    static InetAddress peer(Message in) {
        String ip = AdminGuard.clientIp(in);
        if (ip == null) {
            return null;
        }
        try {
            CidrBlock literal = CidrBlock.parse(ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip);
            return InetAddress.getByAddress(literal.network());
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }
}
