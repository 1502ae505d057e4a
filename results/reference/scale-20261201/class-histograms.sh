#!/bin/bash
coproc CH { exec java -Xmx4162m --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp harness/target/leaklab.jar dev.leaklab.child.ScaleMain virtual 10000,100000,1000000; }
pid=$CH_PID
while read -r line <&${CH[0]}; do
  echo "$line" | cut -c1-200
  case "$line" in leaklab-scale*) 
    jcmd $pid GC.class_histogram 2>/dev/null | head -12
    echo next >&${CH[1]} ;;
  esac
done
