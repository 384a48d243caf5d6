import { concurrencyLimit } from './concurrency-limit.js';

describe('concurrencyLimit', () => {
  it('never runs more than the limit at once, runs every task in arrival order, and passes results and errors through', async () => {
    const limit = concurrencyLimit(2);
    let inFlight = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (index: number) => async () => {
      started.push(index);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      if (index === 3) throw new Error('task 3 failed');
      return index * 10;
    };
    const results = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((index) => limit(task(index))));
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(
      results.map((result) =>
        result.status === 'fulfilled' ? result.value : (result.reason as Error).message,
      ),
    ).toEqual([0, 10, 20, 'task 3 failed', 40, 50]);
  });
});
