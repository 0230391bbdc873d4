import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A source row that did not fit the dataset's schema, kept with its line number and reason. */
@Entity({ schema: 'catalog', name: 'rejected_rows' })
export class RejectedRowEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'run_id' })
  runId!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  line!: number;

  @Column({ type: 'text' })
  raw!: string;

  @Column({ type: 'text' })
  reason!: string;
}
