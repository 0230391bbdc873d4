import { describe, expect, it } from 'vitest';
import { dropLearnedScopes, LearnedChanges, learnedScopeKey, type LearnedChange } from '../../../src/chat/learnedChanges.js';
import { LocalBus } from '../../../src/events/bus.js';
import type { BusMessage } from '../../../src/events/busMessage.js';
import { learnedChannel } from '../../../src/services.js';
import { createLogger } from '../../../src/shared/logger.js';

/** Cached learned words of three owners in tenant `acme`, one in `acme2` (a prefix of the other's key) and one in `beta`. */
function cache(): Map<string, string> {
  return new Map([
    [learnedScopeKey('acme', 'key:alice'), 'a'],
    [learnedScopeKey('acme', 'key:bob'), 'b'],
    [learnedScopeKey('acme', null), 'anonymous'],
    [learnedScopeKey('acme2', 'key:alice'), 'a2'],
    [learnedScopeKey('beta', 'key:alice'), 'beta'],
  ]);
}

const owners = (m: Map<string, string>) => [...m.values()].sort();

describe('learned-word changes', () => {
  it("one owner's change drops that owner's entry in its tenant only", () => {
    const m = cache();
    dropLearnedScopes(m, { tenant: 'acme', owner: 'key:alice' });
    expect(owners(m)).toEqual(['a2', 'anonymous', 'b', 'beta']);
    dropLearnedScopes(m, { tenant: 'acme', owner: null });
    expect(owners(m)).toEqual(['a2', 'b', 'beta']);
  });

  it("a tenant-wide change drops every owner's entry of its tenant, and no other tenant's", () => {
    const m = cache();
    dropLearnedScopes(m, { tenant: 'acme', owner: null, all: true });
    expect(owners(m)).toEqual(['a2', 'beta']);
    dropLearnedScopes(m, { tenant: 'nobody', owner: null, all: true });
    expect(owners(m)).toEqual(['a2', 'beta']);
  });

  it('reaches every process on the bus, the sender included; the message names no word and no other tenant', async () => {
    const bus = new LocalBus();
    const sent: BusMessage[] = [];
    bus.onMessage((m) => sent.push(m));
    const log = createLogger('silent');
    // Two "processes": each its own cache and announcer, one bus between them.
    const [a, b] = [cache(), cache()];
    const sender = new LearnedChanges((c) => dropLearnedScopes(a, c), log, learnedChannel(bus));
    const other = new LearnedChanges((c) => dropLearnedScopes(b, c), log, learnedChannel(bus));
    const delivered = () => new Promise((r) => setImmediate(r));

    await sender.changed({ tenant: 'beta', owner: 'key:alice' });
    // The sender's own entry is gone before the bus delivers anything.
    expect(owners(a)).toEqual(['a', 'a2', 'anonymous', 'b']);
    expect(owners(b)).toHaveLength(5);
    await delivered();
    expect(owners(b)).toEqual(['a', 'a2', 'anonymous', 'b']);
    expect(sent).toEqual([{ t: 'learned', tenant: 'beta', owner: 'key:alice' }]);

    await sender.changed({ tenant: 'acme', owner: null, all: true });
    await delivered();
    expect(owners(a)).toEqual(['a2']);
    expect(owners(b)).toEqual(['a2']);
    expect(sent[1]).toEqual({ t: 'learned', tenant: 'acme', owner: null, all: true });

    // A malformed notice drops nothing; a closed announcer hears nothing more.
    const c = cache();
    const third = new LearnedChanges((x) => dropLearnedScopes(c, x), log, learnedChannel(bus));
    await bus.send({ t: 'learned', tenant: 7, owner: null, all: true } as unknown as BusMessage);
    await delivered();
    expect(owners(c)).toHaveLength(5);
    third.close();
    await other.changed({ tenant: 'acme', owner: null, all: true } satisfies LearnedChange);
    await delivered();
    expect(owners(c)).toHaveLength(5);
    await bus.close();
  });

  it('without a channel, the local drop still happens', async () => {
    const m = cache();
    await new LearnedChanges((c) => dropLearnedScopes(m, c), createLogger('silent'), null).changed({ tenant: 'acme', owner: 'key:bob' });
    expect(owners(m)).toEqual(['a', 'a2', 'anonymous', 'beta']);
  });
});
