#!/usr/bin/env python3
"""Old vs new stress --quick runs: verdicts, outcomes, left-behind, and the fits' 95% intervals side by side.
usage: check.py OLD_RUN NEW_RUN"""
import json, sys
a = json.load(open(sys.argv[1] + '/run.json'))
b = json.load(open(sys.argv[2] + '/run.json'))
A = {c['id']: c for c in a['cells']}; B = {c['id']: c for c in b['cells']}
def t(run):
    cells = run['cells']; n = len(cells)
    def mean(k):
        v = [c['timing'][k] for c in cells if c.get('timing') and c['timing'].get(k) is not None]
        return sum(v) / len(v) if v else None
    out = {'cells': n, 'sum of wallSeconds': round(sum(c['wallSeconds'] for c in cells), 1)}
    for k in ['startUpSeconds', 'setUpSeconds', 'measureSeconds', 'exitSeconds', 'analysisSeconds', 'heldSeconds']:
        m = mean(k); out[k] = None if m is None else round(m, 3)
    out['host.busy'] = sum(1 for c in cells if c.get('host') and c['host']['busy'])
    return out
print('timing means per cell:'); print('  old', t(a)); print('  new', t(b))
same = [i for i in A if A[i]['verdict'] == B[i]['verdict'] and A[i]['outcome'] == B[i]['outcome']]
print(f'verdict+outcome equal: {len(same)} of {len(A)}', [i for i in A if i not in same])
lb = [i for i in A if A[i]['threads']['leftBehind'] == B[i]['threads']['leftBehind']]
print(f'leftBehind equal: {len(lb)} of {len(A)}', [(i, A[i]['threads']['leftBehind'], B[i]['threads']['leftBehind']) for i in A if i not in lb])
def overlap(f, g):
    return f['ciLow'] <= g['ciHigh'] and g['ciLow'] <= f['ciHigh']
def fits(name, get):
    pairs = [(i, get(A[i]), get(B[i])) for i in A]
    pairs = [(i, f, g) for i, f, g in pairs if f and g]
    apart = [(i, round(f['slope'], 3), round(g['slope'], 3)) for i, f, g in pairs if not overlap(f, g)]
    print(f'{name}: {len(pairs) - len(apart)} of {len(pairs)} pairs overlap; apart: {apart}')
fits('slope threads/s', lambda c: c['threads']['slopePerSec'])
fits('heap B/thread', lambda c: (c['memory'] or {}).get('heapBytesPerThread'))
fits('rss B/thread', lambda c: (c['memory'] or {}).get('rssBytesPerThread'))
fits('nmt stack B/thread', lambda c: (c['memory'] or {}).get('nmtStackBytesPerThread'))
idle = lambda c: c['series']['phaseStarts'].get('end', 0) - c['series']['phaseStarts'].get('idle', 0)
for v in ['leaky', 'fixed']:
    ia = [idle(A[i]) for i in A if A[i]['variant'].lower() == v]; ib = [idle(B[i]) for i in B if B[i]['variant'].lower() == v]
    print(f'idle tail, {v} cells: old mean {sum(ia)/len(ia):.3f} s, new mean {sum(ib)/len(ib):.3f} s (min {min(ib):.3f}, max {max(ib):.3f})')
