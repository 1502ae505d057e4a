package dev.leaklab.origins;

import dev.leaklab.internal.census.VirtualThreads;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;

import dev.leaklab.endpoint.DebugEndpoint;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;

/**
 * Child program for ThreadOriginsAgentIT: uses ThreadOrigins as an application would, and
 * prints "KEY value" lines. Each start call and its here() share one line on purpose.
 */
public final class OriginsDemo {
    public static void main(String[] args) throws Exception {
        var release = new CountDownLatch(1);
        Runnable wait = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ThreadOrigins.setScope("demo-scope");
        Thread v = VirtualThreads.unstarted("v", wait); v.start(); String vSite = here();
        var pool = Executors.newFixedThreadPool(3);
        for (int i = 0; i < 3; i++) pool.execute(wait); String poolSite = here();
        ThreadOrigins.setScope(null);

        System.out.println("LOADED " + ThreadOrigins.agentLoaded());
        var o = ThreadOrigins.of(v).orElseThrow();
        System.out.println("VIRTUAL " + o.virtual() + " " + (o.threadId() == v.getId()) + " " + o.creatorName());
        System.out.println("VSITE " + vSite);
        System.out.println("VORIGIN " + firstApp(o));
        System.out.println("SCOPE " + ThreadOrigins.scopeOf(v).orElse("none"));
        System.out.println("POOLSITE " + poolSite);
        for (SiteCount s : ThreadOrigins.liveBySite(2)) System.out.println("LIVE " + s.site() + " " + s.live());
        System.out.println("STARTED " + ThreadOrigins.started(true) + " " + ThreadOrigins.started(false));
        if (args.length > 0 && args[0].equals("prove")) {
            for (int i = 0; i < 50; i++) leak(); String leakSite = here();
            System.out.println("LEAKSITE " + leakSite);
            for (int gc = 0; gc < 2; gc++) {
                Thread.sleep(100);
                System.gc();
            }
            Thread.sleep(300);
            for (ProvenLeak p : ThreadOrigins.provenLeaks()) System.out.println("PROVEN " + p.site() + " " + p.count());
            try (var endpoint = DebugEndpoint.start(DebugEndpoint.Options.loopback(0))) {
                var uri = URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/debug/threads/leaks");
                String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                body.lines().forEach(l -> System.out.println("ENDPOINT " + l));
            }
        }
        release.countDown();
        pool.shutdown();
    }

    private static void leak() {
        var q = new SynchronousQueue<Object>();
        VirtualThreads.unstarted("leaky", () -> {
            try {
                q.put("nobody takes this");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
    }

    private static String firstApp(Origin o) {
        for (StackTraceElement f : o.site()) {
            if (!f.getClassName().startsWith("java.") && !f.getClassName().startsWith("jdk.")) return format(f);
        }
        return "none";
    }

    static String here() {
        return format(StackWalker.getInstance().walk(s -> s.skip(1).findFirst()).orElseThrow().toStackTraceElement());
    }

    private static String format(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    }
}
