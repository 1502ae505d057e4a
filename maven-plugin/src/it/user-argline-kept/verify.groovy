// The clean tests passed (the build succeeded) after asserting, in surefire's and failsafe's JVMs,
// the user's flags, the agent and the export; the log shows prepare-agent's value with the user's
// flag after the agent, and which Maven and Java ran the build.
def log = new File(basedir, 'build.log').text
assert log.contains('Apache Maven 3.9.') : 'not run by the Maven 3.9 that the invoker was given'
if (binding.hasVariable('expectedJavaVersion')) {
    assert log.contains("Java version: ${expectedJavaVersion}") : "not run on Java ${expectedJavaVersion}"
}
assert log =~ /argLine set to "?-javaagent:\S.*leaklab-agent-[^ ]+\.jar=stack-rate=all"? --add-exports=java.base\/jdk.internal.vm=ALL-UNNAMED -Dmy.flag=1/ : 'argLine does not hold the agent, then the user\'s flag'
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed') : 'a test did not run, or did not pass'
assert log.contains('-- in com.example.CleanTest') : 'surefire did not run CleanTest'
assert log.contains('-- in com.example.CleanIT') : 'failsafe did not run CleanIT'
assert !log.contains('[WARNING] leaklab:') : 'prepare-agent warned about an argLine that does take it in'
return true
