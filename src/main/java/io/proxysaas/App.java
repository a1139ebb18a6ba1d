package io.proxysaas;

import io.proxysaas.config.ProxySaasConfiguration;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/** Boots Camel Main with the product's single configuration class. */
public final class App {

    private App() {
    }

    public static void main(String[] args) {
        Main main = new Main();
        main.configure().addConfiguration(ProxySaasConfiguration.class);
        try {
            main.run(args);
        } catch (Exception e) {
            // a failed start must end the process: Hazelcast and MariaDB threads would keep it alive
            LoggerFactory.getLogger(App.class).error("proxy-saas failed to start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }
}
