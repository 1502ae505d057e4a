package dev.leaklab.bench;

/**
 * The {@code @Param jvm} of AgentCost and ProofCost: a label for how the forked JVM was started,
 * which JMH cannot vary per parameter. Pass the matching flags with -jvmArgsAppend; the setup
 * checks the label against the running JVM, so a result can never carry the wrong label.
 * <pre>
 *   default      no agent, the JDK's defaults
 *   untracked    -Djdk.trackAllThreads=false
 *   agent        -javaagent:leaklab-agent.jar
 *   agent-endpoint -javaagent:leaklab-agent.jar=endpoint=127.0.0.1:0 (the endpoint idle: nobody asks it anything)
 *   agent-prove  -javaagent:leaklab-agent.jar=prove -Djdk.trackAllThreads=false
 * </pre>
 */
public final class JvmSetup {
    public static final String DEFAULT = "default", UNTRACKED = "untracked", AGENT = "agent", AGENT_PROVE = "agent-prove",
            AGENT_ENDPOINT = "agent-endpoint";

    private JvmSetup() {}

    /** Throws when the running JVM was not started as {@code label} says. */
    public static void check(String label) {
        boolean agent = agentLoaded();
        String s = System.getProperty("jdk.trackAllThreads");
        boolean tracked = s == null || s.isEmpty() || Boolean.parseBoolean(s);
        boolean endpoint = agent && awaitEndpoint(label.equals(AGENT_ENDPOINT));
        boolean ok = switch (label) {
            case DEFAULT -> !agent && tracked;
            case UNTRACKED -> !agent && !tracked;
            case AGENT -> agent && tracked && !endpoint;
            case AGENT_ENDPOINT -> agent && tracked && endpoint;
            case AGENT_PROVE -> agent && !tracked;
            default -> throw new IllegalArgumentException("jvm must be default, untracked, agent, agent-endpoint or agent-prove, not '" + label + "'");
        };
        if (!ok) {
            throw new IllegalStateException("-p jvm=" + label + " but this JVM has " + (agent ? "the" : "no") + " leaklab agent"
                    + (endpoint ? " serving its endpoint" : "") + " and jdk.trackAllThreads=" + tracked + ": pass the matching -jvmArgsAppend (see JvmSetup)");
        }
    }

    /** The agent's endpoint starts on a thread of its own: when one is expected, give it up to 30 s to listen. */
    private static boolean awaitEndpoint(boolean expected) {
        long end = System.nanoTime() + (expected ? 30_000_000_000L : 0);
        while (System.getProperty("leaklab.agent.endpoint") == null && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return System.getProperty("leaklab.agent.endpoint") != null;
    }

    private static boolean agentLoaded() {
        try {
            return (boolean) Class.forName("dev.leaklab.agent.boot.Registry", false, null).getMethod("active").invoke(null);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
