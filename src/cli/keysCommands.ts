import { parseArgs } from 'node:util';
import { parseRowFilter } from '../auth/apiKeys.js';
import type { ApiKeyInfo } from '../auth/keyStore.js';
import type { Config } from '../config/config.js';
import { badInput } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { withServices } from './withServices.js';

export const KEYS_HELP = `  insightql keys create --tenant T --role viewer|analyst|admin [--rows "column=value"]… [--label L]
                                          make an API key; prints the key alone (shown once, only its hash is kept)
  insightql keys list [--tenant T] [--json]
                                          keys with tenant, role, row filters and state (never the key)
  insightql keys revoke ID                revoke a key at once`;

/**
 * `insightql keys …` on direct database access: whoever can open the database is its operator,
 * so this is also how the first key is made (after which the server needs keys).
 */
export async function runKeys(config: Config, log: Logger, argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      tenant: { type: 'string' },
      role: { type: 'string' },
      rows: { type: 'string', multiple: true },
      label: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [sub, ...rest] = positionals;
  switch (sub) {
    case 'create': {
      if (!values.tenant) throw badInput('keys create needs --tenant', { argument: 'tenant' });
      if (!values.role) throw badInput('keys create needs --role (viewer, analyst or admin)', { argument: 'role' });
      const rowFilters = (values.rows ?? []).map(parseRowFilter);
      return withServices(config, log, async (s) => {
        const { key, info } = await s.keys.create({ tenantId: values.tenant!, role: values.role!, rowFilters, label: values.label ?? null, createdBy: 'cli' });
        // The key alone on stdout (for `KEY=$(insightql keys create …)`); what it is on stderr.
        console.log(key);
        console.error(`created key ${info.id} (tenant ${info.tenantId}, ${info.role}${info.rowFilters.length ? `, rows ${formatFilters(info)}` : ''}); it is shown only now`);
        return 0;
      });
    }
    case 'list':
      return withServices(config, log, async (s) => {
        const keys = await s.keys.list(values.tenant ?? null);
        if (values.json) console.log(JSON.stringify(keys, null, 2));
        else if (!keys.length) console.log('no API keys (the server runs in local mode)');
        else for (const k of keys) console.log([k.id, k.tenantId, k.role, `iql_${k.prefix}_…`, k.revokedAt ? `revoked ${k.revokedAt}` : 'live', formatFilters(k), k.label ?? ''].join('\t'));
        return 0;
      });
    case 'revoke': {
      const id = rest[0];
      if (!id) throw badInput('keys revoke needs the key id (see keys list)', { argument: 'id' });
      return withServices(config, log, async (s) => {
        const k = await s.keys.revoke(id);
        console.log(`revoked key ${k.id} (tenant ${k.tenantId}, ${k.role})`);
        return 0;
      });
    }
    default:
      console.error(`usage:\n${KEYS_HELP}`);
      return 1;
  }
}

function formatFilters(k: ApiKeyInfo): string {
  return k.rowFilters.map((f) => `${f.column}=${f.value}`).join(',');
}
