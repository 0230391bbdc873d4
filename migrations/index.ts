import { CreateCatalog1764000000000 } from './1764000000000-CreateCatalog.js';
import { AddDatasetVersions1764100000000 } from './1764100000000-AddDatasetVersions.js';
import { CreateModelRegistry1764200000000 } from './1764200000000-CreateModelRegistry.js';
import { CreateConversations1764300000000 } from './1764300000000-CreateConversations.js';
import { RecipeReplay1764400000000 } from './1764400000000-RecipeReplay.js';
import { AppendProfile1764500000000 } from './1764500000000-AppendProfile.js';
import { Tenancy1765000000000 } from './1765000000000-Tenancy.js';
import { IngestIdempotency1765100000000 } from './1765100000000-IngestIdempotency.js';
import { ConversationRetention1765100000001 } from './1765100000001-ConversationRetention.js';
import { CreateRealtime1765200000000 } from './1765200000000-CreateRealtime.js';
import { SavedQuestionsAndEmbedTokens1765300000000 } from './1765300000000-SavedQuestionsAndEmbedTokens.js';
import { SavedQuestionsRls1765700000000 } from './1765700000000-SavedQuestionsRls.js';
import { RealtimeRls1765910000000 } from './1765910000000-RealtimeRls.js';
import { OpenedItems1765910000001 } from './1765910000001-OpenedItems.js';
import { ApiKeysServiceAccess1765920000000 } from './1765920000000-ApiKeysServiceAccess.js';
import { AlertKeyEventTime1765930000000 } from './1765930000000-AlertKeyEventTime.js';

/** Every migration, oldest first; imported as classes so they run from sources and from dist alike. */
export const MIGRATIONS = [
  CreateCatalog1764000000000,
  AddDatasetVersions1764100000000,
  CreateModelRegistry1764200000000,
  CreateConversations1764300000000,
  RecipeReplay1764400000000,
  AppendProfile1764500000000,
  Tenancy1765000000000,
  IngestIdempotency1765100000000,
  ConversationRetention1765100000001,
  CreateRealtime1765200000000,
  SavedQuestionsAndEmbedTokens1765300000000,
  SavedQuestionsRls1765700000000,
  RealtimeRls1765910000000,
  OpenedItems1765910000001,
  ApiKeysServiceAccess1765920000000,
  AlertKeyEventTime1765930000000,
];
