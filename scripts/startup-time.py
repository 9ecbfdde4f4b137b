#!/usr/bin/python3
"""Start-up timing of a command, for BENCHMARKS.md's start-up budget.

    scripts/startup-time.py N COMMAND ARGS...     ({OUT} in ARGS: a fresh empty folder per run)

Runs the command once to warm the caches, then N times: the median, least and most wall-clock
time and the median CPU time (user + system, which other jobs on a loaded machine stretch far
less than the wall clock); then N times more with GODEBUG=inittrace=1: the median of the summed
package-initialisation clock times, and the bytes and allocations of package initialisation
(these two do not depend on the machine's load).
"""
import os, re, resource, shutil, statistics, subprocess, sys, tempfile, time

n, cmd = int(sys.argv[1]), sys.argv[2:]
scratch = tempfile.mkdtemp(prefix='startup-')
cpus = []


def once(trace=False):
    args = [a.replace('{OUT}', tempfile.mkdtemp(dir=scratch)) for a in cmd]
    env = dict(os.environ, GODEBUG='inittrace=1') if trace else os.environ
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = (time.perf_counter() - t0) * 1000
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append((r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000)
    if p.returncode != 0:
        sys.exit('exit %d: %s' % (p.returncode, p.stderr.decode()[:500]))
    return wall, p.stderr.decode()


once()
cpus.clear()
walls = sorted(once()[0] for _ in range(n))
cpu = statistics.median(cpus)
inits, err = [], ''
for _ in range(n):
    _, err = once(True)
    inits.append(sum(float(m) for m in re.findall(r'ms, ([0-9.]+) ms clock', err)))
nbytes = sum(int(m) for m in re.findall(r'ms clock, ([0-9]+) bytes', err))
allocs = sum(int(m) for m in re.findall(r'bytes, ([0-9]+) allocs', err))
print('%s: wall median %.1f ms (%.1f–%.1f), CPU median %.1f ms; init %.2f ms (median), %d bytes, %d allocs'
      % (' '.join(cmd[:2]), statistics.median(walls), walls[0], walls[-1], cpu, statistics.median(inits), nbytes, allocs))
shutil.rmtree(scratch, ignore_errors=True)
