package dev.leaklab.agent.boot;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scope per object, by identity, holding the object weakly: pools and the threads they have made
 * but not started yet. A pool's own {@code equals}/{@code hashCode} is never called (a subclass may
 * override them, and they run here inside its constructor). A scope of "" is "no scope": a pool
 * created outside any, which is known, unlike one created before the agent.
 */
final class Owners {
    private final ConcurrentHashMap<Key, String> map = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();

    void put(Object o, String scope) {
        expunge();
        map.put(new Key(o, queue), scope == null ? "" : scope);
    }

    /** The scope recorded for {@code o}: null when none was, "" when it had none. */
    String get(Object o) {
        return o == null || map.isEmpty() ? null : map.get(new Key(o, null));
    }

    String remove(Object o) {
        return o == null || map.isEmpty() ? null : map.remove(new Key(o, null));
    }

    int size() {
        expunge();
        return map.size();
    }

    private void expunge() {
        Reference<?> ref;
        while ((ref = queue.poll()) != null) map.remove(ref);
    }

    private static final class Key extends WeakReference<Object> {
        private final int hash;

        Key(Object o, ReferenceQueue<Object> queue) {
            super(o, queue);
            hash = System.identityHashCode(o);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) return true;
            if (!(other instanceof Key k)) return false;
            Object mine = get();
            return mine != null && mine == k.get();
        }
    }
}
