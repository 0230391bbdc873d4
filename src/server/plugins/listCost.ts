import {
  getNamedType,
  getNullableType,
  getOperationAST,
  isListType,
  isInterfaceType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type DocumentNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { requestError } from '../../graphql/errors.js';
import { ErrorCode } from '../../shared/errors.js';
import type { OperationInfo, RequestGuard } from './guard.js';

/** Arguments that bound how many items a list field returns. */
const LIST_ARGS = ['limit', 'first'];

/**
 * Refuses operations whose cost passes `maxCost`. Every field costs 1 plus its selection's cost;
 * a list field with a `limit:` argument (a literal, a variable or the schema's default) counts its
 * selection `limit` times, so `runs(limit: 1000) { rejectedRows(limit: 1000) { … } }` costs a
 * million. Runs after validation, when the variables are known.
 */
export function listCost(schema: GraphQLSchema, maxCost: number): RequestGuard {
  // A document without variables costs the same every time: Apollo's cached document keeps its
  // cost per operation name, so repeated queries are not walked again.
  const known = new WeakMap<DocumentNode, Map<string, number>>();
  const costOf = (op: OperationInfo): number => {
    if (hasVariables(op.document)) return operationCost(schema, op);
    const byName = known.get(op.document) ?? new Map<string, number>();
    known.set(op.document, byName);
    const name = op.operationName ?? '';
    let cost = byName.get(name);
    if (cost === undefined) byName.set(name, (cost = operationCost(schema, op)));
    return cost;
  };
  return {
    name: 'listCost',
    beforeExecute(op) {
      const cost = costOf(op);
      if (cost > maxCost) {
        throw requestError(ErrorCode.QUERY_TOO_COMPLEX, `the operation costs ${Math.round(cost)}, more than the limit of ${maxCost} (a list's selection counts once per item its limit allows)`, 400, {
          limit: 'cost',
          max: maxCost,
          cost: Math.round(cost),
        });
      }
    },
  };
}

/** The cost of the operation `op` names (0 when none matches: execution reports that). */
export function operationCost(schema: GraphQLSchema, op: OperationInfo): number {
  const operation = getOperationAST(op.document, op.operationName ?? undefined);
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of op.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const vars = op.variables ?? {};
  // A fragment costs the same wherever it is spread: computed once (nested spreads stay linear).
  const memo = new Map<string, number>();

  const selectionCost = (parent: GraphQLNamedType | undefined, set: SelectionSetNode): number => {
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) total += fieldCost(parent, s);
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        const t = s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent;
        total += selectionCost(t ?? undefined, s.selectionSet);
      } else {
        const name = s.name.value;
        let c = memo.get(name);
        if (c === undefined) {
          const f = fragments.get(name);
          memo.set(name, 0); // a cycle (refused by validation) cannot recurse forever
          c = f ? selectionCost(schema.getType(f.typeCondition.name.value) ?? undefined, f.selectionSet) : 0;
          memo.set(name, c);
        }
        total += c;
      }
    }
    return total;
  };

  const fieldCost = (parent: GraphQLNamedType | undefined, node: FieldNode): number => {
    const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
    if (!def || !node.selectionSet) return 1;
    const child = selectionCost(getNamedType(def.type), node.selectionSet);
    const times = isListType(getNullableType(def.type)) ? listSize(def, node, vars) : 1;
    return 1 + times * child;
  };

  return selectionCost(root, operation.selectionSet);
}

/** True when an operation of the document declares variables (its cost may then differ per request). */
function hasVariables(document: DocumentNode): boolean {
  return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && !!d.variableDefinitions?.length);
}

/** How many items a list field may return, from its `limit`/`first` argument; 1 when it has none. */
function listSize(def: GraphQLField<unknown, unknown>, node: FieldNode, vars: Readonly<Record<string, unknown>>): number {
  for (const argName of LIST_ARGS) {
    const arg = def.args.find((a) => a.name === argName);
    if (!arg) continue;
    const given = node.arguments?.find((a) => a.name.value === argName);
    const value = given ? literal(given.value, vars) : undefined;
    const n = Number(value ?? arg.defaultValue ?? 1);
    return Number.isFinite(n) ? Math.max(1, n) : 1;
  }
  return 1;
}

function literal(v: ValueNode, vars: Readonly<Record<string, unknown>>): unknown {
  if (v.kind === Kind.VARIABLE) return vars[v.name.value];
  if (v.kind === Kind.INT || v.kind === Kind.FLOAT) return Number(v.value);
  return undefined;
}
