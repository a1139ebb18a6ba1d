package io.proxysaas.relay;

import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.Slf4JLoggerFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Netty's loggers while logback is still reading its configuration: the early sockets are bound
 * through Netty on the "listen" thread at the same time as {@code main} sets logging up (0.4-0.7 s
 * of a first start on 2 cores), instead of after it. Until {@code ready} completes, trace, debug and
 * info calls are dropped (their level reads as disabled: Netty's start-up chatter is debug) and a
 * warning or error waits for logging (at most {@link ProcessStartListening#LOGGING_WAIT}) and is then logged;
 * afterwards every call goes to SLF4J. Without this, SLF4J hands a second thread's calls during its
 * initialisation to substitute loggers, which record them and replay them later with a warning and
 * the wrong thread name.
 */
@SuppressWarnings("deprecation") // Slf4JLoggerFactory's public constructor: the way to extend it
final class StartupNettyLogging extends Slf4JLoggerFactory {

    private final Future<?> ready;

    StartupNettyLogging(Future<?> ready) {
        this.ready = ready;
    }

    /**
     * Makes Netty's loggers wait for {@code ready}; must run before Netty's first use (its classes keep
     * the logger they got when they loaded).
     */
    static void install(CompletableFuture<?> ready) {
        InternalLoggerFactory.setDefaultFactory(new StartupNettyLogging(ready));
    }

    @Override
    public InternalLogger newInstance(String name) {
        return new Deferred(name, ready, this);
    }

    /** SLF4J's logger for {@code name}, as Netty makes it by default. */
    private InternalLogger slf4j(String name) {
        return super.newInstance(name);
    }

    /** One Netty logger: silent below warn until logging is ready, then SLF4J's. */
    static final class Deferred extends AbstractInternalLogger {

        private static final long serialVersionUID = 1L;
        private final transient Future<?> ready;
        private final transient StartupNettyLogging factory;
        private transient volatile InternalLogger real;

        Deferred(String name, Future<?> ready, StartupNettyLogging factory) {
            super(name);
            this.ready = ready;
            this.factory = factory;
        }

        /** SLF4J's logger once logging is ready, else null. */
        private InternalLogger ifReady() {
            InternalLogger r = real;
            if (r == null && ready.isDone()) {
                r = factory.slf4j(name());
                real = r;
            }
            return r;
        }

        /** SLF4J's logger, after waiting for logging to be ready (bounded: a warning must not block a start). */
        private InternalLogger whenReady() {
            InternalLogger r = ifReady();
            if (r != null) {
                return r;
            }
            try {
                ready.get(ProcessStartListening.LOGGING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // logging set-up failed or is slow: log through SLF4J anyway
            }
            r = factory.slf4j(name());
            real = r;
            return r;
        }

        @Override
        public boolean isTraceEnabled() {
            InternalLogger r = ifReady();
            return r != null && r.isTraceEnabled();
        }

        @Override
        public void trace(String msg) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.trace(msg);
            }
        }

        @Override
        public void trace(String format, Object arg) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.trace(format, arg);
            }
        }

        @Override
        public void trace(String format, Object argA, Object argB) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.trace(format, argA, argB);
            }
        }

        @Override
        public void trace(String format, Object... arguments) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.trace(format, arguments);
            }
        }

        @Override
        public void trace(String msg, Throwable t) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.trace(msg, t);
            }
        }

        @Override
        public boolean isDebugEnabled() {
            InternalLogger r = ifReady();
            return r != null && r.isDebugEnabled();
        }

        @Override
        public void debug(String msg) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.debug(msg);
            }
        }

        @Override
        public void debug(String format, Object arg) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.debug(format, arg);
            }
        }

        @Override
        public void debug(String format, Object argA, Object argB) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.debug(format, argA, argB);
            }
        }

        @Override
        public void debug(String format, Object... arguments) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.debug(format, arguments);
            }
        }

        @Override
        public void debug(String msg, Throwable t) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.debug(msg, t);
            }
        }

        @Override
        public boolean isInfoEnabled() {
            InternalLogger r = ifReady();
            return r != null && r.isInfoEnabled();
        }

        @Override
        public void info(String msg) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.info(msg);
            }
        }

        @Override
        public void info(String format, Object arg) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.info(format, arg);
            }
        }

        @Override
        public void info(String format, Object argA, Object argB) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.info(format, argA, argB);
            }
        }

        @Override
        public void info(String format, Object... arguments) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.info(format, arguments);
            }
        }

        @Override
        public void info(String msg, Throwable t) {
            InternalLogger r = ifReady();
            if (r != null) {
                r.info(msg, t);
            }
        }

        @Override
        public boolean isWarnEnabled() {
            InternalLogger r = ifReady();
            return r == null || r.isWarnEnabled();
        }

        @Override
        public void warn(String msg) {
            whenReady().warn(msg);
        }

        @Override
        public void warn(String format, Object arg) {
            whenReady().warn(format, arg);
        }

        @Override
        public void warn(String format, Object argA, Object argB) {
            whenReady().warn(format, argA, argB);
        }

        @Override
        public void warn(String format, Object... arguments) {
            whenReady().warn(format, arguments);
        }

        @Override
        public void warn(String msg, Throwable t) {
            whenReady().warn(msg, t);
        }

        @Override
        public boolean isErrorEnabled() {
            InternalLogger r = ifReady();
            return r == null || r.isErrorEnabled();
        }

        @Override
        public void error(String msg) {
            whenReady().error(msg);
        }

        @Override
        public void error(String format, Object arg) {
            whenReady().error(format, arg);
        }

        @Override
        public void error(String format, Object argA, Object argB) {
            whenReady().error(format, argA, argB);
        }

        @Override
        public void error(String format, Object... arguments) {
            whenReady().error(format, arguments);
        }

        @Override
        public void error(String msg, Throwable t) {
            whenReady().error(msg, t);
        }
    }
}
