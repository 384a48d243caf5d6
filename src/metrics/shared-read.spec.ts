import { sharedRead } from './shared-read.js';

describe('sharedRead', () => {
  it('gives overlapping callers one call, and the next round a new one', async () => {
    let calls = 0;
    const read = sharedRead(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return calls;
    });
    expect(await Promise.all([read(), read(), read()])).toEqual([1, 1, 1]);
    expect(await read()).toBe(2);
  });

  it('shares a failure with the overlapping callers only', async () => {
    let calls = 0;
    const read = sharedRead(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('down')) : Promise.resolve('up');
    });
    const results = await Promise.allSettled([read(), read()]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(read()).resolves.toBe('up');
    expect(calls).toBe(2);
  });
});
