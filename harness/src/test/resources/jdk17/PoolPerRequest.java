import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A JDK 17 service with the most common thread leak there is: a thread pool per request, never
 * shut down. Each request starts one worker that then waits for work forever. It serves what it is
 * told on stdin, so a test decides when the leak grows: {@code requests N RATE} serves N requests
 * at RATE per second and prints {@code served TOTAL}.
 */
public class PoolPerRequest {

    public static void main(String[] args) throws Exception {
        var in = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("ready " + ProcessHandle.current().pid());
        int served = 0;
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split(" ");
            if (words[0].equals("requests")) {
                int n = Integer.parseInt(words[1]);
                long pauseNanos = 1_000_000_000L / Integer.parseInt(words[2]);
                long next = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    handle(++served);
                    next += pauseNanos;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
                System.out.println("served " + served);
            }
        }
    }

    static void handle(int request) {
        ExecutorService pool = Executors.newFixedThreadPool(1); // the leak: a pool per request, never shut down
        pool.submit(() -> "response " + request);
    }
}
