import { threadGate } from './thread-gate';

/** A job that records its start and end and finishes when `finish` is called. */
function held(name: string, events: string[]) {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { finish: () => finish(), job: async () => { events.push(`start ${name}`); await done; events.push(`end ${name}`); return name; } };
}

const settle = () => new Promise((wake) => setImmediate(wake));

describe('threadGate', () => {
  it('sets the count before a job and only when it changes', async () => {
    const set: number[] = [];
    const gate = threadGate((n) => set.push(n));
    expect(await gate(1, async () => 'a')).toBe('a');
    expect(await gate(1, async () => 'b')).toBe('b');
    expect(await gate(4, async () => 'c')).toBe('c');
    expect(set).toEqual([1, 4]);
  });

  it('runs jobs of one count together, and one of another count after them', async () => {
    const events: string[] = [];
    const gate = threadGate((n) => events.push(`threads ${n}`));
    const [a, b, c] = [held('a', events), held('b', events), held('c', events)];
    const runs = [gate(1, a.job), gate(4, c.job), gate(1, b.job)];
    await settle();
    expect(events).toEqual(['threads 1', 'start a', 'start b']);
    a.finish();
    await settle();
    expect(events).not.toContain('start c');
    b.finish();
    await settle();
    expect(events.slice(-2)).toEqual(['threads 4', 'start c']);
    c.finish();
    expect(await Promise.all(runs)).toEqual(['a', 'c', 'b']);
  });

  it('lets the next job in after a job that failed', async () => {
    const gate = threadGate(() => undefined);
    await expect(gate(4, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate(1, async () => 'next')).toBe('next');
  });
});
