/** Limits how many async tasks run at once (e.g. one tesseract process per core). */
export interface Semaphore {
  readonly capacity: number;
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createSemaphore(capacity: number): Semaphore {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active -= 1;
    const next = waiting.shift();
    if (next) {
      active += 1;
      next();
    }
  };
  return {
    capacity,
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < capacity) {
        active += 1;
      } else {
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
