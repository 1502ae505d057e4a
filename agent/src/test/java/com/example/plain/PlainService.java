package com.example.plain;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.locks.LockSupport;

/**
 * A program with no leaklab code and nothing on its class path but itself: AgentEndpointIT runs it with
 * {@code -javaagent:leaklab-agent.jar=endpoint=127.0.0.1:0}. On "leak N" from standard input it starts N
 * virtual threads that park for ever and prints "LEAKED total": its own count of what it leaked.
 */
public final class PlainService {
    public static void main(String[] args) throws Exception {
        var in = new BufferedReader(new InputStreamReader(System.in));
        int leaked = 0;
        System.out.println("READY");
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("leak ")) {
                int n = Integer.parseInt(line.substring(5).strip());
                for (int i = 0; i < n; i++) {
                    Thread.ofVirtual().start(LockSupport::park);
                }
                leaked += n;
                System.out.println("LEAKED " + leaked);
            }
        }
    }
}
