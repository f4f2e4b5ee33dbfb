package org.gmmseg.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one chunk remembers between the passes of a computation, keyed by the computation: a few
 * entries, the least recently used forgotten first. A pass must not depend on being remembered,
 * only run faster when it is (e.g. k-means++ recomputes its distances when it finds none), since
 * a chunk held elsewhere may be rebuilt and forget. Thread-safe: passes of several computations
 * (e.g. the candidates of a model selection) may run on one chunk at once.
 */
public final class ChunkMemory {
    /** Entries kept: more than the computations one chunk usually serves at once. */
    static final int CAPACITY = 8;

    private final Map<Long, Object> entries = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * Takes what was remembered under the key (it is forgotten meanwhile, so that no other pass
     * can change it), or null.
     */
    public synchronized Object take(long key) {
        return entries.remove(key);
    }

    /** Remembers a value under the key, replacing what was there. */
    public synchronized void put(long key, Object value) {
        entries.put(key, value);
    }
}
