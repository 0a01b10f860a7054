package io.workflowdb.operator.cluster.observe;

import java.time.Duration;
import java.time.Instant;

import io.workflowdb.operator.api.v1alpha1.TlsStatus;
import io.workflowdb.operator.cluster.model.ClusterTls;

/** What {@code status.tls} says, and when members are still asked to load a renewed certificate. */
public final class TlsStatusMapper {

    /**
     * How long after a certificate was issued the members are checked for it: the kubelet refreshes a
     * mounted Secret within about a minute and a half of its change, so a quarter of an hour leaves
     * room for a slow node or an operator restart in between.
     */
    public static final Duration RELOAD_WINDOW = Duration.ofMinutes(15);
    /** How soon to look again while a member still serves the previous certificate. */
    public static final Duration RELOAD_CHECK = Duration.ofSeconds(20);

    private TlsStatusMapper() {
    }

    public static TlsStatus status(ClusterTls tls) {
        TlsStatus status = new TlsStatus();
        status.mode = tls.served().mode().value();
        status.authorityExpires = text(tls.authorityExpires());
        status.certificateExpires = text(tls.serverExpires());
        status.certificateSerial = tls.serverSerial();
        status.certificateIssued = text(tls.serverIssued());
        return status;
    }

    /** Whether the server certificate is recent enough that members may still serve the one before. */
    public static boolean reloading(ClusterTls tls, Instant now) {
        return tls.serverIssued() != null && !now.isAfter(tls.serverIssued().plus(RELOAD_WINDOW));
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
