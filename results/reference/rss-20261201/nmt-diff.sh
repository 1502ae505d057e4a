#!/bin/bash
# RSS step of the first platform threads, by NMT category: baseline before the first thread, diff at each checkpoint
coproc CH { exec java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp harness/target/leaklab.jar dev.leaklab.child.ScaleMain platform 150,1000,4000; }
pid=$CH_PID
while read -r line <&${CH[0]}; do
  echo "$line" | cut -c1-120
  case "$line" in leaklab-scale*)
    case "$line" in *'"threads":0,'*) jcmd $pid VM.native_memory baseline >/dev/null ;;
      *) jcmd $pid VM.native_memory summary.diff scale=KB | grep -E "^(Total|-  *(Java Heap|Class|Thread|Code|GC|Compiler|Internal|Other|Symbol|Native Memory Tracking|Arena Chunk|Metaspace|Arguments|Module|Synchronizer|Serviceability|Shared class space|Safepoint|Logging|Object Monitors|Tracing|Statistics|String Deduplication|Test))" ;;
    esac
    grep -E "VmRSS|RssAnon|RssFile" /proc/$pid/status
    echo next >&${CH[1]} ;;
  esac
done
