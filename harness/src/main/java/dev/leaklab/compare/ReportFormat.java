package dev.leaklab.compare;

/** The forms a comparison can be written in. */
public enum ReportFormat {
    /** Aligned columns for a terminal. */
    TEXT,
    /** Tables for a pull request or a wiki. */
    MARKDOWN,
    /** For machines: {@code "kind": "leaklab-compare"}. */
    JSON;

    /** @param failOn the --fail-on setting, recorded in JSON; null when not set */
    public String render(Differences report, String failOn) {
        return switch (this) {
            case TEXT -> TextReport.text(report);
            case MARKDOWN -> TextReport.markdown(report);
            case JSON -> JsonReport.json(report, failOn);
        };
    }
}
