package io.workflowdb.operator.schema.migration;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.jboss.logging.Logger;

/**
 * Flyway's logger: its progress lines, written on every reconcile, go to DEBUG; its warnings and
 * errors stay. The operator logs each migration it applies itself. Public only because Flyway
 * instantiates it by class name.
 */
public final class QuietFlywayLogs implements LogCreator {

    @Override
    public Log createLogger(Class<?> clazz) {
        Logger logger = Logger.getLogger(clazz);
        return new Log() {
            @Override
            public boolean isDebugEnabled() {
                return logger.isTraceEnabled();
            }

            @Override
            public void debug(String message) {
                logger.trace(message);
            }

            @Override
            public void info(String message) {
                logger.debug(message);
            }

            @Override
            public void notice(String message) {
                logger.debug(message);
            }

            @Override
            public void warn(String message) {
                logger.warn(message);
            }

            @Override
            public void error(String message) {
                logger.error(message);
            }

            @Override
            public void error(String message, Exception e) {
                logger.error(message, e);
            }
        };
    }
}
