import { describe, expect, it } from 'vitest';
import { EventHeap, before } from '../../sim-core/kernel/heap';
import { stream } from '../../sim-core/random/streams';

/** Pops everything as [time, seq, id] triples. */
function drain(h: EventHeap): [number, number, number][] {
  const out: [number, number, number][] = [];
  while (h.size > 0) {
    out.push([h.topTime, h.topSeq, h.topId]);
    h.pop();
  }
  return out;
}

describe('EventHeap', () => {
  it('orders by time, then by insertion sequence', () => {
    const h = new EventHeap(2);
    h.push(5, 1, 10);
    h.push(1, 2, 11);
    h.push(5, 0, 12);
    h.push(3, 3, 13);
    h.push(1, 4, 14);
    expect(drain(h)).toEqual([
      [1, 2, 11],
      [1, 4, 14],
      [3, 3, 13],
      [5, 0, 12],
      [5, 1, 10],
    ]);
  });

  it('matches a sort on (time, seq) for 5,000 random entries with many ties, growing from capacity 1', () => {
    const rng = stream(7, 0, 'heap-test');
    const h = new EventHeap(1);
    const entries: [number, number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      const t = Math.floor(rng() * 50); // few distinct times, so ties are the common case
      entries.push([t, i, i]);
      h.push(t, i, i);
      if (i % 7 === 0) {
        // Interleave pops with pushes, as a simulation does; the reference minimum is a linear scan.
        let m = 0;
        for (let j = 1; j < entries.length; j++) if (before(entries[j][0], entries[j][1], entries[m][0], entries[m][1])) m = j;
        expect([h.topTime, h.topSeq, h.topId]).toEqual(entries[m]);
        entries.splice(m, 1);
        h.pop();
      }
    }
    entries.sort((a, b) => (before(a[0], a[1], b[0], b[1]) ? -1 : 1));
    expect(drain(h)).toEqual(entries);
  });

  it('replaceTop is a pop then a push: the same entries come out, in the same order', () => {
    const rng = stream(7, 1, 'heap-test');
    const a = new EventHeap(1);
    const b = new EventHeap(1);
    let seq = 0;
    for (let i = 0; i < 64; i++) {
      const t = Math.floor(rng() * 20);
      a.push(t, seq, seq);
      b.push(t, seq, seq);
      seq++;
    }
    for (let i = 0; i < 5000; i++) {
      // The event at the top schedules its next one, as a hold or a deadline does, often at the same time.
      const t = a.topTime + Math.floor(rng() * 4) * (rng() < 0.5 ? 0 : 1);
      expect([b.topTime, b.topSeq, b.topId]).toEqual([a.topTime, a.topSeq, a.topId]);
      a.pop();
      a.push(t, seq, seq);
      b.replaceTop(t, seq, seq);
      seq++;
    }
    expect(drain(b)).toEqual(drain(a));
  });

  it('reports Infinity as the top time when empty, and pop on empty is a no-op', () => {
    const h = new EventHeap();
    expect(h.topTime).toBe(Infinity);
    h.pop();
    expect(h.size).toBe(0);
  });
});
