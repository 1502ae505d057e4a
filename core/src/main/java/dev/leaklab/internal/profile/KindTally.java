package dev.leaklab.internal.profile;

/** Threads counted in all and by kind, as every grouping and listing of a dump reports them. */
public final class KindTally {
    public int total, platform, virtual;

    public void add(boolean isVirtual) {
        total++;
        if (isVirtual) {
            virtual++;
        } else {
            platform++;
        }
    }
}
