import { hasRole, localPrincipal, type Principal } from '../auth/principal.js';
import { currentPrincipal } from '../auth/requestScope.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ownerKey } from './askService.js';
import { isUuid } from './chatRepository.js';
import type { LearnedChanges } from './learnedChanges.js';
import { LearnedWordRepository, type StoredLearnedWord } from './learnedWordRepository.js';
import type { VocabularyCache } from './vocabularyCache.js';

/** A learned word as the API shows it: whose it is, and what it means. */
export interface LearnedWord extends StoredLearnedWord {
  scope: 'owner' | 'tenant';
}

const notFound = (id: string) => new AppError(ErrorCode.NOT_FOUND, `no learned word '${id.length > 80 ? `${id.slice(0, 80)}…` : id}'`, { id: id.slice(0, 80) });

/**
 * Seeing and removing what the chat learned (from replies to its questions back, and from
 * feedback). A caller sees its own words and the tenant-wide ones, as its questions use them; it
 * removes its own, and tenant-wide ones with the analyst role. Another owner's or tenant's word is
 * NOT_FOUND, exactly like a missing id, so ids reveal nothing.
 */
export class LearnedWords {
  private readonly repo: LearnedWordRepository;

  constructor(
    wh: Warehouse,
    private readonly catalog: CatalogRepository,
    private readonly vocabularies: VocabularyCache,
    private readonly changes: LearnedChanges,
  ) {
    this.repo = new LearnedWordRepository(wh);
  }

  /** The caller's words and the tenant-wide ones for a dataset it may see (else DATASET_NOT_FOUND). */
  async list(dataset: string, clientKey: string | null): Promise<LearnedWord[]> {
    const ds = await this.catalog.getCatalogDataset(String(dataset ?? '').slice(0, 200));
    const words = await this.repo.list(ownerKey(clientKey), ds.name);
    const principal = caller();
    // A key with row filters reads no tenant-wide word for a value its rows do not hold: its
    // questions never use one (see VocabularyCache), and the list must not name such a value.
    const hidden = principal.rowFilters.length && words.some((w) => w.tenantWide && w.target.kind === 'value');
    const values = hidden ? await this.vocabularies.dimensionValues(ds, principal.rowFilters) : null;
    return words.filter((w) => !values || !w.tenantWide || visibleValue(w, values)).map((w) => ({ ...w, scope: w.tenantWide ? 'tenant' : 'owner' }));
  }

  /**
   * Removes one word and drops the learned-word caches it was in, in every server process, so the
   * next question no longer uses it. Embed tokens are read-only; a tenant-wide word needs the analyst role.
   */
  async forget(id: string, clientKey: string | null): Promise<boolean> {
    const principal = caller();
    if (principal.kind === 'embed') throw new AppError(ErrorCode.FORBIDDEN, 'embed tokens are read-only: they cannot remove learned words');
    const key = String(id ?? '');
    if (!isUuid(key)) throw notFound(key);
    const owner = ownerKey(clientKey);
    const word = await this.repo.find(key, owner);
    if (!word || (word.tenantWide && !(await this.seesTenantWord(word, principal)))) throw notFound(key);
    if (word.tenantWide && !hasRole(principal, 'analyst')) {
      throw new AppError(ErrorCode.FORBIDDEN, `'${word.phrase}' was taught to the whole tenant: removing it needs the analyst role`, { needed: 'analyst' });
    }
    if (!(await this.repo.remove(key, owner, word.tenantWide))) throw notFound(key);
    // A tenant-wide word is in every owner's cached words of the tenant; one's own only in its owner's.
    await this.changes.changed(word.tenantWide ? { tenant: principal.tenantId, owner: null, all: true } : { tenant: principal.tenantId, owner });
    return true;
  }

  /** Whether `list` shows this tenant-wide word to the caller (a row-filtered key may not see its value). */
  private async seesTenantWord(word: StoredLearnedWord, principal: Principal): Promise<boolean> {
    if (!principal.rowFilters.length || word.target.kind !== 'value') return true;
    const ds = await this.catalog.getCatalogDataset(word.datasetName).catch(() => null);
    if (!ds) return false;
    return visibleValue(word, await this.vocabularies.dimensionValues(ds, principal.rowFilters));
  }
}

function caller(): Principal {
  return currentPrincipal() ?? localPrincipal();
}

function visibleValue(w: StoredLearnedWord, values: Record<string, string[]>): boolean {
  return w.target.kind !== 'value' || (values[w.target.column] ?? []).includes(w.target.value);
}
