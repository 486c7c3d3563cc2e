import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: Error | null;
  loading: boolean;
  reload(): void;
  setData(data: T | undefined): void;
}

/** Runs a loader whenever its dependencies change; stale answers of earlier runs are dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const run = useRef(0);
  const loader = useRef(load);
  loader.current = load;

  useEffect(() => {
    const current = ++run.current;
    setLoading(true);
    loader
      .current()
      .then((value) => {
        if (current !== run.current) return;
        setData(value);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (current !== run.current) return;
        setError(caught instanceof Error ? caught : new Error(String(caught)));
      })
      .finally(() => current === run.current && setLoading(false));
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, loading, reload, setData };
}
