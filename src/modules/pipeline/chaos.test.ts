import { describe, expect, it } from 'vitest';
import { formatSummary, runChaos } from '../../../scripts/chaos.ts';

/**
 * The chaos test at CI size (npm run test:chaos runs it with 1 000 documents): real worker, serve and
 * ingest processes killed with SIGKILL in three rounds while 16 documents go through (kept small: the
 * whole suite shares two cores). Afterwards
 * every input is exactly one document with a final status, exact copies point at their original,
 * broken files are quarantined with their code, and no pipeline job is left behind.
 */
describe('chaos: SIGKILL during ingest and processing', () => {
  it('loses nothing, duplicates nothing, leaves no job stuck', async () => {
    const summary = await runChaos({ documents: 16, rounds: 3, seed: 11, scanShare: 0, maxKillGapMs: 4_000, log: () => undefined });
    process.stderr.write(`${formatSummary(summary)}\n`);
    expect(summary.problems).toEqual([]);
    expect(summary.inputs).toBe(16);
    expect(summary.documents).toBe(summary.inputs);
    expect(summary.lost).toBe(0);
    expect(summary.duplicated).toBe(0);
    expect(summary.notFinal).toBe(0);
    expect(summary.wrongDuplicates).toBe(0);
    expect(summary.badInputsWrong).toBe(0);
    expect(summary.stuckJobs).toBe(0);
    expect(summary.pendingJobs).toBe(0);
    expect(summary.killRounds).toBe(3);
    expect(summary.kills).toBeGreaterThanOrEqual(3);
    expect(summary.ingestRuns).toBeGreaterThanOrEqual(2);
  }, 20 * 60_000);
});
