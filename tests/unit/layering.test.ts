import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layering lint (eslint.config.js) run through the ESLint Node API on fixture sources placed, by their
 * file path, inside the real tree: each imports a real module of another layer. Nothing is written to disk.
 */
const root = resolve(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function layeringErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = x;\n`, {
    filePath: resolve(root, file),
  });
  return (result?.messages ?? [])
    .filter(
      (message) => message.ruleId === 'boundaries/dependencies' || message.ruleId === 'no-restricted-imports',
    )
    .map((message) => `${message.ruleId}: ${message.message}`);
}

describe('layering lint', () => {
  it.each([
    // The holes the first lint had: patterns that matched one folder level, and layers left unchecked.
    [
      'domain → services',
      'cti-bridge/src/domain/fixture.ts',
      "import x from '../services/offers';",
      /domain is pure/,
    ],
    ['domain → logger', 'cti-bridge/src/domain/fixture.ts', "import x from '../logger';", /domain is pure/],
    [
      'domain/sub/ → server',
      'cti-bridge/src/domain/sub/fixture.ts',
      "import x from '../../server/http-server';",
      /domain is pure/,
    ],
    [
      'domain/outbound/deep/ → repositories',
      'cti-bridge/src/domain/outbound/deep/fixture.ts',
      "import x from '../../../repositories/users.repository';",
      /domain is pure/,
    ],
    [
      'pbx → services',
      'cti-bridge/src/pbx/sim/fixture.ts',
      "import x from '../../services/offers';",
      /PBX adapter/,
    ],
    [
      'pbx → repositories',
      'cti-bridge/src/pbx/kamailio/fixture.ts',
      "import x from '../../repositories/users.repository';",
      /PBX adapter/,
    ],
    [
      'pbx → server',
      'cti-bridge/src/pbx/kamailio/fixture.ts',
      "import x from '../../server/socket-server';",
      /PBX adapter/,
    ],
    [
      'one adapter → another',
      'cti-bridge/src/pbx/sim/fixture.ts',
      "import x from '../kamailio/netstring';",
      /PBX adapter/,
    ],
    [
      'services → server',
      'cti-bridge/src/services/fixture.ts',
      "import x from '../server/http-errors';",
      /services must not/,
    ],
    [
      'services/sub/ → a PBX adapter',
      'cti-bridge/src/services/outbound/fixture.ts',
      "import x from '../../pbx/sim/sim-pbx';",
      /services must not/,
    ],
    [
      'repositories → services',
      'cti-bridge/src/repositories/fixture.ts',
      "import x from '../services/offers';",
      /repositories sit under services/,
    ],
    [
      'repositories → server',
      'cti-bridge/src/repositories/sub/fixture.ts',
      "import x from '../../server/password-hash';",
      /repositories sit under services/,
    ],
    [
      'server → db',
      'cti-bridge/src/server/routes/fixture.ts',
      "import x from '../../../../db/schema';",
      /server must not/,
    ],
    [
      'services → db',
      'cti-bridge/src/services/fixture.ts',
      "import x from '../../../db/open-database';",
      /services must not/,
    ],
    [
      'composition root → a PBX adapter',
      'cti-bridge/src/ringside.ts',
      "import x from './pbx/sim/sim-pbx';",
      /only main\.ts picks the PBX adapter/,
    ],
    [
      'a capability wiring module → a PBX adapter',
      'cti-bridge/src/wiring/fixture.ts',
      "import x from '../pbx/sim/sim-pbx';",
      /only main\.ts picks the PBX adapter/,
    ],
    [
      'protocol → domain',
      'cti-bridge/protocol/fixture.ts',
      "import x from '../src/domain/mask';",
      /protocol imports zod only/,
    ],
    [
      'protocol → a package',
      'cti-bridge/protocol/fixture.ts',
      "import x from 'libphonenumber-js';",
      /zod only/,
    ],
    [
      'renderer → bridge internals',
      'renderer/src/features/x/fixture.ts',
      "import x from '../../../../cti-bridge/src/domain/mask';",
      /console imports cti-bridge\/protocol/,
    ],
    [
      'renderer → electron main',
      'renderer/src/services/fixture.ts',
      "import x from '../../../electron/main/tray';",
      /console imports cti-bridge\/protocol/,
    ],
    [
      'renderer → db',
      'renderer/src/services/fixture.ts',
      "import x from '../../../db/schema';",
      /console imports/,
    ],
    ['renderer → node:*', 'renderer/src/services/fixture.ts', "import x from 'node:fs';", /Node built-ins/],
    ['domain → node:*', 'cti-bridge/src/domain/fixture.ts', "import x from 'node:fs';", /Node built-ins/],
    [
      'services → a database package',
      'cti-bridge/src/services/fixture.ts',
      "import x from 'drizzle-orm';",
      /repositories/,
    ],
    [
      'electron → bridge internals',
      'electron/main/fixture.ts',
      "import x from '../../cti-bridge/src/logger.js';",
      /shares only the IPC contract/,
    ],
    [
      'a dynamic import',
      'cti-bridge/src/domain/fixture.ts',
      "const x = await import('../services/offers');",
      /domain is pure/,
    ],
    [
      'a re-export',
      'cti-bridge/src/domain/fixture.ts',
      "export { x } from '../server/http-server';\nconst x = 1;",
      /domain is pure/,
    ],
  ])('refuses %s', async (_name, file, source, expected) => {
    const errors = await layeringErrors(file, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(expected);
  });

  it.each([
    [
      'domain → protocol',
      'cti-bridge/src/domain/outbound/fixture.ts',
      "import x from '../../../protocol/errors';",
    ],
    [
      'services → domain',
      'cti-bridge/src/services/outbound/fixture.ts',
      "import x from '../../domain/routing';",
    ],
    [
      'services → repositories',
      'cti-bridge/src/services/fixture.ts',
      "import x from '../repositories/users.repository';",
    ],
    ['services → the PBX seam', 'cti-bridge/src/services/fixture.ts', "import x from '../pbx/pbx-adapter';"],
    ['services → logger', 'cti-bridge/src/services/fixture.ts', "import x from '../logger';"],
    ['server → services', 'cti-bridge/src/server/http/fixture.ts', "import x from '../../services/offers';"],
    [
      'repositories → db',
      'cti-bridge/src/repositories/outbound/fixture.ts',
      "import x from '../../../../db/schema';",
    ],
    ['pbx adapter → the seam', 'cti-bridge/src/pbx/sim/fixture.ts', "import x from '../pbx-adapter';"],
    ['pbx adapter → logger', 'cti-bridge/src/pbx/kamailio/fixture.ts', "import x from '../../logger';"],
    ['main → a PBX adapter', 'cti-bridge/src/main.ts', "import x from './pbx/sim/sim-pbx';"],
    [
      'renderer → protocol',
      'renderer/src/features/x/fixture.ts',
      "import x from '../../../../cti-bridge/protocol/index';",
    ],
    [
      'renderer → the IPC contract',
      'renderer/src/services/fixture.ts',
      "import x from '../../../electron/ipc-contract';",
    ],
    ['electron → the IPC contract', 'electron/main/fixture.ts', "import x from '../ipc-contract.js';"],
  ])('allows %s', async (_name, file, source) => {
    expect(await layeringErrors(file, source)).toEqual([]);
  });
});
