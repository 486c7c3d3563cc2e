import { isPoststelleError } from '../src/modules/shared/errors.ts';

/** The code and quarantine flag of the Poststelle error a promise rejects with; fails when it resolves or rejects with anything else. */
export async function errorOf(promise: Promise<unknown>): Promise<{ code: string; quarantine: boolean }> {
  try {
    await promise;
  } catch (error) {
    if (isPoststelleError(error)) return { code: error.code, quarantine: error.quarantine };
    throw error;
  }
  throw new Error('expected an error');
}
