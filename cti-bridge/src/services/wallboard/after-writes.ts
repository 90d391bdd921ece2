/**
 * The repository with `after` called once each listed write has returned: how the wallboard learns that a
 * call changed without the call center knowing it exists.
 */
export function afterWrites<T extends object, K extends keyof T>(
  target: T,
  methods: readonly K[],
  after: () => void,
): T {
  const wrapped = Object.create(target) as T;
  for (const method of methods) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    const call = original as (...args: unknown[]) => unknown;
    (wrapped as Record<K, unknown>)[method] = (...args: unknown[]) => {
      const result = call.apply(target, args);
      after();
      return result;
    };
  }
  return wrapped;
}
