import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    // Generous: a test that waits on Kamailio, rtpengine and Chromium must not fail for a loaded 2-core machine
    // (its own waits name what they wait for; this is only the backstop).
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Two cores: browsers and servers in parallel files fight for them; two workers keep runs predictable.
    maxWorkers: 2,
  },
});
