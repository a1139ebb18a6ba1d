package io.proxysaas.usage;

import io.proxysaas.it.ProductProcess;
import io.proxysaas.relay.ExternalProxy;
import io.proxysaas.store.TestDatabase;
import java.nio.file.Path;
import java.util.List;

/**
 * What the usage tests of the product as a real process run around it: a test database, Debian's
 * tinyproxy as the one upstream (Basic auth), and an origin that counts bytes. Closed in reverse order.
 */
final class ProcessFixture implements AutoCloseable {

    final TestDatabase db;
    final ExternalProxy tinyproxy;
    final CountingOrigin origin;

    private ProcessFixture(TestDatabase db, ExternalProxy tinyproxy, CountingOrigin origin) {
        this.db = db;
        this.tinyproxy = tinyproxy;
        this.origin = origin;
    }

    static ProcessFixture start(Path dir) throws Exception {
        TestDatabase db = TestDatabase.create();
        ExternalProxy tinyproxy = null;
        try {
            tinyproxy = ExternalProxy.tinyproxy(dir, "up", "secret");
            return new ProcessFixture(db, tinyproxy, new CountingOrigin());
        } catch (Exception | Error e) {
            if (tinyproxy != null) {
                tinyproxy.close();
            }
            db.close();
            throw e;
        }
    }

    /** The product as its own process, with tinyproxy as its pool's one line. */
    ProductProcess product(Path dir) throws Exception {
        return ProductProcess.start(dir, db, List.of("http://up:secret@127.0.0.1:" + tinyproxy.port));
    }

    /** A customer on {@code plan}, created through the admin API; answers its password. */
    static String customer(ProductProcess product, String username, String plan) throws Exception {
        return (String) UsageChecks.createCustomer(product::admin, username, plan).get("password");
    }

    @Override
    public void close() throws Exception {
        origin.close();
        tinyproxy.close();
        db.close();
    }
}
