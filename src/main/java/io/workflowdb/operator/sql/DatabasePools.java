package io.workflowdb.operator.sql;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration.ConnectionValidator;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.exceptionsorter.PostgreSQLExceptionSorter;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

/**
 * One small connection pool per WorkflowDatabase, created on first use, replaced when the
 * connection settings change (a rotated password, a new host) and closed with the resource.
 */
@ApplicationScoped
public class DatabasePools {

    private static final Logger LOG = Logger.getLogger(DatabasePools.class);

    static final int MAX_CONNECTIONS = 4;
    static final Duration ACQUISITION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IDLE_REMOVAL = Duration.ofMinutes(5);
    /** How long the check of a borrowed connection may take before the connection counts as dead. */
    static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private record Entry(ConnectionSettings settings, AgroalDataSource dataSource) {
    }

    private final Map<String, Entry> pools = new ConcurrentHashMap<>();

    /** The pool for a database key ({@code namespace/name}), built from these settings. */
    public AgroalDataSource get(String key, ConnectionSettings settings) throws SQLException {
        Entry current = pools.get(key);
        if (current != null && current.settings().equals(settings)) {
            return current.dataSource();
        }
        synchronized (this) {
            current = pools.get(key);
            if (current != null && current.settings().equals(settings)) {
                return current.dataSource();
            }
            AgroalDataSource created = create(settings);
            pools.put(key, new Entry(settings, created));
            if (current != null) {
                LOG.infof("connection settings of %s changed; replacing its pool", key);
                current.dataSource().close();
            }
            return created;
        }
    }

    /** Closes and forgets the pool of a deleted database. */
    public void close(String key) {
        Entry removed = pools.remove(key);
        if (removed != null) {
            removed.dataSource().close();
            LOG.debugf("closed connection pool of %s", key);
        }
    }

    /** Keys of the open pools. */
    public java.util.Set<String> keys() {
        return java.util.Set.copyOf(pools.keySet());
    }

    public boolean isOpen(String key) {
        return pools.containsKey(key);
    }

    @PreDestroy
    void closeAll() {
        pools.keySet().forEach(this::close);
    }

    private static AgroalDataSource create(ConnectionSettings settings) throws SQLException {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool
                        .initialSize(0)
                        .minSize(0)
                        .maxSize(MAX_CONNECTIONS)
                        .acquisitionTimeout(ACQUISITION_TIMEOUT)
                        .reapTimeout(IDLE_REMOVAL)
                        // after a failover every pooled connection is dead: a connection error
                        // drops the connection, and a borrowed one is checked first, so the next
                        // statement opens a new connection, which the multi-host URL takes to the
                        // new primary
                        .exceptionSorter(new PostgreSQLExceptionSorter())
                        .validateOnBorrow(true)
                        .connectionValidator(ConnectionValidator.defaultValidatorWithTimeout(VALIDATION_TIMEOUT_SECONDS))
                        .connectionFactoryConfiguration(factory -> factory
                                .connectionProviderClassName("org.postgresql.Driver")
                                .jdbcUrl(settings.jdbcUrl())
                                .principal(new NamePrincipal(settings.username()))
                                .credential(new SimplePassword(settings.password()))));
        return AgroalDataSource.from(config);
    }
}
