package dev.leaklab.jfr;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * The JVM's live thread count, virtual threads included, every 100 ms: the series a stress cell's
 * slope is fitted to. JDK events cannot give it: jdk.JavaThreadStatistics counts platform threads
 * only. Also carries the flood's running totals, so a recording alone tells the whole cell.
 */
@Name(LiveThreadsEvent.NAME)
@Label("Live Threads")
@Category({"leaklab"})
@Description("Live threads by kind as the JVM's thread containers see them (application threads: "
        + "main and what the scenario started; JVM and harness threads counted apart), and the load's totals so far")
@Period("100 ms")
@StackTrace(false)
public final class LiveThreadsEvent extends Event {

    public static final String NAME = "dev.leaklab.LiveThreads";

    @Label("Platform Threads")
    @Description("Live application platform threads")
    public int platform;

    @Label("Virtual Threads")
    @Description("Live application virtual threads")
    public int virtual;

    @Label("JVM Threads")
    @Description("Live platform threads of the JVM itself (outside the main thread group), carriers included")
    public int jvm;

    @Label("Harness Threads")
    @Description("Live threads of the harness: samplers and the fixtures that stand for remote peers")
    public int harness;

    @Label("Submitted")
    @Description("Operations offered so far in this phase")
    public long submitted;

    @Label("Rejected")
    @Description("Operations a bounded variant refused so far")
    public long rejected;

    @Label("Completed")
    @Description("Operations whose processing completed so far")
    public long completed;

    @Label("Timed Out")
    @Description("Operations whose downstream call timed out so far")
    public long timedOut;

    @Label("Heap Used")
    @Description("Heap in use at the sample (garbage included); heap after GC is in jdk.GCHeapSummary")
    @DataAmount
    public long heapUsed;
}
