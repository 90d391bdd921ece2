/**
 * Creates Kamailio's subscriber database (the file the bridge writes HA1 values into) when it does not exist
 * yet, so Kamailio's auth_db can open it at start even before the bridge ran once. Usage: tsx ensure-auth-db.ts <file>
 */
import { createSipSubscribersRepository } from '../cti-bridge/src/repositories/sip-subscribers.repository';

const file = process.argv[2];
if (!file) {
  console.error('usage: ensure-auth-db.ts <sqlite file>');
  process.exit(2);
}
createSipSubscribersRepository(file).close();
