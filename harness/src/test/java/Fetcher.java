import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A main class in the default package, as small tools and scripts have: OkHttp's async calls on a
 * new client each time, never closed. Prints {@code LEAK okhttp N}: the threads OkHttp and its Okio started, alive.
 */
public final class Fetcher {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            x.sendResponseHeaders(200, 2);
            x.getResponseBody().write("ok".getBytes());
            x.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        for (int i = 0; i < 5; i++) {
            fetch(url);
            Thread.sleep(150);
        }
        Thread.sleep(300);
        System.out.println("LEAK okhttp " + Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("OkHttp") || t.getName().equals("Okio Watchdog")).count());
        System.exit(0);
    }

    static void fetch(String url) throws InterruptedException {
        var client = new okhttp3.OkHttpClient();
        var done = new CountDownLatch(1);
        client.newCall(new okhttp3.Request.Builder().url(url).build()).enqueue(new okhttp3.Callback() { // leak: okhttp
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
