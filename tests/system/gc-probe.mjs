// Preloaded (`node --expose-gc --import`) into the app processes of the soak test, and only there: on SIGUSR2 it
// runs a full garbage collection and prints the memory use as one JSON log line, so the test can compare the
// heap at the start and the end of its steady phase without guessing when V8 last collected.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
  const m = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({ level: 'info', msg: 'gc probe', gc: typeof globalThis.gc === 'function', heap_used: m.heapUsed, heap_total: m.heapTotal, rss: m.rss, external: m.external })}\n`,
  );
});
