import { Pace } from '../../src/portal/pace';
import { FakeTimer } from './ckan-server';

describe('Pace', () => {
  it('lets the first request go at once and spaces the next ones 1/requestsPerSecond apart', async () => {
    const timer = new FakeTimer();
    const pace = new Pace(4, timer);
    const at: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pace.take();
      at.push(timer.now());
    }
    expect(at).toEqual([0, 250, 500, 750, 1000]);
  });

  it('does not wait when the caller was slower than the pace', async () => {
    const timer = new FakeTimer();
    const pace = new Pace(2, timer);
    await pace.take();
    timer.t += 5000;
    await pace.take();
    expect(timer.now()).toBe(5000);
  });

  it('spaces concurrent takers too: eight at once take 7 intervals', async () => {
    const timer = new FakeTimer();
    const pace = new Pace(3, timer);
    await Promise.all(Array.from({ length: 8 }, () => pace.take()));
    expect(timer.now()).toBeCloseTo((7 * 1000) / 3, 6);
  });

  it('refuses a rate of 0', () => {
    expect(() => new Pace(0, new FakeTimer())).toThrow('requestsPerSecond must be more than 0, got 0');
  });
});
