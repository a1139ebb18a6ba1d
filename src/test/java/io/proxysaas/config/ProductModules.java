package io.proxysaas.config;

import io.proxysaas.api.AdminApiModule;
import io.proxysaas.usage.UsageModule;
import java.util.ArrayList;
import java.util.List;

/**
 * The product's modules as {@link ProxySaasConfiguration} installs them, with the usage pipeline
 * placed before the APIs until the wiring lists it itself (then this adds nothing).
 */
public final class ProductModules {

    private ProductModules() {
    }

    public static List<Module> withUsage() {
        List<Module> modules = new ArrayList<>(ProxySaasConfiguration.modules());
        if (modules.stream().noneMatch(UsageModule.class::isInstance)) {
            int api = 0;
            while (api < modules.size() && !(modules.get(api) instanceof AdminApiModule)) {
                api++;
            }
            modules.add(api, new UsageModule());
        }
        return modules;
    }
}
