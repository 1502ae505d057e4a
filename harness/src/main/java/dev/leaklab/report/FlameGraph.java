package dev.leaklab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Stacks merged into one tree, outermost frame first, each node weighted by the threads whose
 * stack passes through it: an icicle graph's data. Its size grows with the distinct call paths,
 * never with the number of threads, and {@link #MAX_NODES} caps even that: past the cap the
 * narrowest nodes are left out (they would be under a pixel wide) and counted in {@link #hidden}.
 *
 * <p>For a diff, {@code value} is the newer dump's count and {@code base} the older one's, so
 * widths are the newer dump (as in Brendan Gregg's differential flame graphs) and colour is growth.
 */
final class FlameGraph {

    static final int MAX_NODES = 12_000; // a 1,400 px wide graph shows far fewer; this bounds the page's size
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Node root;
    private final boolean diff;
    private int nodes = 1;

    private static final class Node {
        final String frame;
        Map<String, Node> children = Map.of(); // most nodes are leaves or have one child: a map only when needed
        long value, virtual, base;
        boolean kept = true;

        Node(String frame) {
            this.frame = frame;
        }
    }

    FlameGraph(String rootLabel, boolean diff) {
        this.root = new Node(rootLabel);
        this.diff = diff;
    }

    /**
     * Adds threads with one stack.
     *
     * @param topFirst the stack as dumps write it, innermost frame first
     * @param base     for a diff, the older dump's count of this stack
     */
    void add(List<String> topFirst, long count, long virtual, long base) {
        Node n = root;
        n.value += count;
        n.virtual += virtual;
        n.base += base;
        for (int i = topFirst.size() - 1; i >= 0; i--) {
            String f = topFirst.get(i);
            Node child = n.children.get(f);
            if (child == null) {
                child = new Node(f);
                if (n.children.isEmpty()) {
                    n.children = Map.of(f, child);
                } else {
                    if (n.children.size() == 1) {
                        n.children = new LinkedHashMap<>(n.children);
                    }
                    n.children.put(f, child);
                }
                nodes++;
            }
            n = child;
            n.value += count;
            n.virtual += virtual;
            n.base += base;
        }
    }

    /** Nodes in the tree, before any are left out. */
    int size() {
        return nodes;
    }

    /**
     * The tree as compact JSON for the page's script: a frame table, then per node, parents before
     * children, five numbers {@code parent, frame, value, virtual, base}; children largest first.
     * Nodes with no thread in the newer dump are left out (they would have no width).
     */
    String toJson() {
        long hidden = prune();
        var frames = new HashMap<String, Integer>();
        var frameList = new ArrayList<String>();
        var out = new StringWriter(64 * 1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField("diff", diff);
            g.writeNumberField("hidden", hidden);
            g.writeArrayFieldStart("n");
            var order = new ArrayList<Node>();
            var parents = new ArrayList<Integer>();
            order.add(root);
            parents.add(-1);
            for (int i = 0; i < order.size(); i++) {
                Node n = order.get(i);
                Integer f = frames.get(n.frame);
                if (f == null) {
                    f = frameList.size();
                    frames.put(n.frame, f);
                    frameList.add(n.frame);
                }
                g.writeNumber(parents.get(i));
                g.writeNumber(f);
                g.writeNumber(n.value);
                g.writeNumber(n.virtual);
                g.writeNumber(n.base);
                var children = new ArrayList<>(n.children.values());
                children.sort(Comparator.comparingLong((Node c) -> c.value).reversed().thenComparing(c -> c.frame));
                for (Node c : children) {
                    if (c.kept && c.value > 0) {
                        order.add(c);
                        parents.add(i);
                    }
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("frames");
            for (String f : frameList) {
                g.writeString(f);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Keeps the {@link #MAX_NODES} widest nodes. A child is never wider than its parent, so the kept
     * nodes form a tree. Returns how many were left out.
     */
    private long prune() {
        if (nodes <= MAX_NODES) {
            return 0;
        }
        // the MAX_NODES widest, found with a bounded min-heap over every node
        var widest = new PriorityQueue<Node>(MAX_NODES + 1, Comparator.comparingLong(n -> n.value));
        var stack = new ArrayList<Node>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Node n = stack.removeLast();
            n.kept = false;
            widest.add(n);
            if (widest.size() > MAX_NODES) {
                widest.poll();
            }
            stack.addAll(n.children.values());
        }
        long threshold = widest.isEmpty() ? 0 : widest.peek().value;
        // ties at the threshold: keep them only while under the cap, parents first
        int kept = 0;
        var queue = new ArrayList<Node>();
        queue.add(root);
        for (int i = 0; i < queue.size(); i++) {
            Node n = queue.get(i);
            if (n.value > threshold || (n.value == threshold && kept < MAX_NODES)) {
                n.kept = true;
                kept++;
                queue.addAll(n.children.values());
            }
        }
        root.kept = true;
        return nodes - kept;
    }
}
