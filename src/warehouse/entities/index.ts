import { ColumnEntity } from './ColumnEntity.js';
import { DatasetEntity } from './DatasetEntity.js';
import { IngestionRunEntity } from './IngestionRunEntity.js';
import { RejectedRowEntity } from './RejectedRowEntity.js';

export { ColumnEntity, DatasetEntity, IngestionRunEntity, RejectedRowEntity };

/** Every entity the catalog DataSource knows. */
export const ENTITIES = [DatasetEntity, ColumnEntity, IngestionRunEntity, RejectedRowEntity];
