package dev.leaklab.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The load stopped early because live platform threads reached the host-safety cap. */
@Name(CappedEvent.NAME)
@Label("Thread Cap Reached")
@Category({"leaklab"})
@Description("The cell stopped offering load: live platform threads reached the cap derived from the host's limits")
@StackTrace(false)
public final class CappedEvent extends Event {

    public static final String NAME = "dev.leaklab.Capped";

    @Label("Platform Threads")
    public int platformThreads;

    @Label("Cap")
    public int cap;
}
