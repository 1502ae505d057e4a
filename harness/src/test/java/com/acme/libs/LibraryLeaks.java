package com.acme.libs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;

/**
 * Real libraries used wrongly, as services do: a client or a pool made per call and never closed.
 * Each call below leaks the threads its library starts; the lines marked {@code // leak: NAME} are
 * where the application asks for them. Every round calls each library once, so every leak grows
 * for the whole run. At the end it prints, per library, how many threads named as that library
 * names its threads are alive (the JVM's own count, to check {@code leaklab leaks} against):
 * {@code LEAK name count}. Loopback only: the peer is a JDK HttpServer on 127.0.0.1.
 *
 * <p>Args: {@code [rounds] [hold]} (default 4): with {@code hold} it prints {@code READY} after the counts and
 * runs on until its standard input closes, for a test to read it while it lives (the debug endpoint); each
 * line {@code count} on its input prints the counts again, then {@code COUNTED N}.
 */
public final class LibraryLeaks {

    /** Kept, as a cache of clients would keep them: the JDK's HttpClient stops its thread once unreachable. */
    static final List<Object> KEPT = new ArrayList<>();
    static URI uri;
    static int calls;

    interface Call {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");

        // each library's calls, and how the library names the threads it starts
        var libraries = new LinkedHashMap<String, Call>();
        var names = new LinkedHashMap<String, String>();
        libraries.put("timer", LibraryLeaks::timer);
        names.put("timer", "Timer-\\d+");
        libraries.put("jetty", LibraryLeaks::jetty);
        names.put("jetty", "HttpClient@\\p{XDigit}+-.*");
        libraries.put("netty", LibraryLeaks::netty);
        names.put("netty", "multiThreadIoEventLoopGroup-.*");
        libraries.put("hikari", LibraryLeaks::hikari);
        names.put("hikari", "HikariPool-.*");
        libraries.put("apache", LibraryLeaks::apache);
        names.put("apache", "httpclient-.*");
        libraries.put("jdk-http", LibraryLeaks::jdkHttp);
        names.put("jdk-http", "HttpClient-\\d+-SelectorManager|pool-\\d+-thread-\\d+");
        libraries.put("okhttp", LibraryLeaks::okhttp);
        names.put("okhttp", "OkHttp .*|Okio Watchdog");
        for (int round = 0; round < rounds; round++) {
            for (Call call : libraries.values()) {
                calls++;
                call.run();
            }
            Thread.sleep(200);
        }
        Thread.sleep(300); // the libraries' own threads start theirs after the calls return
        count(names);
        if (args.length > 1 && args[1].equals("hold")) {
            System.out.println("READY");
            System.out.flush();
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
            int asked = 0;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("count")) {
                    count(names);
                    System.out.println("COUNTED " + ++asked);
                    System.out.flush();
                }
            }
        }
        System.out.flush();
        System.exit(0); // the leaked non-daemon threads would keep the JVM up
    }

    private static void count(java.util.Map<String, String> names) {
        Set<Thread> alive = Thread.getAllStackTraces().keySet();
        for (var e : names.entrySet()) {
            System.out.println("LEAK " + e.getKey() + " " + alive.stream().filter(t -> t.getName().matches(e.getValue())).count());
        }
    }

    static void timer() {
        var timer = new Timer(); // leak: timer
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
            }
        }, TimeUnit.HOURS.toMillis(1));
    }

    static void jetty() throws Exception {
        var client = new org.eclipse.jetty.client.HttpClient();
        client.start(); // leak: jetty
        client.GET(uri); // leak: jetty
    }

    static void netty() {
        var group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        for (EventExecutor loop : group) {
            loop.submit(() -> { }).syncUninterruptibly(); // leak: netty
        }
    }

    static void hikari() throws Exception {
        var config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:orders" + calls);
        config.setMaximumPoolSize(2);
        var pool = new HikariDataSource(config); // leak: hikari
        try (Connection c = pool.getConnection(); var s = c.createStatement()) { // leak: hikari
            s.execute("select 1");
        }
    }

    static void apache() throws Exception {
        var client = org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault();
        // kept: its httpclient-main thread is a JDK single-thread executor's, shut down once unreachable
        KEPT.add(client);
        client.start(); // leak: apache
        var request = org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.get(uri).build();
        client.execute(request, null).get(10, TimeUnit.SECONDS); // leak: apache
    }

    static void jdkHttp() throws IOException, InterruptedException {
        var client = java.net.http.HttpClient.newBuilder().executor(Executors.newFixedThreadPool(2)).build(); // leak: jdk-http
        KEPT.add(client);
        client.send(java.net.http.HttpRequest.newBuilder(uri).build(), // leak: jdk-http
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static void okhttp() throws InterruptedException {
        var client = new okhttp3.OkHttpClient();
        var done = new CountDownLatch(1);
        client.newCall(new okhttp3.Request.Builder().url(uri.toString()).build()).enqueue(new okhttp3.Callback() { // leak: okhttp
            @Override
            public void onFailure(okhttp3.Call call, IOException e) {
                done.countDown();
            }

            @Override
            public void onResponse(okhttp3.Call call, okhttp3.Response response) {
                response.close();
                done.countDown();
            }
        });
        done.await(10, TimeUnit.SECONDS);
    }
}
