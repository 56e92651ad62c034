/**
 * Preloaded (`node -r`) into each process the launcher starts: when the launcher is gone (killed
 * with SIGKILL, its terminal closed), the process stops as if asked with SIGTERM, so no orphan
 * keeps a port or the emulator's data directory. The launcher starts them in process groups of
 * their own (so Ctrl-C reaches the launcher alone, which stops them in order), which is why they
 * need this: no terminal signal reaches them.
 */
const parent = process.ppid;
const CHECK_MS = 1_000;

setInterval(() => {
  // Re-parented (to init or a subreaper): the launcher has exited.
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, CHECK_MS).unref();
