package dev.leaklab.profile;

/** Threads counted in all and by kind, as every grouping and listing of a dump reports them. */
final class KindTally {
    int total, platform, virtual;

    void add(boolean isVirtual) {
        total++;
        if (isVirtual) {
            virtual++;
        } else {
            platform++;
        }
    }
}
