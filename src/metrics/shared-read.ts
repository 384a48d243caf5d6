/**
 * Wraps `read` so that callers overlapping in time share one call: while it is in flight, every
 * caller gets the same promise; once it settles, the next caller starts a new one.
 *
 * prom-client starts the `collect` of every metric of a scrape at once, so the metric families fed
 * by one query (or one Redis read) would each run it. Sharing the in-flight read makes that one query
 * per scrape, and nothing is cached between scrapes.
 */
export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () =>
    (inFlight ??= read().finally(() => {
      inFlight = undefined;
    }));
}
