import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { ColumnRole, ColumnStats, SqlType } from '../../shared/catalog.js';
import type { DatasetEntity } from './DatasetEntity.js';

/** One column of a dataset: safe SQL name, original label, type, inferred role and profile. */
@Entity({ schema: 'catalog', name: 'columns' })
export class ColumnEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'dataset_id' })
  datasetId!: string;

  @ManyToOne('DatasetEntity', (d: DatasetEntity) => d.columns, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dataset_id' })
  dataset?: Relation<DatasetEntity>;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text', name: 'sql_type' })
  sqlType!: SqlType;

  @Column({ type: 'text' })
  role!: ColumnRole;

  @Column({ type: 'jsonb', nullable: true })
  stats!: ColumnStats | null;
}
