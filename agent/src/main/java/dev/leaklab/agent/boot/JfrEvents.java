package dev.leaklab.agent.boot;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * Loads the agent's JFR events only once Flight Recorder itself starts. Loading an event class sets
 * up JFR's event machinery, about 0.8 MB of heap (see RegistryMemoryIT), which an application
 * that never records should not pay; until JFR starts no recording could take the events anyway.
 * JFR calls {@link #recorderInitialized} before its first recording runs, on the thread that
 * starts it: not inside anyone's {@code Thread.start}. (The flag lives in Registry: this class needs
 * jdk.jfr to load, the hooks must not.)
 */
final class JfrEvents implements FlightRecorderListener {
    private JfrEvents() {}

    /** Without the jdk.jfr module (a jlinked runtime) the agent records into its registry only. */
    static void watch() {
        if (ModuleLayer.boot().findModule("jdk.jfr").isEmpty()) return;
        try {
            FlightRecorder.addListener(new JfrEvents());
        } catch (Throwable e) {
            unavailable(e);
        }
    }

    @Override
    public void recorderInitialized(FlightRecorder recorder) {
        try {
            new ThreadCreated().isEnabled();
            new ProvenLeakEvent().isEnabled();
            Registry.jfrReady = true;
        } catch (Throwable e) {
            unavailable(e);
        }
    }

    private static void unavailable(Throwable e) {
        System.err.println("leaklab-agent: JFR events unavailable (" + e + "); the registry still records thread creators");
    }
}
