import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const SAMPLE_MS = 20;
/** How often a full garbage collection is forced, to tell live memory from garbage not yet collected. */
const COLLECT_EVERY_SAMPLES = 25;
const MiB = 1024 * 1024;

/** Growth of this process's memory while something ran, over what it used just before. */
export interface MemoryGrowth {
  /** Peak resident set size minus the RSS before, in MiB. */
  rssMiB: number;
  /** Peak live memory (V8 heap plus Buffers, measured right after a full collection) minus the same before, in MiB. */
  liveMiB: number;
}

/**
 * The garbage collector, exposed at run time: V8 frees the memory of Buffers only when it collects,
 * and lets up to 64 MiB of them accumulate first, so without collections the peak RSS measures the
 * collector's patience rather than what the code keeps.
 */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function live(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** Runs `work` while sampling process.memoryUsage() every {@link SAMPLE_MS} ms. */
export async function measureMemoryGrowth(work: () => Promise<void>): Promise<MemoryGrowth> {
  const gc = collector();
  gc();
  const rssBefore = process.memoryUsage().rss;
  const liveBefore = live();
  let peakRss = rssBefore;
  let peakLive = liveBefore;
  let samples = 0;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (++samples % COLLECT_EVERY_SAMPLES !== 0) return;
    gc();
    peakLive = Math.max(peakLive, live());
  };
  const timer = setInterval(sample, SAMPLE_MS);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { rssMiB: (peakRss - rssBefore) / MiB, liveMiB: (peakLive - liveBefore) / MiB };
}
