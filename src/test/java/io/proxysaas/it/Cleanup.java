package io.proxysaas.it;

/** Closing a test class's fixtures: every one of them, even when one fails. */
public final class Cleanup {

    private Cleanup() {
    }

    /**
     * Closes each non-null resource in the order given. A failing close does not leave the later ones
     * open (a leaked tinyproxy or database process outlives the test run); the first failure is thrown
     * after all were tried, with any others added to it as suppressed, so none is hidden.
     */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
