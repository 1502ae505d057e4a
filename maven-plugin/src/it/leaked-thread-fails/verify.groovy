// The build failed (invoker.buildResult), and for the right reason: leaklab's failure message,
// attributed by the agent that prepare-agent loaded, with the line that started the thread.
def log = new File(basedir, 'build.log').text
def test = new File(basedir, 'src/test/java/com/example/LeakyTest.java').readLines()
def line = test.findIndexOf { it.contains('// the leak') } + 1
assert line > 0

assert log =~ /argLine set to "?-javaagent:/ : 'prepare-agent did not set argLine'
assert log.contains('1 thread leaked by LeakyTest.leavesAWorkerRunning()') : 'no leaklab failure in build.log'
assert log.contains('attributed by scope (leaklab agent)') : 'the test JVM ran without the agent'
def createdAt = "created at com.example.LeakyTest.leavesAWorkerRunning(LeakyTest.java:${line})"
assert log.contains(createdAt) : "no '${createdAt}' in build.log"
assert log.contains('Tests run: 1, Failures: 1') : 'surefire did not run the test'
return true
