package dev.leaklab.profile;

import dev.leaklab.internal.profile.KindTally;
import dev.leaklab.internal.profile.Tally;
import dev.leaklab.internal.profile.ProfileJson;
import dev.leaklab.dump.DumpHeader;
import dev.leaklab.internal.dump.GroupedJson;
import dev.leaklab.dump.DumpVisitor;
import dev.leaklab.dump.DumpedThread;
import dev.leaklab.internal.dump.Frames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Groups a streamed thread dump by identical stack, keeping counts only. Memory grows with the
 * distinct stacks, so their number is capped at {@link #MAX_GROUPS}: threads with a stack not seen
 * before the cap was reached are counted in one last group that says so, never dropped.
 */
public final class StackGroups implements DumpVisitor {

    /** About 2 KB each: a dump of 400,000 distinct stacks stays within a small heap. */
    public static final int MAX_GROUPS = 10_000;
    /** The one frame of the group that counts threads past {@link #MAX_GROUPS}. */
    public static final String OVERFLOW_FRAME = "(more than " + MAX_GROUPS
            + " distinct stacks: the threads of the rest are counted here, not grouped, to bound memory)";

    private final Map<List<String>, Builder> groups = new HashMap<>();
    private Builder overflow;
    private DumpHeader header = DumpHeader.UNKNOWN;
    private ThreadProfile grouped;
    private final KindTally kinds = new KindTally();
    /** A thread's creation site by its id, or null; null when creators are not known. */
    private final Function<String, String> creatorOf;

    public StackGroups() {
        this(null);
    }

    /** @param creatorOf a thread's creation site by its id ({@link DumpedThread#tid()}), or null when not known */
    public StackGroups(Function<String, String> creatorOf) {
        this.creatorOf = creatorOf;
    }

    @Override
    public void header(DumpHeader header) {
        this.header = header;
    }

    @Override
    public void thread(DumpedThread t) {
        kinds.add(t.virtual());
        Builder b = groups.get(t.stack());
        if (b == null) {
            if (groups.size() < MAX_GROUPS) {
                groups.put(t.stack(), b = new Builder(t.stack(), creatorOf));
            } else {
                if (overflow == null) {
                    overflow = new Builder(List.of(OVERFLOW_FRAME), creatorOf);
                }
                b = overflow;
            }
        }
        b.add(t);
    }

    @Override
    public void groupedDump(GroupedJson json) throws IOException {
        grouped = ProfileJson.read(json.parser(), json.what());
    }

    public ThreadProfile profile() {
        if (grouped != null) {
            return grouped;
        }
        var list = new ArrayList<StackGroup>(groups.size());
        for (Builder b : groups.values()) {
            list.add(b.build());
        }
        if (overflow != null) {
            list.add(overflow.build());
        }
        list.sort(ORDER);
        return new ThreadProfile(header, kinds.total, kinds.platform, kinds.virtual, List.copyOf(list));
    }

    /** Largest first; ties by headline so output is stable. */
    static final Comparator<StackGroup> ORDER = Comparator.comparingInt(StackGroup::count).reversed()
            .thenComparing(StackGroup::headline).thenComparing(g -> String.join("\n", g.stack()));

    private static final class Builder {
        final List<String> stack;
        final KindTally kinds = new KindTally();
        final Tally states = new Tally(8);
        final Tally containers = new Tally(8);
        final Tally containerInstances = new Tally(8);
        final Tally blockers = new Tally(4);
        final Tally names = new Tally(4);
        final Tally creators = new Tally(4);
        final Function<String, String> creatorOf;
        // Each container's threads arrive together, so a new container name means a new instance.
        String lastContainer;

        Builder(List<String> stack, Function<String, String> creatorOf) {
            this.stack = stack;
            this.creatorOf = creatorOf;
        }

        void add(DumpedThread t) {
            kinds.add(t.virtual());
            states.add(t.state(), 1);
            String kind = Frames.withoutIdentityHash(t.container());
            containers.add(kind, 1);
            if (!t.container().equals(lastContainer)) {
                containerInstances.add(kind, 1);
                lastContainer = t.container();
            }
            if (t.blocker() != null) {
                blockers.add(Frames.withoutIdentityHash(t.blocker()), 1);
            }
            names.add(Frames.namePattern(t.name()), 1);
            String site = creatorOf == null ? null : creatorOf.apply(t.tid());
            if (site != null) {
                creators.add(site, 1);
            }
        }

        StackGroup build() {
            return new StackGroup(stack, kinds.total, kinds.platform, kinds.virtual, states.sorted(), containers.sorted(),
                    containerInstances.sorted(), blockers.sorted(), names.sorted(), creators.sorted());
        }
    }
}
