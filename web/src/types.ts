/** The shapes the server returns (the subset the web app reads). */

export interface ColumnStats {
  nullCount: number;
  distinctCount: number;
  distinctApprox: boolean;
  min: number | null;
  max: number | null;
  mean: number | null;
  minTime: string | null;
  maxTime: string | null;
  grain: string | null;
  topValues: { value: string; count: number }[] | null;
}

export interface DatasetColumn {
  name: string;
  label: string;
  type: string;
  role: string;
  stats: ColumnStats | null;
}

export interface Dataset {
  name: string;
  label: string;
  rowCount: number;
  columns: DatasetColumn[];
}

export interface ResultColumn {
  name: string;
  label: string;
  type: string;
  role: string;
}

export interface Answer {
  text: string;
  dataset: string | null;
  confidence: number;
  suggestions: string[];
  conversationId: string;
  messageId: string;
  chart: Record<string, unknown> | null;
  interpretation: { intent: string; restatement: string; notes: string[]; query: Record<string, unknown> } | null;
  result: { columns: ResultColumn[]; rows: Record<string, unknown>[]; totalRows: number; truncated: boolean } | null;
  clarification: { message: string; options: string[]; unknownTerms: string[] } | null;
}

export interface SavedQuestion {
  id: string;
  title: string;
  question: string;
  dataset: string | null;
  createdAt: string;
  query: Record<string, unknown>;
}
