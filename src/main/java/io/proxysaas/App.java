package io.proxysaas;

import io.proxysaas.config.ProxySaasConfiguration;
import org.apache.camel.main.Main;

/** Boots Camel Main with the product's single configuration class. */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(ProxySaasConfiguration.class);
        main.run(args);
    }
}
