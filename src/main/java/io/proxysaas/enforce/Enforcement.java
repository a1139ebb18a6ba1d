package io.proxysaas.enforce;

import io.proxysaas.access.CidrBlock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The enforcement actions the admin API offers (kick, unlock, IP bans and brute-force blocks) and
 * the strike state other views show, over the beans of {@link EnforceModule}. Bound as {@code enforcement}.
 */
public final class Enforcement {

    private final TopicKicks kicks;
    private final LockoutTable lockouts;
    private final StrikeSweep strikes;
    private final BruteForceBlocklist blocklist;

    Enforcement(TopicKicks kicks, LockoutTable lockouts, StrikeSweep strikes, BruteForceBlocklist blocklist) {
        this.kicks = kicks;
        this.lockouts = lockouts;
        this.strikes = strikes;
        this.blocklist = blocklist;
    }

    /** Closes the customer's sockets on every node; returns how many were closed on this node. */
    public int kick(String username, String reason) {
        return kicks.kickCustomerEverywhere(username, reason);
    }

    /**
     * Closes the sockets of a just-banned single address on every node (a wider block's live sockets
     * cannot be looked up by prefix; they end at their next admission or by kick).
     */
    public void kickIp(String cidr, String reason) {
        CidrBlock block = CidrBlock.parse(cidr);
        if (block.prefix() == block.network().length * 8) {
            kicks.kickClientIp(address(block), reason);
        }
    }

    private static String address(CidrBlock single) {
        return single.canonical().substring(0, single.canonical().lastIndexOf('/'));
    }

    /** Lifts a strike lockout and forgets a running strike clock. */
    public Unlocked unlock(String username) {
        Instant was = lockouts.lockedUntil(username);
        lockouts.unlock(username);
        return new Unlocked(was, strikes.reset(username));
    }

    /** What an unlock changed: the lockout's end it lifted (null = none), whether a strike clock ran. */
    public record Unlocked(Instant lockedUntil, boolean strikeReset) {
    }

    public Instant lockedUntil(String username) {
        return lockouts.lockedUntil(username);
    }

    public Instant strikeSince(String username) {
        return strikes.strikeSince(username);
    }

    public IpBan banIp(String ipOrCidr, String reason, Instant until) {
        return blocklist.bans().ban(ipOrCidr, reason, until);
    }

    /**
     * Lifts the admin ban of exactly this address or block and, for a single address, its brute-force
     * block too; returns what was lifted (empty when there was nothing).
     */
    public Lifted liftIp(String ipOrCidr) {
        CidrBlock block = CidrBlock.parse(ipOrCidr);
        Optional<IpBan> ban = blocklist.bans().lift(ipOrCidr);
        Instant blockedUntil = null;
        if (block.prefix() == block.network().length * 8) {
            String ip = address(block);
            blockedUntil = blocklist.blockedUntil(ip);
            blocklist.unblock(ip);
        }
        return new Lifted(block.canonical(), ban.orElse(null), blockedUntil);
    }

    /** What a lift removed: the ban (or null) and the end of the brute-force block (or null). */
    public record Lifted(String cidr, IpBan ban, Instant blockedUntil) {
        public boolean any() {
            return ban != null || blockedUntil != null;
        }
    }

    public List<IpBan> ipBans() {
        return blocklist.bans().list();
    }

    public Map<String, Instant> ipBlocks() {
        return blocklist.blocks();
    }
}
