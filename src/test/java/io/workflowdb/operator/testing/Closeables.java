package io.workflowdb.operator.testing;

/** Tearing down what a test started. */
public final class Closeables {

    private Closeables() {
    }

    /**
     * Closes each resource that is not null, in order, each even when one before it failed; the
     * first failure is thrown at the end with the later ones suppressed in it.
     */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
