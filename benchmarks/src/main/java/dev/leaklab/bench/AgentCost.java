package dev.leaklab.bench;

import java.util.concurrent.TimeUnit;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/*
 * WHAT DOES IT COST TO KNOW WHO STARTED EVERY THREAD?
 *
 * The leaklab agent runs code on every thread start and end: a JFR event with the creator's stack
 * when a recording is on, and a registry entry always, with the creator's stack (a Throwable's
 * backtrace, decoded on demand) for at most stack-rate=1000 starts a second. This measures start+join and
 * burst start, with and without the agent (the jvm label, see JvmSetup), and with and without a
 * JFR recording (the "default" settings plus dev.leaklab.ThreadCreated, in memory, as a
 * production recording would be).
 *
 * The goal of issue 12: the burst start of a virtual thread with the agent and no recording at
 * most 1.3x the same without the agent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class AgentCost extends StartAndJoin { // startAndJoinOneThread, startManyThenJoinMany

    /**
     * off: no recording. on: the "default" settings plus dev.leaklab.ThreadCreated with stacks (what
     * the agent's user records). jfr-starts: the "default" settings plus jdk.ThreadStart and
     * jdk.VirtualThreadStart with stacks, no leaklab event: what a user who wants a stack for every
     * start from JFR alone pays, the peer of "on" (issue 27).
     */
    @Param({"off", "on"})
    public String recording;

    /** How the fork was started; see JvmSetup. */
    @Param({JvmSetup.DEFAULT})
    public String jvm;

    private Recording jfr;

    @Setup
    public void setUp() throws Exception {
        JvmSetup.check(jvm);
        factory = Kinds.factory(kind);
        if (recording.equals("on") || recording.equals("jfr-starts")) {
            jfr = new Recording(Configuration.getConfiguration("default"));
            if (recording.equals("on")) {
                jfr.enable("dev.leaklab.ThreadCreated").withStackTrace();
            } else {
                jfr.enable("jdk.ThreadStart").withStackTrace();
                jfr.enable("jdk.VirtualThreadStart").withStackTrace();
            }
            jfr.setToDisk(false);
            jfr.setMaxSize(64L << 20);
            jfr.start();
        } else if (!recording.equals("off")) {
            throw new IllegalArgumentException("recording must be off, on or jfr-starts, not '" + recording + "'");
        }
    }

    @TearDown
    public void tearDown() {
        if (jfr != null) jfr.close();
    }

    /*
     * HOW TO RUN THIS TEST (the JVM flags go with the jvm label; JvmSetup refuses a mismatch):
     *
     *   scripts/bench -f 1 -wi 2 -i 3 AgentCost
     *   scripts/bench -f 1 -wi 2 -i 3 AgentCost -p jvm=agent -jvmArgsAppend "-javaagent:$(scripts/leaklab agent)=quiet"
         *   (and =quiet,stack-rate=all for a stack on every start; =quiet,depth=0 for none)
     *   scripts/bench -f 1 -wi 2 -i 3 AgentCost -p jvm=agent-endpoint -jvmArgsAppend "-javaagent:$(scripts/leaklab agent)=quiet,endpoint=127.0.0.1:0"
     *   (the agent serving its debug endpoint, idle: what the endpoint option costs an application nobody scrapes)
     *   scripts/bench -f 1 -wi 2 -i 3 AgentCost -p jvm=agent-endpoint -jvmArgsAppend "-javaagent:$(scripts/leaklab agent)=quiet,endpoint=127.0.0.1:0"
     *   (the agent serving its debug endpoint, idle: what the endpoint option costs an application nobody scrapes)
     *
     * The measured table is in results/agent-costs.md.
     */
}
