/**
 * {@code leaklab compare}: a benchstat for leaklab runs and JMH JSON.
 *
 * <p>Reading ({@link dev.leaklab.compare.Inputs}, {@link dev.leaklab.compare.JmhReader},
 * {@link dev.leaklab.compare.RunReader}) turns either kind of file into a {@link dev.leaklab.compare.Dataset}
 * of named sample sets; {@link dev.leaklab.compare.Comparison} pairs them and tests each pair with
 * Mann-Whitney U ({@link dev.leaklab.compare.Stats}); {@link dev.leaklab.compare.ReportFormat} writes the
 * {@link dev.leaklab.compare.Differences} as text, Markdown or JSON. Nothing here runs a benchmark: like
 * {@code report}, compare only reads files and can be re-run at any time.
 */
package dev.leaklab.compare;
