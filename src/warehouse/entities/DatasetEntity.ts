import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import type { ColumnEntity } from './ColumnEntity.js';

/** A dataset: one typed table in the `warehouse` schema plus its catalog entry. */
@Entity({ schema: 'catalog', name: 'datasets' })
export class DatasetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The tenant that owns it (see src/auth/principal.ts). */
  @Column({ type: 'text', name: 'tenant_id' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'text', name: 'table_name' })
  tableName!: string;

  @Column({ type: 'bigint', name: 'row_count', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  rowCount!: number;

  @Column({ type: 'text', name: 'source_format', nullable: true })
  sourceFormat!: string | null;

  /** Content hash of the load that created or last replaced the table; drives idempotent re-ingest. */
  @Column({ type: 'text', name: 'content_hash', nullable: true })
  contentHash!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @OneToMany('ColumnEntity', (c: ColumnEntity) => c.dataset)
  columns?: Relation<ColumnEntity>[];
}
